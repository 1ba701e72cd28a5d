import { clip } from '../clip'
import { findPrimitive } from '../primitives/table'
import type { PortType } from '../primitives/types'
import { type Diagram, type End, TERMINAL_PORT } from './model'

// What ports a node of a diagram has, in one place for the loader, the checker, the compiler and the editor.

export type NodeKind = 'input' | 'output' | 'block'

type Ports = readonly { readonly id: string; readonly type: PortType }[]

export interface NodeInfo {
  kind: NodeKind
  /** Ports a wire may start from, and ports a wire may end at (shared between nodes: do not change them). */
  outs: Ports
  ins: Ports
  /** How a message names the node: `Multiply b2`, `input 'x1'` (names and ids clipped). */
  readonly label: string
}

const NONE: Ports = []
const TERMINAL: Ports = [{ id: TERMINAL_PORT, type: 'number' }]

/** Each primitive's port lists, made once: a diagram of 100,000 blocks has 100,000 nodes but few primitives. */
const portsOf = new Map<string, { outs: Ports; ins: Ports; labview: string }>()
function primitivePorts(id: string): { outs: Ports; ins: Ports; labview: string } | undefined {
  let ports = portsOf.get(id)
  if (!ports) {
    const p = findPrimitive(id)
    if (!p) return undefined
    ports = { outs: p.outputs.map((o) => ({ id: o.id, type: o.type })), ins: p.inputs.map((i) => ({ id: i.id, type: i.type })), labview: p.labview }
    portsOf.set(id, ports)
  }
  return ports
}

/** A node's ports, and its label made only when a message asks for it. */
class Node implements NodeInfo {
  constructor(
    readonly kind: NodeKind,
    readonly outs: Ports,
    readonly ins: Ports,
    /** A terminal's name, or a block's id. */
    private readonly named: string,
    private readonly labview?: string,
  ) {}

  get label(): string {
    if (this.kind !== 'block') return `${this.kind} '${clip(this.named)}'`
    return this.labview === undefined ? `block '${clip(this.named)}'` : blockLabel(this.labview, this.named)
  }
}

/**
 * How every message names a block: its function's name, then its id, as `Multiply b3`. The name says what
 * it is and the id which one, when two Multiply blocks exist. Ids have no spaces, so none is quoted.
 */
export function blockLabel(labview: string, id: string): string {
  return `${labview} ${clip(id)}`
}

/** A block's label from its primitive's id (`mul` → `Multiply b3`). */
export function blockLabelOf(primitive: string, id: string): string {
  const p = findPrimitive(primitive)
  return p ? blockLabel(p.labview, id) : `block '${clip(id)}'`
}

export function nodeIndex(d: Pick<Diagram, 'inputs' | 'outputs' | 'blocks'>): Map<string, NodeInfo> {
  const nodes = new Map<string, NodeInfo>()
  for (const t of d.inputs) nodes.set(t.id, new Node('input', TERMINAL, NONE, t.name))
  for (const t of d.outputs) nodes.set(t.id, new Node('output', NONE, TERMINAL, t.name))
  for (const b of d.blocks) {
    const p = primitivePorts(b.primitive)
    nodes.set(b.id, p ? new Node('block', p.outs, p.ins, b.id, p.labview) : new Node('block', NONE, NONE, b.id))
  }
  return nodes
}

export function endText(e: End, nodes: Map<string, NodeInfo>): string {
  const n = nodes.get(e.node)
  if (!n) return `'${clip(e.node)}'`
  return n.kind === 'block' ? `port '${clip(e.port)}' of ${n.label}` : n.label
}
