import { evaluateExpr } from '../primitives/evaluate'
import { kernelOf, OUTPUT_NAME } from '../primitives/table'
import type { Evaluator } from './evaluator'

// What the table says about a block at the current point: domain messages (log of a negative number,
// an infinite derivative) and kinks (where a convention chose the derivative), and where NaN began.
// Not a hot path: conditions are evaluated from the rows when asked for, not compiled into the schedule.

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
    const env = (name: string): number => {
      if (name === OUTPUT_NAME) return R[b.outputs[0].reg]
      const i = k.inputs.indexOf(name)
      return i >= 0 ? R[b.inputs[i].reg] : R[b.params.find((p) => p.id === name)!.reg]
    }
    const holds = (c: { when: Parameters<typeof evaluateExpr>[0] }) => evaluateExpr(c.when, env) === 1
    for (const c of k.domain) if (holds(c)) notes.push({ block: b.id, kind: 'domain', message: c.message })
    for (const c of k.kinks) if (holds(c)) notes.push({ block: b.id, kind: 'kink', message: c.message })
    const inputsFinite = b.inputs.every((i) => Number.isFinite(R[i.reg]))
    const bad = b.outputs.find((o) => !Number.isFinite(R[o.reg]))
    if (inputsFinite && bad && !notes.some((n) => n.block === b.id && n.kind === 'domain')) {
      notes.push({ block: b.id, kind: 'nan', message: `${bad.port} is ${R[bad.reg]} although every input is finite` })
    }
  }
  return notes
}
