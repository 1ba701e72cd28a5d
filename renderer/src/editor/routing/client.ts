import { type Ref, watch } from 'vue'
import type { Diagram } from '../../../../core'
import { routingInput } from './diagram'
import { applyRoutes, clearRoutes } from './routes'
import type { RouteAnswer, RouteRequest } from './route.worker'

// Hands the document to the router worker whenever its nodes, wires or positions change, and puts the
// routes that come back into the routes store. libavoid's time grows faster than the diagram (a first
// routing measured here: 100 blocks 0.1–0.8 s, 300 blocks 0.7–3 s, 1,000 blocks 6.8 s; the higher figures
// with the machine loaded by other work), and on two cores a worker
// that routes for seconds slows the page's own opening of the diagram. So a diagram of more than
// ROUTING_BUDGET nodes is not routed at all: its wires keep the simple route, as they did before routing,
// and the worker drops its picture. Moving a node of a routed diagram reroutes only what that touches.

export const ROUTING_BUDGET = 300

export type RoutingState = 'off' | 'routing' | 'routed' | 'failed'

/** Routes `diagram` (the document store's) as it changes, until the function returned is called. */
export function startRouting(diagram: Readonly<Ref<Diagram | null>>, onState: (state: RoutingState) => void): () => void {
  let worker: Worker | null = null
  let sent = 0
  let last: Diagram | null = null
  let routed = false
  let failed = false
  /** Answers to requests before the last reset are for a diagram no longer routed. */
  let resetAt = 0

  const start = (): Worker | null => {
    if (typeof Worker === 'undefined') return null
    try {
      const w = new Worker(new URL('./route.worker.ts', import.meta.url), { type: 'module' })
      w.onmessage = (e: MessageEvent<RouteAnswer>) => {
        const answer = e.data
        if ('failed' in answer) return fail(answer.failed)
        if (answer.seq > resetAt) applyRoutes(answer.changed)
        if (answer.seq === sent) onState(routed ? 'routed' : 'off')
      }
      w.onerror = (e) => fail(e.message)
      return w
    } catch (err) {
      fail(String(err))
      return null
    }
  }
  // Without a router the wires keep their simple routes: what the editor drew before routing.
  const fail = (why: string) => {
    console.warn(`wire routing is off: ${why}`)
    failed = true
    worker?.terminate()
    worker = null
    onState('failed')
  }
  const send = (request: Omit<RouteRequest, 'seq'>) => {
    if (failed) return
    worker ??= start()
    if (!worker) return
    worker.postMessage({ ...request, seq: ++sent } as RouteRequest)
    onState('routing')
  }

  const stop = watch(
    diagram,
    (d) => {
      // An edit that leaves nodes, wires and positions as they were (a slider moved, a name) changes no route.
      const sameIds = (a: { id: string }[], b: { id: string }[]) => a === b || (a.length === b.length && a.every((t, i) => t.id === b[i].id))
      if (!d || (last && d.wires === last.wires && d.blocks === last.blocks && sameIds(d.inputs, last.inputs) && sameIds(d.outputs, last.outputs) && d.layout.positions === last.layout.positions)) return
      last = d
      const size = d.inputs.length + d.outputs.length + d.blocks.length
      if (size > ROUTING_BUDGET) {
        clearRoutes()
        if (routed) {
          send({ reset: true })
          resetAt = sent
        } else onState('off')
        routed = false
        return
      }
      routed = true
      send(routingInput(d))
    },
    { immediate: true },
  )
  return () => {
    stop()
    worker?.terminate()
    clearRoutes()
  }
}
