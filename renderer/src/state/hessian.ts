import { compile, hessian, type Schedule } from '../../../core'
import { diagram } from './document'
import { currentSchedule, problems, reverseSeed } from './evaluation'

// The Hessian of the seeded output, for the front panel: exact (forward over reverse), on diagrams with a
// few inputs. Its schedule (with second partials) is compiled apart, once per structure: the evaluation
// store's schedule changes exactly when the structure does, so it is the key.

const MAX_INPUTS = 6
let cached: { base: Schedule; schedule: Schedule; params: Map<string, number> } | null = null

export function hessianOf(): { output: string; rows: number[][] } | null {
  const d = diagram.value
  const base = currentSchedule()
  if (!d || !base || problems.value.length > 0 || d.inputs.length === 0 || d.inputs.length > MAX_INPUTS || d.outputs.length === 0) return null
  if (cached?.base !== base) {
    const schedule = compile(d, { second: true })
    // Where each block parameter's value lives, so that a new value needs no recompile.
    const params = new Map<string, number>()
    for (const b of schedule.blocks) for (const p of b.params) params.set(`${b.id}.${p.id}`, schedule.constRegs.indexOf(p.reg))
    cached = { base, schedule, params }
  }
  const { schedule, params } = cached
  for (const b of d.blocks) {
    for (const [p, v] of Object.entries(b.params)) {
      const at = params.get(`${b.id}.${p}`)
      if (at !== undefined && at >= 0) schedule.constValues[at] = v
    }
  }
  const index = Math.max(0, d.outputs.findIndex((o) => o.id === reverseSeed.value))
  const h = hessian(schedule, d.inputs.map((t) => t.value), index)
  return { output: d.outputs[index].name, rows: h.hessian }
}
