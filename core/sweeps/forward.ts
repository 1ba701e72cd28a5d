import type { Schedule } from '../compile/schedule'
import { run } from '../kernel/machine'
import { sweepArrayTangents, sweepArrayValues } from './arrays'

// The forward sweep: values (and, when derivatives are wanted, every local partial) in schedule order, then
// k tangents per slot pushed through the edges. The caller writes the seeds into the input slots of T.
//
// Zero is strong: a zero tangent or a zero partial adds nothing, even where the other factor is infinite or
// NaN, so the untaken branch of a select and an input that is not seeded never poison a derivative.

/** Order 0: values only; 1: also first partials; 2: also second partials (schedule compiled with them). */
export function sweepValues(s: Schedule, R: Float64Array, order: 0 | 1 | 2): void {
  if (s.arrays && order < 2) return sweepArrayValues(s, R, order as 0 | 1)
  run(s.value.code, s.value.base, R)
  if (order >= 1) run(s.partial.code, s.partial.base, R)
  if (order === 2) {
    if (!s.second) throw new Error('compile the diagram with { second: true } for second derivatives')
    run(s.second.program.code, s.second.program.base, R)
  }
}

export function sweepTangents(s: Schedule, R: Float64Array, T: Float64Array, k: number): void {
  if (s.arrays) return sweepArrayTangents(s, R, T, k)
  const { edgeStart, edgeSrc, edgePartial } = s
  const nodes = edgeStart.length - 1
  let dst = s.inputs.length * k
  for (let i = 0; i < nodes; i++, dst += k) {
    for (let j = 0; j < k; j++) T[dst + j] = 0
    for (let e = edgeStart[i]; e < edgeStart[i + 1]; e++) {
      const p = R[edgePartial[e]]
      if (p === 0) continue
      const src = edgeSrc[e] * k
      for (let j = 0; j < k; j++) {
        const t = T[src + j]
        if (t !== 0) T[dst + j] += p * t
      }
    }
  }
}
