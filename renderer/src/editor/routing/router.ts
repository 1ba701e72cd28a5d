import type { Avoid } from './avoid'
import { separate } from './separate'

// Wire routes by libavoid (Adaptagrams): orthogonal, around every node, and with the segments of different
// wires nudged apart so that two nets never look joined. One Router lives as long as the diagram: each
// update() says where everything is now, and only what changed goes into libavoid's transaction (a moved
// node is a moveShape), so that libavoid reroutes just the wires that the change touches. Pure: the worker
// and the tests hand it a loaded libavoid.

export type Point = { x: number; y: number }

export interface RoutePort {
  id: string
  side: 'input' | 'output'
  /** Offset from the node's top-left corner; on its left edge (inputs) or right edge (outputs). */
  x: number
  y: number
}

export interface RouteNode {
  id: string
  x: number
  y: number
  width: number
  height: number
  ports: RoutePort[]
}

export interface RouteWire {
  id: string
  from: { node: string; port: string }
  to: { node: string; port: string }
}

/** Space kept between a wire and a node it passes, and between parallel segments of different nets. */
const CLEARANCE = 8
const SPACING = 8

interface Shape {
  ref: AvoidObject
  node: RouteNode
  /** Width, height and ports: when these change the shape and its pins are made again. */
  form: string
  pins: Map<string, number>
}

interface Connector {
  ref: AvoidObject
  wire: RouteWire
  /** The shapes it was made against: a shape made again takes its connectors with it. */
  ends: [AvoidObject, AvoidObject]
}

// libavoid's objects as its WebIDL glue hands them out.
type AvoidObject = any // eslint-disable-line @typescript-eslint/no-explicit-any

export class Router {
  private readonly router: AvoidObject
  private readonly shapes = new Map<string, Shape>()
  private readonly connectors = new Map<string, Connector>()
  private readonly routes = new Map<string, Point[]>()
  /** Pin class ids: one per port, so that a wire ends at its own port and ports can be shared by a net. */
  private nextPin = 1

  constructor(private readonly avoid: Avoid) {
    const A = avoid
    this.router = new A.Router(A.OrthogonalRouting)
    // A bend costs something, or libavoid has no reason to prefer a straight wire, and nudging (which
    // works on the segments of a route) has staircases to separate.
    this.router.setRoutingParameter(A.segmentPenalty, 10)
    this.router.setRoutingParameter(A.shapeBufferDistance, CLEARANCE)
    this.router.setRoutingParameter(A.idealNudgingDistance, SPACING)
    this.router.setRoutingParameter(A.crossingPenalty, 0)
    // The first and last segments are held at their ports and never nudged: two wires of different nets
    // whose ports are level would otherwise run along one line.
    this.router.setRoutingParameter(A.fixedSharedPathPenalty, 100)
    // Segments at a port stay where the port is: nudging them would move the wire's end off its port.
    this.router.setRoutingOption(A.nudgeOrthogonalSegmentsConnectedToShapes, false)
    this.router.setRoutingOption(A.nudgeOrthogonalTouchingColinearSegments, true)
    this.router.setRoutingOption(A.performUnifyingNudgingPreprocessingStep, true)
    // The branches of one net could run together, as LabVIEW draws them, but with this off libavoid also
    // leaves other nets unnudged next to them (randomised tests): the branches are drawn side by side.
    this.router.setRoutingOption(A.nudgeSharedPathsWithCommonEndPoint, true)
  }

  /**
   * Makes the router's picture match these nodes and wires and reroutes; answers the routes that changed
   * (a wire gone maps to null). A wire whose node or port is missing gets no route.
   */
  update(nodes: readonly RouteNode[], wires: readonly RouteWire[]): Map<string, Point[] | null> {
    const A = this.avoid
    const wanted = new Map(nodes.map((n) => [n.id, n]))
    const wantedWires = new Map(wires.map((w) => [w.id, w]))
    const changed = new Map<string, Point[] | null>()

    for (const [id, c] of this.connectors) {
      const w = wantedWires.get(id)
      const stale = !w || w.from.node !== c.wire.from.node || w.from.port !== c.wire.from.port || w.to.node !== c.wire.to.node || w.to.port !== c.wire.to.port
      if (stale) this.dropConnector(id, changed)
    }
    for (const [id, s] of this.shapes) {
      const n = wanted.get(id)
      if (n && formOf(n) === s.form) continue
      for (const [cid, c] of this.connectors) if (c.ends.includes(s.ref)) this.dropConnector(cid, changed)
      this.router.deleteShape(s.ref)
      this.shapes.delete(id)
    }
    for (const n of nodes) {
      const s = this.shapes.get(n.id)
      if (!s) this.addShape(n)
      else if (s.node.x !== n.x || s.node.y !== n.y) {
        this.router.moveShape(s.ref, n.x - s.node.x, n.y - s.node.y)
        s.node = n
      }
    }
    for (const w of wires) {
      if (this.connectors.has(w.id)) continue
      const from = this.shapes.get(w.from.node)
      const to = this.shapes.get(w.to.node)
      const fromPin = from?.pins.get(`output:${w.from.port}`)
      const toPin = to?.pins.get(`input:${w.to.port}`)
      if (!from || !to || fromPin === undefined || toPin === undefined) continue
      const src = new A.ConnEnd(from.ref, fromPin)
      const dst = new A.ConnEnd(to.ref, toPin)
      const ref = new A.ConnRef(this.router, src, dst)
      A.destroy(src)
      A.destroy(dst)
      ref.setRoutingType(A.ConnType_Orthogonal)
      this.connectors.set(w.id, { ref, wire: w, ends: [from.ref, to.ref] })
    }

    this.router.processTransaction()

    const next = new Map<string, Point[]>()
    for (const [id, c] of this.connectors) next.set(id, readRoute(c.ref))
    const netOf = (id: string) => {
      const from = this.connectors.get(id)!.wire.from
      return `${from.node}\u0000${from.port}`
    }
    separate(next, netOf, [...this.shapes.values()].map((s) => s.node))
    for (const [id, raw] of next) {
      const route = simplify(raw)
      // Where libavoid finds no way (a port boxed in by nodes) it answers a straight line between the two
      // nodes' centres: no route, and the wire keeps its simple one.
      if (!this.valid(this.connectors.get(id)!.wire, route)) {
        if (this.routes.delete(id)) changed.set(id, null)
        continue
      }
      const before = this.routes.get(id)
      if (before && sameRoute(before, route)) continue
      this.routes.set(id, route)
      changed.set(id, route)
    }
    return changed
  }

