import type { ScheduledBlock } from '../compile/schedule'
import type { Expr } from '../expr/ast'
import { apply } from '../kernel/machine'
import { SCALAR } from '../primitives/array-rule'
import { evaluatePrimitive } from '../primitives/evaluate'
import { type Kernel, KERNEL_CONSTANTS, kernelOf, OUTPUT_NAME } from '../primitives/table'

// The rows' domain and kink conditions, evaluated at a block after a sweep: by the flags and the block
// notes, on every sweep of the editor. Interpreting the rows' expressions took milliseconds a sweep on a
// large diagram; made into closures once per primitive, a block costs a few calls.

/** A condition made into a function of the block's inputs, its output and its parameters, in that order. */
export type Condition = (v: Float64Array) => number

function conditionOf(e: Expr, k: Kernel): Condition {
  if (e.kind === 'num') {
    const c = e.value
    return () => c
  }
  if (e.kind === 'name') {
    if (e.name in KERNEL_CONSTANTS) {
      const c = KERNEL_CONSTANTS[e.name]
      return () => c
    }
    const input = k.inputs.indexOf(e.name)
    const i = input >= 0 ? input : e.name === OUTPUT_NAME ? k.inputs.length : k.inputs.length + 1 + k.params.indexOf(e.name)
    return (v) => v[i]
  }
  const [a, b, c] = e.args.map((x) => conditionOf(x, k))
  const op = kernelOf(e.fn).outputs[0].native
  if (op === undefined) {
    const args = e.args.map((x) => conditionOf(x, k))
    return (v) => evaluatePrimitive(e.fn, args.map((f) => f(v)))
  }
  // The machine's own instructions (apply), so a condition computes what the engine computes.
  if (b === undefined) return (v) => apply(op, a(v))
  if (c === undefined) return (v) => apply(op, a(v), b(v))
  return (v) => apply(op, a(v), b(v), c(v))
}

const made = new Map<string, { domain: Condition[]; kinks: Condition[] }>()

/** A row's domain and kink conditions as functions, made once per primitive; `1` where one holds. */
export function conditionsOf(k: Kernel): { domain: Condition[]; kinks: Condition[] } {
  let c = made.get(k.primitive.id)
  if (!c) made.set(k.primitive.id, (c = { domain: k.domain.map((x) => conditionOf(x.when, k)), kinks: k.kinks.map((x) => conditionOf(x.when, k)) }))
  return c
}

let scratch = new Float64Array(8)

/**
 * What a block's conditions read, from the registers: its inputs, its first output, its parameters; at
 * element `el` of each array (a scalar is the same at every element).
 */
export function conditionArgs(b: ScheduledBlock, R: Float64Array, el = 0): Float64Array {
  const n = b.inputs.length
  if (scratch.length < n + 1 + b.params.length) scratch = new Float64Array(n + 1 + b.params.length)
  for (let i = 0; i < n; i++) scratch[i] = R[b.inputs[i].reg + (b.inputs[i].length === SCALAR ? 0 : el)]
  scratch[n] = R[b.outputs[0].reg + (b.outputs[0].length === SCALAR ? 0 : el)]
  // Parameters in the row's order (the schedule lists them so).
  for (let j = 0; j < b.params.length; j++) scratch[n + 1 + j] = R[b.params[j].reg]
  return scratch
}


/** The first of n registers from `at` that is NaN or infinite, or -1. */
export function firstNonFinite(R: Float64Array, at: number, n: number): number {
  for (let i = 0; i < n; i++) if (!Number.isFinite(R[at + i])) return i
  return -1
}
