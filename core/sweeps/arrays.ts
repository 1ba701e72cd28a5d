import { countOf, EDGE_WORDS as WORDS, EdgeKind, NONE as NO_INDEX, ONE as UNIT, type Schedule } from '../compile/schedule'
import { run, runVector } from '../kernel/machine'

// The sweeps of a schedule with arrays. Values: the first scalar program, then each step (scalar programs,
// array instructions, Array palette rules) in order; partials: the scalar program, then the array ones.
// Tangents and adjoints walk the same nodes and edges as the scalar sweeps, and each edge is one loop of its
// kind over its elements (schedule.ts, ArrayPart), so an array of 100,000 costs one pass per edge. Zero is
// strong here as everywhere: a zero tangent, adjoint or partial adds nothing.
//
// The markers are copied into this module's own constants: an imported binding can compile to a getter
// call (esbuild's CommonJS output), which in an inner loop made every element cost 20 ns instead of 2.
const ONE = UNIT
const NONE = NO_INDEX
const EDGE_WORDS = WORDS

export function sweepArrayValues(s: Schedule, R: Float64Array, order: 0 | 1): void {
  run(s.value.code, s.value.base, R)
  for (const step of s.arrays!.valueSteps) {
    if (step.kind === 'scalar') run(step.program.code, step.program.base, R)
    else if (step.kind === 'vector') runVector(step.code, R)
    else step.run(R, step.io)
  }
  if (order === 0) return
  run(s.partial.code, s.partial.base, R)
  for (const code of s.arrays!.partialSteps) runVector(code, R)
}

export function sweepArrayTangents(s: Schedule, R: Float64Array, T: Float64Array, k: number): void {
  const { edgeStart, edgeSrc, edgePartial } = s
  const { slotAt, slotLength, edgeInfo } = s.arrays!
  const first = s.inputs.length
  for (let i = 0; i < edgeStart.length - 1; i++) {
    const at = slotAt[first + i]
    const base = at * k
    const size = countOf(slotLength[first + i]) * k
    for (let j = 0; j < size; j++) T[base + j] = 0
    for (let e = edgeStart[i]; e < edgeStart[i + 1]; e++) {
      const from = slotAt[edgeSrc[e]]
      const pr = edgePartial[e]
      const w = e * EDGE_WORDS
      switch (edgeInfo[w]) {
        case EdgeKind.scale: {
          const n = edgeInfo[w + 1]
          const ps = edgeInfo[w + 2]
          const ss = edgeInfo[w + 3]
          for (let el = 0; el < n; el++) {
            const p = pr === ONE ? 1 : R[pr + el * ps]
            if (p === 0) continue
            const sb = (from + el * ss) * k
            const db = (at + el) * k
            for (let j = 0; j < k; j++) {
              const t = T[sb + j]
              if (t !== 0) T[db + j] += p * t
            }
          }
          break
        }
        case EdgeKind.reduce: {
          const n = edgeInfo[w + 1]
          const ps = edgeInfo[w + 2]
          for (let el = 0; el < n; el++) {
            const p = pr === ONE ? 1 : R[pr + el * ps]
            if (p === 0) continue
            const sb = (from + el) * k
            for (let j = 0; j < k; j++) {
              const t = T[sb + j]
              if (t !== 0) T[base + j] += p * t
            }
          }
          break
        }
        case EdgeKind.gather: {
          const start = edgeInfo[w + 1]
          const len = edgeInfo[w + 2]
          const index = edgeInfo[w + 3]
          const s0 = edgeInfo[w + 4]
          const step = edgeInfo[w + 5]
          for (let el = 0; el < len; el++) {
            const se = index === NONE ? s0 + el * step : R[index + el]
            if (se < 0) continue
            const sb = (from + se) * k
            const db = (at + start + el) * k
            for (let j = 0; j < k; j++) T[db + j] += T[sb + j]
          }
          break
        }
        case EdgeKind.scan: {
          const n = edgeInfo[w + 1]
          for (let j = 0; j < k; j++) {
            let acc = 0
            for (let el = 0; el < n; el++) {
              acc += T[(from + el) * k + j]
              T[(at + el) * k + j] += acc
            }
          }
          break
        }
      }
    }
  }
}

