import { clip } from '../clip'
import { ARRAY_CONSTANT } from '../expr/ast'
import { findPrimitive, isPaletteId } from '../primitives/table'
import { type Fragment, fragmentProblem, isFinitePoint } from './fragment'
import { freshIds, freshNames } from './fresh'
import { type Block, commentProblem, type Diagram, type End, entryOf, idMap, nameProblem, type Point, type Value, type Wire } from './model'
import { nodeIndex } from './ports'
import { lengthOf } from './shapes'

export { copyFragment, type Fragment } from './fragment'
export { freshIds } from './fresh'

// Every change to a diagram, as a pure function from a diagram to a new one. The editor calls nothing else
// to change the document, so undo is a list of diagrams and the view can always be rebuilt from one.
// Each edit says what kind of change it is: the evaluator recompiles only after structural changes.
// An edit either gives a diagram that saves and opens again, or refuses with an EditError and changes
// nothing; user text in its messages is clipped.

export type EditKind = 'structure' | 'value' | 'layout' | 'name'

export interface Edited {
  /** The same object as the diagram given when the edit changes nothing: no undo step, no unsaved change. */
  diagram: Diagram
  kind: EditKind
  /** Ids the edit created (blocks, terminals, wires), for selecting them. */
  created: string[]
}

/** An edit that changes nothing hands back the very diagram it was given. */
const unchanged = (d: Diagram, kind: EditKind): Edited => ({ diagram: d, kind, created: [] })

export class EditError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'EditError'
  }
}

/** A copy of a map keyed by ids (a loop: Object.assign is twice as slow on maps of thousands of ids). */
function copyMap<T>(m: Record<string, T>): Record<string, T> {
  const copy = idMap<T>()
  for (const id of Object.keys(m)) copy[id] = m[id]
  return copy
}

const clone = (d: Diagram): Diagram => ({
  ...d,
  inputs: [...d.inputs],
  outputs: [...d.outputs],
  blocks: [...d.blocks],
  wires: [...d.wires],
  layout: { positions: copyMap(d.layout.positions), ranges: copyMap(d.layout.ranges), comments: copyMap(d.layout.comments ?? {}) },
})

/** All ids in use, so that new ones never collide. */
function usedIds(d: Diagram): Set<string> {
  const used = new Set<string>()
  for (const list of [d.inputs, d.outputs, d.blocks, d.wires]) for (const x of list) used.add(x.id)
  for (const id of Object.keys(d.layout.comments ?? {})) used.add(id)
  return used
}

function checkPoint(p: Point): void {
  if (!isFinitePoint(p)) throw new EditError('a position must be a pair of finite numbers')
}

/** What a new Array Constant holds, as LabVIEW's starts with elements to type over. */
export const NEW_ARRAY_CONSTANT: readonly number[] = [0, 0, 0]

export function addBlock(d: Diagram, primitive: string, at: Point, params: Record<string, number> = {}): Edited {
  const p = isPaletteId(primitive) ? findPrimitive(primitive) : undefined
  if (!p) throw new EditError(`unknown primitive '${clip(primitive)}'`)
  checkPoint(at)
  const values = p.params.map((q) => [q.id, (Object.hasOwn(params, q.id) ? params[q.id] : undefined) ?? q.default] as const)
  if (values.some(([, v]) => !Number.isFinite(v))) throw new EditError('a value must be a finite number')
  const next = clone(d)
  const id = freshIds(usedIds(d))('b')
  const block: Block = { id, primitive, params: Object.fromEntries(values) }
  if (p.holds) block.value = [...NEW_ARRAY_CONSTANT]
  next.blocks.push(block)
  next.layout.positions[id] = { ...at }
  return { diagram: next, kind: 'structure', created: [id] }
}

/** A name given for a new terminal: it must follow the name rule and be free. */
function checkNewName(d: Diagram, name: string): void {
  const problem = nameProblem(name)
  if (problem) throw new EditError(`a name ${problem}`)
  if (d.inputs.some((t) => t.name === name) || d.outputs.some((t) => t.name === name)) throw new EditError(`the name '${clip(name)}' is already taken`)
}

export function addInput(d: Diagram, at: Point, value = 0, name?: string): Edited {
  checkPoint(at)
  if (!Number.isFinite(value)) throw new EditError('a value must be a finite number')
  if (name !== undefined) checkNewName(d, name)
  const next = clone(d)
  const id = freshIds(usedIds(d))('i')
  next.inputs.push({ id, name: name ?? freshNames(d)(Array.from({ length: d.inputs.length + 1 }, (_, i) => `x${i + 1}`)), value })
  next.layout.positions[id] = { ...at }
  return { diagram: next, kind: 'structure', created: [id] }
}