  /** Frees libavoid's picture (a diagram over the routing budget has no use for it). */
  destroy(): void {
    this.avoid.destroy(this.router)
    this.shapes.clear()
    this.connectors.clear()
    this.routes.clear()
  }

  /** Every current route, by wire id. */
  all(): ReadonlyMap<string, Point[]> {
    return this.routes
  }

  private valid(w: RouteWire, route: Point[]): boolean {
    const at = (end: RouteWire['from'], side: 'input' | 'output') => {
      const n = this.shapes.get(end.node)!.node
      const p = n.ports.find((q) => q.side === side && q.id === end.port)!
      return { x: n.x + p.x, y: n.y + p.y }
    }
    const [s, e] = [at(w.from, 'output'), at(w.to, 'input')]
    const [a, b] = [route[0], route[route.length - 1]]
    const near = (p: Point, q: Point) => Math.abs(p.x - q.x) <= 0.5 && Math.abs(p.y - q.y) <= 0.5
    return route.length >= 2 && near(a, s) && near(b, e) && route.every((p, i) => i === 0 || p.x === route[i - 1].x || p.y === route[i - 1].y)
  }

  private addShape(n: RouteNode): void {
    const A = this.avoid
    const topLeft = new A.Point(n.x, n.y)
    const bottomRight = new A.Point(n.x + n.width, n.y + n.height)
    const rect = new A.Rectangle(topLeft, bottomRight)
    const ref = new A.ShapeRef(this.router, rect)
    A.destroy(topLeft)
    A.destroy(bottomRight)
    A.destroy(rect)
    const pins = new Map<string, number>()
    for (const p of n.ports) {
      const classId = this.nextPin++
      const pin = new A.ShapeConnectionPin(ref, classId, p.x, p.y, false, 0, p.side === 'input' ? A.ConnDirLeft : A.ConnDirRight)
      // An output wired to several inputs: several connectors on one pin.
      pin.setExclusive(false)
      pins.set(`${p.side}:${p.id}`, classId)
    }
    this.shapes.set(n.id, { ref, node: n, form: formOf(n), pins })
  }

  private dropConnector(id: string, changed: Map<string, Point[] | null>): void {
    const c = this.connectors.get(id)
    if (!c) return
    this.router.deleteConnector(c.ref)
    this.connectors.delete(id)
    this.routes.delete(id)
    changed.set(id, null)
  }
}

const formOf = (n: RouteNode): string => `${n.width}x${n.height}:${n.ports.map((p) => `${p.side}${p.id}@${p.x},${p.y}`).join(';')}`

function readRoute(ref: AvoidObject): Point[] {
  const line = ref.displayRoute()
  const points: Point[] = []
  for (let i = 0; i < line.size(); i++) {
    const p = line.get_ps(i)
    // libavoid's arithmetic leaves 155.99999999999997 for 156; a quarter pixel is finer than any nudge.
    points.push({ x: Math.round(p.x * 4) / 4, y: Math.round(p.y * 4) / 4 })
  }
  return points
}

/** Without repeated points and without corners that are not corners (three points on one line). */
export function simplify(route: Point[]): Point[] {
  const out: Point[] = []
  for (const p of route) {
    const last = out[out.length - 1]
    if (last && last.x === p.x && last.y === p.y) continue
    const before = out[out.length - 2]
    if (before && last && ((before.x === last.x && last.x === p.x) || (before.y === last.y && last.y === p.y))) out[out.length - 1] = p
    else out.push(p)
  }
  return out
}

const sameRoute = (a: Point[], b: Point[]): boolean => a.length === b.length && a.every((p, i) => p.x === b[i].x && p.y === b[i].y)
