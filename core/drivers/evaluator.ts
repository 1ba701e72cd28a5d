import { countOf, type Schedule, type ScheduledTerminal } from '../compile/schedule'
import type { Diagram } from '../diagram/model'
import { sweepTangents, sweepValues } from '../sweeps/forward'
import { sweepAdjoints } from '../sweeps/reverse'
import { sweepSecondAdjoints } from '../sweeps/second'

// The buffers a schedule is swept over, allocated once: sweeps themselves allocate nothing. After a sweep,
// every register, tangent and adjoint stays readable (the editor's wire labels read them).
//
// Points, seeds and results are flat, element by element in terminal order: an input of 3 elements takes
// three places, a number one. On a diagram without arrays that is one place per terminal, as it always was.

/** Where each element of some terminals lives: its register and its element (tangent, adjoint) index. */
function elementsOf(s: Schedule, terminals: ScheduledTerminal[]): { regs: Int32Array; elements: Int32Array } {
  const regs: number[] = []
  const elements: number[] = []
  for (const t of terminals) {
    const at = t.slot < 0 ? -1 : s.arrays ? s.arrays.slotAt[t.slot] : t.slot
    for (let i = 0; i < countOf(t.length); i++) {
      regs.push(t.reg + i)
      elements.push(at < 0 ? -1 : at + i)
    }
  }
  return { regs: Int32Array.from(regs), elements: Int32Array.from(elements) }
}

/** Zeroes a buffer; a loop, because fill() costs more than a small diagram's whole sweep (28 ns for 6). */
function zero(a: Float64Array): void {
  if (a.length > 256) a.fill(0)
  else for (let i = 0; i < a.length; i++) a[i] = 0
}

export class Evaluator {
  readonly R: Float64Array
  readonly A: Float64Array
  /** Tangents: k per slot, slot-major. */
  T: Float64Array = new Float64Array(0)
  k = 0
  /** Derivatives of the adjoints along each tangent direction (second-order sweeps only). */
  B: Float64Array = new Float64Array(0)

  /** Each input element's register and element index; the same for the outputs (element -1: Boolean). */
  readonly inputs: { regs: Int32Array; elements: Int32Array }
  readonly outputs: { regs: Int32Array; elements: Int32Array }

  constructor(readonly schedule: Schedule) {
    this.R = new Float64Array(schedule.registerCount)
    for (let i = 0; i < schedule.constRegs.length; i++) this.R[schedule.constRegs[i]] = schedule.constValues[i]
    this.A = new Float64Array(schedule.arrays ? schedule.arrays.elementCount : schedule.slotCount)
    this.inputs = elementsOf(schedule, schedule.inputs)
    this.outputs = elementsOf(schedule, schedule.outputs)
  }

  /** Input elements and output elements: what flat points and results are long. */
  get inputCount(): number {
    return this.inputs.regs.length
  }

  get outputCount(): number {
    return this.outputs.regs.length
  }

  setInputs(values: ArrayLike<number>): void {
    const regs = this.inputs.regs
    if (values.length !== regs.length) throw new Error(`expected ${regs.length} input values, got ${values.length}`)
    for (let i = 0; i < regs.length; i++) this.R[regs[i]] = values[i]
  }

  setParam(blockId: string, param: string, value: number): void {
    const { blocks, start, names, regs } = this.schedule.params
    const i = blocks.indexOf(blockId)
    let reg: number | undefined
    for (let j = i < 0 ? 0 : start[i]; i >= 0 && j < start[i + 1]; j++) if (names[j] === param) reg = regs[j]
    if (reg === undefined) throw new Error(`block '${blockId}' has no parameter '${param}'`)
    this.R[reg] = value
  }

  /**
   * Writes every parameter of `d` (the compiled diagram, or a later version with new parameter values) into
   * its register, by index; blocks in another order are found by id.
   */
  setParams(d: Pick<Diagram, 'blocks'>): void {
    const { blocks: ids, start, names, regs } = this.schedule.params
    const blocks = d.blocks
    if (blocks.length !== ids.length) throw new Error(`expected the ${ids.length} blocks of the compiled diagram, got ${blocks.length}`)
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i]
      if (b.id !== ids[i]) return this.setParamsById(d)
      for (let j = start[i]; j < start[i + 1]; j++) {
        const v = b.params[names[j]]
        if (v !== undefined) this.R[regs[j]] = v
      }
    }
  }

  private setParamsById(d: Pick<Diagram, 'blocks'>): void {
    const { blocks: ids, start, names, regs } = this.schedule.params
    const index = new Map(ids.map((id, i) => [id, i]))
    for (const b of d.blocks) {
      const i = index.get(b.id)
      if (i === undefined) throw new Error(`block '${b.id}' is not in the compiled diagram`)
      for (let j = start[i]; j < start[i + 1]; j++) {
        const v = b.params[names[j]]
        if (v !== undefined) this.R[regs[j]] = v
      }
    }
  }

  /** Values (order 0), with first partials (1), with second partials too (2). */
  sweepValues(order: 0 | 1 | 2): void {
    sweepValues(this.schedule, this.R, order)
  }

  /** Forward sweep; `seeds[i * k + j]` is input i's tangent in direction j. Run sweepValues(1) first. */
  forward(seeds: ArrayLike<number>, k: number): void {
    const s = this.schedule
    const size = (s.arrays ? s.arrays.elementCount : s.slotCount) * k
    if (this.k !== k || this.T.length !== size) {
      this.k = k
      this.T = new Float64Array(size)
    }
    for (let i = 0; i < this.inputCount * k; i++) this.T[i] = seeds[i]
    sweepTangents(s, this.R, this.T, k)
  }

  /** Reverse sweep with one adjoint seed per output terminal. Run sweepValues(1) first. */
  reverse(outputSeeds: ArrayLike<number>): void {
    this.seedAdjoints(outputSeeds)
    sweepAdjoints(this.schedule, this.R, this.A)
  }

  /** Second-order reverse sweep after sweepValues(2) and forward(). */
  reverseSecond(outputSeeds: ArrayLike<number>): void {
    if (this.B.length !== this.T.length) this.B = new Float64Array(this.T.length)
    else zero(this.B)
    this.seedAdjoints(outputSeeds)
    sweepSecondAdjoints(this.schedule, this.R, this.T, this.k, this.A, this.B)
  }

  private seedAdjoints(outputSeeds: ArrayLike<number>): void {
    const elements = this.outputs.elements
    zero(this.A)
    for (let i = 0; i < elements.length; i++) {
      if (elements[i] >= 0 && outputSeeds[i] !== 0) this.A[elements[i]] += outputSeeds[i]
    }
  }

  /** Output element i's value. */
  output(i: number): number {
    return this.R[this.outputs.regs[i]]
  }

  outputTangent(i: number, j: number): number {
    const e = this.outputs.elements[i]
    return e < 0 ? 0 : this.T[e * this.k + j]
  }

  inputAdjoint(i: number): number {
    return this.A[this.inputs.elements[i]]
  }
}
