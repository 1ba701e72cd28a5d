import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Diagram, type Edited, edits, type End, findPrimitive, formulaToDiagram } from '../../core'
import { freshStores } from './fresh-stores'

// Every user action is one undo step or none, over random sequences of the actions the editor offers:
// a refused action leaves the very same diagram and no step; an action that changes nothing (a click that
// moves nothing, a value set to what it was, a wire dropped where it was) leaves no step and the document
// clean; an action that changes something is exactly one step. Undo all returns the first document bit
// for bit; redo all returns the last.

const STARTS = [
  'f = x1*x2 + log(x1^2)',
  'f = sin(x)*y; g = x + 2',
  'r = sqrt(x^2 + y^2); t = atan2(y, x)',
]

/** Each action picks its targets by index into whatever the diagram holds when it runs. */
type Action =
  | { kind: 'connect'; from: number; to: number; port: number }
  | { kind: 'rewire'; wire: number; from: number; drop: boolean }
  | { kind: 'remove-wire'; wire: number }
  | { kind: 'remove-node'; node: number }
  | { kind: 'move'; node: number; dx: number; dy: number }
  | { kind: 'value'; input: number; value: number | number[] | 'same' }
  | { kind: 'slide'; input: number; values: number[] }
  | { kind: 'param'; block: number; value: number | 'same' }
  | { kind: 'rename'; terminal: number; name: string }
  | { kind: 'add'; primitive: string }
  | { kind: 'paste'; nodes: number[] }

