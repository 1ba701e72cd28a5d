import { describe, expect, it } from 'vitest'
import { drawWire, eventually, labelOf, labels, openEditor, portCentre } from './browser'
import { sessionForFile } from './session'

// Every user action is one undo step or none, and a refused action changes nothing: the reproductions of
// issue 10's item 1 (a refused wire deleted the wire already in that input) and item 4 (undo steps that
// were two, or empty), on the seed example: f = x1·x2 + ln(x1²) at x1 = 1.5, x2 = 0.5.

const session = sessionForFile()

const short = (v: number) => String(Number(v.toPrecision(5))).replace('-', '−')
const wireIds = (page: import('playwright-core').Page) => page.locator('[data-testid=connection][data-wire]').evaluateAll((els) => els.map((e) => e.getAttribute('data-wire')).sort())
const dirtyTitle = async (page: import('playwright-core').Page) => /^•/.test(await page.title())

describe('edits are transactions', () => {
  it('a wire refused because it would make a loop takes no wire away, adds no undo step and leaves the document clean', async () => {
    const { page, errors } = await openEditor(session)
    const before = { wires: await wireIds(page), labels: (await labels(page)).sort() }
    expect(before.wires).toContain('w1')
    // Add's output onto Multiply's x, which x1 already feeds: Add depends on Multiply.
    await drawWire(page, await portCentre(page, 'b4', 'output'), await portCentre(page, 'b1', 'input', 'x'))
    await eventually(async () => expect(await page.getByTestId('message').first().textContent()).toContain('loop'))
    await page.waitForTimeout(100)
    expect(await wireIds(page)).toEqual(before.wires)
    expect((await labels(page)).sort()).toEqual(before.labels)
    expect(await page.getByTestId('status').textContent()).toBe('runs')
    expect(await dirtyTitle(page)).toBe(false)
    // Nothing to undo: Ctrl+Z leaves the diagram as it is.
    await page.keyboard.press('Control+Z')
    await page.waitForTimeout(100)
    expect(await wireIds(page)).toEqual(before.wires)
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('a wire refused because its types differ takes no wire away', async () => {
    const { page } = await openEditor(session)
    // A Greater? block has a Boolean output; x1 → Multiply.x is a number input that already has a wire.
    const canvas = page.getByTestId('canvas')
    await page.getByTestId('palette-gt').dragTo(canvas, { targetPosition: { x: 420, y: 480 } })
    await eventually(async () => expect(await page.locator('[data-testid=node]').count()).toBe(8))
    const greater = await page.locator('[data-testid=node]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node')).find((id) => !['i1', 'i2', 'o1', 'b1', 'b2', 'b3', 'b4'].includes(id!)))
    const wires = await wireIds(page)
    await drawWire(page, await portCentre(page, greater!, 'output'), await portCentre(page, 'b1', 'input', 'x'))
    await eventually(async () => expect(await page.getByTestId('message').first().textContent()).toMatch(/takes a number|carries/))
    await page.waitForTimeout(100)
    expect(await wireIds(page)).toEqual(wires)
    await page.context().close()
  })

  it('replacing the wire in an input is one undo step, and the step undone to is the diagram before', async () => {
    const { page } = await openEditor(session)
    const f = await labelOf(page, 'f')
    const wires = await wireIds(page)
    // x2 onto Square's x, which x1 feeds: f = x1·x2 + ln(x2²).
    await drawWire(page, await portCentre(page, 'i2', 'output'), await portCentre(page, 'b2', 'input', 'x'))
    await eventually(async () => expect(await labelOf(page, 'f')).toContain(`f = ${short(1.5 * 0.5 + Math.log(0.25))}`))
    await page.keyboard.press('Control+Z')
    await eventually(async () => expect(await labelOf(page, 'f')).toBe(f))
    expect(await wireIds(page)).toEqual(wires)
    expect(await dirtyTitle(page)).toBe(false)
    await page.keyboard.press('Control+Shift+Z')
    await eventually(async () => expect(await labelOf(page, 'f')).toContain(`f = ${short(1.5 * 0.5 + Math.log(0.25))}`))
    await page.context().close()
  })

  for (const where of ['front panel', 'block'] as const) {
    it(`a value typed on the ${where} and committed by Enter (the field's blur commits too) is one undo step`, async () => {
      const { page } = await openEditor(session)
      const f = await labelOf(page, 'f')
      if (where === 'block') {
        await page.locator('[data-node="i1"] [data-testid=terminal-value]').dispatchEvent('pointerdown')
        await page.getByTestId('value-edit').fill('2')
        await page.getByTestId('value-edit').press('Enter')
      } else {
        await page.getByTestId('input-x1').fill('2')
        await page.getByTestId('input-x1').press('Enter')
        await page.locator('body').click({ position: { x: 700, y: 600 } })
      }
      await eventually(async () => expect(await labelOf(page, 'f')).toContain(`f = ${short(2 * 0.5 + Math.log(4))}`))
      await page.keyboard.press('Control+Z')
      await eventually(async () => expect(await labelOf(page, 'f')).toBe(f))
      expect(await dirtyTitle(page)).toBe(false)
      await page.context().close()
    })
  }

  it('clicking a block without moving it adds no undo step and leaves the document clean', async () => {
    const { page } = await openEditor(session)
    const f = await labelOf(page, 'f')
    await page.getByTestId('input-x1').fill('2')
    await page.getByTestId('input-x1').press('Enter')
    await page.locator('body').click({ position: { x: 700, y: 600 } })
    await eventually(async () => expect(await labelOf(page, 'f')).toContain(`f = ${short(2 * 0.5 + Math.log(4))}`))
    for (const id of ['b3', 'b3', 'b1']) await page.locator(`[data-node="${id}"]`).click()
    await page.waitForTimeout(100)
    // One undo takes back the value, not the click.
    await page.keyboard.press('Control+Z')
    await eventually(async () => expect(await labelOf(page, 'f')).toBe(f))
    expect(await dirtyTitle(page)).toBe(false)
    // On a clean document a click leaves it clean.
    await page.locator('[data-node="b2"]').click()
    await page.waitForTimeout(100)
    expect(await dirtyTitle(page)).toBe(false)
    await page.context().close()
  })
})
