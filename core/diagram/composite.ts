import { clip } from '../clip'
import { ARRAY_CONSTANT } from '../expr/ast'
import { findPrimitive, PALETTE } from '../primitives/table'
import type { Primitive } from '../primitives/types'
import { addBlock, addInput, addOutput, connect, EditError, type Edited } from './edit'
import type { Diagram, End, Point } from './model'
import { nodeIndex } from './ports'

// Edits the right-click menus make, each one edit (one undo step) built from the simple ones: a new node
// and its wire, a block spliced into a wire, a block swapped for another of its family.

/** Runs edits one after another, each on the diagram the one before gave, knowing what the first created. */
function chain(d: Diagram, ...steps: ((d: Diagram, first: string) => Edited)[]): Edited {
  let result: Edited = { diagram: d, kind: 'structure', created: [] }
  const created: string[] = []
  for (const step of steps) {
    result = step(result.diagram, created[0])
    created.push(...result.created)
  }
  return { diagram: result.diagram, kind: 'structure', created }
}

/**
 * LabVIEW's Create › Constant, Control or Indicator on a port: a constant block or an input terminal wired
 * into an input port, or an output terminal wired from an output port, placed at `at`.
 */
export function createAtPort(d: Diagram, port: End, what: 'constant' | 'control' | 'indicator', at: Point): Edited {
  const node = nodeIndex(d).get(port.node)
  const isInput = node?.ins.some((p) => p.id === port.port)
  const isOutput = node?.outs.some((p) => p.id === port.port)
  if (!node || (!isInput && !isOutput)) throw new EditError(`there is no port '${clip(port.port)}' on '${clip(port.node)}'`)
  if (what === 'indicator') {
    if (!isOutput) throw new EditError('an indicator shows an output: create it on a port on the right of a block')
    return chain(d, (x) => addOutput(x, at), (x, id) => connect(x, port, { node: id, port: 'value' }))
  }
  if (!isInput) throw new EditError(`a ${what} feeds an input: create it on a port on the left of a block`)
  if (node.ins.find((p) => p.id === port.port)?.type === 'boolean') throw new EditError(`that input takes a Boolean (true/false); a ${what} gives a number`)
  // A port that takes only arrays gets an Array Constant, as LabVIEW's Create › Constant on an array terminal.
  const takesArray = findPrimitive(d.blocks.find((b) => b.id === port.node)?.primitive ?? '')?.inputs.find((p) => p.id === port.port)?.shape === 'array'
  const constant = (x: Diagram) => (takesArray ? addBlock(x, ARRAY_CONSTANT, at) : addBlock(x, 'constant', at, { value: 0 }))
  const add = what === 'constant' ? constant : (x: Diagram) => addInput(x, at)
  return chain(d, add, (x, id) => connect(x, { node: id, port: what === 'constant' ? 'r' : 'value' }, port))
}

/** Blocks a block may be replaced by: the same palette category and the same ports, so every wire stays. */
export function replacements(primitive: string): readonly Primitive[] {
  const p = findPrimitive(primitive)
  if (!p) return []
  const ports = (q: Primitive) => [...q.inputs.map((x) => `i:${x.id}:${x.type}`), ...q.outputs.map((x) => `o:${x.id}:${x.type}`)].join()
  return PALETTE.filter((q) => q.category === p.category && q.id !== p.id && ports(q) === ports(p) && q.params.length === p.params.length)
}

/** LabVIEW's Replace: the block becomes another of its family, keeping its id, place and wires. */
export function replaceBlock(d: Diagram, id: string, primitive: string): Edited {
  const block = d.blocks.find((b) => b.id === id)
  if (!block) throw new EditError(`there is no block '${clip(id)}'`)
  const next = findPrimitive(primitive)
  if (!next || !replacements(block.primitive).includes(next)) throw new EditError(`a ${findPrimitive(block.primitive)?.labview ?? 'block'} cannot be replaced by '${clip(primitive)}'`)
  const params = Object.fromEntries(next.params.map((q) => [q.id, q.default]))
  return { diagram: { ...d, blocks: d.blocks.map((b) => (b.id === id ? { ...b, primitive, params } : b)) }, kind: 'structure', created: [] }
}

/**
 * LabVIEW's Insert on a wire: a block with one number input and one number output goes into the wire, at
 * `at`; the wire's source feeds it and it feeds the wire's target.
 */
export function insertOnWire(d: Diagram, wireId: string, primitive: string, at: Point): Edited {
  const wire = d.wires.find((w) => w.id === wireId)
  if (!wire) throw new EditError(`there is no wire '${clip(wireId)}'`)
  const p = findPrimitive(primitive)
  const input = p?.inputs[0]
  const output = p?.outputs[0]
  if (!p || !input || !output || p.inputs.length !== 1) throw new EditError(`'${clip(primitive)}' is not a block with one input to insert into a wire`)
  return chain(
    d,
    (x) => addBlock(x, primitive, at),
    (x, id) => connect(x, wire.from, { node: id, port: input.id }),
    (x, id) => connect(x, { node: id, port: output.id }, wire.to),
  )
}