export function addOutput(d: Diagram, at: Point, name?: string): Edited {
  checkPoint(at)
  if (name !== undefined) checkNewName(d, name)
  const next = clone(d)
  const id = freshIds(usedIds(d))('o')
  next.outputs.push({ id, name: name ?? freshNames(d)(['f', 'g', 'h']) })
  next.layout.positions[id] = { ...at }
  return { diagram: next, kind: 'structure', created: [id] }
}

const hasComment = (d: Diagram, id: string) => entryOf(d.layout.comments ?? {}, id) !== undefined

/** Removes nodes and every wire touching them, and comments. */
export function removeNodes(d: Diagram, ids: Iterable<string>): Edited {
  const gone = new Set(ids)
  if (![d.inputs, d.outputs, d.blocks].some((list) => list.some((n) => gone.has(n.id))) && ![...gone].some((id) => hasComment(d, id))) return unchanged(d, 'structure')
  const next = clone(d)
  next.inputs = d.inputs.filter((t) => !gone.has(t.id))
  next.outputs = d.outputs.filter((t) => !gone.has(t.id))
  next.blocks = d.blocks.filter((b) => !gone.has(b.id))
  next.wires = d.wires.filter((w) => !gone.has(w.from.node) && !gone.has(w.to.node))
  for (const id of gone) {
    delete next.layout.positions[id]
    delete next.layout.ranges[id]
    delete next.layout.comments![id]
  }
  return { diagram: next, kind: 'structure', created: [] }
}

export function removeWires(d: Diagram, ids: Iterable<string>): Edited {
  const gone = new Set(ids)
  const wires = d.wires.filter((w) => !gone.has(w.id))
  return wires.length === d.wires.length ? unchanged(d, 'structure') : { diagram: { ...clone(d), wires }, kind: 'structure', created: [] }
}

const sameEnd = (a: End, b: End) => a.node === b.node && a.port === b.port

/**
 * One wiring gesture as one edit: the wires a drag took away (an input end picked up, the wire an input
 * already had) and the wire it made, if any. Refused as a whole when the new wire is: then nothing the
 * gesture touched changes.
 */
export function rewire(d: Diagram, remove: Iterable<string>, wire?: { from: End; to: End }): Edited {
  const gone = new Set(remove)
  // A wire end picked up and dropped where it was leaves the wire as it was.
  if (wire && d.wires.some((w) => gone.has(w.id) && sameEnd(w.from, wire.from) && sameEnd(w.to, wire.to))) return unchanged(d, 'structure')
  const without = removeWires(d, gone)
  return wire ? connect(without.diagram, wire.from, wire.to) : without
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
  if (d.wires.some((w) => sameEnd(w.from, from) && sameEnd(w.to, to))) return unchanged(d, 'structure')
  const next = clone(d)
  next.wires = d.wires.filter((w) => !(w.to.node === to.node && w.to.port === to.port))
  const id = freshIds(usedIds(d))('w')
  next.wires.push({ id, from: { ...from }, to: { ...to } } satisfies Wire)
  return { diagram: next, kind: 'structure', created: [id] }
}

/** Moves nodes and comments; an id that is neither (one deleted while it was dragged) is passed over. */
export function moveNodes(d: Diagram, positions: Record<string, Point>): Edited {
  const entries = Object.entries(positions)
  for (const [, p] of entries) checkPoint(p)
  const nodes = new Set<string>()
  for (const list of [d.inputs, d.outputs, d.blocks]) for (const n of list) nodes.add(n.id)
  const moves = (id: string, p: Point) => {
    const was = nodes.has(id) ? entryOf(d.layout.positions, id) : entryOf(d.layout.comments ?? {}, id)
    return (nodes.has(id) || was !== undefined) && (was === undefined || was.x !== p.x || was.y !== p.y)
  }
  // A click on a block is a drag that went nowhere: it is no change.
  if (!entries.some(([id, p]) => moves(id, p))) return unchanged(d, 'layout')
  const next = clone(d)
  for (const [id, p] of entries) {
    if (nodes.has(id)) next.layout.positions[id] = { x: p.x, y: p.y }
    else if (hasComment(d, id)) next.layout.comments![id] = { ...next.layout.comments![id], x: p.x, y: p.y }
  }
  return { diagram: next, kind: 'layout', created: [] }
}

