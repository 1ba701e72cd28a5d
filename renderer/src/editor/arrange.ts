import type { Diagram, Point } from '../../../core'
import { nodeKind, shapeOf } from './geometry'

// Arrange: a layered left-to-right layout by ELK. Loaded only when used (ELK is most of a megabyte).

export async function arrange(d: Diagram): Promise<Record<string, Point>> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js')
  const elk = new ELK()
  const size = (id: string) => {
    const b = d.blocks.find((x) => x.id === id)
    const kind = b ? nodeKind(b.primitive) : d.inputs.some((t) => t.id === id) ? 'input' : 'output'
    const s = shapeOf(kind, b?.primitive)
    // Room for the wire label under or beside each node.
    return { width: s.width + 40, height: s.height + 46 }
  }
  const nodes = [...d.inputs, ...d.blocks, ...d.outputs].map((n) => ({ id: n.id, ...size(n.id) }))
  const graph = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '90',
      'elk.spacing.nodeNode': '40',
      'elk.edgeRouting': 'ORTHOGONAL',
    },
    children: nodes,
    edges: d.wires.map((w) => ({ id: w.id, sources: [w.from.node], targets: [w.to.node] })),
  })
  const positions: Record<string, Point> = {}
  for (const c of graph.children ?? []) positions[c.id] = { x: Math.round(c.x ?? 0), y: Math.round((c.y ?? 0) + 16) }
  return positions
}
