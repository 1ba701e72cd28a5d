import { Op } from '../kernel/machine'
import type { Kernel } from '../primitives/table'
import { OUTPUT_NAME } from '../primitives/table'
import { Emitter, type Instruction, Stream } from './emitter'

// A row of the kernel language on arrays. The row's value and partials are emitted once, as for a scalar
// block, into registers of their own ("lanes"); each lane then becomes a whole array (or stays one number
// when everything it reads is one), and each instruction a loop over the elements (runVector in kernel/machine.ts). So
// polymorphism costs the table nothing: the row that computes one element computes them all.

/** A value an array instruction reads: where it is (a location of the schedule) and its stride, 0 or 1. */
export interface Operand {
  loc: number
  stride: number
}

export interface VectorInstruction {
  op: number
  n: number
  dst: number
  args: Operand[]
}

export interface Elementwise {
  value: VectorInstruction[]
  partial: VectorInstruction[]
  /** Each output's location. */
  outputs: number[]
  /**
   * By output, by input: where ∂output/∂input lives, 'one' where it is the constant 1 (an edge then adds
   * with nothing to multiply), or undefined where it is zero.
   */
  partials: (Operand | 'one' | undefined)[][]
}

/**
 * `inputs` are the block's input operands (stride 0 for a scalar), `params` its parameter locations; `n`
 * the array length; `vector(length)` allocates a location for an array; `constant(v)` one for a number.
 */
export function emitElementwise(k: Kernel, inputs: Operand[], params: Map<string, number>, n: number, vector: (length: number) => number, constant: (v: number) => number): Elementwise {
  const lane = new Emitter()
  const ins = inputs.map(() => lane.allocate())
  const paramLanes = new Map([...params].map(([name]) => [name, lane.allocate()]))
  const env = (name: string): number => {
    const i = k.inputs.indexOf(name)
    if (i >= 0) return ins[i]
    const p = paramLanes.get(name)
    if (p === undefined) throw new Error(`${k.primitive.id}: unbound name '${name}'`)
    return p
  }
  const outLanes = k.outputs.map((out) => {
    if (out.native !== undefined) return lane.op(Stream.value, out.native, ins, lane.allocate())
    return lane.expr(Stream.value, out.value!, env, lane.allocate())
  })
  const partialLanes = k.outputs.map((out, oi) => {
    const withOutput = (name: string) => (name === OUTPUT_NAME ? outLanes[oi] : env(name))
    return out.partials.map((p) => (p ? lane.expr(Stream.partial, p, withOutput) : undefined))
  })

  // Lanes become operands: inputs and parameters are where they are, constants are numbers, and what an
  // instruction computes is an array, unless all it reads is one number.
  const operand = new Map<number, Operand>()
  ins.forEach((l, i) => operand.set(l, inputs[i]))
  for (const [name, l] of paramLanes) operand.set(l, { loc: params.get(name)!, stride: 0 })
  const of = (l: number): Operand => {
    const known = operand.get(l)
    if (known) return known
    const c = lane.constantValue(l)
    if (c === undefined) throw new Error(`${k.primitive.id}: lane ${l} read before it is written`)
    const o = { loc: constant(c), stride: 0 }
    operand.set(l, o)
    return o
  }
  const translate = (program: Instruction[]): VectorInstruction[] =>
    program.map((ins) => {
      const args = ins.args.map(of)
      const wide = args.some((a) => a.stride === 1)
      const dst = { loc: vector(wide ? n : 1), stride: wide ? 1 : 0 }
      operand.set(ins.dst, dst)
      return { op: ins.op, n: wide ? n : 1, dst: dst.loc, args }
    })
  const value = translate(lane.programs[Stream.value])
  const partial = translate(lane.programs[Stream.partial])
  // An output is an array even where the row's value reads no array (a constant): × 1 copies it, exactly.
  const outputs = outLanes.map((l) => {
    const o = of(l)
    if (o.stride === 1) return o.loc
    const dst = vector(n)
    value.push({ op: Op.mul, n, dst, args: [o, { loc: constant(1), stride: 0 }] })
    return dst
  })
  return {
    value,
    partial,
    outputs,
    partials: partialLanes.map((list) =>
      list.map((l) => {
        const c = l === undefined ? 0 : lane.constantValue(l)
        return c === 0 ? undefined : c === 1 ? 'one' : of(l!)
      }),
    ),
  }
}
