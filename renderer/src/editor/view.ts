import { type AppContext, nextTick } from 'vue'
import { AreaExtensions, AreaPlugin, Drag } from 'rete-area-plugin'
import { MinimapPlugin } from 'rete-minimap-plugin'
import { ConnectionPlugin, Presets as ConnectionPresets } from 'rete-connection-plugin'
import { Presets, VuePlugin } from 'rete-vue-plugin'
import { type Diagram, type End, findPrimitive, type Point } from '../../../core'
import type { Stores } from '../state/stores'
import type { AreaExtra, Schemes } from './classes'
import { nodeKind, shapeOf } from './geometry'
import { Culling } from './culling'
import { blocksAndWires, DrawingPlugin } from './drawing'
import { IndexedNodeEditor } from './indexed-editor'
import type { Box } from './grid'
import { wiring } from './gesture'
import { PortPositions } from './positions'
import { Reconciler } from './reconciler'
import { startRouting } from './routing/client'

// The Rete view of the document. render(diagram) hands the diagram to the reconciler (reconciler.ts), the one
// thing that changes Rete's editor; the user's gestures never change the view directly but become requests to
// the document (actions.rewire, actions.moved, …), whose result is rendered back. Rete is a projection. The
// view keeps the rest: the plugins, zoom and reveal, selection and the pan gestures.

/** Space is held: a left-drag pans, wherever it starts (see DiagramView.holdSpace). */
export const keys = { space: false }

/** Labels at this zoom are 8 px: the least a diagram is opened at. */
const READABLE_ZOOM = 0.75
/** What was just added is shown whole if that takes no zoom below this (where blocks are still drawn). */
const REVEAL_MIN_ZOOM = 0.35

export class DiagramView {
  readonly editor = new IndexedNodeEditor()
  readonly area: AreaPlugin<Schemes, AreaExtra>
  private readonly reconciler: Reconciler
  private readonly ports: PortPositions
  private readonly selectable: { select(id: string, accumulate: boolean): void; unselect(id: string): void }
  private readonly culling: Culling
  private minimap: MinimapPlugin<Schemes> | null = null
  private readonly shield = document.createElement('div')
  private readonly stopRouting: () => void

  /** Rete's nodes by document id, as the reconciler keeps them. */
  private get nodes() {
    return this.reconciler.nodes
  }

