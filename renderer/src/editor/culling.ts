import { watch } from 'vue'
import type { AreaPlugin } from 'rete-area-plugin'
import type { EvaluationStore } from '../state/evaluation'
import type { AreaExtra, DwConnection, DwNode, Schemes } from './classes'
import type { DrawingPlugin } from './drawing'
import { type Box, Grid, meets } from './grid'
import { onScreen } from './on-screen'
import { WireOverview } from './overview'
import type { PortPositions } from './positions'
import { routeOf, routesVersion } from './routing/routes'

// Only what is near the view is in the page's layout: Rete makes an element for every node and wire, and
// with thousands every pan would lay out and paint them all. A pass shows (drawing it the first time, see
// drawing.ts) what has come within SHOW_MARGIN of the view and hides what has gone beyond KEEP_MARGIN; the
// gap between the two means that a pan does not show and hide a row of nodes every few pixels. Passes run
// at most once a frame, and not at all while the view stays within what the last one showed: most frames
// of a pan or a zoom change nothing in the page, which then needs no layout or paint.
// Zoomed out far, the wire labels are dropped; further out, the ports and node text, and the wires are
// drawn as one overview (overview.ts). A grid (grid.ts) finds what is near the view.

/** Screen pixels around the view within which things are shown, and beyond which they are hidden. */
const SHOW_MARGIN = 400
const KEEP_MARGIN = 800
/**
 * A label renders and follows the sweeps while its node is within this (a sweep updates tens of labels, not
 * thousands). Passes are SHOW_MARGIN / 2 apart at most, so a label is there before its node is in view.
 */
const LABEL_MARGIN = SHOW_MARGIN / 2
const LABELS_FROM_ZOOM = 0.45
/** Below this a port is a few pixels across, too small to aim at, and every wire of the diagram is in view. */
const PORTS_FROM_ZOOM = 0.3

export class Culling {
  private scheduled = false
  /** While the view renders a batch, passes wait for its end (one pass, not one per node placed). */
  suspended = false
  /** The container's size, kept by a ResizeObserver: reading clientWidth in a pass would force a layout. */
  private size = { width: 0, height: 0 }
  /** Where everything is, rebuilt when a render or a move made it stale. */
  private stale = true
  private nodeGrid = new Grid()
  private wireGrid = new Grid()
  private readonly nodeBoxes = new Map<string, Box>()
  private readonly routes = new Map<string, { x: number; y: number }[]>()
  /**
   * The last pass. Until the view (with half the show margin) leaves what that pass showed, or the zoom
   * crosses a threshold or changes twofold, a pass would change nothing that can be seen, and is skipped.
   */
  private passed: { show: Box; k: number; far: boolean; tiny: boolean } | null = null
  private readonly shownNodes = new Set<string>()
  private readonly shownWires = new Set<string>()
  private readonly overview: WireOverview

  constructor(
    private readonly area: AreaPlugin<Schemes, AreaExtra>,
    private readonly container: HTMLElement,
    private readonly nodes: ReadonlyMap<string, DwNode>,
    private readonly wires: ReadonlyMap<string, DwConnection>,
    private readonly ports: PortPositions,
    private readonly drawing: DrawingPlugin<Schemes>,
    evaluation: EvaluationStore,
  ) {
    this.overview = new WireOverview(area.area.content.holder, evaluation)
    area.addPipe((context) => {
      if (context.type === 'nodetranslated') this.stale = true
      if (context.type === 'translated' || context.type === 'zoomed' || context.type === 'nodetranslated' || context.type === 'resized') this.schedule()
      return context
    })
    new ResizeObserver(([entry]) => {
      this.size = { width: entry.contentRect.width, height: entry.contentRect.height }
      this.schedule()
    }).observe(container)
    watch([evaluation.activityVersion, evaluation.brokenWires], () => {
      this.overview.stale = true
      this.schedule()
    })
    // Routes that arrive change where wires are, for the wire grid and the overview alike.
    watch(routesVersion, () => {
      this.stale = true
      this.schedule()
    })
  }

  /** Nodes or wires were added or removed. */
  invalidate(): void {
    this.stale = true
  }

  schedule(): void {
    if (this.scheduled || this.suspended) return
    this.scheduled = true
    requestAnimationFrame(() => {
      this.scheduled = false
      this.run()
    })
  }

