import type { Schedule } from '../compile/schedule'
import type { Expr } from '../expr/ast'
import { blockLabelOf } from '../diagram/ports'
import { Op } from '../kernel/machine'
import { evaluateExpr } from '../primitives/evaluate'
import { kernelOf, OUTPUT_NAME } from '../primitives/table'
import type { Evaluator } from './evaluator'

// Which results cannot be trusted at the current point, and why. A value is flagged where it is not finite,
// or where a primitive's input is outside its domain (the rows' `domain` conditions, the one place that
// says so); the flag then taints everything computed from it. Derivatives have their own flag, because
// they can be wrong where the value is right: at √x's 0 the slope is infinite, and a zero tangent times
// it is 0 (zero is strong), so ∂f/∂x would read a finite number that is not the derivative.
//
// A flag travels from every input of a block into its outputs (a NaN compared is a wrong Boolean), except
// into an output computed by the select instruction: that takes its condition and the branch it chooses,
// and the other branch contributes nothing, to the value or (zero is strong) to the derivative. This is
// the one instruction that ignores an input, as differentiate.ts treats it too.
//
// Run after a value sweep with partials (sweepValues(1) or 2). Not a hot path: conditions are evaluated
// from the rows, as in diagnose().

/** The value is flagged (and so are its derivatives). */
export const FLAG_VALUE = 1
/** Its derivatives (tangents, and the partials and adjoints computed through it) are flagged. */
export const FLAG_DERIVATIVE = 2

export interface FlagCause {
  /** The block (or input terminal) where a flag begins. */
  node: string
  /** How messages name it: `Natural Logarithm b4`, `input 'x1'`. */
  label: string
  /** The rule that does not hold, in the row's words, with the inputs: `logarithm of zero is −∞ (x = 0)`. */
  message: string
  breaks: 'value' | 'derivative'
}

export interface Flags {
  /** By register: FLAG_VALUE | FLAG_DERIVATIVE, for the registers of inputs and block outputs (others 0). */
  bits: Uint8Array
  /** By register: the index in `causes` of the first cause (in schedule order) that reaches it, or -1. */
  cause: Int32Array
  /** Where flags begin, in schedule order. */
  causes: FlagCause[]
}

const numberText = (v: number) => (Number.isNaN(v) ? 'NaN' : v === Infinity ? '∞' : v === -Infinity ? '−∞' : String(v).replace('-', '−'))

export function flagValues(ev: Evaluator): Flags {
  const s: Schedule = ev.schedule
  const R = ev.R
  const bits = new Uint8Array(s.registerCount)
  const cause = new Int32Array(s.registerCount).fill(-1)
  const causes: FlagCause[] = []

  for (const t of s.inputs) {
    if (Number.isFinite(R[t.reg])) continue
    causes.push({ node: t.id, label: `input '${t.name}'`, message: `its value is ${numberText(R[t.reg])}`, breaks: 'value' })
    bits[t.reg] = FLAG_VALUE | FLAG_DERIVATIVE
    cause[t.reg] = causes.length - 1
  }

  const n = s.inputs.length
  for (const b of s.blocks) {
    const k = kernelOf(b.primitive)
    let r = 0
    const env = (name: string): number => {
      if (name === OUTPUT_NAME) return r
      const i = k.inputs.indexOf(name)
      return i >= 0 ? R[b.inputs[i].reg] : R[b.params.find((p) => p.id === name)!.reg]
    }
    const label = blockLabelOf(b.primitive, b.id)
    const at = () => b.inputs.map((input, i) => `${k.inputs[i]} = ${numberText(R[input.reg])}`).join(', ')
    const begin = (message: string, breaks: FlagCause['breaks']) => {
      causes.push({ node: b.id, label, message: b.inputs.length > 0 ? `${message} (${at()})` : message, breaks })
      return causes.length - 1
    }
    const holds = (when: Expr) => evaluateExpr(when, env) === 1
    // The conditions are on the row's inputs (and its one output, if it has one): they affect every output.
    r = R[b.outputs[0].reg]
    let domainBits = 0
    let domainCause = -1
    for (const c of k.domain) {
      if (!holds(c.when)) continue
      domainBits |= c.breaks === 'value' ? FLAG_VALUE | FLAG_DERIVATIVE : FLAG_DERIVATIVE
      const at = begin(c.message, c.breaks)
      if (domainCause < 0) domainCause = at
    }

    b.outputs.forEach((o, oi) => {
      r = R[o.reg]
      let mine = 0
      let first = -1
      const add = (bit: number, c: number) => {
        mine |= bit
        if (c >= 0 && (first < 0 || c < first)) first = c
      }
      const selects = k.outputs[oi].native === Op.select
      b.inputs.forEach((input, i) => {
        const theirs = bits[input.reg]
        if (theirs === 0) return
        if (selects && i > 0 && i !== (R[b.inputs[0].reg] !== 0 ? 1 : 2)) return
        add(theirs, cause[input.reg])
      })
      if (domainBits !== 0) add(domainBits, domainCause)
      if (!Number.isFinite(r) && (mine & FLAG_VALUE) === 0) {
        add(FLAG_VALUE | FLAG_DERIVATIVE, begin(`${k.outputs.length > 1 ? `${o.port} ` : ''}is ${numberText(r)}`, 'value'))
      }
      if (o.slot >= 0 && (mine & FLAG_DERIVATIVE) === 0) {
        const node = o.slot - n
        for (let e = s.edgeStart[node]; e < s.edgeStart[node + 1]; e++) {
          const p = R[s.edgePartial[e]]
          if (Number.isFinite(p)) continue
          const i = b.inputs.findIndex((input) => input.slot === s.edgeSrc[e])
          add(FLAG_DERIVATIVE, begin(`∂${o.port}/∂${k.inputs[i]} is ${numberText(p)}`, 'derivative'))
          break
        }
      }
      if (mine & FLAG_VALUE) mine |= FLAG_DERIVATIVE
      bits[o.reg] = mine
      cause[o.reg] = first
    })
  }
  return { bits, cause, causes }
}

/** `Natural Logarithm b4: logarithm of zero is −∞ (x = 0)`. */
export function causeText(c: FlagCause): string {
  return `${c.label}: ${c.message}`
}
