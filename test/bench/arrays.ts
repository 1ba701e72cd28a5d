import { compile, Evaluator, exportModule, type Schedule } from '../../core'
import { rosenbrockArrays } from '../support/array-diagrams'
import { rosenbrockPrimal } from './workloads'

// W1-arrays: the extended Rosenbrock function built from seven array blocks, against the hand-written loops
// a person would write for its value and for its gradient. The timing helpers are run.ts's, passed in.

/**
 * An exported module's gradient entry point, for the one-output Rosenbrock diagram: it returns a new array,
 * or writes into the buffer given.
 */
export type ExportedGradient = (inputs: { x: Float64Array }, into?: { x?: Float64Array }) => { value: number; gradient: { x: Float64Array } }

export interface Timing {
  paired: (baseline: () => unknown, subjects: Record<string, () => unknown>) => { baselineNs: number; ns: Record<string, number>; ratio: Record<string, number> }
  allocationPerSweep: (sweep: () => void) => number
  round: (x: number, digits?: number) => number
}

const ONE = [1]

export function rosenbrockPoint(n: number): number[] {
  return Array.from({ length: n }, (_, i) => 0.5 + 0.01 * (i % 17))
}


/** Value and gradient in one loop, the derivative worked out by hand: the fastest a gradient can be written. */
function fusedGradient(x: Float64Array, g: Float64Array): number {
  let s = 0
  g.fill(0)
  for (let i = 0; i < x.length - 1; i++) {
    const a = x[i + 1] - x[i] * x[i]
    const b = 1 - x[i]
    s += 100 * a * a + b * b
    g[i] += -400 * x[i] * a - 2 * b
    g[i + 1] += 200 * a
  }
  return s
}

/** Bytes of the schedule's arrays and of the buffers a gradient sweep works in. */
function bytes(s: Schedule): number {
  const a = s.arrays!
  const arrays = [s.constRegs, s.constValues, s.value.code, s.partial.code, s.slotReg, s.edgeStart, s.edgeSrc, s.edgePartial, a.slotAt, a.slotLength, a.edgeInfo, ...a.partialSteps]
  return arrays.reduce((sum, x) => sum + x.byteLength, 0) + (s.registerCount + a.elementCount) * 8
}

export function arraysWorkload(n: number, t: Timing, exported?: ExportedGradient) {
  const x = rosenbrockPoint(n)
  const xs = Float64Array.from(x)
  const g = new Float64Array(n)
  const d = rosenbrockArrays(x)
  const s = compile(d)
  const ev = new Evaluator(s)
  ev.setInputs(x)
  const engineValue = () => {
    ev.sweepValues(0)
    return ev.output(0)
  }
  const engineGradient = () => {
    ev.sweepValues(1)
    ev.reverse(ONE)
    return ev.inputAdjoint(0)
  }
  // Agreement first: the engine's gradient against the hand-written one.
  engineGradient()
  fusedGradient(xs, g)
  let worst = 0
  for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(ev.inputAdjoint(i) - g[i]) / Math.max(1, Math.abs(g[i])))
  const point = { x: xs }
  let exportedAgrees: boolean | null = null
  if (exported) {
    const r = exported(point)
    const buffer = new Float64Array(n)
    const written = exported(point, { x: buffer })
    exportedAgrees = r.value === ev.output(0) && r.gradient.x.every((v, i) => v === ev.inputAdjoint(i)) && written.gradient.x === buffer && buffer.every((v, i) => v === r.gradient.x[i])
  }
  const subjects: Record<string, () => unknown> = { handGradientNs: () => fusedGradient(xs, g), engineValueNs: engineValue, engineGradientNs: engineGradient }
  // The module's gradient as the hand-written one is called, into a buffer kept between calls, and as a
  // caller that keeps nothing calls it, with a new array each time (what that allocation costs is the
  // difference).
  const into = { x: new Float64Array(n) }
  if (exported) {
    subjects.exportedGradientNs = () => exported(point, into)
    subjects.exportedGradientNewArrayNs = () => exported(point)
  }
  const run = t.paired(() => rosenbrockPrimal(xs), subjects)
  const perElement = (ns: number) => t.round(ns / n)
  return {
    name: `W1-arrays extended Rosenbrock as array blocks, n = ${n.toLocaleString('en')}`,
    n, blocks: d.blocks.length,
    gradientRelativeDifferenceFromHandWritten: worst,
    primalNs: t.round(run.baselineNs),
    handWrittenGradientNs: t.round(run.ns.handGradientNs),
    engine: { valueNs: t.round(run.ns.engineValueNs), gradientNs: t.round(run.ns.engineGradientNs) },
    exported: exported ? { gradientNs: t.round(run.ns.exportedGradientNs), gradientNewArrayNs: t.round(run.ns.exportedGradientNewArrayNs), bitIdenticalToEngine: exportedAgrees } : null,
    ratiosToPrimal: {
      handWrittenGradient: t.round(run.ratio.handGradientNs),
      engineValue: t.round(run.ratio.engineValueNs),
      engineGradient: t.round(run.ratio.engineGradientNs),
      exportedGradient: exported ? t.round(run.ratio.exportedGradientNs) : null,
      exportedGradientNewArray: exported ? t.round(run.ratio.exportedGradientNewArrayNs) : null,
    },
    nsPerElement: { primal: perElement(run.baselineNs), engineGradient: perElement(run.ns.engineGradientNs) },
    bytesPerElement: t.round(bytes(s) / n),
    engineBytesAllocatedPerGradientSweep: t.allocationPerSweep(() => {
      ev.sweepValues(1)
      ev.reverse(ONE)
    }),
  }
}

/** The module `dualwire export` writes for Rosenbrock of n variables, as JavaScript text. */
export function rosenbrockModule(n: number): string {
  return exportModule(rosenbrockArrays(rosenbrockPoint(n)), { version: 'bench', language: 'js' })
}
