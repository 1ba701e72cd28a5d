import { findPrimitive, isPaletteId } from '../primitives/table'
import { type Block, type Diagram, type End, idMap, nameProblem, type Point, type Wire } from './model'
import { nodeIndex } from './ports'

// Every change to a diagram, as a pure function from a diagram to a new one. The editor calls nothing else
// to change the document, so undo is a list of diagrams and the view can always be rebuilt from one.
// Each edit says what kind of change it is: the evaluator recompiles only after structural changes.

export type EditKind = 'structure' | 'value' | 'layout' | 'name'

export interface Edited {
  diagram: Diagram
  kind: EditKind
  /** Ids the edit created (blocks, terminals, wires), for selecting them. */
  created: string[]
}

export class EditError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'EditError'
  }
}

const clone = (d: Diagram): Diagram => ({
  ...d,
  inputs: [...d.inputs],
  outputs: [...d.outputs],
  blocks: [...d.blocks],
  wires: [...d.wires],
  layout: { positions: Object.assign(idMap(), d.layout.positions), ranges: Object.assign(idMap(), d.layout.ranges) },
})

/** All ids in use, so that new ones never collide. */
function usedIds(d: Diagram): Set<string> {
  return new Set([...d.inputs, ...d.outputs, ...d.blocks, ...d.wires].map((x) => x.id))
}

/** The next free id with this prefix: b1, b2, … */
export function freshId(used: Set<string>, prefix: string): string {
  let n = 1
  while (used.has(`${prefix}${n}`)) n++
  const id = `${prefix}${n}`
  used.add(id)
  return id
}

/** The first of `candidates` no terminal uses, else the first with the smallest free number appended. */
function freshName(d: Diagram, candidates: string[]): string {
  const taken = new Set([...d.inputs, ...d.outputs].map((t) => t.name))
  for (const c of candidates) if (!taken.has(c)) return c
  const base = candidates[0].replace(/\d+$/, '')
  let n = 2
  while (taken.has(`${base}${n}`)) n++
  return `${base}${n}`
}

export function addBlock(d: Diagram, primitive: string, at: Point, params: Record<string, number> = {}): Edited {
  const p = isPaletteId(primitive) ? findPrimitive(primitive) : undefined
  if (!p) throw new EditError(`unknown primitive '${primitive}'`)
  const next = clone(d)
  const id = freshId(usedIds(d), 'b')
  const block: Block = { id, primitive, params: Object.fromEntries(p.params.map((q) => [q.id, params[q.id] ?? q.default])) }
  next.blocks.push(block)
  next.layout.positions[id] = { ...at }
  return { diagram: next, kind: 'structure', created: [id] }
}

export function addInput(d: Diagram, at: Point, value = 0, name?: string): Edited {
  const next = clone(d)
  const id = freshId(usedIds(d), 'i')
  next.inputs.push({ id, name: name ?? freshName(d, Array.from({ length: d.inputs.length + 1 }, (_, i) => `x${i + 1}`)), value })
  next.layout.positions[id] = { ...at }
  return { diagram: next, kind: 'structure', created: [id] }
}

export function addOutput(d: Diagram, at: Point, name?: string): Edited {
  const next = clone(d)
  const id = freshId(usedIds(d), 'o')
  next.outputs.push({ id, name: name ?? freshName(d, ['f', 'g', 'h']) })
  next.layout.positions[id] = { ...at }
  return { diagram: next, kind: 'structure', created: [id] }
}

/** Removes nodes and every wire touching them. */
export function removeNodes(d: Diagram, ids: Iterable<string>): Edited {
  const gone = new Set(ids)
  const next = clone(d)
  next.inputs = d.inputs.filter((t) => !gone.has(t.id))
  next.outputs = d.outputs.filter((t) => !gone.has(t.id))
  next.blocks = d.blocks.filter((b) => !gone.has(b.id))
  next.wires = d.wires.filter((w) => !gone.has(w.from.node) && !gone.has(w.to.node))
  for (const id of gone) {
    delete next.layout.positions[id]
    delete next.layout.ranges[id]
  }
  return { diagram: next, kind: 'structure', created: [] }
}

