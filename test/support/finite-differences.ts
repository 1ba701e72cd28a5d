// Central differences for the tests that check derivatives against values alone.

/** Central difference of a vector function along `dir`, extrapolated twice (error O(h⁶)). */
export function richardson(f: (t: number) => number[], h: number): number[] {
  const d = (step: number) => {
    const up = f(step)
    const down = f(-step)
    return up.map((u, i) => (u - down[i]) / (2 * step))
  }
  const [d1, d2, d4] = [d(h), d(h / 2), d(h / 4)]
  return d1.map((_, i) => {
    const r1 = (4 * d2[i] - d1[i]) / 3
    const r2 = (4 * d4[i] - d2[i]) / 3
    return (16 * r2 - r1) / 15
  })
}
