import { PALETTE } from '../primitives/table'

// Which names a formula reserves, and the nearest function to a misspelt one.

/** Longer names get no suggestion: nobody misspells a function at that length, and the search is not free. */
export const MAX_SUGGESTED_LENGTH = 32

/** Names that are not inputs when written bare: constants and the `let` keyword. */
export const FORMULA_CONSTANTS = new Set(['pi', 'e'])
export const KEYWORD = 'let'

const FUNCTIONS = new Set(PALETTE.map((p) => p.id))

/** What can be called with arguments: rows with inputs and one output. */
const CALLABLE = PALETTE.filter((p) => p.inputs.length > 0 && p.outputs.length === 1).map((p) => p.id)
const IS_CALLABLE = new Set(CALLABLE)

/** Names other tools use for our functions. */
const ALIASES = new Map<string, string>(Object.entries({
  sine: 'sin', cosine: 'cos', tangent: 'tan', secant: 'sec', cosecant: 'csc', cotangent: 'cot', ln: 'log',
  arcsin: 'asin', arccos: 'acos', arctan: 'atan', arctan2: 'atan2', arcsinh: 'asinh', arccosh: 'acosh', arctanh: 'atanh',
  exponential: 'exp', logarithm: 'log', power: 'pow', sgn: 'sign', absolute: 'abs', mod: 'remainder',
  lg: 'log10', lb: 'log2', root: 'nthroot', cuberoot: 'cbrt', squareroot: 'sqrt', maximum: 'max', minimum: 'min',
  hypotenuse: 'hypot',
}))

export function isReserved(name: string): boolean {
  return FORMULA_CONSTANTS.has(name) || name === KEYWORD || FUNCTIONS.has(name)
}

export function isPlainName(name: string): boolean {
  return /^[\p{L}_][\p{L}\p{Nd}_]*$/u.test(name) && !isReserved(name)
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return row[b.length]
}

/** The function most likely meant, if one is close enough: `sine` → sin, `atan3` → atan2, `ln` → log. */
export function suggestFunction(name: string): string | undefined {
  if (name.length > MAX_SUGGESTED_LENGTH) return undefined
  const lower = name.toLowerCase()
  const alias = ALIASES.get(lower)
  if (alias !== undefined && IS_CALLABLE.has(alias)) return alias
  if (IS_CALLABLE.has(lower)) return lower
  let best: string | undefined
  let bestScore = Infinity
  for (const f of CALLABLE) {
    let score = distance(lower, f) + 0.1 * Math.abs(f.length - lower.length)
    // A longer spelling of a short name (cosine, sqroot) is a likely meaning even when many edits away.
    if (score > 1.5 && (lower.startsWith(f) || f.startsWith(lower))) score = 1 + 0.25 * Math.abs(f.length - lower.length)
    if (score < bestScore) {
      best = f
      bestScore = score
    }
  }
  return bestScore <= Math.max(1.2, Math.floor(name.length / 3) + 0.2) ? best : undefined
}
