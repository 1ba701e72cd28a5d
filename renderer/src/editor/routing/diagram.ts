import type { Diagram } from '../../../../core'
import { nodeKind, shapeOf } from '../geometry'
import type { RouteNode, RouteWire } from './router'

// What the router needs of a diagram: each node's box where the document puts it (its top-left corner) with
// the same shapes and port offsets the view draws (geometry.ts), and the wires between ports.

export function routingInput(d: Diagram): { nodes: RouteNode[]; wires: RouteWire[] } {
  const nodes: RouteNode[] = []
  const add = (id: string, shape: ReturnType<typeof shapeOf>) => {
    const at = d.layout.positions[id] ?? { x: 0, y: 0 }
    const ports = [...shape.inputs.map((p) => ({ id: p.id, side: 'input' as const, x: p.x, y: p.y })), ...shape.outputs.map((p) => ({ id: p.id, side: 'output' as const, x: p.x, y: p.y }))]
    nodes.push({ id, x: at.x, y: at.y, width: shape.width, height: shape.height, ports })
  }
  for (const t of d.inputs) add(t.id, shapeOf('input'))
  for (const t of d.outputs) add(t.id, shapeOf('output'))
  for (const b of d.blocks) add(b.id, shapeOf(nodeKind(b.primitive), b.primitive))
  return { nodes, wires: d.wires.map((w) => ({ id: w.id, from: { node: w.from.node, port: w.from.port }, to: { node: w.to.node, port: w.to.port } })) }
}
