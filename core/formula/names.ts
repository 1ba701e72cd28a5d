import { PALETTE } from '../primitives/table'

// Which names a formula reserves, and the nearest known function to a misspelt one.

/** Names that are not inputs when written bare: constants and the `let` keyword. */
export const FORMULA_CONSTANTS = new Set(['pi', 'e'])

const FUNCTIONS = PALETTE.map((p) => p.id)

export function isReserved(name: string): boolean {
  return FORMULA_CONSTANTS.has(name) || name === 'let' || FUNCTIONS.includes(name)
}

export function isPlainName(name: string): boolean {
  return /^[\p{L}_][\p{L}\p{N}_]*$/u.test(name) && !isReserved(name)
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

/** The closest function name, if one is close enough to be what was meant. */
export function suggestFunction(name: string): string | undefined {
  const lower = name.toLowerCase()
  let best: string | undefined
  let bestScore = Infinity
  for (const f of FUNCTIONS) {
    const score = lower.startsWith(f) || f.startsWith(lower) ? Math.abs(f.length - lower.length) * 0.5 : distance(lower, f)
    if (score < bestScore) {
      best = f
      bestScore = score
    }
  }
  return bestScore <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined
}
