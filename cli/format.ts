// Printing numbers and tables. Every number prints so that it reads back as the same double; in JSON the
// non-finite ones are the strings "NaN", "Infinity" and "-Infinity".

export function numberText(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v)
}

export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2)
}

/** Left-aligned columns separated by two spaces. */
export function table(rows: string[][]): string {
  const widths: number[] = []
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)))
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - [...cell].length))).join('  ')).join('\n')
}
