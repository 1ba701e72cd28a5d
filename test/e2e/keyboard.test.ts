import { describe, expect, it } from 'vitest'
import { eventually, labelOf, openEditor } from './browser'
import { sessionForFile } from './session'

// The diagram by keyboard, on the seed example (f = x1·x2 + ln(x1²) at x1 = 1.5, x2 = 0.5): Tab walks the
// nodes in schedule order, arrows move the one in focus (one undo step per press-and-release), Enter edits;
// the diagram and the front panel come before the palette's 90 buttons in the tab order.

const session = sessionForFile()

const short = (v: number) => String(Number(v.toPrecision(5))).replace('-', '−')

describe('the diagram by keyboard', () => {
  it('Tab walks inputs, blocks in schedule order, then outputs, and then leaves the diagram', async () => {
    const { page } = await openEditor(session)
    await page.getByTestId('canvas').focus()
    const seen: string[] = []
    for (let i = 0; i < 7; i++) {
      await page.keyboard.press('Tab')
      seen.push((await page.getByTestId('keyboard-focus').textContent()) ?? '')
    }
    expect(seen).toEqual(['control x1', 'control x2', 'Multiply b1', 'Square b2', 'Natural Logarithm b3', 'Add b4', 'indicator f'])
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).not.toBe('canvas')
    await page.context().close()
  })

  it('arrows move the block in focus, one undo step for a press, and Enter edits a control', async () => {
    const { page } = await openEditor(session)
    await page.getByTestId('canvas').focus()
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab') // Multiply b1
    const before = (await page.locator('[data-node="b1"]').boundingBox())!
    await page.keyboard.press('Shift+ArrowRight')
    await page.keyboard.press('Shift+ArrowRight')
    await page.keyboard.press('ArrowDown')
    const k = await page.evaluate(() => {
      const m = getComputedStyle(document.querySelector('[data-testid=canvas] > div')!).transform.match(/matrix\(([^,]+)/)
      return m ? Number(m[1]) : 1
    })
    await eventually(async () => {
      const after = (await page.locator('[data-node="b1"]').boundingBox())!
      expect(after.x - before.x).toBeCloseTo(20 * k, 0)
      expect(after.y - before.y).toBeCloseTo(1 * k, 0)
    })
    await page.keyboard.press('Control+Z')
    // The last press (down 1) is undone; the two to the right stay.
    await eventually(async () => {
      const after = (await page.locator('[data-node="b1"]').boundingBox())!
      expect(after.x - before.x).toBeCloseTo(20 * k, 0)
      expect(after.y - before.y).toBeCloseTo(0, 0)
    })
    // Esc lets go of the block; Tab starts again at x1, and Enter opens its value.
    await page.keyboard.press('Escape')
    await page.keyboard.press('Tab')
    expect(await page.getByTestId('keyboard-focus').textContent()).toBe('control x1')
    await page.keyboard.press('Enter')
    await page.getByTestId('value-edit').fill('2')
    await page.getByTestId('value-edit').press('Enter')
    await eventually(async () => expect(await labelOf(page, 'f')).toContain(`f = ${short(2 * 0.5 + Math.log(4))}`))
    await page.context().close()
  })

  it('from the top of the page, Tab reaches the diagram and the front panel before any palette button', async () => {
    const { page } = await openEditor(session)
    await page.locator('body').focus()
    const order: string[] = []
    for (let i = 0; i < 60 && order.length < 200; i++) {
      await page.keyboard.press('Tab')
      const where = await page.evaluate(() => {
        const a = document.activeElement
        return a?.closest('[data-testid=palette]') ? 'palette' : a?.closest('[data-testid=front-panel]') ? 'front-panel' : a?.getAttribute('data-testid') === 'canvas' ? 'canvas' : 'other'
      })
      order.push(where)
      if (where === 'palette') break
    }
    const first = (what: string) => order.indexOf(what)
    expect(first('canvas')).toBeGreaterThanOrEqual(0)
    expect(first('front-panel')).toBeGreaterThan(first('canvas'))
    expect(first('palette')).toBeGreaterThan(first('front-panel'))
    await page.context().close()
  })
})