  /** `appContext` is the app's: the nodes and wires it draws are components that get the stores from it. */
  constructor(
    readonly container: HTMLElement,
    stores: Stores,
    appContext: AppContext,
  ) {
    const { actions, select, selection } = stores.ui
    this.area = new AreaPlugin<Schemes, AreaExtra>(container)
    this.reconciler = new Reconciler(this.editor, this.area, {
      started: () => {
        // Said on the page, for whoever waits for the view to show the whole document (tests, the benchmark).
        container.dataset.rendering = 'true'
        this.culling.suspended = true
      },
      removedNode: (id) => this.ports.forget(id),
      finished: (bulk) => {
        delete container.dataset.rendering
        this.culling.suspended = false
        this.culling.invalidate()
        // An edit's new nodes are drawn now; a whole diagram's, in the next frame, once the view is placed.
        if (bulk) this.culling.schedule()
        else this.culling.run()
      },
    })
    this.ports = new PortPositions(this.area, (id) => this.nodes.get(id))
    const connection = new ConnectionPlugin<Schemes, AreaExtra>()
    // Nodes and wires are drawn by `drawing`, as they come into view; the Vue plugin draws only the minimap.
    const drawing = new DrawingPlugin<Schemes>(blocksAndWires(this.ports), appContext)
    const render = new VuePlugin<Schemes, AreaExtra>()
    render.addPreset(Presets.minimap.setup({ size: 180 }))
    connection.addPreset(ConnectionPresets.classic.setup())
    this.editor.use(this.area)
    this.area.use(connection)
    this.area.use(drawing)
    this.area.use(render)
    this.culling = new Culling(this.area, container, this.nodes, this.reconciler.wires, this.ports, drawing, stores.evaluation)
    // Said on the page (off, routing, routed, failed), for whoever waits for the routes (tests).
    this.stopRouting = startRouting(stores.document.diagram, (state) => (container.dataset.routing = state))
    // While the view pans or zooms, the diagram is one composited layer that the compositor moves without
    // repainting it. A pan leaves it so (each change to it costs a repaint of the whole diagram); a zoom
    // shows it scaled for a moment, and once the zoom pauses it is repainted sharp at the new scale.
    const holder = this.area.area.content.holder
    let settle: ReturnType<typeof setTimeout> | undefined
    this.area.addPipe((context) => {
      if (context.type === 'translated' || context.type === 'zoomed') holder.style.willChange = 'transform'
      if (context.type === 'zoomed') {
        clearTimeout(settle)
        settle = setTimeout(() => (holder.style.willChange = ''), 250)
      }
      return context
    })
    // While Space is held, a transparent shield over the diagram takes the pointer, so that a drag starting
    // on a node or a wire pans too; the drag handler listens on the container, the shield's parent. (Letting
    // the pointer through every node instead restyled the whole diagram on each press of Space.)
    this.shield.className = 'pan-shield'
    Object.assign(this.shield.style, { position: 'absolute', inset: '0', zIndex: '5', cursor: 'grab', display: 'none' })
    container.appendChild(this.shield)
    // The background pans with the middle button or Space held; a plain left-drag selects (see App.vue).
    this.area.area.setDragHandler(new Drag({ down: (e) => e.pointerType !== 'mouse' || e.button === 1 || (e.button === 0 && keys.space), move: () => true }))

    // Wiring gestures become document requests; only the reconciler changes Rete's own state. One gesture (pick a
    // port or a wire's end, drop it) may remove wires and make one: they reach the document together when the
    // gesture ends, as one edit, so that a refused wire takes nothing away and a replaced wire undoes in one
    // step. Rete's pipes are async: what a drop asks for arrives after the drop signal, hence the timeout.
    let gesture: { remove: string[]; wire?: { from: End; to: End } } | null = null
    const finish = () => {
      const g = gesture
      gesture = null
      if (g && (g.remove.length > 0 || g.wire)) actions.rewire(g.remove, g.wire)
    }
    connection.addPipe((context) => {
      if (context.type === 'connectionpick') {
        wiring.value = true
        gesture ??= { remove: [] }
      } else if (context.type === 'connectiondrop') {
        wiring.value = false
        setTimeout(finish)
      }
      return context
    })
    this.editor.addPipe((context) => {
      if (this.reconciler.changing) return context
      if (context.type === 'connectioncreate') {
        const c = context.data
        const wire = { from: { node: c.source, port: c.sourceOutput }, to: { node: c.target, port: c.targetInput } }
        if (gesture) gesture.wire = wire
        else queueMicrotask(() => actions.rewire([], wire))
        return undefined
      }
      if (context.type === 'connectionremove') {
        const id = context.data.id
        if (gesture) gesture.remove.push(id)
        else queueMicrotask(() => actions.rewire([id]))
        return undefined
      }
      if (context.type === 'noderemove') return undefined
      return context
    })

    const selector = AreaExtensions.selector()
    this.selectable = AreaExtensions.selectableNodes(this.area, selector, { accumulating: AreaExtensions.accumulateOnCtrl() })
    this.area.addPipe((context) => {
      if (context.type === 'nodepicked') {
        queueMicrotask(() => {
          const picked = [...selector.entities.values()].filter((e) => e.label === 'node').map((e) => e.id)
          select(picked)
        })
      }
      if (context.type === 'nodedragged') {
        const positions: Record<string, Point> = {}
        for (const id of selection.nodes) {
          const v = this.area.nodeViews.get(id)
          if (v) positions[id] = { x: Math.round(v.position.x), y: Math.round(v.position.y) }
        }
        if (!this.reconciler.changing) queueMicrotask(() => actions.moved(positions))
      }
      return context
    })
  }

  /** Space pressed or released. */
  holdSpace(held: boolean): void {
    keys.space = held
    this.shield.style.display = held ? '' : 'none'
  }

