import { type AppContext, h, render, type VNode } from 'vue'
import { type BaseSchemes, Scope } from 'rete'
import { BaseAreaPlugin, type Position, type RenderSignal } from 'rete-area-plugin'
import BlockNode from './BlockNode.vue'
import WireView from './WireView.vue'
import type { PortSignal, Schemes, Unmount, WireEnd } from './classes'
import type { PortPositions } from './positions'

// Rete's area asks for every node and wire it creates to be drawn, by a `render` signal that carries the
// element to draw in and the node or connection (its payload), and takes the element back by `unmount`.
// DrawingPlugin answers those signals, as rete-vue-plugin's VuePlugin does, with a preset that says what to
// draw for each type; it differs in when and where it draws:
//
// - Only once an element comes into view. rete-vue-plugin mounts one Vue app per element at once, so that
//   opening 3,000 blocks mounted 9,000 apps and laid out every one of them. Here an element Rete creates stays
//   empty and hidden until culling.ts finds it near the view and shows it, which draws it the first time; a
//   drawn element stays drawn (culling hides it when it leaves the view). The wire being dragged from a port
//   (a loose end) is drawn at once.
// - A node is drawn in its Rete element. A wire is drawn in a group of one svg shared by all wires, beneath
//   the nodes, and its Rete element stays empty: an svg per wire made every change near the view repaint
//   hundreds of svg roots. Wire labels go in a group over all the wires.

/** The area asks for a node to be drawn in `element`. */
export type NodeRender<S extends BaseSchemes> = RenderSignal<'node', { payload: S['Node'] }>
/** The area asks for a wire to be drawn; `start` or `end` is given for the wire being dragged (its loose end). */
export type ConnectionRender<S extends BaseSchemes> = RenderSignal<'connection', { payload: S['Connection']; start?: Position; end?: Position }>

/** The signals the plugin listens to (the area's), as rete-vue-plugin declares its own. */
export type Requires<S extends BaseSchemes> = NodeRender<S> | ConnectionRender<S> | Unmount

type RenderData<T> = Extract<T, { type: 'render' }> extends { data: infer D } ? D : never
export type NodeData<S extends BaseSchemes> = RenderData<NodeRender<S>>
export type ConnectionData<S extends BaseSchemes> = RenderData<ConnectionRender<S>>

/** What to draw for each type the area asks for: the answer of rete-vue-plugin's presets, as a Vue vnode. */
export interface DrawingPreset<S extends BaseSchemes> {
  /** A node, drawn in its element; `emit` reaches the area (port targets). */
  node(data: NodeData<S>, emit: (signal: PortSignal) => void): VNode
  /** A wire, drawn in its group of the shared svg; its label goes in `labels`, over every wire. */
  connection(data: ConnectionData<S>, labels: SVGGElement): VNode
}

const SVG = 'http://www.w3.org/2000/svg'
/** The shared svg spans this far each way from the origin, so that every wire in it takes the pointer. */
const REACH = 50_000

/**
 * Draws nodes and wires with a preset as they come into view (`show`, called by culling). Use it on the area:
 * `area.use(new DrawingPlugin(preset))`.
 */
export class DrawingPlugin<S extends BaseSchemes> extends Scope<never, [Requires<S> | PortSignal]> {
  /** What the area asked last for each element it gave: drawn now, or when the element is first shown. */
  private readonly asked = new Map<HTMLElement, NodeData<S> | ConnectionData<S>>()
  /** What each drawn element is drawn in: itself for a node, its group in the shared svg for a wire. */
  private readonly drawnIn = new Map<HTMLElement, HTMLElement | SVGGElement>()
  private readonly layer = document.createElementNS(SVG, 'svg')
  private readonly wireLayer = document.createElementNS(SVG, 'g')
  /** Wire labels, over every wire: a wire routed past a label passes under it, and the label stays readable. */
  private readonly labelLayer = document.createElementNS(SVG, 'g')

