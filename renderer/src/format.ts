// How numbers read on screen: labels show 5 significant digits, the inspector the full round-trip value.

export function short(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Infinity) return '∞'
  if (v === -Infinity) return '−∞'
  if (v === 0) return Object.is(v, -0) ? '−0' : '0'
  const a = Math.abs(v)
  const text = a >= 1e5 || a < 1e-4 ? v.toExponential(4).replace(/\.?0+e/, 'e') : String(Number(v.toPrecision(5)))
  return text.replace('-', '−')
}

/** The full value: the shortest text that reads back as the same double. */
export function full(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Infinity) return 'Infinity'
  if (v === -Infinity) return '-Infinity'
  return Object.is(v, -0) ? '-0' : String(v)
}

/** One colour per tangent direction (seed), the same everywhere it appears. */
// Each has a contrast of at least 4.5:1 (WCAG AA) against the labels' white.
export const SEED_COLOURS = ['#1f6fd1', '#8a3fd1', '#17805a', '#a85a0f', '#c8414b', '#0f7282', '#7d6608', '#4a5fd6']

export const seedColour = (j: number) => SEED_COLOURS[j % SEED_COLOURS.length]
