import type { Schedule } from '../compile/schedule'
import { evaluate, jacobian } from './derivatives'

// Finite differences beside AD, as PyTorch's gradcheck does: a central difference per input, with a step
// h = ε^(1/3)·max(1, |x|) that balances truncation (∝ h²) against rounding (∝ ε/h).

export const FD_RELATIVE_TOLERANCE = 1e-6
export const FD_ABSOLUTE_TOLERANCE = 1e-8

export interface FdRow {
  /** The output element and input element (flat, in terminal order, as the drivers count them). */
  output: number
  input: number
  ad: number
  fd: number
  absError: number
  relError: number
  ok: boolean
}

export function fdStep(x: number): number {
  return Math.cbrt(Number.EPSILON) * Math.max(1, Math.abs(x))
}

export function fdCheck(s: Schedule, x: ArrayLike<number>): { rows: FdRow[]; maxRelError: number; ok: boolean } {
  const ad = jacobian(s, x)
  const rows: FdRow[] = []
  const point = Array.from(x)
  for (let i = 0; i < point.length; i++) {
    const h = fdStep(point[i])
    const up = [...point]
    const down = [...point]
    up[i] += h
    down[i] -= h
    const width = up[i] - down[i] // the step actually taken, after rounding
    const fu = evaluate(s, up)
    const fd = evaluate(s, down)
    // One row per output element: an array output has one per element, as the Jacobian's rows are.
    ad.rows.forEach((row, o) => {
      const a = row[i]
      const f = (fu[o] - fd[o]) / width
      const absError = Math.abs(a - f)
      const scale = Math.max(Math.abs(a), Math.abs(f))
      const relError = absError === 0 ? 0 : absError / scale
      const ok = Object.is(a, f) || absError <= FD_RELATIVE_TOLERANCE * scale + FD_ABSOLUTE_TOLERANCE
      rows.push({ output: o, input: i, ad: a, fd: f, absError, relError, ok })
    })
  }
  const maxRelError = rows.reduce((m, r) => (Number.isNaN(r.relError) ? NaN : Math.max(m, r.relError)), 0)
  return { rows, maxRelError, ok: rows.every((r) => r.ok) }
}
