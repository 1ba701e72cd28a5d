import { describe, expect, it } from 'vitest'
import {
  compile, type Diagram, diagramFileText, EditError, edits, emptyDiagram, evaluate, type Fragment, formulaToDiagram, nameProblem,
} from '../../core'

// Paste and Insert Formula add nodes under fresh ids; Insert Formula's inputs join the inputs of the same
// name, so the inserted formula computes with the diagram's own x.

describe('adding nodes from elsewhere', () => {
  it('inserts a formula at a point, joining inputs by name and adding its outputs', () => {
    const d = formulaToDiagram('f = x*y', { values: { x: 2, y: 3 } })
    const other = formulaToDiagram('g = x + 1', { values: { x: 0 } })
    const r = edits.insertDiagram(d, other, { x: 500, y: 40 })
    expect(r.diagram.inputs.map((t) => t.name)).toEqual(['x', 'y'])
    expect(r.diagram.outputs.map((t) => t.name)).toEqual(['f', 'g'])
    expect(evaluate(compile(r.diagram), [2, 3])).toEqual([6, 3])
    // The formula's layout, its origin put on the point; the joined input is neither created nor moved.
    const g = r.diagram.outputs[1].id
    const at = (p: { x: number; y: number }) => ({ x: p.x + 500, y: p.y + 40 })
    expect(r.diagram.layout.positions[g]).toEqual(at(other.layout.positions[other.outputs[0].id]))
    const added = r.diagram.blocks.filter((b) => !d.blocks.some((o) => o.id === b.id))
    expect(added.map((b) => r.diagram.layout.positions[b.id])).toEqual(other.blocks.map((b) => at(other.layout.positions[b.id])))
    expect(r.created).not.toContain(d.inputs[0].id)
    expect(r.diagram.layout.positions[d.inputs[0].id]).toEqual(d.layout.positions[d.inputs[0].id])
  })

  it('pastes copies with fresh ids and names, shifted, with the wires between them', () => {
    const d = formulaToDiagram('f = sin(x)', { values: { x: 1 } })
    const fragment = edits.copyFragment(d, [d.inputs[0].id, d.blocks[0].id])
    const r = edits.pasteFragment(d, fragment, { x: 10, y: 20 })
    expect(r.diagram.inputs.map((t) => t.name)).toEqual(['x', 'x2'])
    const pastedBlock = r.diagram.blocks.find((b) => !d.blocks.some((o) => o.id === b.id))!
    const from = d.layout.positions[d.blocks[0].id]
    expect(r.diagram.layout.positions[pastedBlock.id]).toEqual({ x: from.x + 10, y: from.y + 20 })
    expect(r.diagram.wires.filter((w) => w.to.node === pastedBlock.id).map((w) => w.from.node)).toEqual([r.diagram.inputs[1].id])
  })

  it('copies the selected comments with the nodes, and pastes them under fresh ids, shifted', () => {
    const d = formulaToDiagram('f = sin(x)', { values: { x: 1 } })
    const noted = edits.addComment(d, { x: 100, y: 50 }, 'the angle\nin radians').diagram
    const c = Object.keys(noted.layout.comments!)[0]
    const other = edits.addComment(noted, { x: 300, y: 50 }, 'not copied').diagram
    const r = edits.pasteFragment(other, edits.copyFragment(other, [c, d.blocks[0].id]), { x: 10, y: 20 })
    const pasted = Object.entries(r.diagram.layout.comments!).filter(([id]) => !(id in other.layout.comments!))
    expect(pasted.map(([, v]) => v)).toEqual([{ x: 110, y: 70, text: 'the angle\nin radians' }])
    expect(r.created).toContain(pasted[0][0])
    expect(diagramFileText(r.diagram).ok).toBe(true)
  })
})

// ---------------------------------------------------------------------------------------------------
// Fresh ids and names, fragments from outside, and edits that would make a file that does not open again

