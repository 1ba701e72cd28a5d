import { readFile } from 'node:fs/promises'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { rosenbrockClosedForm } from '../support/array-diagrams'
import { drawWire, eventually, newDiagram, nodes, openEditor, portCentre } from './browser'
import { sessionForFile } from './session'

// Array wires in Chromium, driven as a user drives them: Rosenbrock built from the palette on a 5-element
// array control scaled by a slider, its gradient read element by element in the inspector and checked
// against the closed form; the array control's fields; a length mismatch named on its block.

const session = sessionForFile(30_000)


const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b))

describe('array wires in the editor', () => {
  it('builds Rosenbrock of an array from the palette, reads its gradient in the inspector, and the sparkline follows a slider', { timeout: 120_000 }, async () => {
    const { page, errors } = await openEditor(session, '?files=download', { width: 2000, height: 1100 })
    await newDiagram(page)
    const canvas = page.getByTestId('canvas')
    const drop = (testid: string, x: number, y: number) => page.getByTestId(testid).dragTo(canvas, { targetPosition: { x, y } })
    // Left to right: x and s, y = s·x, its tail and head, then 100(tail − head²)² + (1 − head)², summed.
    // The canvas is about 1,450 × 800 pixels in a 2,000 × 1,100 window; every drop stays well inside it, so
    // that no drop makes the view move to reveal it.
    await drop('palette-input', 100, 150)
    await drop('palette-input', 100, 360)
    await drop('palette-mul', 250, 250)
    await drop('palette-subset', 380, 150)
    await drop('palette-subset', 380, 390)
    await drop('palette-square', 510, 280)
    await drop('palette-sub', 640, 150)
    await drop('palette-square', 760, 150)
    await drop('palette-constant', 760, 70)
    await drop('palette-mul', 890, 130)
    await drop('palette-constant', 510, 500)
    await drop('palette-sub', 640, 470)
    await drop('palette-square', 760, 470)
    await drop('palette-add', 990, 300)
    await drop('palette-sum', 1110, 300)
    await drop('palette-output', 1230, 300)

    const all = await nodes(page)
    const id = (kind: string, n = 0) => all.filter((x) => x[1] === kind)[n][0]
    const [x, s] = [id('input', 0), id('input', 1)]
    const [scale, times100] = [id('mul', 0), id('mul', 1)]
    const [tail, head] = [id('subset', 0), id('subset', 1)]
    const [headSq, gapSq, oneSq] = [id('square', 0), id('square', 1), id('square', 2)]
    const [gap, oneMinus] = [id('sub', 0), id('sub', 1)]
    const [hundred, one] = [id('constant', 0), id('constant', 1)]
    const wire = async (from: string, to: string, port: string, fromPort?: string) =>
      drawWire(page, await portCentre(page, from, 'output', fromPort), await portCentre(page, to, 'input', port))
    await wire(s, scale, 'x')
    await wire(x, scale, 'y')
    await wire(scale, tail, 'x')
    await wire(scale, head, 'x')
    await wire(head, headSq, 'x')
    await wire(tail, gap, 'x')
    await wire(headSq, gap, 'y')
    await wire(gap, gapSq, 'x')
    await wire(hundred, times100, 'x')
    await wire(gapSq, times100, 'y')
    await wire(one, oneMinus, 'x')
    await wire(head, oneMinus, 'y')
    await wire(oneMinus, oneSq, 'x')
    await wire(times100, id('add'), 'x')
    await wire(oneSq, id('add'), 'y')
    await wire(id('add'), id('sum'), 'x')
    await wire(id('sum'), id('output'), 'value')

    // The constant 100, typed on its block.
    await page.locator(`[data-node="${hundred}"] [data-testid=constant-value]`).dblclick()
    await page.getByTestId('value-edit').fill('100')
    await page.getByTestId('value-edit').press('Enter')
    // Array Subset's parameters, in the inspector: the tail from offset 1, the head all but the last.
    const param = async (block: string, name: string, value: string) => {
      await page.locator(`[data-node="${block}"]`).click()
      await page.getByTestId(`param-${name}`).fill(value)
      await page.getByTestId(`param-${name}`).press('Enter')
    }
    await param(tail, 'offset', '1')
    await param(head, 'length', '-1')
    // A 5-element array control, typed as a list, and s = 1.
    await page.getByTestId('input-x1').fill('[0.5, 1, 1.5, 2, 2.5]')
    await page.getByTestId('input-x1').press('Enter')
    await page.getByTestId('input-x2').fill('1')
    await page.getByTestId('input-x2').press('Enter')
    await eventually(async () => expect(await page.getByTestId('status').textContent()).toBe('runs'), 5000)

    // The value, in full, against the closed form.
    const x0 = [0.5, 1, 1.5, 2, 2.5]
    const want = rosenbrockClosedForm(x0)
    await eventually(async () => expect(Number(await page.getByTestId('indicator-f').getByTestId('panel-value').textContent())).toBe(want.f))

    // The gradient, element by element: the wire from x into y = s·x carries ∂f/∂x as its adjoint.
    const wires = await page.locator('[data-testid=connection]').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: Record<string, string> }).dataset.wire))
    let gradientWire = ''
    for (const w of wires) {
      await page.locator(`[data-testid=connection][data-wire="${w}"] path.hit`).dispatchEvent('pointerdown')
      const name = await page.getByTestId('inspector-name').textContent()
      if (name?.startsWith('x1 →')) {
        gradientWire = w
        break
      }
    }
    expect(gradientWire).not.toBe('')
    const table = page.getByTestId('inspector-table')
    await eventually(async () => expect(await table.locator('[role=row][data-index]').count()).toBe(5))
    const cells = await table.locator('[role=row][data-index]').evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('[role=cell]'), (c) => c.textContent ?? '')))
    const header = await table.locator('.head [role=columnheader]').allTextContents()
    const adjoint = header.indexOf('adjoint')
    expect(adjoint).toBeGreaterThan(0)
    cells.forEach((row, i) => {
      expect(Number(row[0])).toBe(i)
      const g = Number(row[adjoint].replace('−', '-'))
      expect(close(g, want.g[i]), `∂f/∂x[${i}] = ${g}, closed form ${want.g[i]}`).toBe(true)
    })
    // The finite-difference check of the element picked.
    await table.locator('[role=row][data-index="3"]').click()
    await eventually(async () => expect(await page.getByTestId('inspector-fd').first().textContent()).toContain('✓'))
    expect(await page.getByTestId('inspector').textContent()).toContain('finite difference of element 3')

    // The sparklines follow the slider of s: that of tail − head² = s·x[1:] − s²·x[:-1]² changes its shape
    // (a sparkline spans its array's range, so those of s·x and 1 − s·x[:-1] keep theirs).
    const sparks = () => page.locator('[data-testid=sparkline]').evaluateAll((els) => els.map((e) => e.getAttribute('points')).sort())
    const before = await sparks()
    expect(before.length).toBeGreaterThan(8)
    const labelBefore = await page.getByTestId('indicator-f').getByTestId('panel-value').textContent()
    await page.getByTestId('slider-x2').fill('1.5')
    await eventually(async () => expect(await page.getByTestId('indicator-f').getByTestId('panel-value').textContent()).not.toBe(labelBefore))
    expect(Number(await page.getByTestId('indicator-f').getByTestId('panel-value').textContent())).toBe(rosenbrockClosedForm(x0.map((v) => 1.5 * v)).f)
    await eventually(async () => expect(await sparks()).not.toEqual(before))
    const after = await sparks()
    expect(after.filter((p) => !before.includes(p)).length).toBeGreaterThan(0)
    // The thicker line of an array wire.
    const widths = await page.locator('[data-testid=connection].array:not(.selected) path.line').evaluateAll((els) => els.map((e) => getComputedStyle(e).strokeWidth))
    expect(widths.length).toBeGreaterThan(5)
    expect(new Set(widths)).toEqual(new Set(['5px']))
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('an Array Constant from the palette: typed as a list, summed; one number typed makes it a Numeric Constant; each one undo step', { timeout: 60_000 }, async () => {
    const { page, errors } = await openEditor(session)
    await newDiagram(page)
    const canvas = page.getByTestId('canvas')
    await page.getByTestId('palette-arrayconst').dragTo(canvas, { targetPosition: { x: 150, y: 200 } })
    await page.getByTestId('palette-sum').dragTo(canvas, { targetPosition: { x: 350, y: 200 } })
    await page.getByTestId('palette-output').dragTo(canvas, { targetPosition: { x: 550, y: 200 } })
    const all = await nodes(page)
    const id = (kind: string) => all.find((x) => x[1] === kind)![0]
    await drawWire(page, await portCentre(page, id('arrayconst'), 'output'), await portCentre(page, id('sum'), 'input', 'x'))
    await drawWire(page, await portCentre(page, id('sum'), 'output'), await portCentre(page, id('output'), 'input', 'value'))
    const value = page.locator(`[data-node="${id('arrayconst')}"] [data-testid=constant-value]`)
    const indicator = page.locator(`[data-node="${id('output')}"] [data-testid=indicator-value]`)
    // A new Array Constant holds three zeros.
    await eventually(async () => expect(await indicator.textContent()).toBe('0'))
    await value.dblclick()
    await page.getByTestId('value-edit').fill('1, 2, 3.5')
    await page.getByTestId('value-edit').press('Enter')
    await eventually(async () => expect(await indicator.textContent()).toBe('6.5'))
    expect(await value.textContent()).toContain('[3]')
    // One number typed: a Numeric Constant, which Add Array Elements cannot take; the block says so.
    await value.dblclick()
    await page.getByTestId('value-edit').fill('4')
    await page.getByTestId('value-edit').press('Enter')
    await eventually(async () => expect(await page.getByTestId('error-list').textContent()).toContain("input 'x' of Add Array Elements"))
    await eventually(async () => expect(await page.locator(`[data-node="${id('arrayconst')}"]`).getAttribute('data-primitive')).toBe('constant'))
    await page.getByTestId('menu-Edit').click()
    await page.getByTestId('command-undo').click()
    await eventually(async () => expect(await indicator.textContent()).toBe('6.5'))
    expect(await page.locator(`[data-node="${id('arrayconst')}"]`).getAttribute('data-primitive')).toBe('arrayconst')
    // Selected, it is edited in the inspector as a control is on the front panel: five elements, a ramp
    // from 1 to 5 (Σ = 15), then one element typed (Σ = 15 − 3 + 0.5).
    await page.locator(`[data-node="${id('arrayconst')}"]`).click()
    const editor = page.getByTestId(`array-control-Array Constant ${id('arrayconst')}`)
    await editor.getByTestId(`length-Array Constant ${id('arrayconst')}`).fill('5')
    await editor.getByTestId(`length-Array Constant ${id('arrayconst')}`).press('Enter')
    await editor.getByLabel(`ramp start for Array Constant ${id('arrayconst')}`).fill('1')
    await editor.getByLabel(`ramp end for Array Constant ${id('arrayconst')}`).fill('5')
    await editor.getByTestId(`ramp-Array Constant ${id('arrayconst')}`).click()
    await eventually(async () => expect(await indicator.textContent()).toBe('15'))
    await editor.getByTestId('element-2').fill('0.5')
    await editor.getByTestId('element-2').press('Enter')
    await eventually(async () => expect(await indicator.textContent()).toBe('12.5'))
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('the array control: a ramp fill, a pasted column, an element typed, each one undo step', { timeout: 60_000 }, async () => {
    const { page, errors } = await openEditor(session)
    await page.getByTestId('menu-File').click()
    await page.getByTestId('example-least-squares').click()
    const control = page.getByTestId('array-control-xs')
    await control.waitFor()
    /** The whole array, from the field that shows it in full. */
    const xs = async (): Promise<number[]> => JSON.parse((await page.getByTestId('input-xs').inputValue()).replace(/−/g, '-'))
    // Ramp 0 … 2 over the 50 elements.
    await control.getByLabel('ramp start for xs').fill('0')
    await control.getByLabel('ramp end for xs').fill('2')
    await page.getByTestId('ramp-xs').click()
    await eventually(async () => expect((await xs())[49]).toBe(2))
    expect((await xs())[1]).toBe(2 * (1 / 49))
    expect(await control.getByTestId('element-1').inputValue()).toBe(String(2 * (1 / 49)))
    // A column pasted into the field: three lines make three elements (the field keeps the spaces).
    await page.getByTestId('input-xs').fill('1\n2\n3')
    await page.getByTestId('input-xs').press('Enter')
    await eventually(async () => expect(await page.getByTestId('length-xs').inputValue()).toBe('3'))
    // xs (3) and ys (50) now differ: the block that meets them says so, with both lengths.
    await eventually(async () => expect(await page.getByTestId('error-list').textContent()).toMatch(/has 3 elements and '\w+' has 50|has 50 elements and '\w+' has 3/))
    // Undo (Edit › Undo: Ctrl+Z in a text field is the field's own) brings back the ramp; again, the points.
    const undo = async () => {
      await page.getByTestId('menu-Edit').click()
      await page.getByTestId('command-undo').click()
    }
    await undo()
    await eventually(async () => expect(await page.getByTestId('length-xs').inputValue()).toBe('50'))
    expect((await xs())[49]).toBe(2)
    await undo()
    await eventually(async () => expect((await xs())[49]).toBe(1))
    // One element typed.
    await control.getByTestId('element-0').fill('0.25')
    await control.getByTestId('element-0').press('Enter')
    await eventually(async () => expect((await xs())[0]).toBe(0.25))
    expect((await xs()).length).toBe(50)
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('exports the least-squares example as TypeScript whose gradient is the normal equations’', async () => {
    const { page, errors } = await openEditor(session)
    await page.getByTestId('menu-File').click()
    await page.getByTestId('example-least-squares').click()
    await page.getByTestId('array-control-xs').waitFor()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()])
    const text = await readFile((await download.path())!, 'utf8')
    expect(text).toContain('for (')
    const js = ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText
    type Point = { a: number; b: number; xs: number[]; ys: number[] }
    const mod = (await import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`)) as {
      defaultInputs: Point
      gradient: (p: Point) => { value: number; gradient: { a: number; b: number } }
    }
    const p = mod.defaultInputs
    expect(p.xs.length).toBe(50)
    // E = mean((a·x + b − y)²): ∂E/∂a = (2/n) Σ r·x, ∂E/∂b = (2/n) Σ r.
    const r = Array.from(p.xs, (x, i) => p.a * x + p.b - p.ys[i])
    const dA = (2 / 50) * r.reduce((s, ri, i) => s + ri * p.xs[i], 0)
    const dB = (2 / 50) * r.reduce((s, ri) => s + ri, 0)
    const g = mod.gradient(p)
    expect(Math.abs(g.gradient.a - dA)).toBeLessThanOrEqual(1e-13 * Math.abs(dA))
    expect(Math.abs(g.gradient.b - dB)).toBeLessThanOrEqual(1e-13 * Math.abs(dB))
    // The module and the front panel agree to the last digit.
    expect(await page.getByTestId('indicator-E').textContent()).toContain(String(g.gradient.a).replace('-', '−'))
    expect(errors).toEqual([])
    await page.context().close()
  })
})
