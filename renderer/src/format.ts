import { REST } from '../../core'

// How numbers read on screen: labels show 5 significant digits, the inspector the full round-trip value.
// One convention everywhere a number is shown: the minus sign is U+2212 (−) and infinities are ∞ and −∞.
// What a user types is read back with either minus; files and the CLI keep JavaScript's ASCII numbers.

const MINUS = '−'

/** JavaScript's text of a number, written with the minus sign and ∞. */
const typeset = (text: string): string => text.replace(/-/g, MINUS).replace('Infinity', '∞')

export function short(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (v === 0) return Object.is(v, -0) ? `${MINUS}0` : '0'
  const a = Math.abs(v)
  if (a === Infinity) return typeset(String(v))
  return typeset(a >= 1e5 || a < 1e-4 ? v.toExponential(4).replace(/\.?0+e/, 'e') : String(Number(v.toPrecision(5))))
}

/** The full value: the shortest text that reads back (through parseNumber) as the same double. */
export function full(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  return typeset(Object.is(v, -0) ? '-0' : String(v))
}

/** A number in exponent notation with `digits` decimals, e.g. a relative error: 1.2e−7. */
export function exponential(v: number, digits: number): string {
  return Number.isFinite(v) ? typeset(v.toExponential(digits)) : short(v)
}

/**
 * An array in a few characters: its length, its first elements and, when it has more, its range:
 * `[1000] 0.1, 0.2, 0.3, … ∈ [−1, 2]` (`range` false leaves the range out). NaN anywhere makes the range NaN.
 */
export function arraySummary(v: ArrayLike<number>, shown = 3, range = true): string {
  const n = v.length
  const first = Array.from({ length: Math.min(shown, n) }, (_, i) => short(v[i])).join(', ')
  if (n <= shown) return `[${n}] ${first}`.trimEnd()
  if (!range) return `[${n}] ${first}, …`
  let lo = Infinity
  let hi = -Infinity
  let nan = false
  for (let i = 0; i < n; i++) {
    const x = v[i]
    if (x !== x) nan = true
    if (x < lo) lo = x
    if (x > hi) hi = x
  }
  return `[${n}] ${first}, … ∈ ${nan ? 'NaN' : `[${short(lo)}, ${short(hi)}]`}`
}

/** A value in full: a number, or an array as `[a, b, c]`, each element read back as the same double. */
export function fullValue(v: number | readonly number[]): string {
  return typeof v === 'number' ? full(v) : `[${v.map(full).join(', ')}]`
}

/**
 * What a user typed for a value: a number, or an array as `[a, b, c]` or as a column pasted from a
 * spreadsheet (one number a line, or separated by commas, semicolons, tabs or spaces). NaN when any part is not a
 * number.
 */
export function parseValue(text: string): number | number[] {
  const t = text.trim()
  const bracketed = t.startsWith('[') && t.endsWith(']')
  // A field drops the line breaks of a pasted column, leaving spaces: those separate elements too.
  if (!bracketed && !/[\s,;]/.test(t)) return parseNumber(t)
  const body = bracketed ? t.slice(1, -1) : t
  if (body.trim() === '') return []
  const parts = body.split(/[\s,;]+/).filter((s) => s !== '')
  const values = parts.map(parseNumber)
  return values.some((v) => !Number.isFinite(v)) ? NaN : values
}

/** What a user typed: "-" and "−" are both minus signs, ∞ is Infinity. NaN when it is not a number. */
export function parseNumber(text: string): number {
  const t = text.trim().replace(/[−‒–]/g, '-').replace(/∞/g, 'Infinity')
  return t === '' ? NaN : Number(t)
}

/**
 * An adjoint's name: the name under a bar, the bar spanning all of it (a combining overline on every
 * character joins into one line; a macron after the name would sit on its last letter only: thetā).
 * Plain text, because it is shown in a <select>, whose options cannot be styled.
 */
export function adjointName(name: string): string {
  return Array.from(name, (c) => `${c}\u0305`).join('')
}

/** One colour per tangent direction (seed), the same everywhere it appears. */
// Each has a contrast of at least 4.5:1 (WCAG AA) against the labels' white.
export const SEED_COLOURS = ['#1f6fd1', '#8a3fd1', '#17805a', '#a85a0f', '#c8414b', '#0f7282', '#7d6608', '#4a5fd6']

export const seedColour = (j: number) => SEED_COLOURS[j % SEED_COLOURS.length]

/** A block parameter as a label shows it: Array Subset's "the rest of the array" reads `rest`. */
export function paramValueText(v: number): string {
  return v === REST ? 'rest' : short(v)
}
