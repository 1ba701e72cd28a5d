/** A number as JavaScript source that evaluates to exactly the same double. */
export function numberLiteral(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Infinity) return 'Infinity'
  if (v === -Infinity) return '-Infinity'
  if (Object.is(v, -0)) return '-0'
  return String(v)
}
