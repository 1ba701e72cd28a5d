// npm run bench: the engine and exported modules against hand-written code and tfjs-core, printed as one JSON
// document. Medians of repeated batches, all in one process, so ratios compare like with like.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequire } from 'node:module'
import type * as TF from '@tensorflow/tfjs'
import { compile, type Diagram, Evaluator, exportModule, formulaToDiagram, type Schedule } from '../../core'
import { arraysWorkload, type ExportedGradient, rosenbrockModule } from './arrays'
import { constantsDiagram, randomDiagram, rosenbrock, straightLinePrimal, W3_FORMULA, w3Gradient, w3Primal } from './workloads'

// tfjs-core with its CPU backend, through the @tensorflow/tfjs bundle: its CommonJS build registers every
// gradient, which tfjs-core's own ESM files cannot do under Node (their imports lack file extensions).
const require = createRequire(import.meta.url)
const tf = require('@tensorflow/tfjs') as typeof TF

const gc = (globalThis as { gc?: () => void }).gc
const dir = mkdtempSync(join(tmpdir(), 'dualwire-bench-'))
let moduleCount = 0

/** Mean time per call over about `ms` milliseconds. */
function window(fn: () => unknown, ms: number): number {
  const t0 = process.hrtime.bigint()
  const end = t0 + BigInt(ms * 1e6)
  let calls = 0
  let now = t0
  while (now < end) {
    for (let i = 0; i < 8; i++) fn()
    calls += 8
    now = process.hrtime.bigint()
  }
  return Number(now - t0) / calls
}

/** Seconds each measurement spent warming up, by name, for the report. */
const warmups: Record<string, number> = {}

/**
 * Runs fn until V8 has optimised it: 250 ms windows until the best window has not improved by 3% for 2 s
 * (at most 40 s). A large generated module is optimised function by function on a background thread; on
 * this 2-core machine a 10,000-block gradient takes seconds to get there, and measuring earlier measures
 * the interpreter.
 */
function warm(fn: () => unknown, label = ''): void {
  const start = process.hrtime.bigint()
  let best = window(fn, 250)
  let sinceBest = 0
  for (let waited = 250; waited < 40_000 && sinceBest < 2000; waited += 250) {
    const current = window(fn, 250)
    if (current < best * 0.97) {
      best = current
      sinceBest = 0
    } else sinceBest += 250
  }
  if (label) warmups[label] = round(Number(process.hrtime.bigint() - start) / 1e9 - 2, 2)
}

/** How many calls make a batch of about `ms` milliseconds. */
function batchSize(fn: () => unknown, ms: number): number {
  let reps = 1
  for (;;) {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < reps; i++) fn()
    const took = Number(process.hrtime.bigint() - t0) / 1e6
    if (took >= ms || reps >= 1 << 24) return reps
    reps *= took < 1 ? 8 : 2
  }
}

function batch(fn: () => unknown, reps: number): number {
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < reps; i++) fn()
  return Number(process.hrtime.bigint() - t0) / reps
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]

/** Median time per call in nanoseconds (after warming up). */
function timeNs(fn: () => unknown, label = ''): number {
  warm(fn, label)
  const reps = batchSize(fn, 20)
  return median(Array.from({ length: 15 }, () => batch(fn, reps)))
}

/**
 * Subjects against a baseline on a noisy machine: batches of each in turn, round after round, and the
 * median of the per-round ratios, so that load which slows one round slows all of its batches alike.
 */
function paired(baseline: () => unknown, subjects: Record<string, () => unknown>, labels: Record<string, string> = {}) {
  warm(baseline)
  for (const [name, fn] of Object.entries(subjects)) warm(fn, labels[name] ?? '')
  const base = batchSize(baseline, 10)
  const sizes = Object.fromEntries(Object.entries(subjects).map(([k, fn]) => [k, batchSize(fn, 10)]))
  const times: Record<string, number[]> = { baseline: [] }
  const ratios: Record<string, number[]> = {}
  for (let r = 0; r < 21; r++) {
    const b = batch(baseline, base)
    times.baseline.push(b)
    for (const [name, fn] of Object.entries(subjects)) {
      const t = batch(fn, sizes[name])
      ;(times[name] ??= []).push(t)
      ;(ratios[name] ??= []).push(t / b)
    }
  }
  return {
    baselineNs: median(times.baseline),
    ns: Object.fromEntries(Object.keys(subjects).map((k) => [k, median(times[k])])),
    ratio: Object.fromEntries(Object.keys(subjects).map((k) => [k, median(ratios[k])])),
  }
}

