type Point = { x: number; y: number }

// libavoid nudges parallel segments of different wires apart, but not always: a segment lying on the edge
// of a node's clearance is sometimes left on top of another (seen in the randomised tests). Two nets on one
// line would look joined, the one lie a wire diagram must never tell, so what libavoid leaves is checked here
// and a segment of one of the two is moved aside, a few pixels at a time, to where it meets no node and no
// other net. The ends of a route are held at their ports and never moved.

export interface Obstacle {
  x: number
  y: number
  width: number
  height: number
}

const EPS = 0.5
const STEPS = [4, -4, 8, -8, 12, -12, 16, -16, 24, -24, 32, -32]
const PASSES = 8
/** What stays of a first or last segment at its port when the rest of it is moved. */
const STUB = 8

/**
 * Moves segments of `routes` (changed in place) until no two nets share a stretch of line. A route may come
 * back with repeated or collinear corners.
 */
export function separate(routes: Map<string, Point[]>, netOf: (id: string) => string, obstacles: readonly Obstacle[]): void {
  for (let pass = 0; pass < PASSES; pass++) {
    const clashes = findClashes(routes, netOf)
    if (clashes.length === 0) return
    const fixed = clashes.some((pair) =>
      pair.some(([id, i]) => {
        const [route, at] = movable(routes.get(id)!, i)
        const better = at === null ? null : shifted(route, at, routes, netOf, netOf(id), obstacles)
        if (better) routes.set(id, better)
        return better !== null
      }),
    )
    if (!fixed) return
  }
}

/**
 * The route and the index of segment i in it, made movable: the first and last segments are held at their
 * ports, so of those only the part beyond a stub can move (a corner of no length is put in to turn on).
 */
function movable(route: Point[], i: number): [Point[], number | null] {
  const last = route.length - 2
  if (i > 0 && i < last) return [route, i]
  const [port, far] = i === 0 ? [route[0], route[1]] : [route[route.length - 1], route[route.length - 2]]
  const length = Math.abs(far.x - port.x) + Math.abs(far.y - port.y)
  if (length <= 2 * STUB) return [route, null]
  const stub = { x: port.x + (Math.sign(far.x - port.x) * STUB), y: port.y + (Math.sign(far.y - port.y) * STUB) }
  if (i === 0) return [[route[0], stub, { ...stub }, ...route.slice(1)], 2]
  return [[...route.slice(0, -1), { ...stub }, stub, route[route.length - 1]], route.length - 2]
}

type Segment = { id: string; i: number; horizontal: boolean; at: number; a: number; b: number }

function segmentsOf(id: string, route: Point[]): Segment[] {
  const out: Segment[] = []
  for (let i = 1; i < route.length; i++) {
    const [p, q] = [route[i - 1], route[i]]
    const horizontal = Math.abs(p.y - q.y) <= EPS
    out.push(horizontal ? { id, i: i - 1, horizontal, at: p.y, a: Math.min(p.x, q.x), b: Math.max(p.x, q.x) } : { id, i: i - 1, horizontal, at: p.x, a: Math.min(p.y, q.y), b: Math.max(p.y, q.y) })
  }
  return out
}

const overlaps = (s: Segment, t: Segment) => s.horizontal === t.horizontal && Math.abs(s.at - t.at) <= EPS && Math.min(s.b, t.b) - Math.max(s.a, t.a) > EPS

/** Pairs of segments of different nets on one line, as [wire, segment index] of each. */
function findClashes(routes: Map<string, Point[]>, netOf: (id: string) => string): [string, number][][] {
  const clashes: [string, number][][] = []
  const lines = new Map<string, Segment[]>()
  for (const [id, route] of routes) {
    for (const s of segmentsOf(id, route)) {
      const key = `${s.horizontal ? 'h' : 'v'}${Math.round(s.at)}`
      for (const k of [key, `${s.horizontal ? 'h' : 'v'}${Math.round(s.at) - 1}`, `${s.horizontal ? 'h' : 'v'}${Math.round(s.at) + 1}`]) {
        for (const t of lines.get(k) ?? []) {
          if (netOf(t.id) !== netOf(id) && overlaps(s, t)) clashes.push([[s.id, s.i], [t.id, t.i]])
        }
      }
      lines.set(key, [...(lines.get(key) ?? []), s])
    }
  }
  return clashes
}

/** The route with segment i moved sideways to a clear place, or null if there is none near. */
function shifted(route: Point[], i: number, routes: Map<string, Point[]>, netOf: (id: string) => string, net: string, obstacles: readonly Obstacle[]): Point[] | null {
  const horizontal = Math.abs(route[i].y - route[i + 1].y) <= EPS
  const others: Segment[] = []
  for (const [id, r] of routes) if (netOf(id) !== net) others.push(...segmentsOf(id, r))
  for (const d of STEPS) {
    const next = route.map((p) => ({ ...p }))
    for (const k of [i, i + 1]) {
      if (horizontal) next[k].y += d
      else next[k].x += d
    }
    // A neighbour turned back on itself would draw a spike along its own line.
    const flips = [i - 1, i + 1].some((k) => {
      const [a, b] = k === i - 1 ? [i - 1, i] : [i + 1, i + 2]
      const axis = horizontal ? 'y' : 'x'
      return Math.sign(route[b][axis] - route[a][axis]) * Math.sign(next[b][axis] - next[a][axis]) < 0
    })
    if (flips) continue
    const touched = segmentsOf('', next).filter((s) => s.i >= i - 1 && s.i <= i + 1)
    if (touched.some((s) => obstacles.some((o) => inside(s, o)))) continue
    if (touched.some((s) => others.some((t) => overlaps(s, t)))) continue
    return next
  }
  return null
}

function inside(s: Segment, o: Obstacle): boolean {
  const [x0, x1, y0, y1] = s.horizontal ? [s.a, s.b, s.at, s.at] : [s.at, s.at, s.a, s.b]
  return x1 > o.x + EPS && x0 < o.x + o.width - EPS && y1 > o.y + EPS && y0 < o.y + o.height - EPS
}
