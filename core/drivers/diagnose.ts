import { countOf } from '../compile/schedule'
import { SCALAR } from '../primitives/array-rule'
import { kernelOf } from '../primitives/table'
import { conditionArgs, conditionsOf, firstNonFinite } from './conditions'
import type { Evaluator } from './evaluator'

// What the table says about a block at the current point: domain messages (log of a negative number,
// an infinite derivative) and kinks (where a convention chose the derivative), and where NaN began.
// Conditions are evaluated from the rows (conditions.ts), not compiled into the schedule.

export interface BlockNote {
  block: string
  kind: 'domain' | 'kink' | 'nan'
  message: string
}

/** Runs after a value sweep. */
export function diagnose(ev: Evaluator): BlockNote[] {
  const s = ev.schedule
  const R = ev.R
  const notes: BlockNote[] = []
  for (const b of s.blocks) {
    const k = kernelOf(b.primitive)
    let domain = false
    const rule = k.primitive.array
    if (rule && b.io) {
      const problem = rule.domain?.(R, b.io)
      if (problem) notes.push({ block: b.id, kind: 'domain', message: problem.message })
      domain = problem !== undefined
      const kink = rule.kink?.(R, b.io)
      if (kink) notes.push({ block: b.id, kind: 'kink', message: kink })
    } else if (k.domain.length > 0 || k.kinks.length > 0) {
      // On arrays, each condition is noted once, at the first element where it holds.
      const elements = countOf(b.outputs[0].length)
      const c = conditionsOf(k)
      const note = (kind: 'domain' | 'kink', conditions: typeof c.domain, message: (i: number) => string) =>
        conditions.forEach((holds, i) => {
          for (let el = 0; el < elements; el++) {
            if (holds(conditionArgs(b, R, el)) !== 1) continue
            notes.push({ block: b.id, kind, message: elements > 1 || b.outputs[0].length !== SCALAR ? `${message(i)} (element ${el})` : message(i) })
            if (kind === 'domain') domain = true
            return
          }
        })
      note('domain', c.domain, (i) => k.domain[i].message)
      note('kink', c.kinks, (i) => k.kinks[i].message)
    }
    if (domain) continue
    const bad = b.outputs.find((o) => firstNonFinite(R, o.reg, countOf(o.length)) >= 0)
    if (bad && b.inputs.every((i) => firstNonFinite(R, i.reg, countOf(i.length)) < 0)) {
      const el = firstNonFinite(R, bad.reg, countOf(bad.length))
      const what = bad.length === SCALAR ? bad.port : `${bad.port}[${el}]`
      notes.push({ block: b.id, kind: 'nan', message: `${what} is ${R[bad.reg + el]} although every input is finite` })
    }
  }
  return notes
}
