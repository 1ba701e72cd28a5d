import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { formulaToDiagram, saveDiagram } from '../../core'
import { eventually, openEditor } from './browser'
import { sessionForFile } from './session'

// Never lose work, in the browser: each tab keeps its document in localStorage shortly after every change
// and at once when the page hides, a tab with unsaved changes asks before it closes, a restored document
// opens under its name and unsaved, and text that could not be opened is kept apart for the user.

const F = (x1: number, x2: number) => x1 * x2 + Math.log(x1 * x1)

const session = sessionForFile(30_000)

const panelValue = async (page: Page) => page.getByTestId('indicator-f').getByTestId('panel-value').textContent()

async function setX1(page: Page, value: string): Promise<void> {
  await page.getByTestId('input-x1').fill(value)
  await page.getByTestId('input-x1').press('Enter')
}

/** Waits for the editor after a reload or in a new tab. */
async function ready(page: Page): Promise<void> {
  await page.getByTestId('status').waitFor()
  await page.locator('[data-testid=node]').first().waitFor()
}

/** The localStorage keys of one prefix, with their values. */
async function stored(page: Page, prefix: string): Promise<Record<string, string>> {
  return page.evaluate((p) => Object.fromEntries(Object.entries({ ...localStorage }).filter(([k]) => k.startsWith(p))), prefix)
}

