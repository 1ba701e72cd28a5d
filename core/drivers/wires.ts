import { countOf, edgeDestinations, firstElements, type Schedule, type ScheduledWire } from '../compile/schedule'
import { SCALAR } from '../primitives/array-rule'
import { reverseEdge } from '../sweeps/arrays'
import type { Evaluator } from './evaluator'

// Reading a sweep's results wire by wire, for the editor's labels and the trace.

export interface WireResult {
  value: number
  /** One per tangent direction of the last forward sweep; empty on Boolean wires. */
  tangents: number[]
  /**
   * The wire's own adjoint: ∂(seeded outputs)/∂(this wire's value as used at its end). The adjoints of the
   * wires leaving one port add up to that port's adjoint.
   */
  adjoint: number
  boolean: boolean
  /**
   * On an array wire, every element: its values, each direction's tangents and its adjoints (then `value`,
   * `tangents` and `adjoint` above describe nothing: NaN and empty).
   */
  array?: { values: Float64Array; tangents: Float64Array[]; adjoint: Float64Array }
}

export function wireResult(ev: Evaluator, wireId: string, outputSeeds: ArrayLike<number> = []): WireResult {
  const s = ev.schedule
  const w = s.wires.get(wireId)
  if (!w) throw new Error(`no wire '${wireId}'`)
  if (s.arrays) {
    const array = arrayResult(s, ev, w, outputSeeds)
    if (w.length !== SCALAR) return { value: NaN, tangents: [], adjoint: NaN, boolean: w.slot < 0, array }
    return { value: array.values[0], tangents: array.tangents.map((t) => t[0]), adjoint: array.adjoint[0], boolean: w.slot < 0 }
  }
  const tangents: number[] = []
  if (w.slot >= 0) for (let j = 0; j < ev.k; j++) tangents.push(ev.T[w.slot * ev.k + j])
  return { value: ev.R[w.reg], tangents, adjoint: wireAdjoint(s, ev, w.edges, w.output, outputSeeds), boolean: w.slot < 0 }
}

function arrayResult(s: Schedule, ev: Evaluator, w: ScheduledWire, outputSeeds: ArrayLike<number>): NonNullable<WireResult['array']> {
  const n = countOf(w.length)
  const values = ev.R.slice(w.reg, w.reg + n)
  const adjoint = new Float64Array(n)
  if (w.slot < 0) return { values, tangents: [], adjoint }
  const at = s.arrays!.slotAt[w.slot]
  const tangents = Array.from({ length: ev.k }, (_, j) => Float64Array.from({ length: n }, (_, el) => ev.T[(at + el) * ev.k + j]))
  if (w.output >= 0) {
    const first = firstElements(s.outputs)[w.output]
    for (let el = 0; el < n; el++) adjoint[el] = outputSeeds[first + el] ?? 0
  } else {
    const dst = edgeDst(s)
    for (const e of w.edges) reverseEdge(s, ev.R, ev.A, e, s.arrays!.slotAt[dst[e]], adjoint, 0)
  }
  return { values, tangents, adjoint }
}

const destinations = new WeakMap<Schedule, Int32Array>()

function edgeDst(s: Schedule): Int32Array {
  let d = destinations.get(s)
  if (!d) destinations.set(s, (d = edgeDestinations(s)))
  return d
}

function wireAdjoint(s: Schedule, ev: Evaluator, edges: number[], output: number, outputSeeds: ArrayLike<number>): number {
  if (output >= 0) return outputSeeds[output] ?? 0
  let sum = 0
  const dst = edgeDst(s)
  for (const e of edges) {
    const p = ev.R[s.edgePartial[e]]
    const g = ev.A[dst[e]]
    if (p !== 0 && g !== 0) sum += p * g
  }
  return sum
}

/** Which slots depend on the seeded inputs (varied) and which the chosen outputs depend on (useful). */
export function activity(s: Schedule, seeded: ArrayLike<boolean>, chosen: ArrayLike<boolean>): { varied: Uint8Array; useful: Uint8Array } {
  const varied = new Uint8Array(s.slotCount)
  const useful = new Uint8Array(s.slotCount)
  const dst = edgeDst(s)
  s.inputs.forEach((t, i) => (varied[t.slot] = seeded[i] ? 1 : 0))
  for (let e = 0; e < s.edgeSrc.length; e++) if (varied[s.edgeSrc[e]]) varied[dst[e]] = 1
  s.outputs.forEach((t, i) => {
    if (chosen[i] && t.slot >= 0) useful[t.slot] = 1
  })
  for (let e = s.edgeSrc.length - 1; e >= 0; e--) if (useful[dst[e]]) useful[s.edgeSrc[e]] = 1
  return { varied, useful }
}
