import type { Expr } from '../expr/ast'
import { Op } from '../kernel/machine'
import { kernelOf, OUTPUT_NAME } from '../primitives/table'

// Symbolic differentiation of kernel-language expressions, using the table's own first partials through the
// chain rule. Second partials (for exact Hessians) are the derivatives of the rows' first partials, so every
// derivative of every order still comes from the one table.
//
// The select instruction, the kernel language's conditional, is differentiated structurally,
// d select(c, a, b) = select(c, da, db),
// so the branch not taken contributes nothing even where its derivative is infinite (zero stays strong).

const at = { line: 0, column: 0 }
const num = (value: number): Expr => ({ kind: 'num', value, at })
const call = (fn: string, ...args: Expr[]): Expr => ({ kind: 'call', fn, args, at })
const isNum = (e: Expr, v: number) => e.kind === 'num' && Object.is(e.value, v)

function add(a: Expr, b: Expr): Expr {
  if (isNum(a, 0)) return b
  if (isNum(b, 0)) return a
  return call('add', a, b)
}

function mul(a: Expr, b: Expr): Expr {
  if (isNum(a, 0) || isNum(b, 0)) return num(0)
  if (isNum(a, 1)) return b
  if (isNum(b, 1)) return a
  return call('mul', a, b)
}

function substitute(e: Expr, names: Map<string, Expr>): Expr {
  if (e.kind === 'name') return names.get(e.name) ?? e
  if (e.kind === 'call') return { ...e, args: e.args.map((a) => substitute(a, names)) }
  return e
}

/**
 * d e / d `wrt`, where `e` is written in the names of a row: its inputs, its parameters and `r`, whose own
 * derivative is `rPartial` (the row's first partial for `wrt`).
 */
export function differentiate(e: Expr, wrt: string, rPartial: Expr): Expr {
  if (e.kind === 'num') return num(0)
  if (e.kind === 'name') {
    if (e.name === wrt) return num(1)
    if (e.name === OUTPUT_NAME) return rPartial
    return num(0) // other inputs, parameters, constants
  }
  const callee = kernelOf(e.fn)
  const out = callee.outputs[0]
  if (out.type === 'boolean') return num(0)
  if (out.native === Op.select) {
    return call('select', e.args[0], differentiate(e.args[1], wrt, rPartial), differentiate(e.args[2], wrt, rPartial))
  }
  const bound = new Map<string, Expr>(callee.inputs.map((name, i) => [name, e.args[i]]))
  bound.set(OUTPUT_NAME, e)
  let total = num(0)
  out.partials.forEach((p, i) => {
    if (!p) return
    const inner = differentiate(e.args[i], wrt, rPartial)
    if (isNum(inner, 0)) return
    total = add(total, mul(substitute(p, bound), inner))
  })
  return total
}
