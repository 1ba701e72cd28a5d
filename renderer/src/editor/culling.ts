import type { AreaPlugin } from 'rete-area-plugin'
import type { AreaExtra, DwConnection, DwNode, Schemes } from './classes'

// Rete draws every node and wire, on screen or not; with thousands, every pan repaints them all. This hides
// what is outside the view (with a margin), once per frame at most, and drops the wire labels when the view
// is zoomed out so far that they could not be read anyway.

const MARGIN = 200
const LABELS_FROM_ZOOM = 0.45

export class Culling {
  private scheduled = false
  private readonly hidden = new Set<HTMLElement>()

  constructor(
    private readonly area: AreaPlugin<Schemes, AreaExtra>,
    private readonly container: HTMLElement,
    private readonly nodes: Map<string, DwNode>,
    private readonly wires: Map<string, DwConnection>,
  ) {
    area.addPipe((context) => {
      if (context.type === 'translated' || context.type === 'zoomed' || context.type === 'nodetranslated' || context.type === 'resized') this.schedule()
      return context
    })
  }

  schedule(): void {
    if (this.scheduled) return
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
    const w = this.container.clientWidth
    const h = this.container.clientHeight
    const view = { x0: (-x - MARGIN) / k, y0: (-y - MARGIN) / k, x1: (w - x + MARGIN) / k, y1: (h - y + MARGIN) / k }
    this.container.classList.toggle('far', k < LABELS_FROM_ZOOM)
    const boxes = new Map<string, { x0: number; y0: number; x1: number; y1: number }>()
    for (const [id, node] of this.nodes) {
      const view_ = this.area.nodeViews.get(id)
      if (!view_) continue
      const p = view_.position
      const box = { x0: p.x, y0: p.y - 20, x1: p.x + node.width, y1: p.y + node.height + 60 }
      boxes.set(id, box)
      this.show(view_.element, box.x1 >= view.x0 && box.x0 <= view.x1 && box.y1 >= view.y0 && box.y0 <= view.y1)
    }
    for (const [id, c] of this.wires) {
      const a = boxes.get(c.source)
      const b = boxes.get(c.target)
      if (!a || !b) continue
      const x0 = Math.min(a.x0, b.x0)
      const x1 = Math.max(a.x1, b.x1)
      const y0 = Math.min(a.y0, b.y0)
      const y1 = Math.max(a.y1, b.y1)
      this.show(this.area.connectionViews.get(id)?.element, x1 >= view.x0 && x0 <= view.x1 && y1 >= view.y0 && y0 <= view.y1)
    }
  }
}
