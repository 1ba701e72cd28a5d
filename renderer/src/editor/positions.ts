import type { NodeId } from 'rete'
import type { AreaPlugin } from 'rete-area-plugin'
import type { AreaExtra, DwNode, Schemes } from './classes'

// Wire ends from node positions and the fixed port offsets of geometry.ts: no DOM reads, and each move
// notifies only the wires of the node that moved (Rete's stock watcher notifies every wire of every move).

type OnChange = (p: { x: number; y: number }) => void

export class PortPositions {
  private readonly listeners = new Map<NodeId, Set<{ side: 'input' | 'output'; key: string; change: OnChange }>>()

  constructor(
    private readonly area: AreaPlugin<Schemes, AreaExtra>,
    private readonly nodeOf: (id: NodeId) => DwNode | undefined,
  ) {
    area.addPipe((context) => {
      if (context.type === 'nodetranslated') this.notify(context.data.id)
      return context
    })
  }

  /** Where a port is, in the diagram's coordinates. */
  at(nodeId: NodeId, side: 'input' | 'output', key: string): { x: number; y: number } | null {
    const view = this.area.nodeViews.get(nodeId)
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

  /** A removed node's wires are gone too: their listeners are dropped with it. */
  forget(nodeId: NodeId): void {
    this.listeners.delete(nodeId)
  }
}
