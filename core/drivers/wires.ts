import { edgeDestinations, type Schedule } from '../compile/schedule'
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
}

export function wireResult(ev: Evaluator, wireId: string, outputSeeds: ArrayLike<number> = []): WireResult {
  const s = ev.schedule
  const w = s.wires.get(wireId)
  if (!w) throw new Error(`no wire '${wireId}'`)
  const tangents: number[] = []
  if (w.slot >= 0) for (let j = 0; j < ev.k; j++) tangents.push(ev.T[w.slot * ev.k + j])
  return { value: ev.R[w.reg], tangents, adjoint: wireAdjoint(s, ev, w.edges, w.output, outputSeeds), boolean: w.slot < 0 }
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
