// npm run bench: the engine and exported modules against hand-written code and tfjs-core, printed as one JSON
// document. Medians of repeated batches, all in one process, so ratios compare like with like.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequire } from 'node:module'
import type * as TF from '@tensorflow/tfjs'
import { compile, type Diagram, Evaluator, exportModule, formulaToDiagram, type Schedule } from '../../core'
import { randomDiagram, rosenbrock, straightLinePrimal, W3_FORMULA, w3Gradient, w3Primal } from './workloads'

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

/**
 * Median time per call in nanoseconds, over `rounds` batches of about `batchMs` each. First it runs until
 * two successive 250 ms windows agree within 5% (at most 10 s): V8 optimises a large straight-line module
 * function by function on a background thread, and measuring before it is done measures the interpreter.
 */
function timeNs(fn: () => unknown, batchMs = 20, rounds = 15): number {
  let previous = window(fn, 250)
  for (let waited = 0; waited < 10_000; waited += 250) {
    const current = window(fn, 250)
    if (Math.abs(current - previous) <= 0.05 * previous) break
    previous = current
  }
  let reps = 1
  for (;;) {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < reps; i++) fn()
    const ms = Number(process.hrtime.bigint() - t0) / 1e6
    if (ms >= batchMs || reps >= 1 << 24) break
    reps *= ms < 1 ? 8 : 2
  }
  const samples: number[] = []
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < reps; i++) fn()
    samples.push(Number(process.hrtime.bigint() - t0) / reps)
  }
  samples.sort((a, b) => a - b)
  return samples[samples.length >> 1]
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
 * fixed cost of running at all (JIT bookkeeping) cancels. 0 when a sweep allocates nothing.
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
  return Math.max(0, Math.round((growth(20_000) - growth(2000)) / 18_000))
}

async function workload(name: string, d: Diagram, x: number[], primal: () => number) {
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
  const direction = Object.fromEntries(d.inputs.map((t, i) => [t.name, i === 0 ? 1 : 0]))

  // Agreement first: a benchmark of wrong code measures nothing.
  const exported = mod.gradient(inputs) as { value: number; gradient: Record<string, number> }
  engineGradient()
  const agree = exported.value === ev.output(0) && d.inputs.every((t, i) => exported.gradient[t.name] === ev.inputAdjoint(i))
  const primalValue = primal()
  const primalRelativeDifference = Math.abs(primalValue - ev.output(0)) / Math.abs(primalValue)

  const primalNs = timeNs(primal)
  const engine = { valueNs: timeNs(engineValue), jvpNs: timeNs(engineJvp), gradientNs: timeNs(engineGradient) }
  const module = {
    valueNs: timeNs(() => mod.evaluate(inputs)),
    jvpNs: timeNs(() => mod.jvp(inputs, direction)),
    gradientNs: timeNs(() => mod.gradient(inputs)),
  }
  const ratio = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace('Ns', 'OverPrimal'), round(v / primalNs)]))
  return {
    name, blocks: d.blocks.length, inputs: n, exportBitIdenticalToEngine: agree, primalRelativeDifference,
    compileMs: round(compileMs), exportMs: round(exportMs), exportBytes: text.length,
    primalNs: round(primalNs),
    engine: { ...mapRound(engine), ...ratio(engine) },
    exported: { ...mapRound(module), ...ratio(module) },
    memory: memory(s, d.blocks.length),
    engineBytesAllocatedPerGradientSweep: allocationPerSweep(engineGradient),
  }
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
    W3: { valueNs: round(timeNs(w3Value, 50, 7)), gradientNs: round(timeNs(w3, 50, 7)) },
    W1: { gradientNs: round(timeNs(w1, 50, 7)) },
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

  const results = [
    await workload('W1 extended Rosenbrock, 1,000 inputs', w1.diagram, w1.x, () => w1.primal(w1x)),
    await workload('W2 random diagram, 10,000 blocks over 100 inputs', w2.diagram, w2.x, () => primalModule.primal(w2x) as number),
    await workload('W3 x1·x2 + log(x1²)', w3, [1.5, 0.5], () => w3Primal(1.5, 0.5)),
  ]
  const w3HandGradientNs = timeNs(() => w3Gradient(1.5, 0.5))
  const peer = await tfjs(w1.x, w2)
  const [, r2, r3] = results
  const report = {
    machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, gcExposed: Boolean(gc) },
    workloads: results,
    w3HandWrittenGradientNs: round(w3HandGradientNs),
    tfjs: peer,
    targets: {
      engineW2GradientAtMost4xPrimal: { measured: r2.engine.gradientOverPrimal, met: r2.engine.gradientOverPrimal <= 4 },
      engineW3GradientAtMost100ns: { measured: r3.engine.gradientNs, met: r3.engine.gradientNs <= 100 },
      engineAtMost64BytesPerBlock: { measured: r2.memory.totalBytesPerBlock, met: r2.memory.totalBytesPerBlock <= 64 },
      engineNoAllocationPerSweep: { measured: r2.engineBytesAllocatedPerGradientSweep, met: r2.engineBytesAllocatedPerGradientSweep === 0 },
      exportedW2GradientAtMost2_5xPrimal: { measured: r2.exported.gradientOverPrimal, met: r2.exported.gradientOverPrimal <= 2.5 },
      exportedW3GradientWithin1_5xHandWritten: { measured: round(r3.exported.gradientNs / w3HandGradientNs), met: r3.exported.gradientNs <= 1.5 * w3HandGradientNs },
      engineAtLeast100xFasterThanTfjsW3: { measured: round(peer.W3.gradientNs / r3.engine.gradientNs), met: peer.W3.gradientNs >= 100 * r3.engine.gradientNs },
      exportedAtLeast100xFasterThanTfjsW3: { measured: round(peer.W3.gradientNs / r3.exported.gradientNs), met: peer.W3.gradientNs >= 100 * r3.exported.gradientNs },
      engineAtLeast100xFasterThanTfjsW2: { measured: round(peer.W2.gradientNs / r2.engine.gradientNs), met: peer.W2.gradientNs >= 100 * r2.engine.gradientNs },
    },
  }
  console.log(JSON.stringify(report, null, 2))
  rmSync(dir, { recursive: true, force: true })
}

await main()
