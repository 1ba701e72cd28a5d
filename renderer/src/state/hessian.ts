import { compile, firstElements, flatValues, hessian, SCALAR, type Schedule } from '../../../core'
import type { DocumentStore } from './document'
import type { EvaluationStore } from './evaluation'

// The Hessian of the seeded output, for the front panel: exact (forward over reverse), on diagrams with a
// few input elements, when that output is a number. Its schedule (with second partials) is compiled apart,
// once per structure: the evaluation store's schedule changes exactly when the structure does, so it is the
// key.

const MAX_INPUT_ELEMENTS = 6

export type HessianStore = ReturnType<typeof createHessianStore>

export function createHessianStore(document: DocumentStore, evaluation: EvaluationStore) {
  const { diagram } = document
  const { currentSchedule, problems, reverseSeed } = evaluation
  /** `constant[j]` is where the schedule's j-th parameter register starts in `constValues` (its initial value). */
  let cached: { base: Schedule; schedule: Schedule; constant: Int32Array } | null = null

  function hessianOf(): { output: string; rows: number[][] } | null {
    const d = diagram.value
    const base = currentSchedule()
    if (!d || !base || problems.value.length > 0 || d.inputs.length === 0 || d.outputs.length === 0) return null
    const x = flatValues(d.inputs)
    if (x.length > MAX_INPUT_ELEMENTS) return null
    if (base.arrays) {
      // Taken on the diagram of numbers at x (core/compile/scalarize.ts), compiled afresh: a few elements.
      const index = Math.max(0, base.outputs.findIndex((o) => o.id === reverseSeed.value))
      if (base.outputs[index].length !== SCALAR) return null
      return { output: base.outputs[index].name, rows: hessian(compile(d), x, firstElements(base.outputs)[index]).hessian }
    }
    if (cached?.base !== base) {
      const schedule = compile(d, { second: true })
      // hessian() starts every evaluator from constValues: a new parameter value goes there, by index.
      const slot = new Map(Array.from(schedule.constRegs, (reg, i) => [reg, i]))
      cached = { base, schedule, constant: Int32Array.from(schedule.params.regs, (reg) => slot.get(reg) ?? -1) }
    }
    const { schedule, constant } = cached
    const { blocks: ids, start, names } = schedule.params
    for (let k = 0; k < d.blocks.length; k++) {
      const b = d.blocks[k]
      const i = b.id === ids[k] ? k : ids.indexOf(b.id) // in the compiled order but for a rare reordering
      if (i < 0) continue
      for (let j = start[i]; j < start[i + 1]; j++) {
        const v = b.params[names[j]]
        if (v !== undefined && constant[j] >= 0) schedule.constValues[constant[j]] = v
      }
    }
    const index = Math.max(0, d.outputs.findIndex((o) => o.id === reverseSeed.value))
    const h = hessian(schedule, x, index)
    return { output: d.outputs[index].name, rows: h.hessian }
  }

  return { hessianOf }
}