/** A diagram from a list of block ids (all sin, unwired). */
function blocks(...ids: string[]): Diagram {
  const d = emptyDiagram('blocks')
  for (const id of ids) {
    d.blocks.push({ id, primitive: 'sin', params: {} })
    d.layout.positions[id] = { x: 0, y: 0 }
  }
  return d
}

const fragment = (f: Partial<Fragment>): Fragment => ({ inputs: [], outputs: [], blocks: [], wires: [], positions: {}, ...f })

/** Runs an edit that must be refused; returns its message. */
function refusal(edit: () => unknown): string {
  try {
    edit()
  } catch (err) {
    if (err instanceof EditError) return err.message
    throw err
  }
  throw new Error('the edit was not refused')
}

describe('fresh ids: the lowest free numbers, in order', () => {
  it('with b1 and b3 used, two pasted blocks get b2 and b4, and their wire w1', () => {
    const d = blocks('b1', 'b3')
    const f = fragment({
      blocks: [{ id: 'p', primitive: 'sin', params: {} }, { id: 'q', primitive: 'cos', params: {} }],
      wires: [{ id: 'w9', from: { node: 'p', port: 'r' }, to: { node: 'q', port: 'x' } }],
    })
    const r = edits.pasteFragment(d, f, { x: 0, y: 0 })
    expect(r.created).toEqual(['b2', 'b4', 'w1'])
    expect(r.diagram.blocks.map((b) => [b.id, b.primitive])).toEqual([['b1', 'sin'], ['b3', 'sin'], ['b2', 'sin'], ['b4', 'cos']])
    expect(r.diagram.wires).toEqual([{ id: 'w1', from: { node: 'b2', port: 'r' }, to: { node: 'b4', port: 'x' } }])
  })

  it('ids of every kind count as used, whatever their prefix: a block never takes the id of a wire', () => {
    const d = blocks('b2')
    d.inputs.push({ id: 'b1', name: 'x', value: 0 })
    expect(edits.addBlock(d, 'cos', { x: 0, y: 0 }).created).toEqual(['b3'])
    const many = edits.pasteFragment(blocks('b1', 'b2', 'b5'), fragment({ blocks: ['a', 'b', 'c', 'd'].map((id) => ({ id, primitive: 'exp', params: {} })) }), { x: 0, y: 0 })
    expect(many.created).toEqual(['b3', 'b4', 'b6', 'b7'])
  })

  it('pastes 10,000 blocks and their wires in well under a second', () => {
    // Every id used to be searched for from b1: 37 s for this paste.
    const chain = formulaToDiagram('sin('.repeat(10_000) + 'x' + ')'.repeat(10_000))
    const f = edits.copyFragment(chain, chain.blocks.map((b) => b.id))
    const start = performance.now()
    const r = edits.pasteFragment(chain, f, { x: 10, y: 10 })
    expect((performance.now() - start) / 1000).toBeLessThan(2)
    expect(r.created).toHaveLength(10_000 + 9_999)
    expect(r.created[0]).toBe('b10001')
    expect(r.created[9_999]).toBe('b20000')
    expect(r.created[10_000]).toBe('w10002')
    expect(diagramFileText(r.diagram).ok).toBe(true)
  })

  it('inserts a diagram of 200,000 positioned nodes (finding its corner used to overflow the stack)', () => {
    const other = emptyDiagram('wide')
    for (let k = 1; k <= 200_000; k++) {
      other.inputs.push({ id: `i${k}`, name: `x${k}`, value: 0 })
      other.layout.positions[`i${k}`] = { x: -5, y: k }
    }
    // Bounded time, not speed (bench measures that): it finishes, where a quadratic name search would not.
    const start = performance.now()
    const r = edits.insertDiagram(emptyDiagram(), other, { x: 100, y: 0 })
    expect((performance.now() - start) / 1000).toBeLessThan(15)
    expect(r.diagram.inputs).toHaveLength(200_000)
    expect(r.diagram.layout.positions.i1).toEqual({ x: 100, y: 1 })
  })
})

