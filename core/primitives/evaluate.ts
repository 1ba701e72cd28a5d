import type { Expr } from '../expr/ast'
import { apply } from '../kernel/machine'
import { KERNEL_CONSTANTS, kernelOf } from './table'

// A primitive's value at one point, computed by the same instructions the compiled schedule runs.
// Used where there is no schedule: the Taylor sweep's order-0 terms, and tests of single rows.

export function evaluateExpr(e: Expr, env: (name: string) => number): number {
  if (e.kind === 'num') return e.value
  if (e.kind === 'name') return e.name in KERNEL_CONSTANTS ? KERNEL_CONSTANTS[e.name] : env(e.name)
  return evaluatePrimitive(e.fn, e.args.map((a) => evaluateExpr(a, env)))
}

export function evaluatePrimitive(id: string, args: number[], output = 0, params: Record<string, number> = {}): number {
  const k = kernelOf(id)
  const out = k.outputs[output]
  if (out.native !== undefined) return apply(out.native, args[0], args[1], args[2])
  return evaluateExpr(out.value!, (name) => {
    const i = k.inputs.indexOf(name)
    if (i >= 0) return args[i]
    if (name in params) return params[name]
    const p = k.primitive.params.find((q) => q.id === name)
    if (p) return p.default
    throw new Error(`${id}: unbound name '${name}'`)
  })
}

/** ∂output/∂input i of a primitive at one point, from its row. */
export function evaluatePartial(id: string, args: number[], input: number, output = 0): number {
  const k = kernelOf(id)
  const p = k.outputs[output].partials[input]
  if (!p) return 0
  const r = evaluatePrimitive(id, args, output)
  return evaluateExpr(p, (name) => (name === 'r' ? r : args[k.inputs.indexOf(name)]))
}
