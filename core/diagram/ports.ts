import { clip } from '../clip'
import { findPrimitive } from '../primitives/table'
import type { PortType } from '../primitives/types'
import { type Diagram, type End, TERMINAL_PORT } from './model'

// What ports a node of a diagram has, in one place for the loader, the checker, the compiler and the editor.

export type NodeKind = 'input' | 'output' | 'block'

export interface NodeInfo {
  kind: NodeKind
  /** Ports a wire may start from, and ports a wire may end at. */
  outs: { id: string; type: PortType }[]
  ins: { id: string; type: PortType }[]
  /** How a message names the node: `block 'b2' (Multiply)`, `input 'x1'`. */
  label: string
}

export function nodeIndex(d: Pick<Diagram, 'inputs' | 'outputs' | 'blocks'>): Map<string, NodeInfo> {
  const nodes = new Map<string, NodeInfo>()
  for (const t of d.inputs) {
    nodes.set(t.id, { kind: 'input', outs: [{ id: TERMINAL_PORT, type: 'number' }], ins: [], label: `input '${clip(t.name)}'` })
  }
  for (const t of d.outputs) {
    nodes.set(t.id, { kind: 'output', outs: [], ins: [{ id: TERMINAL_PORT, type: 'number' }], label: `output '${clip(t.name)}'` })
  }
  for (const b of d.blocks) {
    const p = findPrimitive(b.primitive)
    nodes.set(b.id, {
      kind: 'block',
      outs: p ? p.outputs.map((o) => ({ id: o.id, type: o.type })) : [],
      ins: p ? p.inputs.map((i) => ({ id: i.id, type: i.type })) : [],
      label: `block '${clip(b.id)}'${p ? ` (${p.labview})` : ''}`,
    })
  }
  return nodes
}

export function endText(e: End, nodes: Map<string, NodeInfo>): string {
  const n = nodes.get(e.node)
  if (!n) return `'${clip(e.node)}'`
  return n.kind === 'block' ? `port '${clip(e.port)}' of ${n.label}` : n.label
}
