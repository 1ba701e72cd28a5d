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
export const SEED_COLOURS = ['#2f7de1', '#9b51e0', '#1e9e6a', '#d9822b', '#c8414b', '#138496', '#7d6608', '#5b6ee1']

export const seedColour = (j: number) => SEED_COLOURS[j % SEED_COLOURS.length]
