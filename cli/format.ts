// Printing numbers and tables. Every number prints so that it reads back as the same double; in JSON the
// non-finite ones are the strings "NaN", "Infinity" and "-Infinity".

export function numberText(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v)
}

/** A number, or an array as `[a, b, c]`, each element so that it reads back as the same double. */
export function valueText(v: number | readonly number[]): string {
  return typeof v === 'number' ? numberText(v) : `[${v.map(numberText).join(', ')}]`
}

/**
 * A flat vector cut into one piece per terminal: a number where the length is SCALAR (-1), else the array of
 * that many elements.
 */
export function byTerminal<T>(flat: readonly T[], lengths: readonly number[]): (T | T[])[] {
  let at = 0
  return lengths.map((n) => (n < 0 ? flat[at++] : flat.slice(at, (at += n))))
}

const NEGATIVE_ZERO = '\u0000-0\u0000'

export function toJson(value: unknown): string {
  // JSON.stringify writes -0 as 0; JSON itself has -0, which JSON.parse reads back as -0.
  const text = JSON.stringify(
    value,
    (_key, v) => (typeof v !== 'number' ? v : Object.is(v, -0) ? NEGATIVE_ZERO : Number.isFinite(v) ? v : String(v)),
    2,
  )
  return text.replaceAll(JSON.stringify(NEGATIVE_ZERO), '-0')
}

/** Left-aligned columns separated by two spaces. */
export function table(rows: string[][]): string {
  const widths: number[] = []
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)))
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - [...cell].length))).join('  ')).join('\n')
}