describe('fresh names follow the name rule', () => {
  it('a pasted terminal with a 200-character name gets a 200-character name with a number', () => {
    const long = 'a'.repeat(200)
    const d = formulaToDiagram(`\`${long}\` + 1`)
    const input = d.inputs[0]
    const f = fragment({ inputs: Array.from({ length: 10 }, (_, k) => ({ ...input, id: `t${k}` })) })
    const names = edits.pasteFragment(d, f, { x: 0, y: 0 }).diagram.inputs.map((t) => t.name)
    const expected = [long, ...[2, 3, 4, 5, 6, 7, 8, 9].map((n) => 'a'.repeat(199) + n), 'a'.repeat(198) + '10', 'a'.repeat(198) + '11']
    expect(names).toEqual(expected)
    for (const n of names) expect(nameProblem(n)).toBeUndefined()
  })

  it('a name ending in a number continues from the base: x, x2, x3', () => {
    const d = formulaToDiagram('x + x2 + y7')
    const f = edits.copyFragment(d, d.inputs.map((t) => t.id))
    expect(edits.pasteFragment(d, f, { x: 0, y: 0 }).diagram.inputs.map((t) => t.name)).toEqual(['x', 'x2', 'y7', 'x3', 'x4', 'y2'])
  })

  it('a name given to a new terminal must follow the rule and be free', () => {
    const d = formulaToDiagram('x + 1')
    expect(refusal(() => edits.addInput(d, { x: 0, y: 0 }, 0, 'a '))).toBe('a name must not start or end with a space')
    expect(refusal(() => edits.addOutput(d, { x: 0, y: 0 }, 'x'))).toBe("the name 'x' is already taken")
    expect(refusal(() => edits.renameTerminal(d, d.inputs[0].id, 'q'.repeat(201)))).toBe('a name must be at most 200 characters')
  })
})

describe('a fragment from outside is checked before it is added', () => {
  const d = formulaToDiagram('f = sin(x)')
  const input = (name: string) => fragment({ inputs: [{ id: 'i1', name, value: 0 }] })

  it('refuses names that break the rule, with the name clipped', () => {
    expect(refusal(() => edits.pasteFragment(d, input('a '), { x: 0, y: 0 }))).toBe("cannot add these nodes: the name 'a ' must not start or end with a space")
    expect(refusal(() => edits.pasteFragment(d, input('a\tb'), { x: 0, y: 0 }))).toBe(
      "cannot add these nodes: the name 'a\\tb' must not contain control characters or backticks",
    )
    expect(refusal(() => edits.pasteFragment(d, input('n'.repeat(201)), { x: 0, y: 0 }))).toBe(
      `cannot add these nodes: the name '${'n'.repeat(40)}…' must be at most 200 characters`,
    )
    const other = formulaToDiagram('g = y')
    other.outputs[0].name = 'g`'
    expect(refusal(() => edits.insertDiagram(d, other, { x: 0, y: 0 }))).toBe("cannot add these nodes: the name 'g`' must not contain control characters or backticks")
  })

  it('refuses wires that leave it, unknown primitives and parameters, values and positions that are not finite', () => {
    const sin = { id: 'b1', primitive: 'sin', params: {} }
    const cases: Array<[Fragment, string]> = [
      [fragment({ blocks: [sin], wires: [{ id: 'w1', from: { node: 'zz', port: 'r' }, to: { node: 'b1', port: 'x' } }] }), 'a wire leaves them'],
      [fragment({ blocks: [sin], wires: [{ id: 'w1', from: { node: 'b1', port: 'x' }, to: { node: 'b1', port: 'x' } }] }), 'a wire does not run from an output port to an input port'],
      [fragment({ blocks: [{ id: 'b1', primitive: 'fmod', params: {} }] }), "unknown primitive 'fmod'"],
      [fragment({ blocks: [{ id: 'b1', primitive: 'constant', params: { scale: 2 } }] }), "Numeric Constant has no parameter 'scale'"],
      [fragment({ blocks: [{ id: 'b1', primitive: 'constant', params: { value: NaN } }] }), "parameter 'value' of Numeric Constant is not a finite number"],
      [fragment({ inputs: [{ id: 'i1', name: 'x', value: Infinity }] }), "the value of 'x' is not a finite number"],
      [fragment({ blocks: [sin, { ...sin }] }), "two nodes have the id 'b1'"],
      [fragment({ blocks: [sin], positions: { b1: { x: NaN, y: 0 } } }), "the position of 'b1' is not a pair of finite numbers"],
      [fragment({ blocks: [sin], comments: { b1: { x: 0, y: 0, text: 'a' } } }), "two nodes have the id 'b1'"],
      [fragment({ comments: { c1: { x: Infinity, y: 0, text: 'a' } } }), "the position of comment 'c1' is not a pair of finite numbers"],
      [fragment({ comments: { c1: { x: 0, y: 0, text: '  ' } } }), "comment 'c1' must not be empty"],
      [fragment({ comments: { c1: { x: 0, y: 0, text: 'a\u0007' } } }), "comment 'c1' must not contain control characters other than line breaks"],
    ]
    for (const [f, why] of cases) expect(refusal(() => edits.pasteFragment(d, f, { x: 0, y: 0 }))).toBe(`cannot add these nodes: ${why}`)
    expect(refusal(() => edits.pasteFragment(d, fragment({ blocks: [sin], positions: { b1: { x: 1e308, y: 0 } } }), { x: 1e308, y: 0 }))).toBe(
      'a position must be a pair of finite numbers',
    )
  })

  it('fills in the parameters a block leaves out, so that the pasted diagram reads back the same', () => {
    const r = edits.pasteFragment(emptyDiagram(), fragment({ blocks: [{ id: 'c', primitive: 'constant', params: {} }] }), { x: 0, y: 0 })
    expect(r.diagram.blocks).toEqual([{ id: 'b1', primitive: 'constant', params: { value: 1 } }])
    expect(diagramFileText(r.diagram).ok).toBe(true)
  })
})

