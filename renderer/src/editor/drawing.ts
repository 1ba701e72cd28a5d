import { type AppContext, h, render, type VNode } from 'vue'
import { Scope } from 'rete'
import type { AreaPlugin } from 'rete-area-plugin'
import BlockNode from './BlockNode.vue'
import WireView from './WireView.vue'
import type { AreaExtra, DwConnection, DwNode, Schemes, WireEnd } from './classes'
import type { PortPositions } from './positions'

// Draws Rete's nodes and wires with our components, and only once they come into view. Rete asks for every
// element it creates to be drawn; rete-vue-plugin answered with one Vue app each, mounted at once, so that
// opening 3,000 blocks mounted 9,000 apps and laid out every one of them. Here an element Rete creates stays
// empty and hidden until culling.ts finds it near the view and shows it, which draws it the first time; a
// drawn element stays drawn (culling hides it when it leaves the view).
//
// A node is drawn in its Rete element. A wire is drawn in a group of one svg shared by all wires, beneath
// the nodes, and its Rete element stays empty: an svg per wire made every change near the view repaint
// hundreds of svg roots; its label goes in a group over all the wires. The wire being dragged from a port
// is drawn at once.
//
// Each element is its own render root, which would see none of what the app provides (its stores above
// all). Every root is given the app's context instead: the components then call useStores() as any other
// does, and errors in them reach the app's handler. (Passing the stores as props would work for these two
// components but not for anything they render, and would make them the only components that differ.)

type Point = { x: number; y: number }

type Item = { kind: 'node'; node: DwNode } | { kind: 'wire'; wire: DwConnection; start?: Point; end?: Point }

type Signal =
  | { type: 'render'; data: { element: HTMLElement; type: string; filled?: boolean; payload?: unknown; start?: Point; end?: Point } }
  | { type: 'unmount'; data: { element: HTMLElement } }

const SVG = 'http://www.w3.org/2000/svg'
/** The shared svg spans this far each way from the origin, so that every wire in it takes the pointer. */
const REACH = 50_000

export class Drawing extends Scope<never, [Signal]> {
  private readonly items = new Map<HTMLElement, Item>()
  /** What each drawn element is drawn in: itself for a node, its group in the shared svg for a wire. */
  private readonly drawnIn = new Map<HTMLElement, HTMLElement | SVGGElement>()
  private readonly wireLayer = document.createElementNS(SVG, 'g')
  /** Wire labels, over every wire: a wire routed past a label passes under it, and the label stays readable. */
  private readonly labelLayer = document.createElementNS(SVG, 'g')

  constructor(
    private readonly area: AreaPlugin<Schemes, AreaExtra>,
    private readonly ports: PortPositions,
    private readonly appContext: AppContext,
  ) {
    super('dw-drawing')
    const svg = document.createElementNS(SVG, 'svg')
    svg.setAttribute('class', 'wire-layer')
    Object.assign(svg.style, { position: 'absolute', left: `${-REACH}px`, top: `${-REACH}px`, width: `${2 * REACH}px`, height: `${2 * REACH}px`, overflow: 'visible', pointerEvents: 'none' })
    this.wireLayer.setAttribute('transform', `translate(${REACH} ${REACH})`)
    this.labelLayer.setAttribute('transform', `translate(${REACH} ${REACH})`)
    svg.append(this.wireLayer, this.labelLayer)
    area.area.content.holder.prepend(svg)

    this.addPipe((context) => {
      if (context.type === 'unmount') {
        this.undraw(context.data.element)
        this.items.delete(context.data.element)
        return context
      }
      if (context.type !== 'render' || context.data.filled) return context
      const { element, type, payload, start, end } = context.data
      if (type === 'node') this.items.set(element, { kind: 'node', node: payload as DwNode })
      else if (type === 'connection') this.items.set(element, { kind: 'wire', wire: payload as DwConnection, start, end })
      else return context
      // Drawn already (an update), or a wire with a loose end (being dragged): draw now. A Rete element stays
      // out of the layout until it is shown: thousands of empty boxes still cost a layout every frame.
      if (this.drawnIn.has(element) || start || end) this.draw(element)
      if (!this.drawnIn.has(element) || type === 'connection') element.style.display = 'none'
      return { ...context, data: { ...context.data, filled: true } }
    })
  }

  isDrawn(element: HTMLElement): boolean {
    return this.drawnIn.has(element)
  }

  /** Shows what Rete asked for this element, drawing it the first time, or hides it. */
  show(element: HTMLElement, visible: boolean): void {
    if (visible && !this.drawnIn.has(element)) this.draw(element)
    const target = this.drawnIn.get(element)
    if (target) target.style.display = visible ? '' : 'none'
  }

  /** Draws what Rete asked for this element, or draws it again with what it asked last. */
  private draw(element: HTMLElement): void {
    const item = this.items.get(element)
    if (!item) return
    if (item.kind === 'node') {
      this.drawnIn.set(element, element)
      render(this.inApp(h(BlockNode, { data: item.node, emit: this.emitToArea })), element)
      return
    }
    let group = this.drawnIn.get(element)
    if (!group) {
      group = document.createElementNS(SVG, 'g')
      this.wireLayer.appendChild(group)
      this.drawnIn.set(element, group)
    }
    render(this.inApp(h(WireView, { data: item.wire, start: this.end(item, 'start'), end: this.end(item, 'end'), labelLayer: this.labelLayer })), group, 'svg')
  }

  /** A root drawn with this vnode belongs to the app: it finds what the app provides. */
  private inApp(vnode: VNode): VNode {
    vnode.appContext = this.appContext
    return vnode
  }

  private undraw(element: HTMLElement): void {
    const target = this.drawnIn.get(element)
    if (!target) return
    this.drawnIn.delete(element)
    render(null, target)
    if (target !== element) target.remove()
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
