import type { NodeId } from 'rete'
import type { AreaPlugin } from 'rete-area-plugin'
import type { AreaExtra, DwNode, Schemes } from './classes'

// Wire ends from node positions and the fixed port offsets of geometry.ts: no DOM reads, and each move
// notifies only the wires of the node that moved (Rete's stock watcher notifies every wire of every move).

type OnChange = (p: { x: number; y: number }) => void

export class PortPositions {
  private render: { parentScope<T>(): T } | null = null
  private get area(): AreaPlugin<Schemes, AreaExtra> | null {
    return this.render ? this.render.parentScope<AreaPlugin<Schemes, AreaExtra>>() : null
  }
  private readonly listeners = new Map<NodeId, Set<{ side: 'input' | 'output'; key: string; change: OnChange }>>()

  constructor(private readonly nodeOf: (id: NodeId) => DwNode | undefined) {}

  /**
   * Called with the render plugin, a child scope of the area that sees the area's signals; it is attached
   * before the area adopts it, so the area is looked up when first needed.
   */
  attach(scope: unknown): void {
    const render = scope as { parentScope<T>(): T; addPipe(pipe: (context: unknown) => unknown): void }
    this.render = render
    render.addPipe((context) => {
      const c = context as { type?: string; data?: { id: string } }
      if (c && c.type === 'nodetranslated' && c.data) this.notify(c.data.id)
      return context
    })
  }

  /** Where a port is, in the diagram's coordinates. */
  at(nodeId: NodeId, side: 'input' | 'output', key: string): { x: number; y: number } | null {
    const view = this.area?.nodeViews.get(nodeId)
    const node = this.nodeOf(nodeId)
    const port = node?.shape[side === 'input' ? 'inputs' : 'outputs'].find((p) => p.id === key)
    if (!view || !port) return null
    return { x: view.position.x + port.x, y: view.position.y + port.y }
  }

  listen(nodeId: NodeId, side: 'input' | 'output', key: string, change: OnChange): () => void {
    const entry = { side, key, change }
    let set = this.listeners.get(nodeId)
    if (!set) this.listeners.set(nodeId, (set = new Set()))
    set.add(entry)
    const p = this.at(nodeId, side, key)
    if (p) change(p)
    return () => set!.delete(entry)
  }

  notify(nodeId: NodeId): void {
    for (const { side, key, change } of this.listeners.get(nodeId) ?? []) {
      const p = this.at(nodeId, side, key)
      if (p) change(p)
    }
  }

  /** Rete's wrapper never unsubscribes under Vue 3, so listeners of a removed node are dropped here. */
  forget(nodeId: NodeId): void {
    this.listeners.delete(nodeId)
  }
}