const sameValue = (a: Value, b: Value) =>
  typeof a === 'number' || typeof b === 'number' ? Object.is(a, b) : a.length === b.length && a.every((x, i) => Object.is(x, b[i]))

/** A number, or an array of numbers; an array of another length changes the diagram's shapes. */
export function setInputValue(d: Diagram, id: string, value: Value): Edited {
  if (typeof value === 'number' ? !Number.isFinite(value) : !value.every(Number.isFinite)) throw new EditError('a value must be a finite number')
  const old = d.inputs.find((t) => t.id === id)
  if (!old || sameValue(old.value, value)) return unchanged(d, 'value')
  const kind = lengthOf(old.value) === lengthOf(value) ? 'value' : 'structure'
  // A slider sends many of these: share everything but the inputs rather than copy the whole diagram.
  return { diagram: { ...d, inputs: d.inputs.map((t) => (t.id === id ? { ...t, value: typeof value === 'number' ? value : [...value] } : t)) }, kind, created: [] }
}

export function setParam(d: Diagram, blockId: string, param: string, value: number): Edited {
  if (!Number.isFinite(value)) throw new EditError('a value must be a finite number')
  const block = d.blocks.find((b) => b.id === blockId)
  const p = block && findPrimitive(block.primitive)
  if (!block || !p) throw new EditError(`there is no block '${clip(blockId)}'`)
  if (!p.params.some((q) => q.id === param)) throw new EditError(`${p.labview} has no parameter '${clip(param)}'`)
  if (Object.is(block.params[param], value)) return unchanged(d, 'value')
  // An Array palette block's parameters are lengths and offsets: they change the shapes, so a recompile.
  const kind = p.array ? 'structure' : 'value'
  return { diagram: { ...d, blocks: d.blocks.map((b) => (b.id === blockId ? { ...b, params: { ...b.params, [param]: value } } : b)) }, kind, created: [] }
}

/**
 * What a constant holds, typed as on the front panel: a number makes it a Numeric Constant and an array an
 * Array Constant, keeping its id, place and wires. Its wire then carries what it holds, so a change of kind
 * or length is a change of structure.
 */
export function setConstantValue(d: Diagram, blockId: string, value: Value): Edited {
  if (typeof value === 'number' ? !Number.isFinite(value) : !value.every(Number.isFinite)) throw new EditError('a value must be a finite number')
  const block = d.blocks.find((b) => b.id === blockId)
  if (!block || (block.primitive !== 'constant' && block.primitive !== ARRAY_CONSTANT)) throw new EditError(`there is no constant '${clip(blockId)}'`)
  if (typeof value === 'number') {
    if (block.primitive === 'constant') return setParam(d, blockId, 'value', value)
    return { diagram: { ...d, blocks: d.blocks.map((b) => (b.id === blockId ? { id: b.id, primitive: 'constant', params: { value } } : b)) }, kind: 'structure', created: [] }
  }
  if (block.value && sameValue(block.value, value)) return unchanged(d, 'structure')
  return { diagram: { ...d, blocks: d.blocks.map((b) => (b.id === blockId ? { id: b.id, primitive: ARRAY_CONSTANT, params: {}, value: [...value] } : b)) }, kind: 'structure', created: [] }
}

export function renameTerminal(d: Diagram, id: string, name: string): Edited {
  const problem = nameProblem(name)
  if (problem) throw new EditError(`a name ${problem}`)
  if ([...d.inputs, ...d.outputs].some((t) => t.name === name && t.id !== id)) throw new EditError(`the name '${clip(name)}' is already taken`)
  if (![...d.inputs, ...d.outputs].some((t) => t.id === id && t.name !== name)) return unchanged(d, 'name')
  const next = clone(d)
  next.inputs = d.inputs.map((t) => (t.id === id ? { ...t, name } : t))
  next.outputs = d.outputs.map((t) => (t.id === id ? { ...t, name } : t))
  return { diagram: next, kind: 'name', created: [] }
}

export function setRange(d: Diagram, id: string, min: number, max: number): Edited {
  if (!(Number.isFinite(min) && Number.isFinite(max) && min < max)) throw new EditError('a range needs finite min < max')
  if (!d.inputs.some((t) => t.id === id)) throw new EditError(`there is no input '${clip(id)}'`)
  const was = entryOf(d.layout.ranges, id)
  if (was && Object.is(was.min, min) && Object.is(was.max, max)) return unchanged(d, 'layout')
  const next = clone(d)
  next.layout.ranges[id] = { min, max }
  return { diagram: next, kind: 'layout', created: [] }
}

