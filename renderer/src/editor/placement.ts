import type { Comment, Diagram, Point } from '../../../core'
import { commentShape, nodeKind, shapeOf } from './geometry'
import { type Box, Grid, meets } from './grid'

// Where something new goes: Insert Formula, paste, Quick Drop and the palette put what they add in free
// space as near as they can to where the user asked (the pointer, or the view's centre), never on top of
// blocks already there.

/** Space kept around every node, so that a new block does not touch an old one and wires fit between. */
const MARGIN = 24
/** Candidate places are this far apart, in rings around the place asked for. */
const STEP = 16
/** Rings searched before giving up and placing below everything (about 3,000 px each way). */
const RINGS = 200
/** Places tested at most, before placing below everything. */
const MAX_TRIES = 40_000

export interface Size {
  width: number
  height: number
}

type Nodes = Pick<Diagram, 'inputs' | 'outputs' | 'blocks'>

/** The box of every node and comment of a diagram. */
export function diagramBoxes(d: Diagram): Box[] {
  return nodeBoxes(d, d.layout.positions, d.layout.comments)
}

/** The box of every placed node and comment (of a diagram, or of a fragment being pasted), from their known shapes. */
export function nodeBoxes(d: Nodes, positions: Readonly<Record<string, Point>>, comments: Readonly<Record<string, Comment>> = {}): Box[] {
  const box = (id: string, size: Size): Box[] => {
    const p = Object.hasOwn(positions, id) ? positions[id] : undefined
    return p ? [{ x0: p.x, y0: p.y, x1: p.x + size.width, y1: p.y + size.height }] : []
  }
  return [
    ...d.inputs.flatMap((t) => box(t.id, shapeOf('input'))),
    ...d.outputs.flatMap((t) => box(t.id, shapeOf('output'))),
    ...d.blocks.flatMap((b) => box(b.id, shapeOf(nodeKind(b.primitive), b.primitive))),
    ...Object.values(comments).map((c) => {
      const { width, height } = commentShape(c.text)
      return { x0: c.x, y0: c.y, x1: c.x + width, y1: c.y + height }
    }),
  ]
}

/** The box around some boxes; null for none. */
export function around(boxes: Iterable<Box>): Box | null {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const b of boxes) [x0, y0, x1, y1] = [Math.min(x0, b.x0), Math.min(y0, b.y0), Math.max(x1, b.x1), Math.max(y1, b.y1)]
  return x0 === Infinity ? null : { x0, y0, x1, y1 }
}

/**
 * The top-left corner nearest `want` at which a box of `size` keeps MARGIN clear of every box in `taken`:
 * `want` itself when that is free, else the nearest free place on rings of growing size around it.
 */
export function freeSpot(taken: readonly Box[], size: Size, want: Point): Point {
  const grid = new Grid()
  taken.forEach((b, i) => grid.add(String(i), { x0: b.x0 - MARGIN, y0: b.y0 - MARGIN, x1: b.x1 + MARGIN, y1: b.y1 + MARGIN }))
  const free = (at: Point): boolean => {
    // Touching edges are allowed: meets() counts them, so the box tested is shrunk by a hair.
    const box = { x0: at.x + 0.5, y0: at.y + 0.5, x1: at.x + size.width - 0.5, y1: at.y + size.height - 0.5 }
    return !grid.some(box, (id) => {
      const b = taken[Number(id)]
      return meets(box, { x0: b.x0 - MARGIN, y0: b.y0 - MARGIN, x1: b.x1 + MARGIN, y1: b.y1 + MARGIN })
    })
  }
  const start = { x: Math.round(want.x), y: Math.round(want.y) }
  if (free(start)) return start
  // A large box (10,000 pasted blocks) is looked for in coarser steps, and in a bounded number of places.
  const step = Math.max(STEP, Math.round(Math.min(size.width, size.height) / 4 / STEP) * STEP)
  let tried = 0
  for (let r = 1; r <= RINGS && tried < MAX_TRIES; r++) {
    // The ring's places, nearest first; ties go right, then down (the way a diagram reads).
    const ring: Point[] = []
    for (let i = -r; i <= r; i++) ring.push({ x: i, y: -r }, { x: i, y: r })
    for (let j = -r + 1; j <= r - 1; j++) ring.push({ x: -r, y: j }, { x: r, y: j })
    ring.sort((a, b) => Math.hypot(a.x, a.y) - Math.hypot(b.x, b.y) || b.x - a.x || b.y - a.y)
    for (const d of ring) {
      const at = { x: start.x + d.x * step, y: start.y + d.y * step }
      if (free(at)) return at
      tried++
    }
  }
  const all = around(taken)
  return all ? { x: start.x, y: all.y1 + MARGIN + 1 } : start
}

/**
 * How far to shift nodes (a pasted fragment, an inserted formula) whose boxes are `boxes` so that all of them
 * land in free space, their top-left corner as near as it can be to `want`.
 */
export function freeOffset(taken: readonly Box[], boxes: readonly Box[], want: Point): Point {
  const box = around(boxes)
  if (!box) return { x: 0, y: 0 }
  const at = freeSpot(taken, { width: box.x1 - box.x0, height: box.y1 - box.y0 }, want)
  return { x: at.x - box.x0, y: at.y - box.y0 }
}
