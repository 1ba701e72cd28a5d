import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { eventually, newDiagram, openEditor } from './browser'
import { sessionForFile } from './session'

// Issue 10's item 3: Insert Formula landed on top of existing blocks, and on an empty diagram partly off
// screen without fitting the view; placing the same palette block twice stacked both at one spot. What is
// added goes to free space near the pointer or the view's centre, and the view shows it.

const session = sessionForFile()

type Rect = { id: string; x: number; y: number; width: number; height: number }

/** Every node's box on the screen. */
const nodeRects = (page: Page): Promise<Rect[]> =>
  page.locator('[data-testid=node]').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect()
      return { id: e.getAttribute('data-node')!, x: r.x, y: r.y, width: r.width, height: r.height }
    }),
  )
const overlap = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

async function insertFormula(page: Page, text: string): Promise<void> {
  await page.keyboard.press('Control+I')
  await page.getByTestId('formula-input').fill(text)
  await page.keyboard.press('Enter')
}

describe('placing what is added', () => {
  it('Insert Formula with the pointer on a block puts the formula beside the blocks, not on them', async () => {
    const { page, errors } = await openEditor(session)
    const before = await nodeRects(page)
    const mul = before.find((r) => r.id === 'b1')!
    await page.mouse.move(mul.x + mul.width / 2, mul.y + mul.height / 2)
    await insertFormula(page, 'g = sin(u)*cos(v) + exp(u)')
    await eventually(async () => expect((await nodeRects(page)).length).toBeGreaterThan(before.length))
    await page.waitForTimeout(300)
    const after = await nodeRects(page)
    const old = new Set(before.map((r) => r.id))
    const added = after.filter((r) => !old.has(r.id))
    expect(added.length).toBeGreaterThan(3)
    for (const a of added) for (const b of after.filter((r) => old.has(r.id))) expect(overlap(a, b), `${a.id} on ${b.id}`).toBe(false)
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('Insert Formula on an empty diagram shows all of what it added', async () => {
    const { page } = await openEditor(session)
    await newDiagram(page)
    const canvas = (await page.getByTestId('canvas').boundingBox())!
    // The pointer near the canvas's lower right corner: the formula would run off the screen from there.
    await page.mouse.move(canvas.x + canvas.width - 30, canvas.y + canvas.height - 30)
    await insertFormula(page, 'f = sqrt(a^2 + b^2 + c^2) * exp(-d) / (1 + e^2)')
    await eventually(async () => expect(await page.locator('[data-testid=node]').count()).toBeGreaterThan(8))
    await eventually(async () => {
      for (const r of await nodeRects(page)) {
        expect(r.x, r.id).toBeGreaterThanOrEqual(canvas.x)
        expect(r.y, r.id).toBeGreaterThanOrEqual(canvas.y)
        expect(r.x + r.width, r.id).toBeLessThanOrEqual(canvas.x + canvas.width)
        expect(r.y + r.height, r.id).toBeLessThanOrEqual(canvas.y + canvas.height)
      }
    })
    await page.context().close()
  })

  it('clicking the same palette block twice places two blocks side by side, not one on the other', async () => {
    const { page } = await openEditor(session)
    const before = new Set((await nodeRects(page)).map((r) => r.id))
    await page.getByTestId('palette-sin').click()
    await page.getByTestId('palette-sin').click()
    await eventually(async () => expect((await nodeRects(page)).length).toBe(before.size + 2))
    const all = await nodeRects(page)
    const added = all.filter((r) => !before.has(r.id))
    expect(overlap(added[0], added[1])).toBe(false)
    for (const a of added) for (const b of all.filter((r) => before.has(r.id))) expect(overlap(a, b), `${a.id} on ${b.id}`).toBe(false)
    await page.context().close()
  })

  it('pasting twice puts each copy in free space', async () => {
    const { page } = await openEditor(session)
    await page.locator('[data-node="b2"]').click()
    await page.keyboard.press('Control+C')
    await page.keyboard.press('Control+V')
    await page.keyboard.press('Control+V')
    await eventually(async () => expect((await nodeRects(page)).length).toBe(9))
    const all = await nodeRects(page)
    for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) expect(overlap(all[i], all[j]), `${all[i].id} on ${all[j].id}`).toBe(false)
    await page.context().close()
  })
})
