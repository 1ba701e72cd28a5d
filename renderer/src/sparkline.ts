// A sparkline: an array's values as a polyline `width` × `height` px. Long arrays are drawn by their least
// and greatest value per column of pixels, so a spike among 100,000 elements still shows. Non-finite values
// are left out (the label's flag says they are there).

export function sparkline(values: ArrayLike<number>, width: number, height: number): string {
  const n = values.length
  if (n === 0) return ''
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < n; i++) {
    const v = values[i]
    if (!Number.isFinite(v)) continue
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  if (lo > hi) return ''
  const y = (v: number) => (hi === lo ? height / 2 : height - ((v - lo) / (hi - lo)) * height)
  const fmt = (v: number) => Math.round(v * 10) / 10
  const points: string[] = []
  if (n <= width) {
    for (let i = 0; i < n; i++) {
      if (Number.isFinite(values[i])) points.push(`${fmt(n === 1 ? width / 2 : (i / (n - 1)) * width)},${fmt(y(values[i]))}`)
    }
    return points.join(' ')
  }
  for (let px = 0; px < width; px++) {
    let a = Infinity
    let b = -Infinity
    for (let i = Math.floor((px / width) * n); i < Math.floor(((px + 1) / width) * n); i++) {
      const v = values[i]
      if (!Number.isFinite(v)) continue
      if (v < a) a = v
      if (v > b) b = v
    }
    if (a <= b) points.push(`${px},${fmt(y(a))}`, `${px},${fmt(y(b))}`)
  }
  return points.join(' ')
}
