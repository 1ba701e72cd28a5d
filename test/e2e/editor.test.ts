import { readFile } from 'node:fs/promises'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { compile, evaluate, formulaToDiagram, gradient, loadDiagram, saveDiagram } from '../../core'
import { rosenbrock } from '../bench/workloads'
import { drawWire, eventually, labelOf, labels, newDiagram, nodes, type OpenedPage, openEditor, portCentre, spaceDrag } from './browser'
import { sessionForFile } from './session'

// The editor in headless Chromium, driven as a user drives it. The expected numbers are the seed example's
// closed forms: f = x1·x2 + 2 ln x1, ∂f/∂x1 = x2 + 2/x1, ∂f/∂x2 = x1.

const F = (x1: number, x2: number) => x1 * x2 + Math.log(x1 * x1)
const short = (v: number) => String(Number(v.toPrecision(5)))

const session = sessionForFile(30_000)

/** Builds the seed example on an empty diagram: palette drags, Quick Drop, mouse wiring, typed values. */
async function buildSeedExample({ page }: OpenedPage): Promise<void> {
  await newDiagram(page)
  const canvas = page.getByTestId('canvas')
  const drop = (testid: string, x: number, y: number) => page.getByTestId(testid).dragTo(canvas, { targetPosition: { x, y } })
  // The canvas is about 850 × 560 pixels in a 1,400 × 860 window.
  await drop('palette-input', 100, 110)
  await drop('palette-input', 100, 330)
  await drop('palette-mul', 320, 310)
  await drop('palette-square', 320, 110)
  const box = (await canvas.boundingBox())!
  await page.mouse.move(box.x + 480, box.y + 110)
  await page.keyboard.press('Control+Space')
  await page.getByTestId('quick-drop-input').fill('natural log')
  await page.keyboard.press('Enter')
  await drop('palette-add', 620, 230)
  await drop('palette-output', 760, 230)

  const all = await nodes(page)
  const id = (kind: string, n = 0) => all.filter((x) => x[1] === kind)[n][0]
  const [x1, x2] = [id('input', 0), id('input', 1)]
  await drawWire(page, await portCentre(page, x1, 'output'), await portCentre(page, id('mul'), 'input', 'x'))
  await drawWire(page, await portCentre(page, x2, 'output'), await portCentre(page, id('mul'), 'input', 'y'))
  await drawWire(page, await portCentre(page, x1, 'output'), await portCentre(page, id('square'), 'input', 'x'))
  await drawWire(page, await portCentre(page, id('square'), 'output'), await portCentre(page, id('log'), 'input', 'x'))
  await drawWire(page, await portCentre(page, id('mul'), 'output'), await portCentre(page, id('add'), 'input', 'x'))
  await drawWire(page, await portCentre(page, id('log'), 'output'), await portCentre(page, id('add'), 'input', 'y'))
  await drawWire(page, await portCentre(page, id('add'), 'output'), await portCentre(page, id('output'), 'input'))
  await page.getByTestId('input-x1').fill('1.5')
  await page.getByTestId('input-x1').press('Enter')
  await page.getByTestId('input-x2').fill('0.5')
  await page.getByTestId('input-x2').press('Enter')
  await eventually(async () => expect(await page.getByTestId('status').textContent()).toBe('runs'))
}

async function fileText(download: Promise<import('playwright-core').Download>): Promise<{ name: string; text: string }> {
  const d = await download
  return { name: d.suggestedFilename(), text: await readFile((await d.path())!, 'utf8') }
}