describe('edits refuse what would not save and open again', () => {
  const d = formulaToDiagram('f = 2 * x')
  const two = d.blocks.find((b) => b.primitive === 'constant')!

  it('a parameter the block does not have, or a block that is not there', () => {
    expect(refusal(() => edits.setParam(d, two.id, 'scale', 3))).toBe("Numeric Constant has no parameter 'scale'")
    expect(refusal(() => edits.setParam(d, 'nope', 'value', 3))).toBe("there is no block 'nope'")
    expect(edits.setParam(d, two.id, 'value', 3).diagram.blocks.find((b) => b.id === two.id)!.params).toEqual({ value: 3 })
  })

  it('a range for something that is not an input', () => {
    expect(refusal(() => edits.setRange(d, d.outputs[0].id, 0, 1))).toBe(`there is no input '${d.outputs[0].id}'`)
    expect(edits.setRange(d, d.inputs[0].id, 0, 1).diagram.layout.ranges[d.inputs[0].id]).toEqual({ min: 0, max: 1 })
  })

  it('positions that are not finite; a move of a node that is gone moves nothing', () => {
    expect(refusal(() => edits.addBlock(d, 'sin', { x: Infinity, y: 0 }))).toBe('a position must be a pair of finite numbers')
    expect(refusal(() => edits.moveNodes(d, { [two.id]: { x: NaN, y: 0 } }))).toBe('a position must be a pair of finite numbers')
    const moved = edits.moveNodes(d, { [two.id]: { x: 5, y: 6 }, gone: { x: 1, y: 1 } }).diagram
    expect(moved.layout.positions[two.id]).toEqual({ x: 5, y: 6 })
    expect(Object.hasOwn(moved.layout.positions, 'gone')).toBe(false)
  })

  it('an input value or a block parameter that is not finite', () => {
    expect(refusal(() => edits.addInput(d, { x: 0, y: 0 }, NaN))).toBe('a value must be a finite number')
    expect(refusal(() => edits.addBlock(d, 'constant', { x: 0, y: 0 }, { value: -Infinity }))).toBe('a value must be a finite number')
  })

  it('an unknown primitive is quoted clipped', () => {
    expect(refusal(() => edits.addBlock(d, 'z'.repeat(1000), { x: 0, y: 0 }))).toBe(`unknown primitive '${'z'.repeat(40)}…'`)
  })
})

