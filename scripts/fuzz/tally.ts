import { clip } from '../../core'
import { Unreloadable } from './reload'

// What `npm run fuzz` counts per target: cases run, crashes (an exception or a property that does not
// hold), hangs (a case over a second) and unreloadable diagrams (a file DualWire would write that does not
// load back the same, or that it refuses to write), with the first few examples of each.

export const HANG_MS = 1000
const EXAMPLES = 5

export interface Tally {
  cases: number
  crashes: number
  hangs: number
  unreloadable: number
  seconds: number
  slowestCaseMs: number
  outcomes: Record<string, number>
  examples: string[]
}

export function tally(): Tally {
  return { cases: 0, crashes: 0, hangs: 0, unreloadable: 0, seconds: 0, slowestCaseMs: 0, outcomes: {}, examples: [] }
}

/** What a case was, for an example; never throws. */
function shown(input: () => string): string {
  try {
    return clip(input(), 300)
  } catch (err) {
    return `(a case that cannot be shown: ${String(err)})`
  }
}

/** Runs one case, counting what happened; `input` describes the case for an example. */
export function runCase(t: Tally, run: () => string, input: () => string): void {
  const start = performance.now()
  try {
    const outcome = run()
    t.outcomes[outcome] = (t.outcomes[outcome] ?? 0) + 1
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err))
    if (e instanceof Unreloadable) t.unreloadable++
    else t.crashes++
    if (t.examples.length < EXAMPLES) t.examples.push(`${e.name}: ${clip(e.message, 300)} ← ${shown(input)}`)
  }
  const ms = performance.now() - start
  if (ms > HANG_MS) {
    t.hangs++
    if (t.examples.length < EXAMPLES) t.examples.push(`took ${Math.round(ms)} ms ← ${shown(input)}`)
  }
  t.slowestCaseMs = Math.max(t.slowestCaseMs, Math.round(ms))
  t.cases++
}
