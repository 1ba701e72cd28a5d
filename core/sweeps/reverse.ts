import type { Schedule } from '../compile/schedule'
import { sweepArrayAdjoints } from './arrays'

// The reverse sweep, micrograd's backward loop over flat arrays: nodes in reverse schedule order, each adding
// partial × its adjoint into the slots it reads from. The partials were stored by the forward sweep, so
// this is multiply-adds only. The caller zeroes A and writes the seeds into the output slots.
// As in the forward sweep, a zero adjoint or a zero partial contributes nothing.

export function sweepAdjoints(s: Schedule, R: Float64Array, A: Float64Array): void {
  if (s.arrays) return sweepArrayAdjoints(s, R, A)
  const { edgeStart, edgeSrc, edgePartial } = s
  const n = s.inputs.length
  for (let i = edgeStart.length - 2; i >= 0; i--) {
    const g = A[n + i]
    if (g === 0) continue
    for (let e = edgeStart[i]; e < edgeStart[i + 1]; e++) {
      const p = R[edgePartial[e]]
      if (p !== 0) A[edgeSrc[e]] += p * g
    }
  }
}
