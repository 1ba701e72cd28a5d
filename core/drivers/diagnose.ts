import { run } from '../kernel/machine'
import type { Evaluator } from './evaluator'

// What the table says about a block at the current point: domain messages (log of a negative number,
// an infinite derivative) and kinks (where a convention chose the derivative), and where NaN began.

export interface BlockNote {
  block: string
  kind: 'domain' | 'kink' | 'nan'
  message: string
}

/** Runs after a value sweep. */
export function diagnose(ev: Evaluator): BlockNote[] {
  const s = ev.schedule
  const R = ev.R
  run(s.check, 0, s.check.length, R)
  const notes: BlockNote[] = []
  for (const b of s.blocks) {
    for (const c of b.domain) if (R[c.reg] === 1) notes.push({ block: b.id, kind: 'domain', message: c.message })
    for (const c of b.kinks) if (R[c.reg] === 1) notes.push({ block: b.id, kind: 'kink', message: c.message })
    const inputsFinite = b.inputs.every((i) => Number.isFinite(R[i.reg]))
    const bad = b.outputs.find((o) => !Number.isFinite(R[o.reg]))
    if (inputsFinite && bad && !notes.some((n) => n.block === b.id && n.kind === 'domain')) {
      notes.push({ block: b.id, kind: 'nan', message: `${bad.port} is ${R[bad.reg]} although every input is finite` })
    }
  }
  return notes
}
