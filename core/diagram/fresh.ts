import { type Diagram, MAX_NAME_LENGTH } from './model'

// New ids and names for the nodes an edit creates. Each edit makes one allocator: within an edit ids and
// names are only ever taken, never freed, so the lowest free number for a prefix never goes down and the
// search can resume where the last one stopped. Pasting n blocks costs O(n), not O(n²).

/**
 * Hands out the lowest free id for a prefix (b1, b2, …), exactly as a scan from 1 would, marking each taken
 * in `used`.
 */
export function freshIds(used: Set<string>): (prefix: string) => string {
  const resume = new Map<string, number>()
  return (prefix) => {
    let n = resume.get(prefix) ?? 1
    let id = `${prefix}${n}`
    while (used.has(id)) id = `${prefix}${++n}`
    used.add(id)
    resume.set(prefix, n + 1)
    return id
  }
}

/** `x12` → `x`: a name without the number at its end. */
function withoutNumber(name: string): string {
  let end = name.length
  while (end > 0 && name.charCodeAt(end - 1) >= 48 && name.charCodeAt(end - 1) <= 57) end--
  return name.slice(0, end)
}

/** `base` with `n` appended, the base cut so that the whole stays within the longest name allowed. */
function numbered(base: string, n: number): string {
  const digits = String(n)
  let end = Math.min(base.length, MAX_NAME_LENGTH - digits.length)
  // Never cut a character written as two UTF-16 units in half.
  const last = base.charCodeAt(end - 1)
  if (end < base.length && last >= 0xd800 && last <= 0xdbff) end--
  return `${base.slice(0, end)}${digits}`
}

/**
 * Hands out terminal names no terminal of `d` (nor an earlier name handed out) uses: the first free
 * candidate, else the first candidate's base with the smallest free number from 2 appended (x, x2, x3, …).
 * Candidates must follow the name rule; the result does too.
 */
export function freshNames(d: Diagram): (candidates: string[]) => string {
  const taken = new Set<string>()
  for (const t of d.inputs) taken.add(t.name)
  for (const t of d.outputs) taken.add(t.name)
  const resume = new Map<string, number>()
  return (candidates) => {
    let name = candidates.find((c) => !taken.has(c))
    if (name === undefined) {
      const base = withoutNumber(candidates[0])
      let n = resume.get(base) ?? 2
      while (taken.has(numbered(base, n))) n++
      resume.set(base, n + 1)
      name = numbered(base, n)
    }
    taken.add(name)
    return name
  }
}