function timeMs(fn: () => unknown, rounds = 5): number {
  const samples: number[] = []
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint()
    fn()
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  samples.sort((a, b) => a - b)
  return samples[samples.length >> 1]
}

const round = (x: number, digits = 3) => Number(x.toPrecision(digits))

async function importModule(text: string): Promise<Record<string, (...args: unknown[]) => unknown>> {
  const file = join(dir, `m${++moduleCount}.mjs`)
  writeFileSync(file, text)
  return import(pathToFileURL(file).href)
}

/**
 * Bytes per block of the schedule's arrays, and of the buffers a gradient sweep works in (registers and
 * adjoints); a forward sweep adds 8 bytes per slot and tangent direction.
 */
function memory(s: Schedule, blocks: number) {
  const arrays = [s.constRegs, s.constValues, s.value.code, s.partial.code, s.slotReg, s.edgeStart, s.edgeSrc, s.edgePartial]
  const schedule = arrays.reduce((sum, a) => sum + a.byteLength, 0)
  const buffers = (s.registerCount + s.slotCount) * 8
  return { scheduleBytesPerBlock: round(schedule / blocks), gradientBuffersBytesPerBlock: round(buffers / blocks), totalBytesPerBlock: round((schedule + buffers) / blocks) }
}

/**
 * Bytes allocated per gradient sweep: heap growth over 2,000 sweeps and over 20,000, differenced, so that the
 * fixed cost of running at all (JIT bookkeeping) cancels; the least of three trials. 0 when a sweep
 * allocates nothing.
 */
function allocationPerSweep(sweep: () => void): number {
  if (!gc) return NaN
  const growth = (n: number) => {
    gc!()
    const before = process.memoryUsage().heapUsed
    for (let i = 0; i < n; i++) sweep()
    return process.memoryUsage().heapUsed - before
  }
  growth(2000)
  // V8 allocates on its own now and then (feedback, compilation); the least of three trials is the sweep's.
  const trials = [0, 1, 2].map(() => (growth(20_000) - growth(2000)) / 18_000)
  return Math.max(0, Math.round(Math.min(...trials)))
}

/**
 * Calls fn with one of 64 nearby points in turn, so that no call can be folded to a constant by the JIT;
 * the points are objects of one shape, as the exported module takes them.
 */
function rotating<T>(points: T[], fn: (p: T) => unknown): () => unknown {
  let i = 0
  return () => fn(points[i++ & 63])
}