describe('the editor in Chromium', () => {
  it('opens on the seed example and shows f = 1.5609…, ∂f/∂x1 = 1.8333… and ∂f/∂x2 = 1.5 as text, with no console errors', async () => {
    const { page, errors } = await openEditor(session)
    const f = await labelOf(page, 'f')
    expect(f).toContain(`f = ${short(F(1.5, 0.5))}`)
    expect(f).toContain(`● ${short(0.5 + 2 / 1.5)}`)
    expect(f).toContain('● 1.5')
    // Full precision in the front panel.
    await eventually(async () => expect(await page.getByTestId('indicator-f').getByTestId('panel-value').textContent()).toBe('1.5609302162163288'))
    await eventually(async () => expect(await page.getByTestId('indicator-f').textContent()).toContain('1.8333333333333333'))
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('builds the seed example from an empty diagram and reads the three numbers off the wire labels', { timeout: 60_000 }, async () => {
    const opened = await openEditor(session)
    await buildSeedExample(opened)
    const { page, errors } = opened
    const f = await labelOf(page, 'f')
    expect(f).toMatch(/^f = 1\.5609● 1\.8333● 1\.5◂ 1$/)
    expect(await labelOf(page, 'x1')).toBe('x1 = 1.5● 1● 0◂ 1.8333')
    expect(await labelOf(page, 'x2')).toBe('x2 = 0.5● 0● 1◂ 1.5')
    expect(await labels(page)).toContain('2.25● 3● 0◂ 0.44444')
    expect(errors).toEqual([])
    await page.context().close()
  })

  // A port's target is made when the pointer comes near it, and x2's port already has a wire whose stroke
  // lies under the press: the press must still start a new wire, not select the old one.
  it('draws a wire from a port that already has one onto an input that has one, which it replaces', async () => {
    const { page, errors } = await openEditor(session)
    const square = (await nodes(page)).find(([, kind]) => kind === 'square')![0]
    const wires = await page.locator('[data-testid=connection]').count()
    await drawWire(page, await portCentre(page, 'i2', 'output'), await portCentre(page, square, 'input'))
    // f = x1·x2 + ln(x2²) now: ∂f/∂x1 = x2, ∂f/∂x2 = x1 + 2/x2.
    const f = 1.5 * 0.5 + Math.log(0.25)
    await eventually(async () => expect(await labelOf(page, 'f')).toBe(`f = ${short(f).replace('-', '−')}● 0.5● ${short(1.5 + 2 / 0.5)}◂ 1`))
    expect(await labels(page)).toContain('0.25● 0● 1◂ 4')
    expect(await page.locator('[data-testid=connection]').count()).toBe(wires) // x1 → x² is gone
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('pans with Space and a drag that starts on a block, without moving the block in the diagram', async () => {
    const { page, errors } = await openEditor(session)
    const block = page.locator('[data-node="b1"]')
    const before = (await block.boundingBox())!
    const start = { x: before.x + before.width / 2, y: before.y + before.height / 2 }
    await spaceDrag(page, start, { x: start.x + 100, y: start.y + 60 }, 5)
    const after = (await block.boundingBox())!
    // The whole view moved with the pointer…
    expect(after.x - before.x).toBeCloseTo(100, 0)
    expect(after.y - before.y).toBeCloseTo(60, 0)
    // …and the document did not change: the title has no unsaved-changes marker.
    expect(await page.title()).not.toMatch(/^•/)
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('selects a wire by clicking it and shows its numbers at full precision in the inspector', async () => {
    const { page, errors } = await openEditor(session)
    // The middle of the wire that carries x1's label (x1 → Multiply or x1 → Square), on the screen.
    // (Labels are drawn over all the wires, apart from their wire's group, which they name.)
    const wireId = await page.locator('[data-testid=wire-label][data-label="x1"]').getAttribute('data-wire')
    const wire = page.locator(`[data-testid=connection][data-wire="${wireId}"]`)
    const mid = await wire.locator('path.line').evaluate((path: SVGPathElement) => {
      const p = path.getPointAtLength(path.getTotalLength() / 2).matrixTransform(path.getScreenCTM()!)
      return { x: p.x, y: p.y }
    })
    await page.mouse.click(mid.x, mid.y)
    await eventually(async () => expect(await wire.getAttribute('class')).toContain('selected'))
    expect(await page.getByTestId('inspector-value').first().textContent()).toBe('1.5')
    expect(await page.getByTestId('inspector-tangent-0').textContent()).toBe('1')
    // The wire's own adjoint: ∂f/∂(x1 into Multiply) = x2 = 0.5, or ∂f/∂(x1 into Square) = 2/x1.
    expect(['0.5', String(2 / 1.5)]).toContain(await page.getByTestId('inspector-adjoint').textContent())
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('switches to reverse mode: labels show the adjoints ∂f/∂(wire) and no tangents', async () => {
    const { page } = await openEditor(session)
    await page.getByTestId('mode-reverse').click()
    expect(await labelOf(page, 'x1')).toBe(`x1 = 1.5◂ ${short(0.5 + 2 / 1.5)}`)
    expect(await labelOf(page, 'x2')).toBe('x2 = 0.5◂ 1.5')
    expect(await labelOf(page, 'f')).toBe(`f = ${short(F(1.5, 0.5))}◂ 1`)
    await page.getByTestId('mode-forward').click()
    expect(await labelOf(page, 'x1')).toBe('x1 = 1.5● 1● 0')
    await page.context().close()
  })

  it('undoes and redoes a deletion, restoring the wires and the values', async () => {
    const { page } = await openEditor(session)
    const before = await labels(page)
    await page.locator('[data-primitive=square]').click()
    await page.keyboard.press('Delete')
    await eventually(async () => expect(await page.locator('[data-primitive=square]').count()).toBe(0))
    await eventually(async () => expect(await page.getByTestId('status').textContent()).toContain('broken'))
    await page.keyboard.press('Control+Z')
    await eventually(async () => expect(await page.locator('[data-primitive=square]').count()).toBe(1))
    await eventually(async () => expect(await page.getByTestId('status').textContent()).toBe('runs'))
    expect((await labels(page)).sort()).toEqual([...before].sort())
    await page.keyboard.press('Control+Shift+Z')
    await eventually(async () => expect(await page.locator('[data-primitive=square]').count()).toBe(0))
    await page.keyboard.press('Control+Z')
    // A value typed is one undo step too.
    await page.getByTestId('input-x1').fill('2')
    await page.getByTestId('input-x1').press('Enter')
    expect(await labelOf(page, 'f')).toContain(`f = ${short(F(2, 0.5))}`)
    await page.locator('body').click({ position: { x: 700, y: 600 } })
    await page.keyboard.press('Control+Z')
    expect(await labelOf(page, 'f')).toContain(`f = ${short(F(1.5, 0.5))}`)
    await page.context().close()
  })

  it('copies and pastes blocks with the wire between them, and Duplicate does the same', async () => {
    const { page } = await openEditor(session)
    const wires = () => page.locator('[data-testid=connection][data-wire]').count()
    const wiresBefore = await wires()
    await page.locator('[data-primitive=square]').click()
    await page.locator('[data-primitive=log]').click({ modifiers: ['Control'] })
    await page.keyboard.press('Control+C')
    await page.keyboard.press('Control+V')
    await eventually(async () => expect(await page.locator('[data-primitive=square]').count()).toBe(2))
    await eventually(async () => expect(await page.locator('[data-primitive=log]').count()).toBe(2))
    // The square → ln wire came along; the wires leaving the selection did not.
    await eventually(async () => expect(await wires()).toBe(wiresBefore + 1))
    await page.keyboard.press('Control+D')
    await eventually(async () => expect(await page.locator('[data-primitive=square]').count()).toBe(3))
    await page.context().close()
  })

  it('saves, reopens the file and shows the same diagram', { timeout: 60_000 }, async () => {
    const { page } = await openEditor(session)
    await page.getByTestId('input-x2').fill('0.75')
    await page.getByTestId('input-x2').press('Enter')
    const saved = await fileText(Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+S')]).then(([d]) => d))
    expect(saved.name).toMatch(/\.dwire\.json$/)
    const loaded = loadDiagram(saved.text)
    expect(loaded.ok).toBe(true)
    if (!loaded.ok) return
    expect(loaded.diagram.inputs.map((t) => [t.name, t.value])).toEqual([['x1', 1.5], ['x2', 0.75]])
    expect(evaluate(compile(loaded.diagram), [1.5, 0.75])).toEqual([F(1.5, 0.75)])
    const shown = await labels(page)

    const second = await openEditor(session)
    const chooser = second.page.waitForEvent('filechooser')
    await second.page.keyboard.press('Control+O')
    await (await chooser).setFiles({ name: saved.name, mimeType: 'application/json', buffer: Buffer.from(saved.text) })
    await eventually(async () => expect(await second.page.getByTestId('input-x2').inputValue()).toBe('0.75'))
    expect(await labels(second.page)).toEqual(shown)
    await page.context().close()
    await second.page.context().close()
  })

  it('refuses a bad file with its problem and place, and keeps the diagram unchanged', async () => {
    const { page } = await openEditor(session)
    const before = await labels(page)
    const chooser = page.waitForEvent('filechooser')
    await page.keyboard.press('Control+O')
    const bad = '{\n  "format": "dualwire-diagram",\n  "version": 1,\n  "blocks": [ { "id": "b1", "primitive": "sine" } ]\n}\n'
    await (await chooser).setFiles({ name: 'bad.dwire.json', mimeType: 'application/json', buffer: Buffer.from(bad) })
    const message = page.getByTestId('message')
    await eventually(async () => expect(await message.textContent()).toContain('bad.dwire.json was not opened'))
    const column = bad.split('\n')[3].indexOf('"primitive"') + 1
    await eventually(async () => expect(await message.textContent()).toContain(`line 4, column ${column}`))
    await eventually(async () => expect(await message.textContent()).toContain('unknown primitive "sine"; did you mean "sin"?'))
    expect(await labels(page)).toEqual(before)
    await eventually(async () => expect(await page.locator('[data-testid=node]').count()).toBe(7))
    await page.context().close()
  })

  it('moves a slider and every label follows', async () => {
    const { page } = await openEditor(session)
    const slider = (await page.getByTestId('slider-x1').boundingBox())!
    // x1 = 1.5 on a 0.1 … 4 slider: drag the thumb from there to the right in steps, as a hand would.
    const from = slider.x + (slider.width * (1.5 - 0.1)) / 3.9
    await page.mouse.move(from, slider.y + slider.height / 2)
    await page.mouse.down()
    await page.mouse.move(from + 60, slider.y + slider.height / 2, { steps: 12 })
    await page.mouse.up()
    const x1 = Number(await page.getByTestId('input-x1').inputValue())
    expect(x1).toBeGreaterThan(1.5)
    expect(await labelOf(page, 'x1')).toContain(`x1 = ${short(x1)}`)
    expect(await labelOf(page, 'f')).toContain(`f = ${short(F(x1, 0.5))}`)
    expect(await labelOf(page, 'f')).toContain(`● ${short(0.5 + 2 / x1)}`)
    // The whole movement is one undo step.
    await page.locator('body').click({ position: { x: 700, y: 600 } })
    await page.keyboard.press('Control+Z')
    await eventually(async () => expect(await page.getByTestId('input-x1').inputValue()).toBe('1.5'))
    await page.context().close()
  })

  it('opens a large diagram drawing only what is near the view; a pan draws more, and far out the wires are one overview', { timeout: 60_000 }, async () => {
    const { page, errors } = await openEditor(session)
    // Extended Rosenbrock over 40 inputs: 39 terms, some 400 nodes laid out on the formula grid.
    const { diagram, x, primal } = rosenbrock(40)
    diagram.inputs.forEach((t, i) => (t.value = x[i]))
    const total = diagram.inputs.length + diagram.blocks.length + diagram.outputs.length
    const chooser = page.waitForEvent('filechooser')
    await page.keyboard.press('Control+O')
    await (await chooser).setFiles({ name: 'rosenbrock.dwire.json', mimeType: 'application/json', buffer: Buffer.from(saveDiagram(diagram)) })
    const f = primal(Float64Array.from(x))
    await eventually(async () => expect(Math.abs(Number(await page.getByTestId('panel-value').first().textContent()) - f)).toBeLessThan(1e-12 * f))
    const drawn = async () => new Set(await page.locator('[data-testid=node]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node'))))
    // Drawn once the view settles (culling draws in the frame after the diagram goes in).
    await eventually(async () => expect((await drawn()).size).toBeGreaterThan(5))
    const first = await drawn()
    expect(first.size).toBeLessThan(total / 2)

    // Dragging the view to the left by two widths of the canvas brings new blocks in, and they are drawn.
    const canvas = (await page.getByTestId('canvas').boundingBox())!
    const middle = canvas.y + canvas.height / 2
    for (let i = 0; i < 2; i++) await spaceDrag(page, { x: canvas.x + canvas.width - 20, y: middle }, { x: canvas.x + 20, y: middle }, 8)
    await eventually(async () => expect([...(await drawn())].filter((id) => !first.has(id)).length).toBeGreaterThan(5))

    // Zoomed out past 30 %, no wire element is displayed; the overview draws every wire, each as one subpath.
    for (let i = 0; i < 8; i++) await page.keyboard.press('Control+-')
    const shownWires = () => page.locator('[data-testid=connection]').evaluateAll((els) => els.filter((e) => e.getClientRects().length > 0).length)
    await eventually(async () => expect(await page.getByTestId('wire-overview').isVisible()).toBe(true))
    expect(await shownWires()).toBe(0)
    const subpaths = await page.locator('[data-testid=wire-overview] path').evaluateAll((ps) => ps.reduce((n, p) => n + (p.getAttribute('d')?.match(/M/g)?.length ?? 0), 0))
    expect(subpaths).toBe(diagram.wires.length)
    // Back at actual size the overview is gone and the wires near the view are elements again.
    await page.keyboard.press('Control+1')
    await eventually(async () => expect(await page.getByTestId('wire-overview').isVisible()).toBe(false))
    await eventually(async () => expect(await shownWires()).toBeGreaterThan(0))
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('clicking a problem in the error list selects its block, far off screen, and centres the view on it', async () => {
    const { page, errors } = await openEditor(session)
    const diagram = formulaToDiagram('log(x - 5)')
    const log = diagram.blocks.find((b) => b.primitive === 'log')!
    diagram.layout.positions[log.id] = { x: 6000, y: 4000 }
    const chooser = page.waitForEvent('filechooser')
    await page.keyboard.press('Control+O')
    await (await chooser).setFiles({ name: 'far.dwire.json', mimeType: 'application/json', buffer: Buffer.from(saveDiagram(diagram)) })
    const problem = page.locator('[data-testid=error-list] li')
    await eventually(async () => expect(await problem.textContent()).toContain(`Natural Logarithm ${log.id}:`))
    const canvas = (await page.getByTestId('canvas').boundingBox())!
    // Far from the opening view: not drawn, or drawn outside the canvas.
    const drawnAt = await page.locator(`[data-node="${log.id}"]`).evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0).map((r) => ({ x: r.x, y: r.y })))
    expect(drawnAt.every((r) => r.x > canvas.x + canvas.width || r.y > canvas.y + canvas.height)).toBe(true)
    await problem.click()
    const block = page.locator(`[data-node="${log.id}"]`)
    await eventually(async () => expect(await block.getAttribute('class')).toContain('selected'))
    expect(await block.getAttribute('class')).toContain('failing')
    const [b, c] = [(await block.boundingBox())!, canvas]
    expect(Math.abs(b.x + b.width / 2 - (c.x + c.width / 2))).toBeLessThan(2)
    expect(Math.abs(b.y + b.height / 2 - (c.y + c.height / 2))).toBeLessThan(2)
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('Ctrl+M shows the minimap at once, with a box for each of the 7 nodes', async () => {
    const { page, errors } = await openEditor(session)
    await page.keyboard.press('Control+M')
    const sizes = () => page.locator('[data-testid=minimap-node]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width))
    await eventually(async () => expect((await sizes()).filter((w) => w > 1)).toHaveLength(7))
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('exports TypeScript whose gradient is the engine’s', async () => {
    const { page } = await openEditor(session)
    const exported = await fileText(Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]).then(([d]) => d))
    expect(exported.name).toMatch(/\.ts$/)
    const js = ts.transpileModule(exported.text, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText
    const mod = await import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`)
    const g = mod.gradient({ x1: 1.5, x2: 0.5 })
    expect(g.value).toBe(1.5609302162163288)
    expect(g.gradient).toEqual({ x1: 1.8333333333333333, x2: 1.5 })
    const engine = gradient(compile(formulaToDiagram('x1*x2 + log(x1^2)')), [1.5, 0.5])
    expect([g.gradient.x1, g.gradient.x2]).toEqual(engine.gradient)
    await page.context().close()
  })
})
