import { describe, expect, it } from 'vitest'
import type { MenuCommand } from '../../electron/bridge'
import { closeChoice, closeQuestion, type CloseChoice, createCloseGuard } from '../../electron/closeGuard'

/** A window whose close can be stopped, and a user who answers the question with `answers`, in turn. */
function setUp(dirty: boolean, answers: CloseChoice[], page: { alive?: boolean; keptSaves?: boolean } = {}) {
  const state = { dirty, asked: 0, closed: 0, sent: [] as MenuCommand[], prevented: 0, alive: page.alive ?? true, keptSaves: 0, discarded: 0 }
  const guard = createCloseGuard({
    isDirty: () => state.dirty,
    pageAlive: () => state.alive,
    saveKept: async () => (state.keptSaves++, page.keptSaves ?? true),
    discard: () => void state.discarded++,
    ask: async () => {
      state.asked++
      const answer = answers.shift()
      if (answer === undefined) throw new Error('asked more often than expected')
      return answer
    },
    send: (command) => void state.sent.push(command),
    close: () => {
      state.closed++
      guard.onClose(closeEvent()) // BrowserWindow.close() emits 'close' again
    },
  })
  const closeEvent = () => ({ preventDefault: () => void state.prevented++ })
  const flush = () => new Promise((r) => setTimeout(r, 0))
  return { state, guard, closeEvent, flush }
}

describe('close guard', () => {
  it('lets a clean window close without asking', async () => {
    const { state, guard, closeEvent, flush } = setUp(false, [])
    guard.onClose(closeEvent())
    await flush()
    expect(state).toMatchObject({ asked: 0, prevented: 0, sent: [] })
  })

  it("dirty, Don't Save: stops the close, asks once, then closes without saving", async () => {
    const { state, guard, closeEvent, flush } = setUp(true, ['discard'])
    guard.onClose(closeEvent())
    expect(state.prevented).toBe(1)
    await flush()
    expect(state).toMatchObject({ asked: 1, closed: 1, sent: [], discarded: 1 })
    expect(state.prevented).toBe(1) // the second close went through
  })

  it('dirty, Save, with the page dead: main saves what the page last sent, then closes', async () => {
    const { state, guard, closeEvent, flush } = setUp(true, ['save'], { alive: false })
    guard.onClose(closeEvent())
    await flush()
    await flush()
    expect(state).toMatchObject({ sent: [], keptSaves: 1, closed: 1, discarded: 0 })
  })

  it('…and when that save fails or is cancelled, the window stays open and the next close asks again', async () => {
    const { state, guard, closeEvent, flush } = setUp(true, ['save', 'discard'], { alive: false, keptSaves: false })
    guard.onClose(closeEvent())
    await flush()
    await flush()
    expect(state).toMatchObject({ keptSaves: 1, closed: 0 })
    guard.onClose(closeEvent())
    await flush()
    expect(state).toMatchObject({ asked: 2, closed: 1, discarded: 1 })
  })

  it('a page that dies while main waits for its save never hangs the close', async () => {
    const { state, guard, closeEvent, flush } = setUp(true, ['save'])
    guard.onClose(closeEvent())
    await flush()
    expect(state.sent).toEqual(['save-then-close'])
    state.alive = false
    guard.onPageLost()
    await flush()
    await flush()
    expect(state).toMatchObject({ keptSaves: 1, closed: 1 })
    guard.onSaveResult(true) // a late answer changes nothing
    expect(state.closed).toBe(1)
  })

  it('a page lost when no save was asked for changes nothing', async () => {
    const { state, guard, flush } = setUp(true, [])
    guard.onPageLost()
    await flush()
    expect(state).toMatchObject({ keptSaves: 0, closed: 0 })
  })

  it('dirty, Cancel: the window stays open and nothing is sent', async () => {
    const { state, guard, closeEvent, flush } = setUp(true, ['cancel'])
    guard.onClose(closeEvent())
    await flush()
    expect(state).toMatchObject({ asked: 1, closed: 0, prevented: 1, sent: [] })
  })

  it("dirty, Save: asks the renderer to save, and closes when it reports success", async () => {
    const { state, guard, closeEvent, flush } = setUp(true, ['save'])
    guard.onClose(closeEvent())
    await flush()
    expect(state.sent).toEqual(['save-then-close'])
    expect(state.closed).toBe(0)
    guard.onSaveResult(true)
    expect(state.closed).toBe(1)
  })

  it('dirty, Save, then the save dialog is cancelled: the window stays open and asks again next time', async () => {
    const { state, guard, closeEvent, flush } = setUp(true, ['save', 'discard'])
    guard.onClose(closeEvent())
    await flush()
    guard.onSaveResult(false)
    expect(state.closed).toBe(0)
    guard.onClose(closeEvent())
    await flush()
    expect(state).toMatchObject({ asked: 2, closed: 1 })
  })

  it('ignores closeAfterSave(true) that main did not ask for', () => {
    const { state, guard } = setUp(true, [])
    guard.onSaveResult(true)
    expect(state.closed).toBe(0)
  })

  it('asks one question however often the close button is clicked', async () => {
    const { state, guard, closeEvent, flush } = setUp(true, ['cancel'])
    guard.onClose(closeEvent())
    guard.onClose(closeEvent())
    guard.onClose(closeEvent())
    await flush()
    expect(state).toMatchObject({ asked: 1, prevented: 3, closed: 0 })
  })

  it('treats a dialog that fails to show as Cancel', async () => {
    const { state, guard, closeEvent, flush } = setUp(true, []) // ask() throws
    guard.onClose(closeEvent())
    await flush()
    expect(state).toMatchObject({ closed: 0, sent: [] })
  })

  it('a document saved meanwhile closes without a question', async () => {
    const { state, guard, closeEvent, flush } = setUp(true, [])
    state.dirty = false
    guard.onClose(closeEvent())
    await flush()
    expect(state).toMatchObject({ asked: 0, prevented: 0 })
  })
})

describe('the question', () => {
  it("offers Save, Don't Save and Cancel, with Save the default and Escape meaning Cancel", () => {
    const q = closeQuestion('Seed example')
    expect(q.buttons).toEqual(['Save', "Don't Save", 'Cancel'])
    expect(q.buttons[q.defaultId]).toBe('Save')
    expect(q.buttons[q.cancelId]).toBe('Cancel')
    expect(q.message).toContain('Seed example')
    expect([0, 1, 2, 3].map(closeChoice)).toEqual(['save', 'discard', 'cancel', 'cancel'])
  })
})