/** `primal` computes the function at x; `primalTimed`, if given, is what is timed (for rotating points). */
async function workload(name: string, d: Diagram, x: number[], primal: () => number, primalTimed: () => unknown = primal) {
  const n = d.inputs.length
  const compileMs = timeMs(() => compile(d))
  const s = compile(d)
  const ev = new Evaluator(s)
  ev.setInputs(x)
  const seed = new Float64Array(n)
  seed[0] = 1
  const outSeed = [1]
  const engineValue = () => {
    ev.sweepValues(0)
    return ev.output(0)
  }
  const engineJvp = () => {
    ev.sweepValues(1)
    ev.forward(seed, 1)
    return ev.outputTangent(0, 0)
  }
  const engineGradient = () => {
    ev.sweepValues(1)
    ev.reverse(outSeed)
    return ev.inputAdjoint(0)
  }
  const exportMs = timeMs(() => exportModule(d, { version: 'bench', language: 'js' }), 3)
  const text = exportModule(d, { version: 'bench', language: 'js' })
  const mod = await importModule(text)
  const inputs = Object.fromEntries(d.inputs.map((t, i) => [t.name, x[i]]))
  const points = Array.from({ length: 64 }, (_, k) => Object.fromEntries(d.inputs.map((t, i) => [t.name, x[i] * (1 + k * 1e-3)])))
  const direction = Object.fromEntries(d.inputs.map((t, i) => [t.name, i === 0 ? 1 : 0]))

  // Agreement first: a benchmark of wrong code measures nothing.
  const exported = mod.gradient(inputs) as { value: number; gradient: Record<string, number> }
  engineGradient()
  const agree = exported.value === ev.output(0) && d.inputs.every((t, i) => exported.gradient[t.name] === ev.inputAdjoint(i))
  const primalValue = primal()
  const primalRelativeDifference = Math.abs(primalValue - ev.output(0)) / Math.abs(primalValue)

  const engineValuesAndPartials = () => {
    ev.sweepValues(1)
    return ev.output(0)
  }
  const engineRun = paired(primalTimed, { valueNs: engineValue, valueAndPartialsNs: engineValuesAndPartials, jvpNs: engineJvp, gradientNs: engineGradient })
  const moduleRun = paired(
    primalTimed,
    {
      valueNs: rotating(points, (p) => mod.evaluate(p)),
      jvpNs: rotating(points, (p) => mod.jvp(p, direction)),
      gradientNs: rotating(points, (p) => mod.gradient(p)),
    },
    { valueNs: `${name}: exported evaluate`, jvpNs: `${name}: exported jvp`, gradientNs: `${name}: exported gradient` },
  )
  const primalNs = engineRun.baselineNs
  const engine = engineRun.ns
  const module = moduleRun.ns
  const ratio = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.replace('Ns', 'OverPrimal'), round(v)]))
  return {
    name, blocks: d.blocks.length, inputs: n, exportBitIdenticalToEngine: agree, primalRelativeDifference,
    compileMs: round(compileMs), exportMs: round(exportMs), exportBytes: text.length,
    primalNs: round(primalNs),
    engine: { ...mapRound(engine), ...ratio(engineRun.ratio) },
    exported: { ...mapRound(module), ...ratio(moduleRun.ratio) },
    // Where a gradient's time goes, in units of the primal: the values, the local partials, the adjoints.
    gradientPhasesOverPrimal: {
      engine: {
        values: round(engineRun.ratio.valueNs),
        partials: round(engineRun.ratio.valueAndPartialsNs - engineRun.ratio.valueNs),
        adjoints: round(engineRun.ratio.gradientNs - engineRun.ratio.valueAndPartialsNs),
      },
      exported: { values: round(moduleRun.ratio.valueNs), partialsAndAdjoints: round(moduleRun.ratio.gradientNs - moduleRun.ratio.valueNs) },
    },
    memory: memory(s, d.blocks.length),
    engineBytesAllocatedPerGradientSweep: allocationPerSweep(() => {
      ev.sweepValues(1)
      ev.reverse(outSeed)
    }),
  }
}

/**
 * What the editor does on every change of a value: the diagram's parameters written into the registers,
 * then values, one tangent direction per input and one reverse sweep. Parameters and sweep timed apart.
 */
function editorSweep(name: string, d: Diagram, x: number[]) {
  const s = compile(d, { constantEdges: true })
  const ev = new Evaluator(s)
  ev.setInputs(x)
  const n = s.inputs.length
  const seeds = new Float64Array(n * n)
  for (let i = 0; i < n; i++) seeds[i * n + i] = 1
  const outSeed = [1]
  const params = () => applyParams(ev, d)
  const sweep = () => {
    ev.sweepValues(1)
    ev.forward(seeds, n)
    ev.reverse(outSeed)
    return ev.output(0)
  }
  return {
    name, blocks: d.blocks.length, constants: d.blocks.filter((b) => b.primitive === 'constant').length, inputs: n,
    paramsNs: round(timeNs(params)), sweepNs: round(timeNs(sweep)),
  }
}

/** The editor's way of writing every parameter of the diagram into the evaluator's registers. */
function applyParams(ev: Evaluator, d: Diagram): void {
  ev.setParams(d)
}

const mapRound = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v)]))