  /** Selects these nodes in Rete too (so they drag together). */
  selectNodes(ids: Iterable<string>): void {
    for (const id of this.nodes.keys()) this.selectable.unselect(id)
    for (const id of ids) if (this.nodes.has(id)) this.selectable.select(id, true)
  }

  /**
   * The minimap redraws itself on every node created or moved, which makes loading a large diagram
   * quadratic; it is made only when first shown, and hidden with CSS after that.
   */
  async showMinimap(): Promise<void> {
    if (this.minimap) return
    this.minimap = new MinimapPlugin<Schemes>({ boundViewport: true })
    this.area.use(this.minimap)
    // It draws when the area signals a change, and a new one has seen none; its first drawing places the
    // nodes by the size of an element that is not in the page yet. So the view "moves" to where it is, twice.
    const { x, y } = this.area.area.transform
    for (let i = 0; i < 2; i++) await this.area.area.translate(x, y)
  }

  /** Makes the view show `d` (see Reconciler.render); settles once it does. */
  render(d: Diagram): Promise<void> {
    return this.reconciler.render(d)
  }

  /** Content coordinates of a point on the screen. */
  toContent(clientX: number, clientY: number): Point {
    const rect = this.container.getBoundingClientRect()
    const { x, y, k } = this.area.area.transform
    return { x: (clientX - rect.left - x) / k, y: (clientY - rect.top - y) / k }
  }

  /** The visible area's centre in content coordinates. */
  centre(): Point {
    const rect = this.container.getBoundingClientRect()
    return this.toContent(rect.left + rect.width / 2, rect.top + rect.height / 2)
  }

  /**
   * Counts the view changes asked for (Zoom to Fit, the view a diagram opens with, zooming): one that waits
   * for a render gives way to any asked for after it, so Ctrl+0 pressed while a large diagram is still going
   * in is not undone by the opening view arriving later.
   */
  private viewRequests = 0

  async zoomToFit(): Promise<void> {
    const mine = ++this.viewRequests
    await nextTick() // after an edit, the document's watcher hands the diagram to render() on the next tick
    await this.reconciler.settled
    if (mine === this.viewRequests) await this.fit()
  }

  private async fit(): Promise<void> {
    const box = this.bounds()
    if (!box) return
    const { width, height } = this.container.getBoundingClientRect()
    // A small diagram is shown a little larger than actual size, not blown up to fill the window.
    await this.showCentred(box, Math.min(1.25, Math.min(width / (box.x1 - box.x0), height / (box.y1 - box.y0)) * 0.85))
  }

  /** Shows the middle of `box` (content coordinates) in the middle of the view, at scale `k`. */
  private async showCentred(box: Box, k: number): Promise<void> {
    const { width, height } = this.container.getBoundingClientRect()
    await this.area.area.zoom(k, 0, 0)
    await this.area.area.translate(width / 2 - ((box.x0 + box.x1) / 2) * k, height / 2 - ((box.y0 + box.y1) / 2) * k)
  }

