import { describe, expect, it } from 'vitest'
import {
  compile, diagramToFormula, edits, EditError, evaluate, exportModule, formulaToDiagram, gradient, loadDiagram, saveDiagram, wireResult, Evaluator,
} from '../../core'
import { DiagramBuilder } from '../support/array-diagrams'
import { importNative, moduleFolder } from '../support/modules'

// LabVIEW's Array Constant: a block that holds its elements, as an input terminal holds its value. Checked
// against closed forms (a dot product with a constant is linear, its gradient the constant), through the
// file format, the formula language, edits, copy and paste, and an exported module.

/** f = c · x for a held c and an input x. */
function dotWithConstant(c: number[], x: number[]) {
  const b = new DiagramBuilder()
  const xs = b.input('x', x)
  const held = b.op('arrayconst', [])
  b.d.blocks[b.d.blocks.length - 1].value = c
  b.output('f', b.op('dot', [xs, held]))
  return b.d
}

describe('an Array Constant', () => {
  it('feeds its elements: c · x, whose gradient is c and whose sensitivity to c is x', () => {
    const d = dotWithConstant([0.5, -1, 4], [1, 2, 3])
    const s = compile(d, { constantEdges: true })
    expect(evaluate(s, [1, 2, 3])).toEqual([0.5 - 2 + 12])
    expect(gradient(s, [1, 2, 3]).gradient).toEqual([0.5, -1, 4])
    const ev = new Evaluator(s)
    ev.setInputs([1, 2, 3])
    ev.sweepValues(1)
    ev.reverse([1])
    const wire = d.wires.find((w) => w.from.node === 'b1')!.id
    // ∂f/∂c, read on the constant's wire: the adjoint of c is x.
    expect(Array.from(wireResult(ev, wire)!.array!.adjoint!)).toEqual([1, 2, 3])
  })

  it('is saved as version 2 with its elements, and opens again to the same diagram', () => {
    const d = dotWithConstant([0.5, -1, 4], [1, 2, 3])
    const text = saveDiagram(d)
    expect(text).toContain('"version": 2')
    expect(text).toContain('{ "id": "b1", "primitive": "arrayconst", "value": [0.5, -1, 4] }')
    const back = loadDiagram(text)
    expect(back.ok).toBe(true)
    expect(back.ok && saveDiagram(back.diagram)).toBe(text)
    // Without arrays anywhere else the constant alone makes the file version 2.
    expect(saveDiagram(formulaToDiagram('f = sum([1, 2])'))).toContain('"version": 2')
  })

  it('is refused whole, with its place, where its elements are missing or bad; no other block holds a value', () => {
    const text = saveDiagram(dotWithConstant([0.5, -1, 4], [1, 2, 3]))
    const cases: [string, string, string][] = [
      [text.replace('"value": [0.5, -1, 4]', '"value": [0.5, null]'), 'blocks[0].value[1]', '"value" must be an array of finite numbers; element 1 is null'],
      [text.replace('"value": [0.5, -1, 4]', '"value": 3'), 'blocks[0].value', 'an Array Constant\'s "value" must be an array of finite numbers'],
      [text.replace(', "value": [0.5, -1, 4]', ''), 'blocks[0].value', 'an Array Constant\'s "value" is missing'],
      [text.replace('"version": 2', '"version": 1').replace('"value": [1, 2, 3]', '"value": 1'), 'blocks[0].value', 'an Array Constant\'s "value" needs version 2 or later'],
      [text.replace('"primitive": "dot" }', '"primitive": "dot", "value": [1] }'), 'blocks[1].value', 'Dot Product has no "value" (only an Array Constant holds one)'],
    ]
    for (const [bad, field, message] of cases) {
      const r = loadDiagram(bad)
      expect(r.ok, message).toBe(false)
      expect(!r.ok && r.problems[0]).toMatchObject({ field, message })
      expect(!r.ok && r.problems[0].line).toBeGreaterThan(1)
    }
  })

  it('is what a formula\'s list of numbers written out makes, and prints back as that list', () => {
    const d = formulaToDiagram('f = dot(x, [0.5, -1, 4e-300])', { values: { x: [1, 2, 3] } })
    expect(d.blocks.map((b) => b.primitive).sort()).toEqual(['arrayconst', 'dot'])
    expect(d.blocks.find((b) => b.primitive === 'arrayconst')!.value).toEqual([0.5, -1, 4e-300])
    expect(diagramToFormula(d)).toBe('f = dot(x, [0.5, -1, 4e-300])')
    // A list with a computed element is Build Array, as before.
    expect(formulaToDiagram('f = [1, x]', { values: { x: 2 } }).blocks.map((b) => b.primitive).sort()).toEqual(['build', 'constant'])
    expect(() => formulaToDiagram('f = arrayconst(x)', { values: { x: 2 } })).toThrow('the elements of an Array Constant are numbers written out')
  })

  it('takes a number or an array when typed: a number makes it a Numeric Constant and back, keeping its id and wires', () => {
    const d = dotWithConstant([0.5, -1, 4], [1, 2, 3])
    const longer = edits.setConstantValue(d, 'b1', [1, 1, 1, 1])
    expect(longer.kind).toBe('structure')
    expect(longer.diagram.blocks[0]).toEqual({ id: 'b1', primitive: 'arrayconst', params: {}, value: [1, 1, 1, 1] })
    const number = edits.setConstantValue(d, 'b1', 2)
    expect(number.diagram.blocks[0]).toEqual({ id: 'b1', primitive: 'constant', params: { value: 2 } })
    expect(number.diagram.wires).toEqual(d.wires)
    const back = edits.setConstantValue(number.diagram, 'b1', [3, 4])
    expect(back.diagram.blocks[0]).toEqual({ id: 'b1', primitive: 'arrayconst', params: {}, value: [3, 4] })
    // The same elements again change nothing (no undo step); a bad one is refused and changes nothing.
    expect(edits.setConstantValue(d, 'b1', [0.5, -1, 4]).diagram).toBe(d)
    expect(() => edits.setConstantValue(d, 'b1', [1, NaN])).toThrow(EditError)
    expect(() => edits.setConstantValue(d, 'b2', [1])).toThrow("there is no constant 'b2'")
  })

  it('is created from the palette holding three zeros, and by Create › Constant on a port that takes an array', () => {
    const placed = edits.addBlock(formulaToDiagram('f = 1'), 'arrayconst', { x: 0, y: 0 })
    expect(placed.diagram.blocks.find((b) => b.id === placed.created[0])!.value).toEqual([0, 0, 0])
    const d = formulaToDiagram('f = sum(x)', { values: { x: [1, 2] } })
    const sum = d.blocks.find((b) => b.primitive === 'sum')!
    const made = edits.createAtPort({ ...d, wires: d.wires.filter((w) => w.to.node !== sum.id) }, { node: sum.id, port: 'x' }, 'constant', { x: 0, y: 0 })
    expect(made.diagram.blocks.find((b) => b.id === made.created[0])!.primitive).toBe('arrayconst')
    // A port that takes a number still gets a Numeric Constant.
    const e = formulaToDiagram('f = sin(x)', { values: { x: 1 } })
    const sin = e.blocks[0]
    const plain = edits.createAtPort({ ...e, wires: [] }, { node: sin.id, port: 'x' }, 'constant', { x: 0, y: 0 })
    expect(plain.diagram.blocks.find((b) => b.id === plain.created[0])!.primitive).toBe('constant')
  })

  it('copies and pastes with its elements, beside an array control', () => {
    const d = dotWithConstant([0.5, -1, 4], [1, 2, 3])
    const fragment = edits.copyFragment(d, ['b1', 'i1'])
    const pasted = edits.pasteFragment(d, fragment, { x: 40, y: 40 })
    const copies = pasted.diagram.blocks.filter((b) => pasted.created.includes(b.id))
    expect(copies.map((b) => b.value)).toEqual([[0.5, -1, 4]])
    expect(pasted.diagram.inputs.filter((t) => pasted.created.includes(t.id)).map((t) => t.value)).toEqual([[1, 2, 3]])
  })

  it('exports: the module computes the engine\'s value and gradient to the bit', async () => {
    const d = dotWithConstant([0.1, -0.7, 4.25], [1.5, 2, -3])
    type Module = { gradient: (i: { x: number[] }) => { value: number; gradient: { x: Float64Array } } }
    const mod = await importNative<Module>(moduleFolder('dualwire-array-constant-'), 'held', exportModule(d, { language: 'js', version: 'test' }))
    const g = mod.gradient({ x: [1.5, 2, -3] })
    const e = gradient(compile(d), [1.5, 2, -3])
    expect(g.value).toBe(e.value)
    expect(Array.from(g.gradient.x)).toEqual(e.gradient)
  })
})