async function tfjs(rosenbrockPoint: number[], random: { diagram: Diagram; x: number[] }) {
  await tf.setBackend('cpu')
  const w3Grad = tf.valueAndGrads((a: TF.Tensor, b: TF.Tensor) => tf.add(tf.mul(a, b), tf.log(tf.mul(a, a))) as TF.Scalar)
  const w3 = () => tf.tidy(() => {
    const { value, grads } = w3Grad([tf.scalar(1.5), tf.scalar(0.5)])
    return [value.dataSync()[0], grads[0].dataSync()[0], grads[1].dataSync()[0]]
  })
  const w3Value = () => tf.tidy(() => tf.add(tf.mul(tf.scalar(1.5), tf.scalar(0.5)), tf.log(tf.mul(tf.scalar(1.5), tf.scalar(1.5)))).dataSync()[0])
  // Rosenbrock written the way a tfjs user would: vectorised over the 1,000 inputs.
  const rosen = (v: TF.Tensor1D) => {
    const a = tf.slice(v, 1, v.size - 1)
    const b = tf.slice(v, 0, v.size - 1)
    return tf.sum(tf.add(tf.mul(100, tf.square(tf.sub(a, tf.square(b)))), tf.square(tf.sub(1, b)))) as TF.Scalar
  }
  const w1Grad = tf.valueAndGrad(rosen)
  const w1 = () => tf.tidy(() => w1Grad(tf.tensor1d(rosenbrockPoint)).grad.dataSync()[0])
  // W2 block by block on scalars: the only way to write an arbitrary diagram in a tensor library.
  const w2Fn = (xs: TF.Scalar[]) => {
    const d = random.diagram
    const vals = new Map<string, TF.Tensor>()
    d.inputs.forEach((t, i) => vals.set(t.id, xs[i]))
    const into = new Map(d.wires.map((w) => [`${w.to.node}.${w.to.port}`, w.from.node]))
    const ops: Record<string, (a: TF.Tensor, b: TF.Tensor) => TF.Tensor> = {
      add: tf.add, sub: tf.sub, mul: tf.mul, div: tf.div, sin: tf.sin, cos: tf.cos, exp: tf.exp, log: tf.log, sqrt: tf.sqrt, tanh: tf.tanh,
    }
    for (const b of d.blocks) vals.set(b.id, ops[b.primitive](vals.get(into.get(`${b.id}.x`)!)!, vals.get(into.get(`${b.id}.y`) ?? '')!))
    return vals.get(into.get(`${d.outputs[0].id}.value`)!)! as TF.Scalar
  }
  const w2Grad = tf.valueAndGrads((...xs: TF.Tensor[]) => w2Fn(xs as TF.Scalar[]))
  const w2 = () => tf.tidy(() => w2Grad(random.x.map((v) => tf.scalar(v))).grads[0].dataSync()[0])
  return {
    note: `tfjs-core ${tf.version_core} on the CPU backend (float32: its values agree with ours to about 7 digits)`,
    W3: { valueNs: round(timeNs(w3Value)), gradientNs: round(timeNs(w3)) },
    W1: { gradientNs: round(timeNs(w1)) },
    W2: { gradientNs: round(timeMs(w2, 3) * 1e6) },
  }
}

