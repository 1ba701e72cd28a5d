import { NodeEditor } from 'rete'
import type { DwConnection, DwNode, Schemes } from './classes'

// Rete's editor finds a node or a connection by scanning its list, and checks that list before every add:
// adding n things costs n² comparisons (10,000 pasted blocks and their wires spent seconds there). The same
// editor, with the lookups it and its plugins make answered from maps kept in step with its own lists.
export class IndexedNodeEditor extends NodeEditor<Schemes> {
  private readonly nodeIndex = new Map<string, DwNode>()
  private readonly connectionIndex = new Map<string, DwConnection>()

  constructor() {
    super()
    // Updated when Rete has changed its lists, so a lookup never disagrees with them.
    this.addPipe((context) => {
      if (context.type === 'nodecreated') this.nodeIndex.set(context.data.id, context.data)
      else if (context.type === 'noderemoved') this.nodeIndex.delete(context.data.id)
      else if (context.type === 'connectioncreated') this.connectionIndex.set(context.data.id, context.data)
      else if (context.type === 'connectionremoved') this.connectionIndex.delete(context.data.id)
      return context
    })
  }

  override getNode(id: string): DwNode {
    // Rete's own signature says a node, but it answers undefined for an unknown id, and its callers rely on that.
    return this.nodeIndex.get(id) as DwNode
  }

  override getConnection(id: string): DwConnection {
    return this.connectionIndex.get(id) as DwConnection
  }
}
