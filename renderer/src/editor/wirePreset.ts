import type { RenderPreset } from 'rete-vue-plugin'
import type { AreaExtra, DwConnection, Schemes, WireEnd } from './classes'
import type { PortPositions } from './positions'
import WireView from './WireView.vue'

// Wires are rendered by WireView directly. Rete's classic preset wraps each wire in a component that asks
// the whole plugin chain for a path on every move of either end and renders the wire again with it; a
// WireView draws its own orthogonal path, so all it needs is its two ends. This preset is added before the
// classic one and takes every wire, the one being dragged included.

type Point = { x: number; y: number }

interface WireContext {
  type: 'render'
  data: { type: string; payload: DwConnection; start?: Point; end?: Point }
}

export function wirePreset(ports: PortPositions): RenderPreset<Schemes, AreaExtra> {
  return {
    update(context) {
      const { data } = context as unknown as WireContext
      if (data.type !== 'connection') return
      return { data: data.payload, ...(data.start ? { start: data.start } : {}), ...(data.end ? { end: data.end } : {}) }
    },
    render(context) {
      const { data } = context as unknown as WireContext
      if (data.type !== 'connection') return
      const c = data.payload
      const start: WireEnd = data.start ?? ((change) => ports.listen(c.source, 'output', c.sourceOutput, change))
      const end: WireEnd = data.end ?? ((change) => ports.listen(c.target, 'input', c.targetInput, change))
      return { component: WireView, props: { data: c, start, end } }
    },
  }
}
