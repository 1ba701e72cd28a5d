import { h, render } from 'vue'
import { Scope } from 'rete'
import type { AreaPlugin } from 'rete-area-plugin'
import BlockNode from './BlockNode.vue'
import WireView from './WireView.vue'
import type { AreaExtra, DwConnection, DwNode, Schemes, WireEnd } from './classes'
import type { PortPositions } from './positions'

// Draws Rete's nodes and wires with our components, and only once they come into view. Rete asks for every
// element it creates to be drawn; rete-vue-plugin answered with one Vue app each, mounted at once, so that
// opening 3,000 blocks mounted 9,000 apps and laid out every one of them. Here an element Rete creates stays
// empty and hidden until culling.ts finds it near the view and shows it, calling draw(); a drawn element stays
// drawn (culling hides it when it leaves the view). The wire being dragged from a port is drawn at once.

type Point = { x: number; y: number }

type Item = { kind: 'node'; node: DwNode } | { kind: 'wire'; wire: DwConnection; start?: Point; end?: Point }

type Signal =
  | { type: 'render'; data: { element: HTMLElement; type: string; filled?: boolean; payload?: unknown; start?: Point; end?: Point } }
  | { type: 'unmount'; data: { element: HTMLElement } }

export class Drawing extends Scope<never, [Signal]> {
  private readonly items = new Map<HTMLElement, Item>()
  private readonly drawn = new Set<HTMLElement>()

  constructor(
    private readonly area: AreaPlugin<Schemes, AreaExtra>,
    private readonly ports: PortPositions,
  ) {
    super('dw-drawing')
    this.addPipe((context) => {
      if (context.type === 'unmount') {
        this.items.delete(context.data.element)
        if (this.drawn.delete(context.data.element)) render(null, context.data.element)
        return context
      }
      if (context.type !== 'render' || context.data.filled) return context
      const { element, type, payload, start, end } = context.data
      if (type === 'node') this.items.set(element, { kind: 'node', node: payload as DwNode })
      else if (type === 'connection') this.items.set(element, { kind: 'wire', wire: payload as DwConnection, start, end })
      else return context
      // Drawn already (an update), or a wire with a loose end (being dragged): draw now. Otherwise the element
      // stays out of the layout until it is shown: thousands of empty boxes still cost a layout every frame.
      if (this.drawn.has(element) || start || end) this.draw(element)
      else element.style.display = 'none'
      return { ...context, data: { ...context.data, filled: true } }
    })
  }

  /** Draws what Rete asked for this element, or draws it again with what it asked last. */
  draw(element: HTMLElement): void {
    const item = this.items.get(element)
    if (!item) return
    this.drawn.add(element)
    render(item.kind === 'node' ? h(BlockNode, { data: item.node, emit: this.emitToArea }) : h(WireView, { data: item.wire, start: this.end(item, 'start'), end: this.end(item, 'end') }), element)
  }

  isDrawn(element: HTMLElement): boolean {
    return this.drawn.has(element)
  }

  /** A port registers itself (see BlockNode's Ref) by a signal to the area, which the connection plugin hears. */
  private readonly emitToArea = (signal: unknown) => this.area.emit(signal as never)

  /** A wire's end: where the wire being dragged is let go, or its port's position, followed as the node moves. */
  private end(item: Extract<Item, { kind: 'wire' }>, side: 'start' | 'end'): WireEnd {
    const fixed = item[side]
    if (fixed) return fixed
    const c = item.wire
    return side === 'start' ? (change) => this.ports.listen(c.source, 'output', c.sourceOutput, change) : (change) => this.ports.listen(c.target, 'input', c.targetInput, change)
  }
}