  /**
   * Each element is its own render root, which would see none of what the app provides (its stores above
   * all): every root is given `appContext`, the app's. The components then call useStores() as any other
   * does, and errors in them reach the app's handler.
   */
  constructor(
    private readonly preset: DrawingPreset<S>,
    private readonly appContext: AppContext | null = null,
  ) {
    super('dw-drawing')
    this.layer.setAttribute('class', 'wire-layer')
    Object.assign(this.layer.style, { position: 'absolute', left: `${-REACH}px`, top: `${-REACH}px`, width: `${2 * REACH}px`, height: `${2 * REACH}px`, overflow: 'visible', pointerEvents: 'none' })
    this.wireLayer.setAttribute('transform', `translate(${REACH} ${REACH})`)
    this.labelLayer.setAttribute('transform', `translate(${REACH} ${REACH})`)
    this.layer.append(this.wireLayer, this.labelLayer)

    this.addPipe((context) => {
      if (context.type === 'unmount') {
        this.unmount(context.data.element)
        return context
      }
      if (context.type !== 'render' || context.data.filled) return context
      // Sockets are the connection plugin's (BlockNode's port targets come back through the area).
      const data = context.data
      if (data.type === 'node') {
        this.take(data)
        return { type: 'render', data: { ...data, filled: true } }
      }
      if (data.type === 'connection') {
        this.take(data)
        return { type: 'render', data: { ...data, filled: true } }
      }
      return context
    })
  }

  /** Called by `area.use(this)`: the wires' svg goes beneath the area's nodes. */
  override setParent(scope: Scope<Requires<S> | PortSignal>): void {
    super.setParent(scope)
    this.parentScope<BaseAreaPlugin<S, Requires<S>>>(BaseAreaPlugin).area.content.holder.prepend(this.layer)
  }

  /** Keeps what the area asks for an element, and draws it now if it is drawn already or a loose wire. */
  private take(data: NodeData<S> | ConnectionData<S>): void {
    const { element } = data
    this.asked.set(element, data)
    // Drawn already (an update), or a wire with a loose end (being dragged): draw now. A Rete element stays
    // out of the layout until it is shown: thousands of empty boxes still cost a layout every frame.
    if (this.drawnIn.has(element) || (data.type === 'connection' && (data.start || data.end))) this.draw(element)
    if (!this.drawnIn.has(element) || data.type === 'connection') element.style.display = 'none'
  }

  isDrawn(element: HTMLElement): boolean {
    return this.drawnIn.has(element)
  }

  /** Shows what the area asked for this element, drawing it the first time, or hides it. */
  show(element: HTMLElement, visible: boolean): void {
    if (visible && !this.drawnIn.has(element)) this.draw(element)
    const target = this.drawnIn.get(element)
    if (target) target.style.display = visible ? '' : 'none'
  }

  /** Draws what the area asked for this element, or draws it again with what it asked last. */
  private draw(element: HTMLElement): void {
    const data = this.asked.get(element)
    if (!data) return
    if (data.type === 'node') {
      this.drawnIn.set(element, element)
      render(this.inApp(this.preset.node(data, this.toArea)), element)
      return
    }
    let group = this.drawnIn.get(element)
    if (!group) {
      group = document.createElementNS(SVG, 'g')
      this.wireLayer.appendChild(group)
      this.drawnIn.set(element, group)
    }
    render(this.inApp(this.preset.connection(data, this.labelLayer)), group, 'svg')
  }

  private inApp(vnode: VNode): VNode {
    vnode.appContext = this.appContext
    return vnode
  }

  /** The area took the element back (its node or wire is gone): what was drawn for it goes too. */
  private unmount(element: HTMLElement): void {
    this.asked.delete(element)
    const target = this.drawnIn.get(element)
    if (!target) return
    this.drawnIn.delete(element)
    render(null, target)
    if (target !== element) target.remove()
  }

  /** A node's port targets register themselves with a signal to the area, which the connection plugin hears. */
  private readonly toArea = (signal: PortSignal): void => void this.parentScope().emit(signal)
}

/**
 * DualWire's blocks and wires: BlockNode in a node's element; WireView for a wire, whose ends follow its
 * ports (PortPositions, no DOM reads) unless the area gave a loose end.
 */
export function blocksAndWires(ports: PortPositions): DrawingPreset<Schemes> {
  return {
    node: ({ payload }, emit) => h(BlockNode, { data: payload, emit }),
    connection: ({ payload: c, start, end }, labels) => {
      const from: WireEnd = start ?? ((change) => ports.listen(c.source, 'output', c.sourceOutput, change))
      const to: WireEnd = end ?? ((change) => ports.listen(c.target, 'input', c.targetInput, change))
      return h(WireView, { data: c, start: from, end: to, labelLayer: labels })
    },
  }
}
