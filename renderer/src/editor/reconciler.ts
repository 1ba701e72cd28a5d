import type { NodeEditor } from 'rete'
import type { AreaPlugin } from 'rete-area-plugin'
import type { Diagram, Point } from '../../../core'
import { type AreaExtra, DwConnection, DwNode, type Schemes } from './classes'
import { nodeKind } from './geometry'

// The one place that changes Rete's editor: render(diagram) makes its nodes, wires and node positions match
// the diagram, adding, removing, moving and redrawing what changed. Nothing else in the renderer adds or
// removes Rete's nodes or connections, moves a node or asks the area to redraw one (a test scans for it):
// the user's gestures become requests to the document (view.ts), whose result comes back here.

/** How long a render works before it lets the page answer input: about two frames. */
const SLICE_MS = 30
/** A render that adds or removes more than this many nodes and wires hides the diagram while it works. */
const BULK = 40

/** What the view does around a render (culling, what the page says); the reconciler touches only Rete. */
export interface RenderHooks {
  /** A render starts; `bulk` when it adds or removes many things (a diagram opened, a large paste). */
  started(bulk: boolean): void
  /** A node has left the editor, with its wires. */
  removedNode(id: string): void
  /** The render is done (or failed half way): the editor holds what it holds now. */
  finished(bulk: boolean): void
}

type Wanted = { kind: DwNode['kind']; primitive?: string; signature: string; at: Point }

export class Reconciler {
  private readonly nodeMap = new Map<string, DwNode>()
  private readonly wireMap = new Map<string, DwConnection>()
  /** Rete's nodes and wires by document id: what the editor holds. */
  readonly nodes: ReadonlyMap<string, DwNode> = this.nodeMap
  readonly wires: ReadonlyMap<string, DwConnection> = this.wireMap
  /**
   * True while a render is changing the editor, so that the view lets those changes through its pipes (it
   * turns Rete's own into requests). False in the pauses a long render makes: what the user does then is theirs.
   */
  changing = false
  private latest: Diagram | null = null
  private queue: Promise<void> = Promise.resolve()

  constructor(
    private readonly editor: NodeEditor<Schemes>,
    private readonly area: AreaPlugin<Schemes, AreaExtra>,
    private readonly hooks: RenderHooks,
  ) {}

  /**
   * Makes the editor show `d`. Renders run one at a time (a large one takes seconds, and edits may come in
   * meanwhile); of the diagrams that arrive during one, only the last is rendered after it.
   */
  render(d: Diagram): Promise<void> {
    this.latest = d
    this.queue = this.queue.then(() => {
      const next = this.latest
      this.latest = null
      return next ? this.reconcile(next) : undefined
    })
    return this.queue
  }

  /** Settles once every render asked for so far is done. */
  get settled(): Promise<void> {
    return this.queue
  }

  private async reconcile(d: Diagram): Promise<void> {
    this.changing = true
    // Hidden while many nodes go in: nothing here measures the DOM, so the browser lays out once, not per node.
    const holder = this.area.area.content.holder
    const bulk = Math.abs(d.blocks.length + d.wires.length - this.nodeMap.size - this.wireMap.size) > BULK
    this.hooks.started(bulk)
    if (bulk) holder.style.display = 'none'
    // A large change goes in over several tasks, so that the page keeps answering (10,000 pasted blocks take
    // seconds in Rete). Between them the user may act: those gestures become edits, rendered after this one.
    let sliceStart = performance.now()
    const breathe = async () => {
      if (performance.now() - sliceStart < SLICE_MS) return
      if (bulk) holder.style.display = ''
      this.changing = false
      await new Promise((resolve) => setTimeout(resolve, 0))
      this.changing = true
      if (bulk) holder.style.display = 'none'
      sliceStart = performance.now()
    }
    try {
      const want = wanted(d)
      const wantWires = new Map(d.wires.map((w) => [w.id, w]))
      for (const [id, c] of this.wireMap) {
        const w = wantWires.get(id)
        if (!w || w.from.node !== c.source || w.from.port !== c.sourceOutput || w.to.node !== c.target || w.to.port !== c.targetInput || !want.has(c.source) || !want.has(c.target)) {
          await this.editor.removeConnection(id)
          this.wireMap.delete(id)
          await breathe()
        }
      }
      for (const [id, n] of this.nodeMap) {
        const w = want.get(id)
        // A comment's size follows its text: one whose text changed is made again.
        if (!w || w.kind !== n.kind || w.primitive !== n.primitive || (w.kind === 'comment' && w.signature !== n.signature)) {
          for (const c of this.editor.getConnections()) {
            if (c.source === id || c.target === id) {
              await this.editor.removeConnection(c.id)
              this.wireMap.delete(c.id)
            }
          }
          await this.editor.removeNode(id)
          this.nodeMap.delete(id)
          this.hooks.removedNode(id)
          await breathe()
        }
      }
      for (const [id, w] of want) {
        let node = this.nodeMap.get(id)
        if (!node) {
          node = new DwNode(id, w.kind, w.primitive, w.signature)
          this.nodeMap.set(id, node)
          await this.editor.addNode(node)
          // Nodes above wires, so that a wire's hit stroke never covers a port.
          const element = this.area.nodeViews.get(id)?.element
          if (element) element.style.zIndex = '1'
          await this.area.translate(id, w.at)
          await breathe()
        } else {
          const view = this.area.nodeViews.get(id)
          if (view && (view.position.x !== w.at.x || view.position.y !== w.at.y)) await this.area.translate(id, w.at)
          if (node.signature !== w.signature) {
            node.signature = w.signature
            await this.area.update('node', id)
          }
        }
      }
      for (const [id, w] of wantWires) {
        if (this.wireMap.has(id)) continue
        const source = this.nodeMap.get(w.from.node)
        const target = this.nodeMap.get(w.to.node)
        if (!source || !target || !source.outputs[w.from.port] || !target.inputs[w.to.port]) continue
        const c = new DwConnection(id, source, w.from.port, target, w.to.port)
        this.wireMap.set(id, c)
        await this.editor.addConnection(c)
        await breathe()
      }
    } finally {
      if (bulk) holder.style.display = ''
      this.changing = false
      this.hooks.finished(bulk)
    }
  }
}

/** Every node the diagram asks for, by id: what it is, what it shows (its signature) and where it is. */
function wanted(d: Diagram): Map<string, Wanted> {
  const want = new Map<string, Wanted>()
  const at = (id: string) => d.layout.positions[id] ?? { x: 0, y: 0 }
  for (const t of d.inputs) want.set(t.id, { kind: 'input', signature: `${t.name}`, at: at(t.id) })
  for (const t of d.outputs) want.set(t.id, { kind: 'output', signature: `${t.name}`, at: at(t.id) })
  for (const b of d.blocks) want.set(b.id, { kind: nodeKind(b.primitive), primitive: b.primitive, signature: JSON.stringify(b.params), at: at(b.id) })
  for (const [id, c] of Object.entries(d.layout.comments ?? {})) want.set(id, { kind: 'comment', signature: c.text, at: { x: c.x, y: c.y } })
  return want
}
