import { kernelOf } from '../primitives/table'
import { conditionArgs, conditionsOf } from './conditions'
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
    if (k.domain.length > 0 || k.kinks.length > 0) {
      const v = conditionArgs(b, R)
      const c = conditionsOf(k)
      c.domain.forEach((holds, i) => {
        if (holds(v) !== 1) return
        notes.push({ block: b.id, kind: 'domain', message: k.domain[i].message })
        domain = true
      })
      c.kinks.forEach((holds, i) => {
        if (holds(v) === 1) notes.push({ block: b.id, kind: 'kink', message: k.kinks[i].message })
      })
    }
    if (domain) continue
    const bad = b.outputs.find((o) => !Number.isFinite(R[o.reg]))
    if (bad && b.inputs.every((i) => Number.isFinite(R[i.reg]))) {
      notes.push({ block: b.id, kind: 'nan', message: `${bad.port} is ${R[bad.reg]} although every input is finite` })
    }
  }
  return notes
}