describe('ids that are properties of every object', () => {
  it('copies, pastes and inserts nodes called constructor and toString from a layout kept in a plain object', () => {
    // positions['constructor'] of a plain object is a function: it was taken for a position.
    const d: Diagram = {
      title: 't',
      inputs: [{ id: 'constructor', name: 'x', value: 1 }],
      outputs: [],
      blocks: [{ id: 'toString', primitive: 'sin', params: {} }],
      wires: [{ id: 'w1', from: { node: 'constructor', port: 'value' }, to: { node: 'toString', port: 'x' } }],
      layout: { positions: { toString: { x: 7, y: 8 } }, ranges: {} },
    }
    const f = edits.copyFragment(d, ['constructor', 'toString'])
    expect(Object.entries(f.positions)).toEqual([['toString', { x: 7, y: 8 }]])
    const pasted = edits.pasteFragment(d, f, { x: 1, y: 1 }).diagram
    expect(pasted.layout.positions.i1).toEqual({ x: 1, y: 1 })
    expect(pasted.layout.positions.b1).toEqual({ x: 8, y: 9 })
    const inserted = edits.insertDiagram(emptyDiagram(), d, { x: 1, y: 1 }).diagram
    expect({ ...inserted.layout.positions }).toEqual({ i1: { x: 1, y: 1 }, b1: { x: 8, y: 9 } })
    expect(diagramFileText(pasted).ok && diagramFileText(inserted).ok).toBe(true)
  })
})

describe('insertDiagram keeps the inserted formula the same function', () => {
  it('an input renamed because its name is taken does not swallow another input of the formula', () => {
    // x is an output here, so the formula's x becomes x2; it used to be joined by the formula's own x2.
    const d = formulaToDiagram('x = y * 2', { values: { y: 1 } })
    const r = edits.insertDiagram(d, formulaToDiagram('g = x + 10 * x2'), { x: 0, y: 0 }).diagram
    expect(r.inputs.map((t) => t.name)).toEqual(['y', 'x2', 'x3'])
    expect(evaluate(compile(r), [1, 2, 3])).toEqual([2, 32])
  })
})

// ---------------------------------------------------------------------------------------------------
// An edit that changes nothing hands back the diagram it was given, so the editor adds no undo step

describe('edits that change nothing', () => {
  const d = formulaToDiagram('f = x*y', { values: { x: 2, y: 3 } })
  const [x, y] = d.inputs
  const mul = d.blocks[0]
  const into = d.wires.find((w) => w.to.node === mul.id && w.to.port === 'x')!

  it('return the very same diagram', () => {
    expect(edits.moveNodes(d, { [x.id]: { ...d.layout.positions[x.id] } }).diagram).toBe(d)
    expect(edits.moveNodes(d, { nobody: { x: 1, y: 1 } }).diagram).toBe(d)
    expect(edits.setInputValue(d, x.id, 2).diagram).toBe(d)
    expect(edits.renameTerminal(d, y.id, 'y').diagram).toBe(d)
    expect(edits.setTitle(d, d.title).diagram).toBe(d)
    expect(edits.removeNodes(d, ['nobody']).diagram).toBe(d)
    expect(edits.removeWires(d, ['nobody']).diagram).toBe(d)
    expect(edits.connect(d, into.from, into.to).diagram).toBe(d)
    expect(edits.rewire(d, [into.id], { from: into.from, to: into.to }).diagram).toBe(d)
    const withConstant = edits.addBlock(d, 'constant', { x: 0, y: 0 }, { value: 4 })
    expect(edits.setParam(withConstant.diagram, withConstant.created[0], 'value', 4).diagram).toBe(withConstant.diagram)
  })

  it('while a value of −0 differs from 0 and a moved block differs from one left alone', () => {
    expect(edits.setInputValue(edits.setInputValue(d, x.id, 0).diagram, x.id, -0).diagram.inputs[0].value).toBe(-0)
    expect(edits.moveNodes(d, { [x.id]: { x: d.layout.positions[x.id].x + 1, y: d.layout.positions[x.id].y } }).diagram).not.toBe(d)
  })

  it('rewire replaces a wire in one edit, or refuses and keeps it', () => {
    // y into Multiply's x instead of x: f = y·y.
    const r = edits.rewire(d, [into.id], { from: { node: y.id, port: 'value' }, to: into.to })
    expect(evaluate(compile(r.diagram), [2, 3])).toEqual([9])
    expect(r.diagram.wires.filter((w) => w.to.node === mul.id && w.to.port === 'x').map((w) => w.from.node)).toEqual([y.id])
    expect(r.diagram.wires).toHaveLength(d.wires.length)
    expect(() => edits.rewire(d, [into.id], { from: { node: mul.id, port: 'r' }, to: into.to })).toThrow(/loop/)
    // Picked up and dropped nowhere: the wire is gone, and f cannot run.
    expect(edits.rewire(d, [into.id]).diagram.wires).toHaveLength(d.wires.length - 1)
  })
})

