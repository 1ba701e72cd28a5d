import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { eventually, labelOf, openEditor, portCentre } from './browser'
import { sessionForFile } from './session'

// LabVIEW's right-click menus on the seed example, f = x1·x2 + ln(x1²) at x1 = 1.5, x2 = 0.5: each item is
// one edit, and the diagram it makes computes what its name says (checked against the closed form).

const session = sessionForFile()

const short = (v: number) => String(Number(v.toPrecision(5))).replace('-', '−')
const [x1, x2] = [1.5, 0.5]

/** The middle of a wire's drawn path, on the screen. */
const wireMiddle = (page: Page, id: string) =>
  page.locator(`[data-wire="${id}"] path.line`).evaluate((path: SVGPathElement) => {
    const p = path.getPointAtLength(path.getTotalLength() / 2).matrixTransform(path.getScreenCTM()!)
    return { x: p.x, y: p.y }
  })

async function choose(page: Page, ...testids: string[]): Promise<void> {
  for (const id of testids) await page.getByTestId(`context-${id}`).click()
}

describe('right-click menus', () => {
  it('on an input port, Create › Constant wires a constant (0) into it, in one undo step', async () => {
    const { page, errors } = await openEditor(session)
    const f = await labelOf(page, 'f')
    const at = await portCentre(page, 'b1', 'input', 'x')
    await page.mouse.click(at.x, at.y, { button: 'right' })
    await choose(page, 'create', 'create-constant')
    // f = 0·x2 + ln(x1²)
    await eventually(async () => expect(await labelOf(page, 'f')).toContain(`f = ${short(Math.log(x1 * x1))}`))
    expect(await page.getByTestId('constant-value').textContent()).toBe('0')
    await page.keyboard.press('Control+Z')
    await eventually(async () => expect(await labelOf(page, 'f')).toBe(f))
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('on an output port, Create › Indicator adds an output terminal showing that value', async () => {
    const { page } = await openEditor(session)
    const at = await portCentre(page, 'b1', 'output')
    await page.mouse.click(at.x, at.y, { button: 'right' })
    await choose(page, 'create', 'create-indicator')
    await eventually(async () => expect(await page.locator('[data-testid=indicator-value]').allTextContents()).toContain(short(x1 * x2)))
    await page.context().close()
  })

  it('on a wire, Insert › Sine splices sin into it, Probe shows its value, Delete Wire Branch removes it', async () => {
    const { page } = await openEditor(session)
    let m = await wireMiddle(page, 'w5') // Multiply → Add
    await page.mouse.click(m.x, m.y, { button: 'right' })
    await choose(page, 'probe')
    await eventually(async () => expect(await page.getByTestId('probe').textContent()).toContain(`⊙ ${short(x1 * x2)}`))
    m = await wireMiddle(page, 'w5')
    await page.mouse.click(m.x, m.y, { button: 'right' })
    await choose(page, 'insert', 'category-trigonometric', 'insert-sin')
    await eventually(async () => expect(await labelOf(page, 'f')).toContain(`f = ${short(Math.sin(x1 * x2) + Math.log(x1 * x1))}`))
    m = await wireMiddle(page, 'w6') // ln → Add
    await page.mouse.click(m.x, m.y, { button: 'right' })
    await choose(page, 'delete-wire')
    await eventually(async () => expect(await page.locator('[data-wire="w6"]').count()).toBe(0))
    await page.context().close()
  })

  it('on a block, Replace › Subtract keeps its wires: f = x1·x2 − ln(x1²)', async () => {
    const { page } = await openEditor(session)
    await page.locator('[data-node="b4"]').click({ button: 'right' })
    await choose(page, 'replace', 'replace-sub')
    await eventually(async () => expect(await labelOf(page, 'f')).toContain(`f = ${short(x1 * x2 - Math.log(x1 * x1))}`))
    await page.locator('[data-node="b3"]').click({ button: 'right' })
    await choose(page, 'delete')
    await eventually(async () => expect(await page.locator('[data-node="b3"]').count()).toBe(0))
    await page.context().close()
  })

  it('on the canvas, the palette places a block at the pointer; the keyboard works the menu and Esc closes it', async () => {
    const { page } = await openEditor(session)
    const canvas = (await page.getByTestId('canvas').boundingBox())!
    const nodes = await page.locator('[data-testid=node]').count()
    await page.mouse.click(canvas.x + canvas.width - 120, canvas.y + canvas.height - 80, { button: 'right' })
    await page.keyboard.press('Escape')
    await eventually(async () => expect(await page.getByTestId('context-menu').count()).toBe(0))
    await page.mouse.click(canvas.x + canvas.width - 120, canvas.y + canvas.height - 80, { button: 'right' })
    await choose(page, 'category-trigonometric', 'place-cos')
    await eventually(async () => expect(await page.locator('[data-testid=node]').count()).toBe(nodes + 1))
    expect(await page.locator('[data-primitive=cos]').count()).toBe(1)
    // By keyboard: the first item (Comment) has the focus; Down and Enter place a control.
    await page.mouse.click(canvas.x + 60, canvas.y + canvas.height - 60, { button: 'right' })
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await eventually(async () => expect(await page.locator('[data-testid=node]').count()).toBe(nodes + 2))
    await page.context().close()
  })
})

/** Makes a comment from the canvas menu and types its text; gives the canvas's box. */
async function addComment(page: Page, text: string): Promise<{ x: number; y: number; width: number; height: number }> {
  const canvas = (await page.getByTestId('canvas').boundingBox())!
  await page.mouse.click(canvas.x + 120, canvas.y + canvas.height - 120, { button: 'right' })
  await choose(page, 'place-comment')
  await eventually(async () => expect(await page.getByTestId('comment').count() + (await page.getByTestId('comment-edit').count())).toBe(1))
  if ((await page.getByTestId('comment-edit').count()) === 0) await page.getByTestId('comment').dblclick()
  await page.getByTestId('comment-edit').fill(text)
  await page.getByTestId('comment-edit').press('Control+Enter')
  await eventually(async () => expect(await page.getByTestId('comment').textContent()).toBe(text))
  return canvas
}

describe('comments', () => {
  it('a comment made from the canvas menu takes typed text, survives Save and Open, and an emptied one goes', { timeout: 60_000 }, async () => {
    const { page, errors } = await openEditor(session)
    await addComment(page, 'x1 is the mass\nx2 the speed')
    // Saved: the file's layout holds it, and it opens again with it.
    const download = page.waitForEvent('download')
    await page.keyboard.press('Control+S')
    const text = await (await (await download).createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'))
    expect(text).toContain('"text": "x1 is the mass\\nx2 the speed"')
    const chooser = page.waitForEvent('filechooser')
    await page.keyboard.press('Control+N')
    await eventually(async () => expect(await page.getByTestId('comment').count()).toBe(0))
    await page.keyboard.press('Control+O')
    await (await chooser).setFiles({ name: 'noted.dwire.json', mimeType: 'application/json', buffer: Buffer.from(text) })
    await eventually(async () => expect(await page.getByTestId('comment').textContent()).toBe('x1 is the mass\nx2 the speed'))
    // Emptied, it is deleted.
    await page.getByTestId('comment').dblclick()
    await page.getByTestId('comment-edit').fill('')
    await page.getByTestId('comment-edit').press('Control+Enter')
    await eventually(async () => expect(await page.getByTestId('comment').count()).toBe(0))
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('Select All takes comments too: Copy and Paste copy them with the blocks, and one Undo takes the paste back', { timeout: 60_000 }, async () => {
    const { page, errors } = await openEditor(session)
    const canvas = await addComment(page, 'the seed example')
    const nodes = await page.locator('.dw-node').count()
    await page.mouse.click(canvas.x + canvas.width - 30, canvas.y + 30)
    await page.keyboard.press('Control+A')
    await page.keyboard.press('Control+C')
    await page.keyboard.press('Control+V')
    await eventually(async () => expect(await page.getByTestId('comment').allTextContents()).toEqual(['the seed example', 'the seed example']))
    await eventually(async () => expect(await page.locator('.dw-node').count()).toBe(2 * nodes))
    await page.keyboard.press('Control+Z')
    await eventually(async () => expect(await page.getByTestId('comment').count()).toBe(1))
    await eventually(async () => expect(await page.locator('.dw-node').count()).toBe(nodes))
    // Pasted twice, each copy keeps the comment where it was beside its ln block.
    await page.keyboard.press('Control+V')
    await eventually(async () => expect(await page.getByTestId('comment').count()).toBe(2))
    await page.keyboard.press('Control+V')
    await eventually(async () => expect(await page.getByTestId('comment').count()).toBe(3))
    const download = page.waitForEvent('download')
    await page.keyboard.press('Control+S')
    const saved = JSON.parse(await (await (await download).createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8')))
    const logs: string[] = saved.blocks.filter((b: { primitive: string }) => b.primitive === 'log').map((b: { id: string }) => b.id)
    const comments = Object.values(saved.layout.comments) as { at: [number, number] }[]
    expect(logs).toHaveLength(3)
    const beside = comments.map((c, k) => [c.at[0] - saved.layout.positions[logs[k]][0], c.at[1] - saved.layout.positions[logs[k]][1]])
    // (The comment sits at the clicked point, not on the grid: sums of its coordinates round differently.)
    for (const k of [1, 2]) for (const xy of [0, 1]) expect(beside[k][xy]).toBeCloseTo(beside[0][xy], 6)
    expect(errors).toEqual([])
    await page.context().close()
  })
})
