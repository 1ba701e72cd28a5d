import type { Expr } from '../expr/ast'
import { apply, INSTRUCTIONS, type Op } from '../kernel/machine'
import { KERNEL_CONSTANTS, kernelOf } from '../primitives/table'

// Turns kernel-language expressions into instructions over registers.
//
// Programs come in streams that run in this order: values, then partials, then second partials. Within one
// block, a subexpression already computed in a stream that has run is reused (remainder's four fmod(x, y)
// are one instruction; sincos's cos partial reads its own sin output). Constants written in the table fold
// at compile time; a constant block's number does not, so editing it only re-runs the sweeps.

export const enum Stream {
  value = 0,
  partial = 1,
  second = 2,
}

export interface Instruction {
  op: Op
  dst: number
  args: number[]
}

export type Env = (name: string) => number

export class Emitter {
  readonly programs: Instruction[][] = [[], [], []]
  /** Initial register contents: folded table constants and constant blocks' numbers. */
  readonly initial: number[] = []
  private readonly foldable = new Map<number, number>()
  private readonly pool = new Map<string, number>()
  private scope = new Map<string, { reg: number; stream: Stream }>()

  get registerCount(): number {
    return this.initial.length
  }

  allocate(initial = 0): number {
    this.initial.push(initial)
    return this.initial.length - 1
  }

  /** A register holding a table constant, shared by every use and folded through. */
  constant(v: number): number {
    const key = Object.is(v, -0) ? '-0' : String(v)
    let reg = this.pool.get(key)
    if (reg === undefined) {
      reg = this.allocate(v)
      this.pool.set(key, reg)
      this.foldable.set(reg, v)
    }
    return reg
  }

  constantValue(reg: number): number | undefined {
    return this.foldable.get(reg)
  }

  /** Starts a new block: what earlier blocks computed is not shared with it. */
  beginBlock(): void {
    this.scope = new Map()
  }

  /** Appends `op` unless it folds or repeats; `dst` forces a fresh instruction into that register. */
  op(stream: Stream, op: Op, args: number[], dst?: number): number {
    const key = `${op}:${args.join(',')}`
    if (dst === undefined) {
      const values = args.map((a) => this.foldable.get(a))
      if (values.every((v) => v !== undefined)) return this.constant(apply(op, values[0]!, values[1], values[2]))
      const seen = this.scope.get(key)
      const visible = seen && seen.stream <= stream
      if (seen && visible) return seen.reg
      dst = this.allocate()
    }
    if (!this.scope.has(key)) this.scope.set(key, { reg: dst, stream })
    if (args.length !== INSTRUCTIONS[op].arity) throw new Error(`instruction ${INSTRUCTIONS[op].name} takes ${INSTRUCTIONS[op].arity} arguments`)
    this.programs[stream].push({ op, dst, args })
    return dst
  }

  /** Emits an expression; names resolve through env, calls inline the called row's value. */
  expr(stream: Stream, e: Expr, env: Env, dst?: number): number {
    if (e.kind === 'num') return this.constant(e.value)
    if (e.kind === 'name') return e.name in KERNEL_CONSTANTS ? this.constant(KERNEL_CONSTANTS[e.name]) : env(e.name)
    const args = e.args.map((a) => this.expr(stream, a, env))
    return this.call(stream, e.fn, args, dst)
  }

  call(stream: Stream, primitive: string, args: number[], dst?: number, output = 0): number {
    const k = kernelOf(primitive)
    const out = k.outputs[output]
    if (out.native !== undefined) return this.op(stream, out.native, args, dst)
    const bound = new Map(k.inputs.map((name, i) => [name, args[i]]))
    return this.expr(stream, out.value!, (name) => {
      const reg = bound.get(name)
      if (reg === undefined) throw new Error(`${primitive}: '${name}' is not bound`)
      return reg
    }, dst)
  }
}