export function sweepArrayAdjoints(s: Schedule, R: Float64Array, A: Float64Array): void {
  const { edgeStart, edgeSrc } = s
  const { slotAt } = s.arrays!
  const first = s.inputs.length
  for (let i = edgeStart.length - 2; i >= 0; i--) {
    const at = slotAt[first + i]
    for (let e = edgeStart[i]; e < edgeStart[i + 1]; e++) reverseEdge(s, R, A, e, at, A, slotAt[edgeSrc[e]])
  }
}

/**
 * Edge e's transpose: what the adjoint of its node (in A from element `at`) adds to its source's adjoint,
 * added into `out` from element `from` on. The sweep adds into A itself; a wire's own adjoint (the part
 * that flows back through one wire of a fan-out) adds into a buffer of its own.
 */
export function reverseEdge(s: Schedule, R: Float64Array, A: Float64Array, e: number, at: number, out: Float64Array, from: number): void {
  const pr = s.edgePartial[e]
  const edgeInfo = s.arrays!.edgeInfo
  const w = e * EDGE_WORDS
  switch (edgeInfo[w]) {
    case EdgeKind.scale: {
      const n = edgeInfo[w + 1]
      const ps = edgeInfo[w + 2]
      const ss = edgeInfo[w + 3]
      if (ss === 1) {
        // The common cases, an array block reading an array, in loops with nothing to multiply out and no
        // branch per element: a product that is a number is added (a zero one changes nothing, since an
        // adjoint starts at +0 and is only added to, so it is never −0), and a NaN one only where neither
        // factor is 0, which is zero being strong. A partial of 1 multiplies out (1 · g is g, to the bit);
        // one partial for every element is read once, and a zero one adds nothing at all.
        if (pr === ONE) {
          for (let el = 0; el < n; el++) out[from + el] += A[at + el]
        } else if (ps === 0) {
          const p = R[pr]
          if (p === 0) break
          for (let el = 0; el < n; el++) {
            const g = A[at + el]
            const t = p * g
            out[from + el] += t === t ? t : g !== 0 ? t : 0
          }
        } else {
          for (let el = 0; el < n; el++) {
            const g = A[at + el]
            const p = R[pr + el]
            const t = p * g
            out[from + el] += t === t ? t : g !== 0 && p !== 0 ? t : 0
          }
        }
        break
      }
      for (let el = 0; el < n; el++) {
        const g = A[at + el]
        if (g === 0) continue
        const p = pr === ONE ? 1 : R[pr + el * ps]
        if (p !== 0) out[from + el * ss] += p * g
      }
      break
    }
    case EdgeKind.reduce: {
      const g = A[at]
      if (g === 0) break
      const n = edgeInfo[w + 1]
      const ps = edgeInfo[w + 2]
      // As for scale: no branch per element, and a partial of 1 multiplies out.
      if (pr === ONE) {
        for (let el = 0; el < n; el++) out[from + el] += g
        break
      }
      for (let el = 0; el < n; el++) {
        const p = R[pr + el * ps]
        const t = p * g
        out[from + el] += t === t ? t : p !== 0 ? t : 0
      }
      break
    }
    case EdgeKind.gather: {
      const start = edgeInfo[w + 1]
      const len = edgeInfo[w + 2]
      const index = edgeInfo[w + 3]
      const s0 = edgeInfo[w + 4]
      const step = edgeInfo[w + 5]
      if (index === NONE) {
        // A fixed map (a subset, a concatenation, a reversal): adding a zero changes nothing, so no test.
        const base = from + s0
        for (let el = 0; el < len; el++) out[base + el * step] += A[at + start + el]
        break
      }
      for (let el = 0; el < len; el++) {
        const g = A[at + start + el]
        const se = R[index + el]
        if (g !== 0 && se >= 0) out[from + se] += g
      }
      break
    }
    case EdgeKind.scan: {
      const n = edgeInfo[w + 1]
      let acc = 0
      for (let el = n - 1; el >= 0; el--) {
        acc += A[at + el]
        if (acc !== 0) out[from + el] += acc
      }
      break
    }
  }
}
