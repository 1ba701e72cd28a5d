import { describe, expect, it } from 'vitest'
import { compile, edits, evaluate, formulaToDiagram } from '../../core'

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
})