  run(): void {
    const { x, y, k } = this.area.area.transform
    const { width: w, height: h } = this.size
    const tiny = k < PORTS_FROM_ZOOM
    const far = k < LABELS_FROM_ZOOM
    const around = (margin: number): Box => ({ x0: (-x - margin) / k, y0: (-y - margin) / k, x1: (w - x + margin) / k, y1: (h - y + margin) / k })
    const last = this.passed
    const settled = !this.stale && !(tiny && this.overview.stale) && last !== null && last.far === far && last.tiny === tiny && k / last.k < 2 && last.k / k < 2
    if (settled && within(around(SHOW_MARGIN / 2), last.show)) return
    const [show, keep] = [around(SHOW_MARGIN), around(KEEP_MARGIN)]
    this.passed = { show, k, far, tiny }
    this.container.classList.toggle('far', far)
    this.container.classList.toggle('tiny', tiny)
    onScreen.labels.value = !far
    if (this.stale) this.index()

    const nodeIn = (id: string, box: Box) => meets(this.nodeBoxes.get(id)!, box)
    const wireIn = (id: string, box: Box) => !tiny && this.routes.get(id)!.some((p, i, r) => i > 0 && meets(segment(r[i - 1], p), box))
    const nodeElement = (id: string) => this.area.nodeViews.get(id)?.element
    const wireElement = (id: string) => this.area.connectionViews.get(id)?.element
    const toggle = (element: HTMLElement | undefined, visible: boolean) => (element ? (this.drawing.show(element, visible), true) : false)
    this.cull(this.shownNodes, this.nodeGrid, nodeIn, show, keep, (id) => toggle(nodeElement(id), true), (id) => toggle(nodeElement(id), false))
    this.cull(this.shownWires, this.wireGrid, wireIn, show, keep, (id) => toggle(wireElement(id), true), (id) => toggle(wireElement(id), false))
    const labelled = around(LABEL_MARGIN)
    const labelsMoved = this.cull(onScreen.nodes, this.nodeGrid, nodeIn, labelled, labelled, () => true, () => {})
    if (labelsMoved) onScreen.changed()

    this.overview.show(tiny)
    if (tiny && this.overview.stale) this.overview.draw(this.routes)
  }

  /** Keeps in `shown` what is still within `keep`, and adds what has come within `show`; true if it changed. */
  private cull(shown: Set<string>, grid: Grid, inside: (id: string, box: Box) => boolean, show: Box, keep: Box, enter: (id: string) => boolean, leave: (id: string) => void): boolean {
    let changed = false
    for (const id of shown) {
      if (inside(id, keep)) continue
      shown.delete(id)
      leave(id)
      changed = true
    }
    grid.near(show, (id) => {
      if (shown.has(id) || !inside(id, show) || !enter(id)) return
      shown.add(id)
      changed = true
    })
    return changed
  }

  /** Files every node's box (with room for its caption above and label below) and every wire's route. */
  private index(): void {
    this.stale = false
    this.overview.stale = true
    this.nodeGrid = new Grid()
    this.wireGrid = new Grid()
    this.nodeBoxes.clear()
    this.routes.clear()
    for (const [id, node] of this.nodes) {
      const p = this.area.nodeViews.get(id)?.position
      if (!p) continue
      const box = { x0: p.x, y0: p.y - 20, x1: p.x + node.width, y1: p.y + node.height + 60 }
      this.nodeBoxes.set(id, box)
      this.nodeGrid.add(id, box)
    }
    for (const [id, c] of this.wires) {
      const from = this.ports.at(c.source, 'output', c.sourceOutput)
      const to = this.ports.at(c.target, 'input', c.targetInput)
      if (!from || !to) continue
      const route = routeOf(id, from, to)
      this.routes.set(id, route)
      for (let i = 1; i < route.length; i++) this.wireGrid.add(id, segment(route[i - 1], route[i]))
    }
    // Gone, or drawn anew in a new element (Rete makes one when a node changes kind): to be shown again.
    for (const id of this.shownNodes) if (!this.nodeBoxes.has(id) || !this.drawing.isDrawn(this.area.nodeViews.get(id)!.element)) this.shownNodes.delete(id)
    for (const id of this.shownWires) if (!this.routes.has(id) || !this.drawing.isDrawn(this.area.connectionViews.get(id)!.element)) this.shownWires.delete(id)
    for (const id of onScreen.nodes) if (!this.nodeBoxes.has(id)) onScreen.nodes.delete(id)
  }
}

/** `inner` lies inside `outer`. */
const within = (inner: Box, outer: Box): boolean => inner.x0 >= outer.x0 && inner.y0 >= outer.y0 && inner.x1 <= outer.x1 && inner.y1 <= outer.y1

const segment = (p: { x: number; y: number }, q: { x: number; y: number }): Box => ({ x0: Math.min(p.x, q.x), y0: Math.min(p.y, q.y), x1: Math.max(p.x, q.x), y1: Math.max(p.y, q.y) })