async function main() {
  const w1 = rosenbrock(1000)
  const w1x = Float64Array.from(w1.x)
  const w2 = randomDiagram(10_000, 100)
  const primalModule = await importModule(straightLinePrimal(w2.diagram))
  const w2x = Float64Array.from(w2.x)
  const w3 = formulaToDiagram(W3_FORMULA)
  const w3Points = Array.from({ length: 64 }, (_, k) => ({ x1: 1.5 * (1 + k * 1e-3), x2: 0.5 * (1 + k * 1e-3) }))

  const results = [
    await workload('W1 extended Rosenbrock, 1,000 inputs', w1.diagram, w1.x, () => w1.primal(w1x)),
    await workload('W2 random diagram, 10,000 blocks over 100 inputs', w2.diagram, w2.x, () => primalModule.primal(w2x) as number),
    await workload('W3 x1·x2 + log(x1²)', w3, [1.5, 0.5], () => w3Primal({ x1: 1.5, x2: 0.5 }), rotating(w3Points, w3Primal)),
  ]
  const w3Module = await importModule(exportModule(w3, { version: 'bench', language: 'js' }))
  const w3Hand = paired(rotating(w3Points, w3Gradient), { exportedGradient: rotating(w3Points, (p) => w3Module.gradient(p)) })
  const w3HandPrimalNs = timeNs(rotating(w3Points, w3Primal))
  const w3HandGradientNs = w3Hand.baselineNs
  const w4 = constantsDiagram(6000, 1500)
  const editor = editorSweep('W4 editor sweep, 6,000 blocks with 1,500 constants over 100 inputs', w4.diagram, w4.x)
  const timing = { paired, allocationPerSweep, round }
  const arraysModule = (await importModule(rosenbrockModule(1000))) as unknown as { gradient: ExportedGradient }
  const arraysModuleLarge = (await importModule(rosenbrockModule(100_000))) as unknown as { gradient: ExportedGradient }
  const arrays = [arraysWorkload(1000, timing, arraysModule.gradient), arraysWorkload(100_000, timing, arraysModuleLarge.gradient)]
  const peer = await tfjs(w1.x, w2)
  const [, r2, r3] = results
  const report = {
    machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, gcExposed: Boolean(gc) },
    workloads: results,
    arrays,
    editorSweep: editor,
    w3HandWritten: { valueNs: round(w3HandPrimalNs), gradientNs: round(w3HandGradientNs) },
    secondsUntilOptimised: warmups,
    tfjs: peer,
    targets: {
      engineW2GradientAtMost4xPrimal: { measured: r2.engine.gradientOverPrimal, met: r2.engine.gradientOverPrimal <= 4 },
      engineW3GradientAtMost100ns: { measured: r3.engine.gradientNs, met: r3.engine.gradientNs <= 100 },
      engineAtMost64BytesPerBlock: { measured: r2.memory.totalBytesPerBlock, met: r2.memory.totalBytesPerBlock <= 64 },
      engineNoAllocationPerSweep: { measured: r2.engineBytesAllocatedPerGradientSweep, met: r2.engineBytesAllocatedPerGradientSweep === 0 },
      exportedW2GradientAtMost2_5xPrimal: { measured: r2.exported.gradientOverPrimal, met: r2.exported.gradientOverPrimal <= 2.5 },
      exportedW3GradientWithin1_5xHandWritten: { measured: round(w3Hand.ratio.exportedGradient), met: w3Hand.ratio.exportedGradient <= 1.5 },
      engineAtLeast100xFasterThanTfjsW3: { measured: round(peer.W3.gradientNs / r3.engine.gradientNs), met: peer.W3.gradientNs >= 100 * r3.engine.gradientNs },
      exportedAtLeast100xFasterThanTfjsW3: { measured: round(peer.W3.gradientNs / r3.exported.gradientNs), met: peer.W3.gradientNs >= 100 * r3.exported.gradientNs },
      engineAtLeast100xFasterThanTfjsW2: { measured: round(peer.W2.gradientNs / r2.engine.gradientNs), met: peer.W2.gradientNs >= 100 * r2.engine.gradientNs },
      engineArraysW1GradientAtMost10xPrimal: { measured: arrays[0].ratiosToPrimal.engineGradient, met: arrays[0].ratiosToPrimal.engineGradient <= 10 },
      tfjsAtLeast30xSlowerThanEngineArraysW1: { measured: round(peer.W1.gradientNs / arrays[0].engine.gradientNs), met: peer.W1.gradientNs >= 30 * arrays[0].engine.gradientNs },
      exportedArraysW1GradientAtMost4xPrimal: { measured: arrays[0].ratiosToPrimal.exportedGradient, met: (arrays[0].ratiosToPrimal.exportedGradient ?? Infinity) <= 4 },
      engineArraysNoAllocationPerSweep: { measured: arrays[0].engineBytesAllocatedPerGradientSweep, met: arrays[0].engineBytesAllocatedPerGradientSweep === 0 },
    },
  }
  console.log(JSON.stringify(report, null, 2))
  rmSync(dir, { recursive: true, force: true })
}

await main()
