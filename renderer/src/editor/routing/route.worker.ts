import wasm from 'libavoid-js/libavoid.wasm?url'
import { type Avoid, loadAvoid } from './avoid'
import { type RouteNode, Router, type RouteWire, type Point } from './router'

// The router off the page's thread, alive as long as the page: each message is the diagram as it is now,
// and the answer holds the routes that changed. Messages that arrive while one is routed are not all
// routed: only the latest, since each says everything.

export type RouteRequest = { seq: number } & ({ nodes: RouteNode[]; wires: RouteWire[] } | { reset: true })
/** `seq`: the request this answers (and every one before it). */
export type RouteAnswer = { seq: number } & ({ changed: [string, Point[] | null][] } | { failed: string })

let avoid: Promise<Avoid> | null = null
let router: Router | null = null
let latest: RouteRequest | null = null
let busy = false

self.onmessage = (e: MessageEvent<RouteRequest>) => {
  latest = e.data
  if (!busy) void drain()
}

async function drain(): Promise<void> {
  busy = true
  try {
    while (latest) {
      const request = latest
      latest = null
      if ('reset' in request) {
        // Over the budget: the routes are dropped, and so is libavoid's picture (its memory with it).
        router?.destroy()
        router = null
        self.postMessage({ seq: request.seq, changed: [] } satisfies RouteAnswer)
        continue
      }
      // libavoid (LGPL) stays in files of its own: its glue a chunk loaded here, its .wasm an asset.
      avoid ??= import('libavoid-js').then((libavoid) => loadAvoid(libavoid as never, wasm))
      router ??= new Router(await avoid)
      const changed = router.update(request.nodes, request.wires)
      self.postMessage({ seq: request.seq, changed: [...changed] } satisfies RouteAnswer)
    }
  } catch (err) {
    self.postMessage({ seq: Infinity, failed: String(err) } satisfies RouteAnswer)
  } finally {
    busy = false
  }
}
