import { readFileSync, statSync } from 'node:fs'
import type { Value } from '../core'
import { UsageError } from './args'

// The values --at and --dir give: `name=value,...` where a value is a number, an array `[1,2,3]`, or
// `@file` (one number a line). Commas inside brackets belong to the array, not to the list of assignments.

/** A values file larger than this is refused before it is read: a million numbers fit with room to spare. */
export const MAX_VALUES_FILE_BYTES = 32 * 1024 * 1024

/** A number as the command line writes it: finite, or undefined. */
function numberOf(raw: string): number | undefined {
  const text = raw.trim()
  const v = text === '' ? NaN : Number(text)
  return Number.isFinite(v) ? v : undefined
}

/** `a=1,b=[1,2],c=@f` → its parts, splitting on commas outside brackets. */
function parts(text: string, flag: string): string[] {
  const out: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '[') depth++
    else if (c === ']') depth--
    if (depth < 0) throw new UsageError(`--${flag}: unbalanced ']' in '${text}'`)
    if (c === ',' && depth === 0) {
      out.push(text.slice(start, i))
      start = i + 1
    }
  }
  if (depth > 0) throw new UsageError(`--${flag}: unclosed '[' in '${text}'`)
  out.push(text.slice(start))
  return out
}

function arrayOf(raw: string, flag: string, name: string): number[] {
  const inner = raw.slice(1, -1).trim()
  if (inner === '') return []
  return inner.split(',').map((item, k) => {
    const v = numberOf(item)
    if (v === undefined) throw new UsageError(`--${flag}: element ${k} of ${name}, '${item.trim()}', is not a finite number`)
    return v
  })
}

/** One number a line; blank lines are skipped, so a trailing newline is fine. */
export function valuesFile(path: string, flag: string): number[] {
  let text: string
  try {
    const size = statSync(path).size
    if (size > MAX_VALUES_FILE_BYTES) throw new UsageError(`--${flag}: ${path} is ${size} bytes; a values file may have at most ${MAX_VALUES_FILE_BYTES}`)
    text = readFileSync(path, 'utf8')
  } catch (err) {
    if (err instanceof UsageError) throw err
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code === 'EACCES' ? 'permission denied' : (err as Error).message
    throw new UsageError(`--${flag}: ${path}: ${why}`)
  }
  const values: number[] = []
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return
    const v = numberOf(line)
    if (v === undefined) throw new UsageError(`--${flag}: ${path} line ${i + 1}: ${JSON.stringify(line.trim())} is not a number`)
    values.push(v)
  })
  return values
}

/** `name=value,...` → map, with the flag's name in every message. */
export function assignments(text: string, flag: string, names: readonly string[]): Map<string, Value> {
  const values = new Map<string, Value>()
  for (const part of parts(text, flag)) {
    const eq = part.indexOf('=')
    if (eq < 0) throw new UsageError(`--${flag}: expected name=value but found '${part}'`)
    const name = part.slice(0, eq).trim()
    const raw = part.slice(eq + 1).trim()
    if (!names.includes(name)) {
      throw new UsageError(`--${flag}: the diagram has no input '${name}' (its inputs: ${names.join(', ') || 'none'})`)
    }
    if (values.has(name)) throw new UsageError(`--${flag}: ${name} is given twice`)
    if (raw.startsWith('[') && raw.endsWith(']')) values.set(name, arrayOf(raw, flag, name))
    else if (raw.startsWith('@')) values.set(name, valuesFile(raw.slice(1), flag))
    else {
      const v = numberOf(raw)
      if (v === undefined) throw new UsageError(`--${flag}: '${raw}' for ${name} is not a finite number`)
      values.set(name, v)
    }
  }
  return values
}
