import { type ShallowRef, shallowRef } from 'vue'
import { wireRoute } from '../geometry'
import type { Point } from './router'

// The routed wires, by wire id: what the router worker (client.ts) last answered. WireView, culling and the
// overview all draw a wire through routeBetween(), the one place that decides which route is drawn: the
// routed one if it still runs between where the wire's ports are now, else the simple route of geometry.ts
// (before the router has answered, while a node is being dragged, above the routing budget). A route that
// does not end at its ports would lie, so it is never drawn.

const table = new Map<string, Point[]>()
/** One ref per wire that a drawn WireView follows: a route arriving redraws that wire and no other. */
const refs = new Map<string, ShallowRef<Point[] | undefined>>()
/** Counts every change to the table, for what indexes all routes at once (culling, the overview). */
export const routesVersion = shallowRef(0)

/** Where a routed end may be from its port and still be it (the router works in quarter pixels). */
const SLACK = 0.5

export function routeRef(id: string): ShallowRef<Point[] | undefined> {
  let ref = refs.get(id)
  if (!ref) refs.set(id, (ref = shallowRef(table.get(id))))
  return ref
}

/** A wire's view is gone: its ref goes (its route stays), unless a newer view of the wire follows it. */
export function unfollowRoute(id: string, ref: ShallowRef<Point[] | undefined>): void {
  if (refs.get(id) === ref) refs.delete(id)
}

export function applyRoutes(changed: Iterable<[string, Point[] | null]>): void {
  let any = false
  for (const [id, route] of changed) {
    if (route) table.set(id, route)
    else table.delete(id)
    const ref = refs.get(id)
    if (ref) ref.value = route ?? undefined
    any = true
  }
  if (any) routesVersion.value++
}

export function clearRoutes(): void {
  if (table.size === 0) return
  applyRoutes([...table.keys()].map((id) => [id, null]))
}

/** The route to draw for a wire between these ends, given its routed path (if any). */
export function routeBetween(routed: Point[] | undefined, s: Point, e: Point): Point[] {
  if (routed && routed.length >= 2) {
    const [a, b] = [routed[0], routed[routed.length - 1]]
    if (Math.abs(a.x - s.x) <= SLACK && Math.abs(a.y - s.y) <= SLACK && Math.abs(b.x - e.x) <= SLACK && Math.abs(b.y - e.y) <= SLACK) return routed
  }
  return wireRoute(s, e)
}

/** routeBetween for a wire by id, without following it (culling reads every route at once). */
export function routeOf(id: string, s: Point, e: Point): Point[] {
  return routeBetween(table.get(id), s, e)
}