/** A comment (a free text label) with its top-left corner at `at`. */
export function addComment(d: Diagram, at: Point, text: string): Edited {
  checkPoint(at)
  const problem = commentProblem(text)
  if (problem) throw new EditError(`a comment ${problem}`)
  const next = clone(d)
  const id = freshIds(usedIds(d))('c')
  next.layout.comments![id] = { x: at.x, y: at.y, text }
  return { diagram: next, kind: 'layout', created: [id] }
}

/** New text for a comment; empty text deletes it, as clearing a label does in LabVIEW. */
export function setCommentText(d: Diagram, id: string, text: string): Edited {
  const was = entryOf(d.layout.comments ?? {}, id)
  if (!was) throw new EditError(`there is no comment '${clip(id)}'`)
  if (text.trim() === '') return removeNodes(d, [id])
  const problem = commentProblem(text)
  if (problem) throw new EditError(`a comment ${problem}`)
  if (was.text === text) return unchanged(d, 'layout')
  const next = clone(d)
  next.layout.comments![id] = { ...was, text }
  return { diagram: next, kind: 'layout', created: [] }
}

export function setTitle(d: Diagram, title: string): Edited {
  if (title === d.title) return unchanged(d, 'name')
  return { diagram: { ...clone(d), title }, kind: 'name', created: [] }
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
  checkPoint(at)
  // Its top-left corner (or the origin, if that is further up or left) goes to `at`.
  let left = 0
  let top = 0
  for (const p of Object.values(other.layout.positions)) {
    left = Math.min(left, p.x)
    top = Math.min(top, p.y)
  }
  const { inputs, outputs, blocks, wires } = other
  return addFragment(d, { inputs, outputs, blocks, wires, positions: other.layout.positions }, { x: at.x - left, y: at.y - top }, true)
}

/** Adds a fragment's nodes and wires under fresh ids; its inputs may join existing inputs of the same name. */
function addFragment(d: Diagram, f: Fragment, offset: Point, joinInputsByName: boolean): Edited {
  checkPoint(offset)
  const problem = fragmentProblem(f)
  if (problem) throw new EditError(`cannot add these nodes: ${problem}`)
  const next = clone(d)
  const freshId = freshIds(usedIds(d))
  const freshName = freshNames(d)
  const inputByName = new Map<string, string>()
  if (joinInputsByName) for (const t of d.inputs) inputByName.set(t.name, t.id)
  const rename = new Map<string, string>()
  const created: string[] = []
  const place = (oldId: string, newId: string) => {
    const p = entryOf(f.positions, oldId) ?? { x: 0, y: 0 }
    const at = { x: p.x + offset.x, y: p.y + offset.y }
    checkPoint(at) // two large finite numbers can add up to Infinity
    next.layout.positions[newId] = at
    rename.set(oldId, newId)
    created.push(newId)
  }
  for (const t of f.inputs) {
    const existing = inputByName.get(t.name)
    if (existing !== undefined) {
      rename.set(t.id, existing)
      continue
    }
    // A new input joins nothing later: had x been renamed x2, the formula's own x2 must stay apart from it.
    const id = freshId('i')
    next.inputs.push({ id, name: freshName([t.name]), value: t.value })
    place(t.id, id)
  }
  for (const t of f.outputs) {
    const id = freshId('o')
    next.outputs.push({ id, name: freshName([t.name]) })
    place(t.id, id)
  }
  for (const b of f.blocks) {
    const id = freshId('b')
    const params: Record<string, number> = {}
    for (const q of findPrimitive(b.primitive)!.params) params[q.id] = b.params && Object.hasOwn(b.params, q.id) ? b.params[q.id] : q.default
    next.blocks.push(b.value ? { id, primitive: b.primitive, params, value: [...b.value] } : { id, primitive: b.primitive, params })
    place(b.id, id)
  }
  for (const w of f.wires) {
    const id = freshId('w')
    next.wires.push({ id, from: { node: rename.get(w.from.node)!, port: w.from.port }, to: { node: rename.get(w.to.node)!, port: w.to.port } })
    created.push(id)
  }
  for (const c of Object.values(f.comments ?? {})) {
    const id = freshId('c')
    const at = { x: c.x + offset.x, y: c.y + offset.y }
    checkPoint(at)
    next.layout.comments![id] = { ...at, text: c.text }
    created.push(id)
  }
  return { diagram: next, kind: 'structure', created }
}
