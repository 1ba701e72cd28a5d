// What an honest wire route is, checked on plain geometry (the router's output in the unit tests, the
// page's path elements in the e2e tests): orthogonal, from its source port to its target port, through no
// node, and sharing no stretch of line with a wire of another net (wires from one output are one net and
// may run together).

export type Point = { x: number; y: number }
export interface Box { id: string; x: number; y: number; width: number; height: number }
export interface RoutedWire { id: string; net: string; from: Point; to: Point; route: Point[] }

/** Drawing is in whole and half pixels; anything closer than this is the same place. */
const EPS = 0.5

export function routeProblems(boxes: readonly Box[], wires: readonly RoutedWire[]): string[] {
  const problems: string[] = []
  const near = (p: Point, q: Point) => Math.abs(p.x - q.x) <= EPS && Math.abs(p.y - q.y) <= EPS
  const fmt = (p: Point) => `(${p.x}, ${p.y})`
  for (const w of wires) {
    const r = w.route
    if (r.length < 2) {
      problems.push(`${w.id}: no route`)
      continue
    }
    if (!near(r[0], w.from)) problems.push(`${w.id}: starts at ${fmt(r[0])}, its port is at ${fmt(w.from)}`)
    if (!near(r[r.length - 1], w.to)) problems.push(`${w.id}: ends at ${fmt(r[r.length - 1])}, its port is at ${fmt(w.to)}`)
    for (let i = 1; i < r.length; i++) {
      const [p, q] = [r[i - 1], r[i]]
      if (Math.abs(p.x - q.x) > EPS && Math.abs(p.y - q.y) > EPS) problems.push(`${w.id}: segment ${fmt(p)}–${fmt(q)} is not horizontal or vertical`)
      for (const b of boxes) {
        if (crossesInterior(p, q, b)) problems.push(`${w.id}: segment ${fmt(p)}–${fmt(q)} runs through ${b.id} (${b.x}, ${b.y}, ${b.width}×${b.height})`)
      }
    }
  }
  // Different nets: no collinear overlap of positive length.
  type Seg = { wire: RoutedWire; fixed: number; a: number; b: number }
  const lines = { h: new Map<number, Seg[]>(), v: new Map<number, Seg[]>() }
  for (const w of wires) {
    for (let i = 1; i < w.route.length; i++) {
      const [p, q] = [w.route[i - 1], w.route[i]]
      const horizontal = Math.abs(p.y - q.y) <= EPS
      const seg: Seg = horizontal ? { wire: w, fixed: p.y, a: Math.min(p.x, q.x), b: Math.max(p.x, q.x) } : { wire: w, fixed: p.x, a: Math.min(p.y, q.y), b: Math.max(p.y, q.y) }
      const key = Math.round(seg.fixed * 2)
      const map = horizontal ? lines.h : lines.v
      for (const k of [key - 1, key, key + 1]) {
        for (const other of map.get(k) ?? []) {
          if (other.wire.net === w.net || Math.abs(other.fixed - seg.fixed) > EPS) continue
          const overlap = Math.min(seg.b, other.b) - Math.max(seg.a, other.a)
          if (overlap > EPS) problems.push(`${w.id} and ${other.wire.id} (different nets) share ${horizontal ? 'y' : 'x'} = ${seg.fixed} for ${overlap} px`)
        }
      }
      map.set(key, [...(map.get(key) ?? []), seg])
    }
  }
  return problems
}

/** The segment p–q has a point strictly inside box b (touching its edge is not inside). */
function crossesInterior(p: Point, q: Point, b: Box): boolean {
  const [x0, x1] = [Math.min(p.x, q.x), Math.max(p.x, q.x)]
  const [y0, y1] = [Math.min(p.y, q.y), Math.max(p.y, q.y)]
  return x1 > b.x + EPS && x0 < b.x + b.width - EPS && y1 > b.y + EPS && y0 < b.y + b.height - EPS
}

/** The corners of an svg path made of M and L commands (what WireView and the old wireRoute draw). */
export function pathPoints(d: string): Point[] {
  const numbers = d.match(/-?\d+(\.\d+)?(e-?\d+)?/g) ?? []
  const points: Point[] = []
  for (let i = 0; i + 1 < numbers.length; i += 2) points.push({ x: Number(numbers[i]), y: Number(numbers[i + 1]) })
  return points
}