// ---------------------------------------------------------------------------------------------------
// The right-click menus' edits: each is one edit, and the diagram it gives computes what its name says

describe('edits the right-click menus make', () => {
  const d = formulaToDiagram('f = sin(x)', { values: { x: 1.5 } })
  const sin = d.blocks[0]
  const xToSin = d.wires.find((w) => w.to.node === sin.id)!

  it('Insert on a wire splices a block into it: f = sin(x²)', () => {
    const r = edits.insertOnWire(d, xToSin.id, 'square', { x: 100, y: 0 })
    expect(evaluate(compile(r.diagram), [1.5])).toEqual([Math.sin(2.25)])
    expect(r.diagram.blocks).toHaveLength(2)
    expect(() => edits.insertOnWire(d, xToSin.id, 'add', { x: 0, y: 0 })).toThrow(EditError)
  })

  it('Replace swaps a block for one of its family, keeping its wires: f = cos(x)', () => {
    expect(edits.replacements('sin').map((p) => p.id)).toContain('cos')
    expect(edits.replacements('sin').map((p) => p.id)).not.toContain('atan2')
    expect(edits.replacements('add').map((p) => p.id)).toContain('mul')
    const r = edits.replaceBlock(d, sin.id, 'cos')
    expect(evaluate(compile(r.diagram), [1.5])).toEqual([Math.cos(1.5)])
    expect(r.diagram.wires).toEqual(d.wires)
    expect(() => edits.replaceBlock(d, sin.id, 'add')).toThrow(EditError)
  })

  it('Create › Control and Constant on an input port, and Indicator on an output port', () => {
    const cut = edits.removeWires(d, [xToSin.id]).diagram
    const control = edits.createAtPort(cut, { node: sin.id, port: 'x' }, 'control', { x: -100, y: 0 })
    expect(control.diagram.inputs).toHaveLength(2)
    // Inputs in order: x, then the new control (value 0 until set): f = sin(new).
    const set = edits.setInputValue(control.diagram, control.created[0], 0.25).diagram
    expect(evaluate(compile(set), [1.5, 0.25])).toEqual([Math.sin(0.25)])
    const constant = edits.createAtPort(cut, { node: sin.id, port: 'x' }, 'constant', { x: -100, y: 0 })
    const three = edits.setParam(constant.diagram, constant.created[0], 'value', 3).diagram
    expect(evaluate(compile(three), [1.5])).toEqual([Math.sin(3)])
    const indicator = edits.createAtPort(d, { node: sin.id, port: 'r' }, 'indicator', { x: 200, y: 0 })
    expect(evaluate(compile(indicator.diagram), [1.5])).toEqual([Math.sin(1.5), Math.sin(1.5)])
    expect(() => edits.createAtPort(d, { node: sin.id, port: 'r' }, 'constant', { x: 0, y: 0 })).toThrow(EditError)
  })
})
