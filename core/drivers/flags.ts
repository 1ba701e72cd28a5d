import { countOf, EDGE_WORDS, EdgeKind, ONE, type Schedule, type ScheduledBlock } from '../compile/schedule'
import { SCALAR } from '../primitives/array-rule'
import { blockLabelOf } from '../diagram/ports'
import { Op } from '../kernel/machine'
import { type Kernel, kernelOf } from '../primitives/table'
import { conditionArgs, conditionsOf, firstNonFinite } from './conditions'
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
// Run after a value sweep with partials (sweepValues(1) or 2); the editor runs it after every sweep.

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

function begin(causes: FlagCause[], b: ScheduledBlock, k: Kernel, R: Float64Array, message: string, breaks: FlagCause['breaks']): number {
  const at = b.inputs.map((input, i) => `${k.inputs[i]} = ${numberText(R[input.reg])}`).join(', ')
  causes.push({ node: b.id, label: blockLabelOf(b.primitive, b.id), message: b.inputs.length > 0 ? `${message} (${at})` : message, breaks })
  return causes.length - 1
}

export function flagValues(ev: Evaluator): Flags {
  const s: Schedule = ev.schedule
  const R = ev.R
  const bits = new Uint8Array(s.registerCount)
  const cause = new Int32Array(s.registerCount).fill(-1)
  const causes: FlagCause[] = []

  for (const t of s.inputs) {
    const bad = firstNonFinite(R, t.reg, countOf(t.length))
    if (bad < 0) continue
    const at = t.length === SCALAR ? '' : ` at element ${bad}`
    causes.push({ node: t.id, label: `input '${t.name}'`, message: `its value${at} is ${numberText(R[t.reg + bad])}`, breaks: 'value' })
    bits[t.reg] = FLAG_VALUE | FLAG_DERIVATIVE
    cause[t.reg] = causes.length - 1
  }

  // Runs on every sweep of the editor: a block with no domain condition and no flagged input costs a few
  // array reads, and words are made only where a flag begins.
  const n = s.inputs.length
  const { edgeStart, edgePartial, edgeSrc } = s
  for (const b of s.blocks) {
    const k = kernelOf(b.primitive)
    if (b.io || b.inputs.some((i) => i.length !== SCALAR)) {
      flagArrayBlock(s, b, k, R, bits, cause, causes)
      continue
    }
    const ins = b.inputs
    // The conditions are on the row's inputs (and its one output, if it has one): they affect every output.
    let domainBits = 0
    let domainCause = -1
    if (k.domain.length > 0) {
      const v = conditionArgs(b, R)
      const holds = conditionsOf(k).domain
      for (let c = 0; c < holds.length; c++) {
        if (holds[c](v) !== 1) continue
        const rule = k.domain[c]
        domainBits |= rule.breaks === 'value' ? FLAG_VALUE | FLAG_DERIVATIVE : FLAG_DERIVATIVE
        const at = begin(causes, b, k, R, rule.message, rule.breaks)
        if (domainCause < 0) domainCause = at
      }
    }

    for (let oi = 0; oi < b.outputs.length; oi++) {
      const o = b.outputs[oi]
      let mine = domainBits
      let first = domainCause
      const selects = k.outputs[oi].native === Op.select
      for (let i = 0; i < ins.length; i++) {
        const theirs = bits[ins[i].reg]
        if (theirs === 0) continue
        if (selects && i > 0 && i !== (R[ins[0].reg] !== 0 ? 1 : 2)) continue
        mine |= theirs
        const c = cause[ins[i].reg]
        if (c >= 0 && (first < 0 || c < first)) first = c
      }
      const r = R[o.reg]
      if ((mine & FLAG_VALUE) === 0 && !Number.isFinite(r)) {
        const c = begin(causes, b, k, R, `${k.outputs.length > 1 ? `${o.port} ` : ''}is ${numberText(r)}`, 'value')
        mine |= FLAG_VALUE | FLAG_DERIVATIVE
        if (first < 0) first = c
      }
      if (o.slot >= 0 && (mine & FLAG_DERIVATIVE) === 0) {
        const node = o.slot - n
        for (let e = edgeStart[node]; e < edgeStart[node + 1]; e++) {
          const p = R[edgePartial[e]]
          if (Number.isFinite(p)) continue
          const i = ins.findIndex((input) => input.slot === edgeSrc[e])
          const c = begin(causes, b, k, R, `∂${o.port}/∂${k.inputs[i]} is ${numberText(p)}`, 'derivative')
          mine |= FLAG_DERIVATIVE
          if (first < 0) first = c
          break
        }
      }
      if (mine & FLAG_VALUE) mine |= FLAG_DERIVATIVE
      bits[o.reg] = mine
      cause[o.reg] = first
    }
  }
  return { bits, cause, causes }
}

