import { ClassicPreset, type GetSchemes, type NodeId } from 'rete'
import type { RenderSignal } from 'rete-area-plugin'
import type { MinimapExtra } from 'rete-minimap-plugin'
import type { VueArea2D } from 'rete-vue-plugin'
import { commentShape, type NodeKind, type NodeShape, shapeOf } from './geometry'

// The objects Rete draws: one per node and wire of the document, carrying their document ids.

const sockets = { number: new ClassicPreset.Socket('number'), boolean: new ClassicPreset.Socket('boolean') }

export class DwNode extends ClassicPreset.Node {
  readonly shape: NodeShape
  width: number
  height: number

  constructor(
    id: string,
    readonly kind: NodeKind | 'input' | 'output' | 'comment',
    readonly primitive: string | undefined,
    /** Changes whenever what the node shows (name, constant, a comment's text) changes, so the view knows to redraw it. */
    public signature: string,
  ) {
    super(primitive ?? kind)
    this.id = id
    this.shape = kind === 'comment' ? commentShape(signature) : shapeOf(kind, primitive)
    this.width = this.shape.width
    this.height = this.shape.height
    for (const p of this.shape.inputs) this.addInput(p.id, new ClassicPreset.Input(sockets[p.type], p.id))
    for (const p of this.shape.outputs) this.addOutput(p.id, new ClassicPreset.Output(sockets[p.type], p.id))
  }
}

export class DwConnection extends ClassicPreset.Connection<DwNode, DwNode> {
  constructor(id: string, source: DwNode, sourceOutput: string, target: DwNode, targetInput: string) {
    super(source, sourceOutput, target, targetInput)
    this.id = id
  }
}

export type Schemes = GetSchemes<DwNode, DwConnection>
export type AreaExtra = VueArea2D<Schemes> | MinimapExtra

/** A wire's end: a fixed point (the loose end of the wire being dragged), or a subscription to a port's position. */
export type WireEnd = { x: number; y: number } | ((change: (p: { x: number; y: number }) => void) => () => void)

/** The area takes back an element it asked to be drawn (a node's, a wire's, a port target's). */
export type Unmount = { type: 'unmount'; data: { element: HTMLElement } }

/**
 * What a node sends the area for each port target it draws (rete-vue-plugin's `Ref`, see BlockNode): the
 * connection plugin takes the element as the socket `key` of node `nodeId`, and forgets it on unmount.
 */
export type PortSignal = RenderSignal<'socket', { nodeId: NodeId; side: 'input' | 'output'; key: string }> | Unmount