describe('recovery in the browser', () => {
  it('an edit followed at once by a reload survives it, and the document opens unsaved', async () => {
    const { page, errors } = await openEditor(session)
    expect(await page.title()).toBe('Seed example: f(x1, x2) = x1·x2 + log(x1²) — DualWire')
    await setX1(page, '2')
    await eventually(async () => expect(await panelValue(page)).toBe(String(F(2, 0.5))))
    await page.reload() // well within the 300 ms before the change would be kept on its own
    await ready(page)
    await eventually(async () => expect(await panelValue(page)).toBe(String(F(2, 0.5))))
    expect(await page.title()).toBe('• Seed example: f(x1, x2) = x1·x2 + log(x1²) — DualWire')
    expect(await page.getByTestId('input-x1').inputValue()).toBe('2')
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('a restored file keeps its name, and a clean one stays clean', async () => {
    const { page } = await openEditor(session)
    const text = saveDiagram(formulaToDiagram('f = x1*x2 + log(x1^2)', { title: 'Projectile', values: { x1: 1.5, x2: 0.5 } }))
    const chooser = page.waitForEvent('filechooser')
    await page.keyboard.press('Control+O')
    await (await chooser).setFiles({ name: 'proj.dwire.json', mimeType: 'application/json', buffer: Buffer.from(text) })
    await eventually(async () => expect(await page.title()).toBe('proj.dwire.json — DualWire'))
    await page.waitForTimeout(400)
    await page.reload()
    await ready(page)
    expect(await page.title()).toBe('proj.dwire.json — DualWire')
    await setX1(page, '3')
    await page.reload()
    await ready(page)
    await eventually(async () => expect(await page.title()).toBe('• proj.dwire.json — DualWire'))
    expect(await page.getByTestId('input-x1').inputValue()).toBe('3')
    await page.context().close()
  })

  it('closing a tab with unsaved changes asks first; a clean tab closes without asking', async () => {
    const { page } = await openEditor(session)
    const asked: string[] = []
    page.on('dialog', (d) => void (asked.push(d.type()), d.dismiss()))
    await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } }) // a user gesture, which Chromium wants first
    await page.close({ runBeforeUnload: true })
    await new Promise((r) => setTimeout(r, 200))
    expect(asked).toEqual([])
    expect(page.isClosed()).toBe(true)

    const second = (await openEditor(session)).page
    second.on('dialog', (d) => void (asked.push(d.type()), d.dismiss()))
    await setX1(second, '2')
    await second.close({ runBeforeUnload: true })
    await eventually(() => expect(asked).toEqual(['beforeunload']))
    expect(second.isClosed()).toBe(false) // dismissed: the tab stays, with its work
    expect(await second.getByTestId('input-x1').inputValue()).toBe('2')
    await second.context().close()
  })

  it('a tab that died with unsaved work is adopted by the next tab; a live tab’s work is never touched', async () => {
    const { page: a } = await openEditor(session)
    await setX1(a, '2')
    await a.waitForTimeout(400)
    // A second tab while the first lives: it must not take the first tab's document.
    const b = await a.context().newPage()
    await b.goto(a.url())
    await ready(b)
    expect(await b.getByTestId('input-x1').inputValue()).toBe('1.5')
    await setX1(b, '3')
    await b.waitForTimeout(400)
    await a.reload()
    await ready(a)
    expect(await a.getByTestId('input-x1').inputValue()).toBe('2')
    // The first tab dies without a word (no beforeunload): a new tab opens its work, unsaved.
    await a.close({ runBeforeUnload: false })
    const c = await b.context().newPage()
    await c.goto(b.url())
    await ready(c)
    expect(await c.getByTestId('input-x1').inputValue()).toBe('2')
    expect(await c.title()).toMatch(/^• /)
    expect(await b.getByTestId('input-x1').inputValue()).toBe('3')
    await b.context().close()
  })

  it('a last session that does not open is kept apart, offered for download with the loader’s message, and never written over', async () => {
    const { page } = await openEditor(session)
    const tooNew = saveDiagram(formulaToDiagram('f = a + 1', { title: 'From the future' })).replace('"version": 1', '"version": 99')
    // What a crashed tab left: a slot no live tab holds.
    await page.evaluate((text) => {
      localStorage.clear()
      localStorage.setItem('dualwire.session.crashed', `dualwire-slot 1\n${JSON.stringify({ name: 'future.dwire.json', dirty: true, at: Date.now() })}\n${text}`)
    }, tooNew)
    const next = await page.context().newPage()
    await page.close()
    await next.goto(`${session.server.url}?files=download`)
    await ready(next)
    const kept = next.getByTestId('kept-text')
    await expect.poll(() => kept.count()).toBe(1)
    expect(await kept.getByTestId('kept-message').textContent()).toContain('version 99 is newer than this DualWire reads (2)')
    expect(await kept.textContent()).toContain('future.dwire.json')
    // The seed example opened instead, and the editor goes on keeping its own document…
    expect(await next.getByTestId('input-x1').inputValue()).toBe('1.5')
    await setX1(next, '2')
    await next.waitForTimeout(500)
    // …without touching the text it could not open.
    const unopened = Object.values(await stored(next, 'dualwire.unopened.')).map((v) => JSON.parse(v) as { text: string })
    expect(unopened.map((u) => u.text)).toEqual([tooNew])
    const download = next.waitForEvent('download')
    await kept.getByTestId('kept-download').click()
    const file = await download
    expect(file.suggestedFilename()).toBe('future.dwire.json')
    expect(await readFile((await file.path())!, 'utf8')).toBe(tooNew)
    // It stays until the user deletes it, across reloads.
    await next.reload()
    await ready(next)
    await expect.poll(() => next.getByTestId('kept-text').count()).toBe(1)
    await next.getByTestId('kept-delete').click()
    await expect.poll(() => next.getByTestId('kept-text').count()).toBe(0)
    expect(await stored(next, 'dualwire.unopened.')).toEqual({})
    await next.context().close()
  })

  it('a damaged copy of the last session (not even its wrapper reads) is kept too', async () => {
    const { page } = await openEditor(session)
    await page.evaluate(() => {
      localStorage.clear()
      localStorage.setItem('dualwire.session.crashed', 'dualwire-slot 1\n{"name": "x", "dirt')
    })
    const next = await page.context().newPage()
    await page.close()
    await next.goto(`${session.server.url}?files=download`)
    await ready(next)
    await expect.poll(() => next.getByTestId('kept-text').count()).toBe(1)
    const unopened = Object.values(await stored(next, 'dualwire.unopened.')).map((v) => JSON.parse(v) as { text: string })
    expect(unopened.map((u) => u.text)).toEqual(['dualwire-slot 1\n{"name": "x", "dirt'])
    await next.context().close()
  })

  it('the autosave of earlier versions is read once, as the last session', async () => {
    const { page } = await openEditor(session)
    const text = saveDiagram(formulaToDiagram('f = x1*x2 + log(x1^2)', { title: 'Old autosave', values: { x1: 4, x2: 0.5 } }))
    await page.evaluate((t) => {
      localStorage.clear()
      localStorage.setItem('dualwire.autosave', JSON.stringify({ name: 'autosave', text: t }))
    }, text)
    const next = await page.context().newPage()
    await page.close()
    await next.goto(`${session.server.url}?files=download`)
    await ready(next)
    expect(await next.getByTestId('input-x1').inputValue()).toBe('4')
    await next.waitForTimeout(500)
    expect(await stored(next, 'dualwire.autosave')).toEqual({})
    expect(Object.keys(await stored(next, 'dualwire.session.'))).toHaveLength(1)
    await next.context().close()
  })

  it('saving over a file another program changed since it was opened asks first; Cancel leaves both as they were', async () => {
    const { page } = await openEditor(session)
    const context = page.context()
    const text = saveDiagram(formulaToDiagram('f = x1*x2 + log(x1^2)', { title: 'On disk', values: { x1: 1.5, x2: 0.5 } }))
    // A File System Access handle over a file the test can change behind the editor's back.
    await context.addInitScript((initial) => {
      const disk = { text: initial, lastModified: 1 }
      const handle = {
        name: 'disk.dwire.json',
        getFile: async () => new File([disk.text], 'disk.dwire.json', { lastModified: disk.lastModified }),
        createWritable: async () => {
          let written = ''
          return { write: async (t: string) => void (written += t), close: async () => void Object.assign(disk, { text: written, lastModified: disk.lastModified + 1 }) }
        },
      }
      Object.assign(window, { showOpenFilePicker: async () => [handle], testDisk: disk })
    }, text)
    const next = await context.newPage()
    await page.close()
    await next.goto(session.server.url)
    await ready(next)
    await next.keyboard.press('Control+O')
    await eventually(async () => expect(await next.title()).toBe('disk.dwire.json — DualWire'))
    await setX1(next, '2')
    await next.evaluate(() => Object.assign((window as unknown as { testDisk: object }).testDisk, { text: 'THEIRS', lastModified: 50 }))
    await next.keyboard.press('Control+S')
    const question = next.getByTestId('question')
    await question.waitFor()
    expect(await question.textContent()).toContain('disk.dwire.json has changed on disk since you opened or last saved it.')
    await next.getByTestId('answer-Cancel').click()
    expect(await next.evaluate(() => (window as unknown as { testDisk: { text: string } }).testDisk.text)).toBe('THEIRS')
    expect(await next.title()).toBe('• disk.dwire.json — DualWire')
    await next.keyboard.press('Control+S')
    await next.getByTestId('answer-Overwrite').click()
    await eventually(async () => expect(await next.title()).toBe('disk.dwire.json — DualWire'))
    const written = await next.evaluate(() => (window as unknown as { testDisk: { text: string } }).testDisk.text)
    expect(written).toContain('"value": 2 }')
    await context.close()
  })

  it('Insert Formula refuses names a file may not hold, so the work still saves and reopens', async () => {
    const { page, errors } = await openEditor(session)
    await setX1(page, '2')
    const before = await page.locator('[data-testid=node]').count()
    await page.keyboard.press('Control+I')
    await page.getByTestId('formula-input').fill('`speed ` = 3*`mass `')
    await page.getByTestId('formula-insert').click()
    expect(await page.getByTestId('formula-error').textContent()).toBe('the name `speed ` must not start or end with a space at column 1')
    await page.keyboard.press('Escape')
    expect(await page.locator('[data-testid=node]').count()).toBe(before)
    await page.reload()
    await ready(page)
    expect(await page.getByTestId('kept-text').count()).toBe(0)
    expect(await page.getByTestId('input-x1').inputValue()).toBe('2')
    expect(errors).toEqual([])
    await page.context().close()
  })
})