  /** The box around these nodes (every node), from their known sizes: Rete's zoomAt measures each node's element. */
  private bounds(ids: Iterable<string> = this.nodes.keys()): Box | null {
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity]
    for (const id of ids) {
      const node = this.nodes.get(id)
      const p = this.area.nodeViews.get(id)?.position
      if (!node || !p) continue
      ;[x0, y0, x1, y1] = [Math.min(x0, p.x), Math.min(y0, p.y), Math.max(x1, p.x + node.width), Math.max(y1, p.y + node.height)]
    }
    return x0 === Infinity ? null : { x0, y0, x1, y1 }
  }

  /**
   * The view of a diagram just opened: all of it, if that leaves the wire labels readable; otherwise its
   * top-left corner (where the inputs are) at a readable zoom. Zoom to Fit shows all of it anyway.
   */
  async zoomToOpen(): Promise<void> {
    const mine = ++this.viewRequests
    await nextTick()
    await this.reconciler.settled
    if (mine !== this.viewRequests) return
    await this.fit()
    const box = this.bounds()
    if (this.area.area.transform.k >= READABLE_ZOOM || !box) return
    await this.area.area.zoom(READABLE_ZOOM, 0, 0)
    await this.area.area.translate(-(box.x0 - 60) * READABLE_ZOOM, -(box.y0 - 60) * READABLE_ZOOM)
  }

  /** Zooms to scale `k` around the view's centre (1: actual size). */
  async zoomTo(k: number): Promise<void> {
    await this.zoomBy(k / this.area.area.transform.k)
  }

  async zoomBy(factor: number): Promise<void> {
    this.viewRequests++
    const { k } = this.area.area.transform
    const rect = this.container.getBoundingClientRect()
    const { x, y } = this.area.area.transform
    const cx = rect.width / 2
    const cy = rect.height / 2
    // The area's zoom(k, ox, oy) shifts by (ox, oy) rather than zooming around a point: keep the centre fixed.
    await this.area.area.zoom(k * factor, (cx - x) * (1 - factor), (cy - y) * (1 - factor))
  }

  /**
   * Centres the view on a node at a readable zoom (clicking a problem in the error list). From the node's
   * known size: an off-screen node may not be drawn yet, so its element cannot be measured.
   */
  async centreOn(id: string): Promise<void> {
    this.viewRequests++
    const node = this.nodes.get(id)
    const p = this.area.nodeViews.get(id)?.position
    if (node && p) await this.showCentred({ x0: p.x, y0: p.y, x1: p.x + node.width, y1: p.y + node.height }, Math.max(this.area.area.transform.k, 1))
  }

  /**
   * Brings nodes just added into view: nothing moves when they are in it already; else the view pans to
   * centre them, zooming out if they do not fit at the present zoom, but not below REVEAL_MIN_ZOOM (then it
   * shows their top-left corner).
   */
  async reveal(ids: Iterable<string>): Promise<void> {
    const mine = ++this.viewRequests
    const wanted = [...ids]
    await nextTick()
    await this.reconciler.settled
    if (mine !== this.viewRequests) return
    const box = this.bounds(wanted)
    if (!box) return
    const { x0, y0, x1, y1 } = box
    const { width, height } = this.container.getBoundingClientRect()
    const { x, y, k } = this.area.area.transform
    const seen = { x0: -x / k, y0: -y / k, x1: (width - x) / k, y1: (height - y) / k }
    if (x0 >= seen.x0 && y0 >= seen.y0 && x1 <= seen.x1 && y1 <= seen.y1) return
    const pad = 40
    const fits = Math.min(width / (x1 - x0 + 2 * pad), height / (y1 - y0 + 2 * pad))
    if (fits >= Math.min(k, REVEAL_MIN_ZOOM)) return this.showCentred({ x0, y0, x1, y1 }, Math.min(k, fits))
    // Too large to show whole above the far-out overview (10,000 pasted blocks): its top-left corner, at this
    // zoom. Zooming out that far would draw every block for a view nobody can read.
    await this.area.area.translate(-(x0 - 60) * k, -(y0 - 60) * k)
  }

  /** Nodes whose box meets the rectangle (content coordinates), for rubber-band selection. */
  nodesIn(a: Point, b: Point): string[] {
    const [x0, x1] = [Math.min(a.x, b.x), Math.max(a.x, b.x)]
    const [y0, y1] = [Math.min(a.y, b.y), Math.max(a.y, b.y)]
    const found: string[] = []
    for (const [id, n] of this.nodes) {
      const p = this.area.nodeViews.get(id)?.position
      if (p && p.x < x1 && p.x + n.width > x0 && p.y < y1 && p.y + n.height > y0) found.push(id)
    }
    return found
  }

  /** Size of what `kind` (a primitive id, or @input/@output) would be, to centre a new node on a point. */
  static sizeOf(kind: string): { width: number; height: number } {
    const shape = kind === '@input' ? shapeOf('input') : kind === '@output' ? shapeOf('output') : shapeOf(nodeKind(kind), kind)
    return { width: shape.width, height: shape.height }
  }

  label(id: string): string {
    const n = this.nodes.get(id)
    return n?.primitive ? findPrimitive(n.primitive)?.labview ?? n.primitive : id
  }

  destroy(): void {
    this.stopRouting()
    this.area.destroy()
  }
}

