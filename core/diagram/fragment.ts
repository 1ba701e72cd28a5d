import { clip } from '../clip'
import { findPrimitive, isPaletteId } from '../primitives/table'
import { type Block, type Comment, commentProblem, type Diagram, entryOf, idMap, nameProblem, type Point, TERMINAL_PORT, type Wire } from './model'

// What Copy takes and Paste puts back. A fragment may one day come from outside (the system clipboard, a
// drop), so before one is added to a diagram it is checked as the loader checks a file: a paste never makes
// a diagram that would not save and open again.

/** Nodes, the wires between them and their positions, and comments (absent from a fragment that has none). */
export interface Fragment {
  inputs: Diagram['inputs']
  outputs: Diagram['outputs']
  blocks: Block[]
  wires: Wire[]
  positions: Record<string, Point>
  comments?: Record<string, Comment>
}

/**
 * The selected nodes with the wires that run between them (wires leaving the selection are left out), and
 * the selected comments.
 */
export function copyFragment(d: Diagram, ids: Iterable<string>): Fragment {
  const keep = new Set(ids)
  const positions: Record<string, Point> = idMap()
  const comments: Record<string, Comment> = idMap()
  for (const id of keep) {
    const p = entryOf(d.layout.positions, id)
    if (p) positions[id] = { ...p }
    const c = entryOf(d.layout.comments ?? {}, id)
    if (c) comments[id] = { ...c }
  }
  return {
    inputs: d.inputs.filter((t) => keep.has(t.id)),
    outputs: d.outputs.filter((t) => keep.has(t.id)),
    blocks: d.blocks.filter((b) => keep.has(b.id)),
    wires: d.wires.filter((w) => keep.has(w.from.node) && keep.has(w.to.node)),
    positions,
    comments,
  }
}

export const isFinitePoint = (p: unknown): p is Point =>
  typeof p === 'object' && p !== null && Number.isFinite((p as Point).x) && Number.isFinite((p as Point).y)

const portIdsOf = new Map<string, { outs: string[]; ins: string[] }>()
/** A primitive's port ids, made once per primitive. */
function portIds(primitive: string): { outs: string[]; ins: string[] } {
  let ids = portIdsOf.get(primitive)
  if (!ids) {
    const p = findPrimitive(primitive)!
    ids = { outs: p.outputs.map((o) => o.id), ins: p.inputs.map((i) => i.id) }
    portIdsOf.set(primitive, ids)
  }
  return ids
}

/** Why a fragment cannot be added to a diagram, or undefined if it can. */
export function fragmentProblem(f: Fragment): string | undefined {
  // Port lists by node id: what a wire of the fragment may start and end at.
  const ports = new Map<string, { outs: readonly string[]; ins: readonly string[] }>()
  const node = (id: unknown, outs: readonly string[], ins: readonly string[]): string | undefined => {
    if (typeof id !== 'string') return 'a node has no id'
    if (ports.has(id)) return `two nodes have the id '${clip(id)}'`
    ports.set(id, { outs, ins })
    return undefined
  }
  const terminal = [TERMINAL_PORT]
  const none: string[] = []
  for (const t of [...f.inputs, ...f.outputs]) {
    const problem = nameProblem(t.name)
    if (problem) return `the name '${typeof t.name === 'string' ? clip(t.name) : '?'}' ${problem}`
  }
  for (const t of f.inputs) {
    if (Array.isArray(t.value) ? !t.value.every(Number.isFinite) : !Number.isFinite(t.value)) return `the value of '${clip(t.name)}' is not a finite number`
    const problem = node(t.id, terminal, none)
    if (problem) return problem
  }
  for (const t of f.outputs) {
    const problem = node(t.id, none, terminal)
    if (problem) return problem
  }
  for (const b of f.blocks) {
    const p = typeof b.primitive === 'string' && isPaletteId(b.primitive) ? findPrimitive(b.primitive) : undefined
    if (!p) return `unknown primitive '${typeof b.primitive === 'string' ? clip(b.primitive) : '?'}'`
    const params = b.params ?? {}
    for (const key of Object.keys(params)) {
      if (!p.params.some((q) => q.id === key)) return `${p.labview} has no parameter '${clip(key)}'`
      if (!Number.isFinite(params[key])) return `parameter '${key}' of ${p.labview} is not a finite number`
    }
    if (p.holds && !(Array.isArray(b.value) && b.value.every(Number.isFinite))) return `the value of Array Constant '${clip(String(b.id))}' is not an array of finite numbers`
    if (!p.holds && b.value !== undefined) return `${p.labview} '${clip(String(b.id))}' holds no value`
    const problem = node(b.id, portIds(p.id).outs, portIds(p.id).ins)
    if (problem) return problem
  }
  for (const w of f.wires) {
    const from = w.from && ports.get(w.from.node)
    const to = w.to && ports.get(w.to.node)
    if (!from || !to) return 'a wire leaves them'
    if (!from.outs.includes(w.from.port) || !to.ins.includes(w.to.port)) return 'a wire does not run from an output port to an input port'
  }
  for (const id of ports.keys()) {
    const p = entryOf(f.positions, id)
    if (p !== undefined && !isFinitePoint(p)) return `the position of '${clip(id)}' is not a pair of finite numbers`
  }
  for (const [id, c] of Object.entries(f.comments ?? {})) {
    if (ports.has(id)) return `two nodes have the id '${clip(id)}'`
    if (!isFinitePoint(c)) return `the position of comment '${clip(id)}' is not a pair of finite numbers`
    const problem = commentProblem(c.text)
    if (problem) return `comment '${clip(id)}' ${problem}`
  }
  return undefined
}
