import type { Schedule } from '../compile/schedule'

// The second-order reverse sweep (forward over reverse). After a forward sweep with k tangent directions T,
// it carries each slot's adjoint A and, for every direction j, the derivative of that adjoint along j, B.
// At a node y reading slots a, b, … with partials p_a and second partials p_ab:
//   A[a] += p_a · A[y]
//   B[a] += p_a · B[y] + A[y] · Σ_b p_ab · T[b]
// Seeded with A = 1 and B = 0 at an output, B at the inputs is the Hessian times each direction.
// Zero is strong here as in every sweep.

export function sweepSecondAdjoints(s: Schedule, R: Float64Array, T: Float64Array, k: number, A: Float64Array, B: Float64Array): void {
  const second = s.second
  if (!second) throw new Error('this schedule was compiled without second partials')
  const { edgeStart, edgeSrc, edgePartial } = s
  const n = s.inputs.length
  for (let i = edgeStart.length - 2; i >= 0; i--) {
    const y = n + i
    const g = A[y]
    for (let e = edgeStart[i]; e < edgeStart[i + 1]; e++) {
      const p = R[edgePartial[e]]
      const src = edgeSrc[e]
      if (g !== 0 && p !== 0) A[src] += p * g
      for (let j = 0; j < k; j++) {
        let acc = 0
        const gj = B[y * k + j]
        if (p !== 0 && gj !== 0) acc += p * gj
        if (g !== 0) {
          for (let q = second.start[e]; q < second.start[e + 1]; q++) {
            const pab = R[second.partial[q]]
            const t = T[edgeSrc[second.edge[q]] * k + j]
            if (pab !== 0 && t !== 0) acc += g * pab * t
          }
        }
        if (acc !== 0) B[src * k + j] += acc
      }
    }
  }
}
