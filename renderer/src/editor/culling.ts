import { shallowRef } from 'vue'
import type { AreaPlugin } from 'rete-area-plugin'
import type { AreaExtra, DwConnection, DwNode, Schemes } from './classes'
import { wireRoute } from './geometry'

// Rete draws every node and wire, on screen or not; with thousands, every pan repaints them all. This hides
// what is outside the view (with a margin), once per frame at most, and drops the wire labels, then the
// ports, when the view is zoomed out so far that they could not be read or aimed at anyway.

const MARGIN = 200
const LABELS_FROM_ZOOM = 0.45
/** Below this a port is a few pixels across: too small to aim at, and each one costs the browser a layer. */
const PORTS_FROM_ZOOM = 0.3

/**
 * What is on screen, for the wire labels: a label renders (and follows the sweeps) only while the node it
 * sits beside is visible and the zoom is close enough to read it, so a sweep updates tens of labels, not
 * thousands. `version` changes when the set does; the set itself is plain, read when `version` says so.
 */
export const onScreen = { nodes: new Set<string>(), labels: shallowRef(true), version: shallowRef(0) }

export class Culling {
  private scheduled = false
  private readonly hidden = new Set<HTMLElement>()
  /** While the view renders a batch, passes wait for its end (one pass, not one per node placed). */
  suspended = false
  /** The container's size, kept by a ResizeObserver: reading clientWidth in a pass would force a layout. */
  private size = { width: 0, height: 0 }

  constructor(
    private readonly area: AreaPlugin<Schemes, AreaExtra>,
    private readonly container: HTMLElement,
    private readonly nodes: Map<string, DwNode>,
    private readonly wires: Map<string, DwConnection>,
    private readonly portAt: (node: string, side: 'input' | 'output', port: string) => { x: number; y: number } | null,
  ) {
    area.addPipe((context) => {
      if (context.type === 'translated' || context.type === 'zoomed' || context.type === 'nodetranslated' || context.type === 'resized') this.schedule()
      return context
    })
    new ResizeObserver(([entry]) => {
      this.size = { width: entry.contentRect.width, height: entry.contentRect.height }
      this.schedule()
    }).observe(container)
  }

  schedule(): void {
    if (this.scheduled || this.suspended) return
    this.scheduled = true
    requestAnimationFrame(() => {
      this.scheduled = false
      this.run()
    })
  }

  private show(element: HTMLElement | undefined, visible: boolean): void {
    if (!element) return
    if (visible && this.hidden.has(element)) {
      element.style.display = ''
      this.hidden.delete(element)
    } else if (!visible && !this.hidden.has(element)) {
      element.style.display = 'none'
      this.hidden.add(element)
    }
  }

  run(): void {
    const { x, y, k } = this.area.area.transform
    const { width: w, height: h } = this.size
    const view = { x0: (-x - MARGIN) / k, y0: (-y - MARGIN) / k, x1: (w - x + MARGIN) / k, y1: (h - y + MARGIN) / k }
    this.container.classList.toggle('far', k < LABELS_FROM_ZOOM)
    this.container.classList.toggle('tiny', k < PORTS_FROM_ZOOM)
    onScreen.labels.value = k >= LABELS_FROM_ZOOM
    let changed = false
    const inView = (box: { x0: number; y0: number; x1: number; y1: number }) => box.x1 >= view.x0 && box.x0 <= view.x1 && box.y1 >= view.y0 && box.y0 <= view.y1
    for (const [id, node] of this.nodes) {
      const nodeView = this.area.nodeViews.get(id)
      if (!nodeView) continue
      const p = nodeView.position
      // Below a node is room for its label.
      const box = { x0: p.x, y0: p.y - 20, x1: p.x + node.width, y1: p.y + node.height + 60 }
      const visible = inView(box)
      this.show(nodeView.element, visible)
      if (visible !== onScreen.nodes.has(id)) {
        if (visible) onScreen.nodes.add(id)
        else onScreen.nodes.delete(id)
        changed = true
      }
    }
    for (const id of onScreen.nodes) {
      if (!this.nodes.has(id)) {
        onScreen.nodes.delete(id)
        changed = true
      }
    }
    // A wire is drawn when a segment of its path crosses the view: a long wire whose box covers the view
    // but whose path goes around it is not. Its label sits beside a node whose port the path starts or
    // ends at, so a visible label always has a visible path.
    for (const [id, c] of this.wires) {
      const from = this.portAt(c.source, 'output', c.sourceOutput)
      const to = this.portAt(c.target, 'input', c.targetInput)
      if (!from || !to) continue
      const route = wireRoute(from, to)
      let visible = false
      for (let i = 1; i < route.length && !visible; i++) {
        const [p, q] = [route[i - 1], route[i]]
        visible = inView({ x0: Math.min(p.x, q.x), y0: Math.min(p.y, q.y), x1: Math.max(p.x, q.x), y1: Math.max(p.y, q.y) })
      }
      this.show(this.area.connectionViews.get(id)?.element, visible)
    }
    if (changed) onScreen.version.value++
  }
}
