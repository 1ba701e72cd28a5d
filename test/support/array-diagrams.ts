import type { Diagram, Value } from '../../core'
import { findPrimitive } from '../../core'

// Builds diagrams with arrays in a few lines, for tests and benchmarks: each call adds a block wired to the
// values given and returns its outputs.

export interface Source {
  node: string
  port: string
}

export class DiagramBuilder {
  readonly d: Diagram = { title: 'arrays', inputs: [], outputs: [], blocks: [], wires: [], layout: { positions: {}, ranges: {}, comments: {} } }
  private wires = 0

  input(name: string, value: Value): Source {
    const id = `i${this.d.inputs.length + 1}`
    this.d.inputs.push({ id, name, value })
    return { node: id, port: 'value' }
  }

  /** A block of `primitive` on `args` (in its port order); its outputs in port order. */
  block(primitive: string, args: Source[], params: Record<string, number> = {}): Source[] {
    const p = findPrimitive(primitive)
    if (!p) throw new Error(`no primitive '${primitive}'`)
    const id = `b${this.d.blocks.length + 1}`
    this.d.blocks.push({ id, primitive, params })
    args.forEach((a, i) => this.d.wires.push({ id: `w${++this.wires}`, from: { ...a }, to: { node: id, port: p.inputs[i].id } }))
    return p.outputs.map((o) => ({ node: id, port: o.id }))
  }

  /** The first output of a block. */
  op(primitive: string, args: Source[], params: Record<string, number> = {}): Source {
    return this.block(primitive, args, params)[0]
  }

  constant(v: number): Source {
    return this.op('constant', [], { value: v })
  }

  output(name: string, from: Source): void {
    const id = `o${this.d.outputs.length + 1}`
    this.d.outputs.push({ id, name })
    this.d.wires.push({ id: `w${++this.wires}`, from: { ...from }, to: { node: id, port: 'value' } })
  }
}

/** Σ 100(x[i+1] − x[i]²)² + (1 − x[i])² as six array blocks and a sum. */
export function rosenbrockArrays(x: number[]): Diagram {
  const b = new DiagramBuilder()
  const xs = b.input('x', x)
  const head = b.op('subset', [xs], { offset: 0, length: -1 })
  const tail = b.op('subset', [xs], { offset: 1 })
  const gap = b.op('sub', [tail, b.op('square', [head])])
  const terms = b.op('add', [b.op('mul', [b.constant(100), b.op('square', [gap])]), b.op('square', [b.op('sub', [b.constant(1), head])])])
  b.output('f', b.op('sum', [terms]))
  b.d.title = 'Rosenbrock (arrays)'
  return b.d
}

/** The extended Rosenbrock function and its gradient, worked out by hand: what the array diagrams are checked against. */
export function rosenbrockClosedForm(x: readonly number[]): { f: number; g: number[] } {
  let f = 0
  const g = new Array<number>(x.length).fill(0)
  for (let i = 0; i < x.length - 1; i++) {
    const a = x[i + 1] - x[i] * x[i]
    f += 100 * a * a + (1 - x[i]) * (1 - x[i])
    g[i] += -400 * x[i] * a - 2 * (1 - x[i])
    g[i + 1] += 200 * a
  }
  return { f, g }
}