export function removeWires(d: Diagram, ids: Iterable<string>): Edited {
  const gone = new Set(ids)
  return { diagram: { ...clone(d), wires: d.wires.filter((w) => !gone.has(w.id)) }, kind: 'structure', created: [] }
}

/** Would a wire from `from` to `to` close a loop? (Is `from` reachable from `to`?) */
function makesCycle(d: Diagram, from: string, to: string): boolean {
  if (from === to) return true
  const next = new Map<string, string[]>()
  for (const w of d.wires) {
    const list = next.get(w.from.node)
    if (list) list.push(w.to.node)
    else next.set(w.from.node, [w.to.node])
  }
  const seen = new Set([to])
  const stack = [to]
  while (stack.length > 0) {
    for (const n of next.get(stack.pop()!) ?? []) {
      if (n === from) return true
      if (!seen.has(n)) {
        seen.add(n)
        stack.push(n)
      }
    }
  }
  return false
}

/**
 * Wires an output port to an input port, replacing the wire already in that input. Refused, with the reason
 * the user reads, when the ports are not an output and an input, their types differ, or it would make a loop.
 */
export function connect(d: Diagram, from: End, to: End): Edited {
  const nodes = nodeIndex(d)
  const a = nodes.get(from.node)
  const b = nodes.get(to.node)
  const out = a?.outs.find((p) => p.id === from.port)
  const into = b?.ins.find((p) => p.id === to.port)
  if (!a || !b) throw new EditError('that wire joins something that is not in the diagram')
  if (!out || !into) throw new EditError('a wire runs from an output (right side) to an input (left side)')
  if (out.type !== into.type) {
    const what = (t: string) => (t === 'boolean' ? 'a Boolean (true/false)' : 'a number')
    throw new EditError(`that input takes ${what(into.type)}, but the wire carries ${what(out.type)}`)
  }
  if (makesCycle(d, from.node, to.node)) throw new EditError('that wire would make a loop; a diagram computes each value once')
  const next = clone(d)
  next.wires = d.wires.filter((w) => !(w.to.node === to.node && w.to.port === to.port))
  const id = freshId(usedIds(d), 'w')
  next.wires.push({ id, from: { ...from }, to: { ...to } } satisfies Wire)
  return { diagram: next, kind: 'structure', created: [id] }
}

export function moveNodes(d: Diagram, positions: Record<string, Point>): Edited {
  const next = clone(d)
  for (const [id, p] of Object.entries(positions)) next.layout.positions[id] = { x: p.x, y: p.y }
  return { diagram: next, kind: 'layout', created: [] }
}

export function setInputValue(d: Diagram, id: string, value: number): Edited {
  if (!Number.isFinite(value)) throw new EditError('a value must be a finite number')
  // A slider sends many of these: share everything but the inputs rather than copy the whole diagram.
  return { diagram: { ...d, inputs: d.inputs.map((t) => (t.id === id ? { ...t, value } : t)) }, kind: 'value', created: [] }
}

export function setParam(d: Diagram, blockId: string, param: string, value: number): Edited {
  if (!Number.isFinite(value)) throw new EditError('a value must be a finite number')
  return { diagram: { ...d, blocks: d.blocks.map((b) => (b.id === blockId ? { ...b, params: { ...b.params, [param]: value } } : b)) }, kind: 'value', created: [] }
}

export function renameTerminal(d: Diagram, id: string, name: string): Edited {
  const problem = nameProblem(name)
  if (problem) throw new EditError(`a name ${problem}`)
  if ([...d.inputs, ...d.outputs].some((t) => t.name === name && t.id !== id)) throw new EditError(`the name '${name}' is already taken`)
  const next = clone(d)
  next.inputs = d.inputs.map((t) => (t.id === id ? { ...t, name } : t))
  next.outputs = d.outputs.map((t) => (t.id === id ? { ...t, name } : t))
  return { diagram: next, kind: 'name', created: [] }
}

