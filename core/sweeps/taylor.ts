import type { Schedule } from '../compile/schedule'
import type { Expr } from '../expr/ast'
import { apply, Op } from '../kernel/machine'
import { evaluatePrimitive } from '../primitives/evaluate'
import { KERNEL_CONSTANTS, kernelOf, OUTPUT_NAME } from '../primitives/table'

// The Taylor sweep: every slot carries a truncated power series x(t) = Σ c_k t^k along one direction, so
// the k-th directional derivative of an output is k! · c_k.
//
// Arithmetic instructions use their convolution rules. Every other primitive y = f(a, b, …) follows from
// its row's first partials alone, through y′ = Σ ∂f/∂a · a′, which gives, coefficient by coefficient,
//   y_k = (1/k) Σ_a Σ_{j=1..k} j · a_j · (∂f/∂a)_{k−j}
// where the series of ∂f/∂a is evaluated by this same algebra (sin needs cos, cos needs sin, both shared).
// Series are lazy: a coefficient is computed when first asked for, so these mutual references resolve.

class Series {
  readonly c: number[] = []
  constructor(private readonly next: (k: number) => number) {}
  at(k: number): number {
    while (this.c.length <= k) this.c.push(this.next(this.c.length))
    return this.c[k]
  }
}

const constant = (v: number) => new Series((k) => (k === 0 ? v : 0))

/** Evaluates expressions on series, sharing one series per primitive call on the same arguments. */
class SeriesAlgebra {
  private readonly ids = new WeakMap<Series, number>()
  private readonly calls = new Map<string, Series>()
  private count = 0

  private id(s: Series): number {
    let id = this.ids.get(s)
    if (id === undefined) this.ids.set(s, (id = ++this.count))
    return id
  }

  expr(e: Expr, env: (name: string) => Series): Series {
    if (e.kind === 'num') return constant(e.value)
    if (e.kind === 'name') return e.name in KERNEL_CONSTANTS ? constant(KERNEL_CONSTANTS[e.name]) : env(e.name)
    return this.call(e.fn, e.args.map((a) => this.expr(a, env)))
  }

  call(fn: string, args: Series[], output = 0, params: Record<string, number> = {}): Series {
    const k = kernelOf(fn)
    const out = k.outputs[output]
    const [a, b] = args
    switch (out.native) {
      case Op.add: return new Series((m) => a.at(m) + b.at(m))
      case Op.sub: return new Series((m) => a.at(m) - b.at(m))
      case Op.neg: return new Series((m) => -a.at(m))
      case Op.mul: return new Series((m) => convolve(a, b, m))
      case Op.div: {
        // q_m = (a_m − Σ_{j<m} q_j b_{m−j}) · (1/b_0), every product with a strong zero.
        const q: Series = new Series((m) => (m === 0 ? a.at(0) / b.at(0) : times(a.at(m) - convolveFrom(q, b, m), 1 / b.at(0))))
        return q
      }
    }
    if (out.type === 'boolean') return constant(apply(out.native!, a.at(0), b.at(0)))
    const key = `${fn}.${output}(${args.map((s) => this.id(s)).join(',')})${JSON.stringify(params)}`
    const seen = this.calls.get(key)
    if (seen) return seen

    const y0 = evaluatePrimitive(fn, args.map((s) => s.at(0)), output, params)
    const slopes: (Series | undefined)[] = []
    const slope = (i: number): Series | undefined => {
      if (slopes.length === 0) {
        const env = (name: string) => (name === OUTPUT_NAME ? y : args[k.inputs.indexOf(name)])
        out.partials.forEach((p, j) => (slopes[j] = p ? this.expr(p, env) : undefined))
      }
      return slopes[i]
    }
    const y: Series = new Series((m) => {
      if (m === 0) return y0
      let sum = 0
      for (let i = 0; i < args.length; i++) {
        for (let j = 1; j <= m; j++) {
          const aj = args[i].at(j)
          if (aj === 0) continue
          const g = slope(i)?.at(m - j) ?? 0
          if (g !== 0) sum += j * aj * g
        }
      }
      return sum / m
    })
    this.calls.set(key, y)
    return y
  }
}

/** A product in which zero is strong: 0 · ∞ and 0 · NaN are 0, as in every sweep. */
function times(x: number, y: number): number {
  return x === 0 || y === 0 ? 0 : x * y
}

/** Σ_{j=0..m} a_j b_{m−j} */
function convolve(a: Series, b: Series, m: number): number {
  let sum = 0
  for (let j = 0; j <= m; j++) sum += times(a.at(j), b.at(m - j))
  return sum
}

/** Σ_{j=0..m−1} q_j b_{m−j}, the known part of a quotient's m-th coefficient. */
function convolveFrom(q: Series, b: Series, m: number): number {
  let sum = 0
  for (let j = 0; j < m; j++) sum += times(q.at(j), b.at(m - j))
  return sum
}

/**
 * Taylor coefficients c_0 … c_order of every register that holds a block output or an input, along the
 * direction `v` from the point `x` (both in input-terminal order).
 */
export function sweepTaylor(s: Schedule, x: ArrayLike<number>, v: ArrayLike<number>, order: number): Map<number, number[]> {
  const algebra = new SeriesAlgebra()
  const byReg = new Map<number, Series>()
  s.inputs.forEach((t, i) => byReg.set(t.reg, new Series((k) => (k === 0 ? x[i] : k === 1 ? v[i] : 0))))
  const blocks = new Map(s.diagram.blocks.map((b) => [b.id, b]))
  for (const b of s.blocks) {
    const args = b.inputs.map((i) => byReg.get(i.reg)!)
    const params = blocks.get(b.id)!.params
    b.outputs.forEach((o, oi) => {
      const series = algebra.call(b.primitive, args, oi, params)
      series.at(order) // computed now, block by block, so that no chain of blocks recurses deeply
      byReg.set(o.reg, series)
    })
  }
  const result = new Map<number, number[]>()
  for (const [reg, series] of byReg) result.set(reg, Array.from({ length: order + 1 }, (_, k) => series.at(k)))
  return result
}
