import { findPrimitive } from '../../../core'

// Where things are on a node, in one place: the node component draws its sockets here and the socket-position
// watcher computes wire ends from here, with arithmetic instead of measuring the DOM (which forces layout,
// and whose stock watcher is quadratic in the number of wires).

export type NodeKind = 'block' | 'input' | 'output' | 'constant'

export interface PortPlace {
  id: string
  /** Offset of the port from the node's top-left corner. */
  x: number
  y: number
  type: 'number' | 'boolean'
}

export interface NodeShape {
  width: number
  height: number
  inputs: PortPlace[]
  outputs: PortPlace[]
}

const TERMINAL = { width: 112, height: 56 }
const CONSTANT = { width: 72, height: 30 }
/** Room for a length and the first elements on one line. */
const ARRAY_CONSTANT_WIDTH = 110
const BLOCK = 46

function spread(ports: { id: string; type: 'number' | 'boolean' }[], x: number, height: number): PortPlace[] {
  return ports.map((p, i) => ({ id: p.id, x, y: Math.round((height * (i + 1)) / (ports.length + 1)), type: p.type }))
}

export function nodeKind(primitive: string | undefined): NodeKind {
  if (primitive === undefined) return 'block'
  // A constant is a block with a number (or an array: an Array Constant) to type and nothing to wire into
  // it; an Array palette block with parameters (lengths, offsets) is a block, its parameters set in the
  // inspector.
  const p = findPrimitive(primitive)
  return p && (p.params.length > 0 || p.holds) && p.inputs.length === 0 ? 'constant' : 'block'
}

export function shapeOf(kind: NodeKind | 'input' | 'output', primitive?: string): NodeShape {
  if (kind === 'input') return { ...TERMINAL, inputs: [], outputs: [{ id: 'value', x: TERMINAL.width, y: TERMINAL.height / 2, type: 'number' }] }
  if (kind === 'output') return { ...TERMINAL, inputs: [{ id: 'value', x: 0, y: TERMINAL.height / 2, type: 'number' }], outputs: [] }
  const p = findPrimitive(primitive ?? '')
  if (!p) return { width: BLOCK, height: BLOCK, inputs: [], outputs: [] }
  if (kind === 'constant' || p.inputs.length === 0) {
    const width = p.holds ? ARRAY_CONSTANT_WIDTH : p.params.length ? CONSTANT.width : 40
    return { width, height: CONSTANT.height, inputs: [], outputs: spread(p.outputs, width, CONSTANT.height) }
  }
  const height = Math.max(BLOCK, 22 * Math.max(p.inputs.length, p.outputs.length) + 8)
  return {
    width: BLOCK,
    height,
    inputs: spread(p.inputs, 0, height),
    outputs: spread(p.outputs, BLOCK, height),
  }
}

type Point = { x: number; y: number }

/**
 * The corners of a wire's path, drawn orthogonally as LabVIEW draws wires: across at the source's height
 * to halfway, up or down, across into the target; a wire that runs backwards goes out, around and in.
 * WireView draws it and culling tests it against the view.
 */
export function wireRoute(s: Point, e: Point): Point[] {
  if (e.x >= s.x + 16) {
    const mx = Math.round((s.x + e.x) / 2)
    return [s, { x: mx, y: s.y }, { x: mx, y: e.y }, e]
  }
  const midY = Math.round((s.y + e.y) / 2) + (Math.abs(e.y - s.y) < 60 ? (e.y > s.y ? 40 : -40) : 0)
  return [s, { x: s.x + 12, y: s.y }, { x: s.x + 12, y: midY }, { x: e.x - 12, y: midY }, { x: e.x - 12, y: e.y }, e]
}

/** Where a wire's label goes (its top-left corner): under the input terminal the wire starts at, under the
 * indicator it ends at, or just right of and below a block's output. */
export function labelAt(anchor: 'input' | 'indicator' | 'port', s: Point, e: Point): Point {
  if (anchor === 'input') return { x: s.x - TERMINAL.width, y: s.y + 34 }
  if (anchor === 'indicator') return { x: e.x, y: e.y + 34 }
  return { x: s.x + 6, y: s.y + 8 }
}

/** A comment's box: as wide as its longest line (within bounds) and as tall as its lines, wrapped. */
export function commentShape(text: string): NodeShape {
  const CHAR = 7
  const LINE = 16
  const MAX_CHARS = 48
  const lines = text.split('\n')
  const longest = Math.min(MAX_CHARS, Math.max(6, ...lines.map((l) => l.length)))
  const rows = lines.reduce((n, l) => n + Math.max(1, Math.ceil(l.length / MAX_CHARS)), 0)
  return { width: longest * CHAR + 20, height: Math.min(rows, 40) * LINE + 14, inputs: [], outputs: [] }
}