/**
 * The flags of a block with arrays, by the same rules, element by element: a row's domain conditions hold
 * at some element (the message names the first), a rule's own domain check, a non-finite element, a
 * non-finite partial. An array's flag is one for the whole array, kept at its first register.
 */
function flagArrayBlock(s: Schedule, b: ScheduledBlock, k: Kernel, R: Float64Array, bits: Uint8Array, cause: Int32Array, causes: FlagCause[]): void {
  let domainBits = 0
  let domainCause = -1
  const found = (message: string, breaks: FlagCause['breaks'], at: string) => {
    causes.push({ node: b.id, label: blockLabelOf(b.primitive, b.id), message: at ? `${message} (${at})` : message, breaks })
    domainBits |= breaks === 'value' ? FLAG_VALUE | FLAG_DERIVATIVE : FLAG_DERIVATIVE
    if (domainCause < 0) domainCause = causes.length - 1
  }
  const rule = k.primitive.array
  if (rule && b.io) {
    const problem = rule.domain?.(R, b.io)
    if (problem) found(problem.message, problem.breaks, '')
  } else if (k.domain.length > 0) {
    const holds = conditionsOf(k).domain
    const n = countOf(b.outputs[0].length)
    for (let c = 0; c < holds.length; c++) {
      for (let el = 0; el < n; el++) {
        const v = conditionArgs(b, R, el)
        if (holds[c](v) !== 1) continue
        const at = b.inputs.map((input, i) => `${k.inputs[i]}${input.length === SCALAR ? '' : `[${el}]`} = ${numberText(v[i])}`).join(', ')
        found(k.domain[c].message, k.domain[c].breaks, at)
        break
      }
    }
  }
  const n = s.inputs.length
  for (let oi = 0; oi < b.outputs.length; oi++) {
    const o = b.outputs[oi]
    let mine = domainBits
    let first = domainCause
    const selects = k.outputs[oi].native === Op.select
    for (let i = 0; i < b.inputs.length; i++) {
      const theirs = bits[b.inputs[i].reg]
      if (theirs === 0) continue
      // An array Select takes every branch somewhere, so only a scalar condition rules one out.
      if (selects && i > 0 && b.inputs[0].length === SCALAR && i !== (R[b.inputs[0].reg] !== 0 ? 1 : 2)) continue
      mine |= theirs
      const c = cause[b.inputs[i].reg]
      if (c >= 0 && (first < 0 || c < first)) first = c
    }
    const bad = firstNonFinite(R, o.reg, countOf(o.length))
    if ((mine & FLAG_VALUE) === 0 && bad >= 0) {
      const name = k.outputs.length > 1 ? `${o.port} ` : ''
      causes.push({ node: b.id, label: blockLabelOf(b.primitive, b.id), message: `${name}${o.length === SCALAR ? '' : `element ${bad} `}is ${numberText(R[o.reg + bad])}`, breaks: 'value' })
      mine |= FLAG_VALUE | FLAG_DERIVATIVE
      if (first < 0) first = causes.length - 1
    }
    if (o.slot >= 0 && (mine & FLAG_DERIVATIVE) === 0) {
      const node = o.slot - n
      for (let e = s.edgeStart[node]; e < s.edgeStart[node + 1]; e++) {
        const p = s.edgePartial[e]
        if (p === ONE) continue
        const w = e * EDGE_WORDS
        const kind = s.arrays!.edgeInfo[w]
        // A scale edge's partial has an element per node element, a reduce edge's one per source element.
        const count = kind === EdgeKind.scale || kind === EdgeKind.reduce ? (s.arrays!.edgeInfo[w + 2] === 0 ? 1 : s.arrays!.edgeInfo[w + 1]) : 0
        const badPartial = firstNonFinite(R, p, count)
        if (badPartial < 0) continue
        const i = b.inputs.findIndex((input) => input.slot === s.edgeSrc[e])
        causes.push({ node: b.id, label: blockLabelOf(b.primitive, b.id), message: `∂${o.port}/∂${k.inputs[i]} is ${numberText(R[p + badPartial])}`, breaks: 'derivative' })
        mine |= FLAG_DERIVATIVE
        if (first < 0) first = causes.length - 1
        break
      }
    }
    if (mine & FLAG_VALUE) mine |= FLAG_DERIVATIVE
    bits[o.reg] = mine
    cause[o.reg] = first
  }
}

/** `Natural Logarithm b4: logarithm of zero is −∞ (x = 0)`. */
export function causeText(c: FlagCause): string {
  return `${c.label}: ${c.message}`
}
