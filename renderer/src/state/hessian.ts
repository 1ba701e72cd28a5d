import { compile, hessian, type Schedule } from '../../../core'
import { diagram } from './document'
import { problems, reverseSeed } from './evaluation'

// The Hessian of the seeded output, for the front panel: exact (forward over reverse), on small diagrams.
// Its schedule (with second partials) is compiled apart and reused until the structure changes.

const MAX_INPUTS = 6
let cached: { structure: string; schedule: Schedule } | null = null

export function hessianOf(): { output: string; rows: number[][] } | null {
  const d = diagram.value
  if (!d || problems.value.length > 0 || d.inputs.length === 0 || d.inputs.length > MAX_INPUTS || d.outputs.length === 0) return null
  const structure = JSON.stringify([d.blocks.map((b) => [b.id, b.primitive]), d.wires, d.inputs.map((t) => t.id), d.outputs.map((t) => t.id)])
  if (cached?.structure !== structure) cached = { structure, schedule: compile(d, { second: true }) }
  const s = cached.schedule
  for (const b of d.blocks) for (const [p, v] of Object.entries(b.params)) {
    const reg = s.blocks.find((x) => x.id === b.id)?.params.find((q) => q.id === p)?.reg
    if (reg !== undefined) s.constValues[s.constRegs.indexOf(reg)] = v
  }
  const index = Math.max(0, d.outputs.findIndex((o) => o.id === reverseSeed.value))
  const h = hessian(s, d.inputs.map((t) => t.value), index)
  return { output: d.outputs[index].name, rows: h.hessian }
}
