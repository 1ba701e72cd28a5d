import { scalarize } from '../compile/scalarize'
import { compile, countOf, type Schedule } from '../compile/schedule'
import { sweepTaylor } from '../sweeps/taylor'
import { Evaluator } from './evaluator'

// The drivers: value, directional derivative, VJP, gradient, Jacobian, Hessian and k-th directional
// derivative, each a few lines over the sweeps. Points, directions and results are in terminal order.

export type Mode = 'forward' | 'reverse'

/** Tangent directions per forward sweep when a gradient or Jacobian takes several (ForwardDiff's chunk). */
export const CHUNK = 8

function evaluatorAt(s: Schedule, x: ArrayLike<number>, order: 0 | 1 | 2): Evaluator {
  const ev = new Evaluator(s)
  ev.setInputs(x)
  ev.sweepValues(order)
  return ev
}

const outputs = (ev: Evaluator) => Array.from({ length: ev.outputCount }, (_, i) => ev.output(i))

/** How many numbers a flat result of the outputs has: an array output has one per element. */
export function outputElements(s: Schedule): number {
  return s.outputs.reduce((n, t) => n + countOf(t.length), 0)
}

/** How many numbers a flat point has. */
export function inputElements(s: Schedule): number {
  return s.inputs.reduce((n, t) => n + countOf(t.length), 0)
}

export function evaluate(s: Schedule, x: ArrayLike<number>): number[] {
  return outputs(evaluatorAt(s, x, 0))
}

/** f(x) and J·v. */
export function jvp(s: Schedule, x: ArrayLike<number>, v: ArrayLike<number>): { value: number[]; tangent: number[] } {
  const ev = evaluatorAt(s, x, 1)
  ev.forward(v, 1)
  return { value: outputs(ev), tangent: Array.from({ length: ev.outputCount }, (_, i) => ev.outputTangent(i, 0)) }
}

/** f(x) and wᵀ·J. */
export function vjp(s: Schedule, x: ArrayLike<number>, w: ArrayLike<number>): { value: number[]; adjoint: number[] } {
  const ev = evaluatorAt(s, x, 1)
  ev.reverse(w)
  return { value: outputs(ev), adjoint: Array.from({ length: ev.inputCount }, (_, i) => ev.inputAdjoint(i)) }
}

/** Every output's gradient: rows[output][input]. */
export function jacobian(s: Schedule, x: ArrayLike<number>, mode?: Mode): { mode: Mode; value: number[]; rows: number[][] } {
  const ev = evaluatorAt(s, x, 1)
  const n = ev.inputCount
  const m = ev.outputCount
  const chosen: Mode = mode ?? (n <= m ? 'forward' : 'reverse')
  const rows = Array.from({ length: m }, () => new Array<number>(n).fill(0))
  if (chosen === 'forward') {
    for (let first = 0; first < n; first += CHUNK) {
      const k = Math.min(CHUNK, n - first)
      const seeds = new Float64Array(n * k)
      for (let j = 0; j < k; j++) seeds[(first + j) * k + j] = 1
      ev.forward(seeds, k)
      for (let o = 0; o < m; o++) for (let j = 0; j < k; j++) rows[o][first + j] = ev.outputTangent(o, j)
    }
  } else {
    const seeds = new Float64Array(m)
    for (let o = 0; o < m; o++) {
      seeds.fill(0)
      seeds[o] = 1
      ev.reverse(seeds)
      for (let i = 0; i < n; i++) rows[o][i] = ev.inputAdjoint(i)
    }
  }
  return { mode: chosen, value: outputs(ev), rows }
}

/** The gradient of one output (reverse mode unless told otherwise). */
export function gradient(s: Schedule, x: ArrayLike<number>, output = 0, mode: Mode = 'reverse'): { value: number; gradient: number[] } {
  if (mode === 'reverse') {
    const w = new Float64Array(outputElements(s))
    w[output] = 1
    const r = vjp(s, x, w)
    return { value: r.value[output], gradient: r.adjoint }
  }
  const j = jacobian(s, x, 'forward')
  return { value: j.value[output], gradient: j.rows[output] }
}

/** The last diagram of numbers made for each array schedule, and the point it was made at. */
const takenApart = new WeakMap<Schedule, { x: number[]; schedule: Schedule }>()