const index = fc.nat(40)
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('connect' as const), from: index, to: index, port: index }),
  fc.record({ kind: fc.constant('rewire' as const), wire: index, from: index, drop: fc.boolean() }),
  fc.record({ kind: fc.constant('remove-wire' as const), wire: index }),
  fc.record({ kind: fc.constant('remove-node' as const), node: index }),
  fc.record({ kind: fc.constant('move' as const), node: index, dx: fc.constantFrom(0, 0, 12, -7), dy: fc.constantFrom(0, 5) }),
  // Arrays too: a new length is a structural edit (a recompile), the same length a value edit.
  fc.record({ kind: fc.constant('value' as const), input: index, value: fc.constantFrom<number | number[] | 'same'>('same', 0, 1, -2.5, 1.5, [1, 2, 3], [1, 2, 4], [0.5], []) }),
  fc.record({ kind: fc.constant('slide' as const), input: index, values: fc.array(fc.constantFrom(0.25, 0.5, 3), { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('param' as const), block: index, value: fc.constantFrom<number | 'same'>('same', 2, -1) }),
  fc.record({ kind: fc.constant('rename' as const), terminal: index, name: fc.constantFrom('x1', 'x', 'a', 'f', 'θ', 'bad name ', '') }),
  fc.record({ kind: fc.constant('add' as const), primitive: fc.constantFrom('sin', 'add', 'gt', 'constant', 'sum', 'subset', 'build') }),
  fc.record({ kind: fc.constant('paste' as const), nodes: fc.array(index, { minLength: 1, maxLength: 3 }) }),
)

const at = <T>(list: readonly T[], i: number): T | undefined => (list.length === 0 ? undefined : list[i % list.length])

function outputsOf(d: Diagram): End[] {
  return [
    ...d.inputs.map((t) => ({ node: t.id, port: 'value' })),
    ...d.blocks.flatMap((b) => (findPrimitive(b.primitive)?.outputs ?? []).map((p) => ({ node: b.id, port: p.id }))),
  ]
}
function inputsOf(d: Diagram): End[] {
  return [
    ...d.outputs.map((t) => ({ node: t.id, port: 'value' })),
    ...d.blocks.flatMap((b) => (findPrimitive(b.primitive)?.inputs ?? []).map((p) => ({ node: b.id, port: p.id }))),
  ]
}
const nodesOf = (d: Diagram) => [...d.inputs, ...d.outputs, ...d.blocks].map((n) => n.id)

/** The edits one action makes, as the editor makes them (a slider is a group of edits); none when it has no target. */
function editsFor(d: Diagram, a: Action): { run: (d: Diagram) => Edited; group?: string }[] {
  switch (a.kind) {
    case 'connect': {
      const from = at(outputsOf(d), a.from)
      const to = at(inputsOf(d), a.to + a.port)
      return from && to ? [{ run: (x) => edits.connect(x, from, to) }] : []
    }
    case 'rewire': {
      const wire = at(d.wires, a.wire)
      if (!wire) return []
      const from = a.drop ? at(outputsOf(d), a.from) : wire.from
      return [{ run: (x) => edits.rewire(x, [wire.id], from && { from, to: wire.to }) }]
    }
    case 'remove-wire': {
      const wire = at(d.wires, a.wire)
      return wire ? [{ run: (x) => edits.removeWires(x, [wire.id]) }] : []
    }
    case 'remove-node': {
      const node = at(nodesOf(d), a.node)
      return node ? [{ run: (x) => edits.removeNodes(x, [node]) }] : []
    }
    case 'move': {
      const node = at(nodesOf(d), a.node)
      const p = node && d.layout.positions[node]
      return node && p ? [{ run: (x) => edits.moveNodes(x, { [node]: { x: p.x + a.dx, y: p.y + a.dy } }) }] : []
    }
    case 'value': {
      const t = at(d.inputs, a.input)
      return t ? [{ run: (x) => edits.setInputValue(x, t.id, a.value === 'same' ? t.value : a.value) }] : []
    }
    case 'slide': {
      const t = at(d.inputs, a.input)
      return t ? a.values.map((v) => ({ run: (x: Diagram) => edits.setInputValue(x, t.id, v), group: `slider:${t.id}` })) : []
    }
    case 'param': {
      const b = at(d.blocks.filter((x) => 'value' in x.params), a.block)
      return b ? [{ run: (x) => edits.setParam(x, b.id, 'value', a.value === 'same' ? b.params.value : a.value) }] : []
    }
    case 'rename': {
      const t = at([...d.inputs, ...d.outputs], a.terminal)
      return t ? [{ run: (x) => edits.renameTerminal(x, t.id, a.name) }] : []
    }
    case 'add':
      return [{ run: (x) => edits.addBlock(x, a.primitive, { x: 300, y: 200 }, a.primitive === 'constant' ? { value: 1 } : {}) }]
    case 'paste': {
      const ids = [...new Set(a.nodes.map((i) => at(nodesOf(d), i)!).filter(Boolean))]
      return ids.length ? [{ run: (x) => edits.pasteFragment(x, edits.copyFragment(x, ids), { x: 40, y: 40 }) }] : []
    }
  }
}

const text = (d: Diagram) => JSON.stringify(d)

describe('one user action is one undo step or none', () => {
  const stores = freshStores()
  const { document: doc } = stores

  it('over random action sequences: refusals and no-ops add no step, undo all and redo all give the first and last documents', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STARTS), fc.array(action, { maxLength: 25 }), (formula, actions) => {
        doc.load(formulaToDiagram(formula, { values: { x1: 1.5, x2: 0.5, x: 0.3, y: -2 } }), 'start.dwire.json')
        const first = doc.diagram.value!
        const firstText = text(first)
        // The documents the user can undo back to, oldest first.
        const states: Diagram[] = [first]
        for (const a of actions) {
          const before = doc.diagram.value!
          const beforeText = text(before)
          for (const { run, group } of editsFor(before, a)) doc.tryEdit(() => run(doc.diagram.value!), group)
          doc.endGroup()
          const after = doc.diagram.value!
          if (after === before) {
            // Refused, or a change to nothing: the same diagram, no step, nothing unsaved that was saved.
            expect(text(after)).toBe(beforeText)
          } else {
            // A step must change the document: an empty step would be an undo that does nothing.
            expect(text(after)).not.toBe(beforeText)
            states.push(after)
          }
        }
        expect(doc.dirty.value).toBe(states.length > 1)
        for (let i = states.length - 1; i > 0; i--) {
          expect(doc.diagram.value).toBe(states[i])
          doc.undo()
        }
        expect(doc.canUndo.value).toBe(false)
        expect(text(doc.diagram.value!)).toBe(firstText)
        expect(doc.dirty.value).toBe(false)
        for (let i = 1; i < states.length; i++) doc.redo()
        expect(doc.canRedo.value).toBe(false)
        expect(doc.diagram.value).toBe(states.at(-1))
        expect(text(doc.diagram.value!)).toBe(text(states.at(-1)!))
      }),
      { numRuns: 400, seed: 20261203 },
    )
  })

  it('a wire dropped back where it was picked up is no step', () => {
    doc.load(formulaToDiagram('f = x1*x2', { values: { x1: 1, x2: 2 } }), null)
    const d = doc.diagram.value!
    const w = d.wires[0]
    expect(doc.tryEdit(() => edits.rewire(doc.diagram.value!, [w.id], { from: w.from, to: w.to }))).toBeUndefined()
    expect(doc.diagram.value).toBe(d)
    expect(doc.canUndo.value).toBe(false)
  })

  it('a refused rewire keeps the wire it would have removed', () => {
    doc.load(formulaToDiagram('f = sin(x)', { values: { x: 1 } }), null)
    const d = doc.diagram.value!
    const sin = d.blocks[0]
    const into = d.wires.find((w) => w.to.node === sin.id)!
    // sin's output into its own input would be a loop.
    const refused = doc.tryEdit(() => edits.rewire(doc.diagram.value!, [into.id], { from: { node: sin.id, port: 'r' }, to: into.to }))
    expect(refused).toMatch(/loop/)
    expect(doc.diagram.value).toBe(d)
    expect(doc.diagram.value!.wires).toContainEqual(into)
  })
})