export function setRange(d: Diagram, id: string, min: number, max: number): Edited {
  if (!(Number.isFinite(min) && Number.isFinite(max) && min < max)) throw new EditError('a range needs finite min < max')
  const next = clone(d)
  next.layout.ranges[id] = { min, max }
  return { diagram: next, kind: 'layout', created: [] }
}

export function setTitle(d: Diagram, title: string): Edited {
  return { diagram: { ...clone(d), title }, kind: 'name', created: [] }
}

/** Nodes, the wires between them and their positions: what Copy takes and Paste puts back. */
export interface Fragment {
  inputs: Diagram['inputs']
  outputs: Diagram['outputs']
  blocks: Block[]
  wires: Wire[]
  positions: Record<string, Point>
}

/** The selected nodes with the wires that run between them (wires leaving the selection are left out). */
export function copyFragment(d: Diagram, ids: Iterable<string>): Fragment {
  const keep = new Set(ids)
  const positions: Record<string, Point> = idMap()
  for (const id of keep) if (d.layout.positions[id]) positions[id] = { ...d.layout.positions[id] }
  return {
    inputs: d.inputs.filter((t) => keep.has(t.id)),
    outputs: d.outputs.filter((t) => keep.has(t.id)),
    blocks: d.blocks.filter((b) => keep.has(b.id)),
    wires: d.wires.filter((w) => keep.has(w.from.node) && keep.has(w.to.node)),
    positions,
  }
}

/** Pastes a fragment with fresh ids (and fresh terminal names), shifted by `offset`. */
export function pasteFragment(d: Diagram, f: Fragment, offset: Point): Edited {
  return addFragment(d, f, offset, false)
}

/**
 * Merges another diagram (a formula's) into this one at `at`: its inputs join the inputs of the same name,
 * its outputs become new output terminals, its blocks and wires are added with fresh ids.
 */
export function insertDiagram(d: Diagram, other: Diagram, at: Point): Edited {
  // Its top-left corner (or the origin, if that is further up or left) goes to `at`.
  const laid = Object.values(other.layout.positions)
  const origin = { x: Math.min(0, ...laid.map((p) => p.x)), y: Math.min(0, ...laid.map((p) => p.y)) }
  const positions: Record<string, Point> = idMap()
  for (const n of [...other.inputs, ...other.outputs, ...other.blocks]) {
    const p = other.layout.positions[n.id] ?? { x: 0, y: 0 }
    positions[n.id] = { x: p.x - origin.x, y: p.y - origin.y }
  }
  return addFragment(d, { ...other, positions }, at, true)
}

/** Adds a fragment's nodes and wires under fresh ids; its inputs may join existing inputs of the same name. */
function addFragment(d: Diagram, f: Fragment, offset: Point, joinInputsByName: boolean): Edited {
  const next = clone(d)
  const used = usedIds(d)
  const rename = new Map<string, string>()
  const created: string[] = []
  const place = (oldId: string, newId: string) => {
    const p = f.positions[oldId] ?? { x: 0, y: 0 }
    next.layout.positions[newId] = { x: p.x + offset.x, y: p.y + offset.y }
    rename.set(oldId, newId)
    created.push(newId)
  }
  for (const t of f.inputs) {
    const existing = joinInputsByName ? next.inputs.find((x) => x.name === t.name) : undefined
    if (existing) {
      rename.set(t.id, existing.id)
      continue
    }
    const id = freshId(used, 'i')
    next.inputs.push({ id, name: freshName(next, [t.name]), value: t.value })
    place(t.id, id)
  }
  for (const t of f.outputs) {
    const id = freshId(used, 'o')
    next.outputs.push({ id, name: freshName(next, [t.name]) })
    place(t.id, id)
  }
  for (const b of f.blocks) {
    const id = freshId(used, 'b')
    next.blocks.push({ ...b, id, params: { ...b.params } })
    place(b.id, id)
  }
  for (const w of f.wires) {
    const id = freshId(used, 'w')
    next.wires.push({ id, from: { node: rename.get(w.from.node)!, port: w.from.port }, to: { node: rename.get(w.to.node)!, port: w.to.port } })
    created.push(id)
  }
  return { diagram: next, kind: 'structure', created }
}