/**
 * What second derivatives of an array diagram are taken on: its diagram of numbers at x (compile/scalarize.ts),
 * with second partials. Asked again at the same point (the Hessian of each element of an array output), the
 * one made last is used again: compiling it is most of the cost.
 */
function secondOrder(s: Schedule, x: ArrayLike<number>): Schedule {
  const last = takenApart.get(s)
  if (last && last.x.length === x.length && last.x.every((v, i) => Object.is(v, x[i]))) return last.schedule
  const schedule = compile(scalarize(s.diagram, x).diagram, { second: true })
  takenApart.set(s, { x: Array.from(x), schedule })
  return schedule
}

/** The value and gradient of an array diagram as `gradient` gives them, to the bit, beside a second-order result. */
function withFirstOrder<T extends { value: number; gradient: number[] }>(s: Schedule, x: ArrayLike<number>, output: number, r: T): T {
  const first = gradient(s, x, output)
  return { ...r, value: first.value, gradient: first.gradient }
}

/**
 * The Hessian of one output by forward over reverse: tangents along every input (in chunks), then one
 * second-order reverse sweep per chunk. Exact to rounding; the schedule needs second partials.
 */
export function hessian(s: Schedule, x: ArrayLike<number>, output = 0): { value: number; gradient: number[]; hessian: number[][] } {
  if (s.arrays) return withFirstOrder(s, x, output, hessian(secondOrder(s, x), x, output))
  const ev = evaluatorAt(s, x, 2)
  const n = ev.inputCount
  const H = Array.from({ length: n }, () => new Array<number>(n).fill(0))
  const w = new Float64Array(ev.outputCount)
  w[output] = 1
  const g = new Array<number>(n).fill(0)
  for (let first = 0; first < n; first += CHUNK) {
    const k = Math.min(CHUNK, n - first)
    const seeds = new Float64Array(n * k)
    for (let j = 0; j < k; j++) seeds[(first + j) * k + j] = 1
    ev.forward(seeds, k)
    ev.reverseSecond(w)
    for (let i = 0; i < n; i++) {
      g[i] = ev.inputAdjoint(i)
      const slot = ev.inputs.elements[i]
      for (let j = 0; j < k; j++) H[i][first + j] = ev.B[slot * k + j]
    }
  }
  // Mixed partials computed in two orders agree to rounding; report the mean so the matrix is symmetric.
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const mean = H[i][j] === H[j][i] ? H[i][j] : (H[i][j] + H[j][i]) / 2
      H[i][j] = mean
      H[j][i] = mean
    }
  }
  return { value: ev.output(output), gradient: g, hessian: H }
}

/**
 * The Hessian of one output times v (forward over reverse: one tangent sweep along v, one second-order
 * reverse sweep), without the Hessian: what to ask for where n inputs would make n² numbers.
 */
export function hessianVector(s: Schedule, x: ArrayLike<number>, v: ArrayLike<number>, output = 0): { value: number; gradient: number[]; product: number[] } {
  if (s.arrays) return withFirstOrder(s, x, output, hessianVector(secondOrder(s, x), x, v, output))
  const ev = evaluatorAt(s, x, 2)
  ev.forward(v, 1)
  const w = new Float64Array(ev.outputCount)
  w[output] = 1
  ev.reverseSecond(w)
  const n = ev.inputCount
  return {
    value: ev.output(output),
    gradient: Array.from({ length: n }, (_, i) => ev.inputAdjoint(i)),
    product: Array.from({ length: n }, (_, i) => ev.B[ev.inputs.elements[i]]),
  }
}

/**
 * Taylor coefficients of every output along v, and the k-th directional derivatives k!·c_k: one series per
 * output element (an array output has one per element).
 */
export function taylor(s: Schedule, x: ArrayLike<number>, v: ArrayLike<number>, order: number): { coefficients: number[][]; derivatives: number[][] } {
  if (s.arrays) return taylor(compile(scalarize(s.diagram, x).diagram), x, v, order)
  const series = sweepTaylor(s, x, v, order)
  const coefficients = s.outputs.map((o) => series.get(o.reg)!)
  let factorial = 1
  const scale = Array.from({ length: order + 1 }, (_, k) => (k === 0 ? 1 : (factorial *= k)))
  return { coefficients, derivatives: coefficients.map((c) => c.map((ck, k) => ck * scale[k])) }
}
