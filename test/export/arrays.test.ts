import fc from 'fast-check'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { compile, type Diagram, evaluate, exportModule, gradient, jacobian, jvp, REST, SCALAR, type Schedule, vjp } from '../../core'
import { scalarize } from '../../core/compile/scalarize'
import { subsetSpan } from '../../core/primitives/array'
import { DiagramBuilder, rosenbrockArrays, rosenbrockClosedForm, type Source } from '../support/array-diagrams'
import { type Folder, importNative, moduleFolder, type TscResult, typecheck } from '../support/modules'
import { mulberry32 } from '../support/random-diagrams'

// Exported modules of diagrams with arrays (core/codegen/arrays.ts) against the engine: the same steps and
// the same sweeps over the same tables, so every element of every result must be the engine's to the bit
// (Object.is: NaN equals NaN, 0 differs from −0). The engine's array sweeps are checked against closed forms
// and central differences in test/core/arrays.test.ts; here the Rosenbrock function is checked against its
// closed form too, so that these tests do not only compare the engine with itself.

const VERSION = '9.8.7-test'
type Value = number | Float64Array
type Terminals = Record<string, Value>
type Given = Record<string, number | number[] | Float64Array>
interface ArrayModule {
  defaultInputs: Record<string, number | number[]>
  evaluate(inputs: Given): Terminals
  jvp(inputs: Given, tangents: Given): { value: Terminals; tangent: Terminals }
  vjp(inputs: Given, adjoints: Given, into?: Record<string, Float64Array>): { value: Terminals; adjoint: Terminals }
  jacobian(inputs: Given): { mode: string; value: Terminals; jacobian: Record<string, Record<string, number | Float64Array | Float64Array[]>> }
  gradient?(inputs: Given, into?: Record<string, Float64Array>): { value: number; gradient: Terminals }
  hessian?: unknown
}

const count = (n: number) => (n === SCALAR ? 1 : n)
const show = (v: number) => (Object.is(v, -0) ? '-0' : String(v))

/** Flat elements in terminal order, as the engine takes and gives them, cut into the module's fields. */
function byTerminal(keys: string[], lengths: number[], flat: ArrayLike<number>): Record<string, number | number[]> {
  const out: Record<string, number | number[]> = {}
  let at = 0
  keys.forEach((k, i) => {
    out[k] = lengths[i] === SCALAR ? flat[at] : Array.from({ length: lengths[i] }, (_, e) => flat[at + e])
    at += count(lengths[i])
  })
  return out
}

class Comparison {
  readonly problems: string[] = []
  compared = 0
  /** Output elements evaluated, and how many were finite (a NaN compares, but tells little). */
  elements = 0
  finite = 0

  same(what: string, engine: number, module: number | undefined): void {
    this.compared++
    if (!Object.is(engine, module) && this.problems.length < 20) this.problems.push(`${what}: engine ${show(engine)}, module ${module === undefined ? 'undefined' : show(module)}`)
  }

  /** A field of the module (a number or a Float64Array) against the engine's flat elements from `at`. */
  field(what: string, engine: ArrayLike<number>, at: number, length: number, module: unknown): void {
    if (length === SCALAR) return this.same(what, engine[at], typeof module === 'number' ? module : undefined)
    if (!(module instanceof Float64Array) || module.length !== length) {
      this.problems.push(`${what}: expected a Float64Array of ${length}, got ${String(module)}`)
      return
    }
    for (let e = 0; e < length; e++) this.same(`${what}[${e}]`, engine[at + e], module[e])
  }

  terminals(what: string, keys: string[], lengths: number[], engine: ArrayLike<number>, module: Terminals): void {
    if (Object.keys(module).join() !== keys.join()) this.problems.push(`${what}: keys ${Object.keys(module).join()} are not ${keys.join()}`)
    let at = 0
    keys.forEach((k, i) => {
      this.field(`${what}.${k}`, engine, at, lengths[i], module[k])
      at += count(lengths[i])
    })
  }

  /** Every entry point of `mod` at the flat point x against the engine; rng draws directions and weights. */
  at(label: string, mod: ArrayModule, s: Schedule, x: number[], rng: () => number): void {
    const ins = Object.keys(mod.defaultInputs)
    const outs = s.outputs.map((o) => o.name)
    const inLengths = s.inputs.map((t) => t.length)
    const outLengths = s.outputs.map((t) => t.length)
    const where = `${label} at (${x.slice(0, 8).map(show).join(', ')}${x.length > 8 ? ', …' : ''})`
    const draw = () => (rng() < 0.15 ? 0 : rng() * 2 - 1)
    const point = byTerminal(ins, inLengths, x)
    const v = x.map(draw)
    const w = Array.from({ length: outLengths.reduce((k, n) => k + count(n), 0) }, draw)

    const values = evaluate(s, x)
    this.terminals(`${where}: evaluate`, outs, outLengths, values, mod.evaluate(point))
    this.elements += values.length
    this.finite += values.filter(Number.isFinite).length
    const ej = jvp(s, x, v)
    const mj = mod.jvp(point, byTerminal(ins, inLengths, v))
    this.terminals(`${where}: jvp.value`, outs, outLengths, ej.value, mj.value)
    this.terminals(`${where}: jvp.tangent`, outs, outLengths, ej.tangent, mj.tangent)
    const ev = vjp(s, x, w)
    const mv = mod.vjp(point, byTerminal(outs, outLengths, w))
    this.terminals(`${where}: vjp.value`, outs, outLengths, ev.value, mv.value)
    this.terminals(`${where}: vjp.adjoint`, ins, inLengths, ev.adjoint, mv.adjoint)

    const eJ = jacobian(s, x)
    const mJ = mod.jacobian(point)
    if (mJ.mode !== eJ.mode) this.problems.push(`${where}: jacobian mode ${mJ.mode}, engine ${eJ.mode}`)
    this.terminals(`${where}: jacobian.value`, outs, outLengths, eJ.value, mJ.value)
    let row = 0
    outs.forEach((o, oi) => {
      let col = 0
      ins.forEach((k, ii) => {
        const entry = mJ.jacobian[o]?.[k]
        const what = `${where}: jacobian.${o}.${k}`
        if (outLengths[oi] === SCALAR) {
          this.field(what, eJ.rows[row], col, inLengths[ii], entry)
        } else if (inLengths[ii] === SCALAR) {
          this.field(what, eJ.rows.slice(row, row + outLengths[oi]).map((r) => r[col]), 0, outLengths[oi], entry)
        } else if (!Array.isArray(entry) || entry.length !== outLengths[oi]) {
          this.problems.push(`${what}: expected ${outLengths[oi]} rows, got ${String(entry)}`)
        } else {
          entry.forEach((r, p) => this.field(`${what}[${p}]`, eJ.rows[row + p], col, inLengths[ii], r))
        }
        col += count(inLengths[ii])
      })
      row += count(outLengths[oi])
    })

    const scalarOutput = outs.length === 1 && outLengths[0] === SCALAR
    if (scalarOutput !== (mod.gradient !== undefined)) this.problems.push(`${where}: gradient ${mod.gradient ? 'exported' : 'missing'}`)
    if (mod.gradient) {
      const eg = gradient(s, x)
      const mg = mod.gradient(point)
      this.same(`${where}: gradient.value`, eg.value, mg.value)
      this.terminals(`${where}: gradient`, ins, inLengths, eg.gradient, mg.gradient)
    }
    if (mod.hessian !== undefined) this.problems.push(`${where}: an array module exports hessian`)
    // Evaluate again after every sweep: the module's state between calls changes nothing.
    this.terminals(`${where}: evaluate again`, outs, outLengths, evaluate(s, x), mod.evaluate(point))
  }
}

// ---------------------------------------------------------------------------------------------------------
// Random array diagrams: each step adds a block on values already made (recent ones more often), keeping
// every length consistent, so every diagram compiles.

interface Val {
  src: Source
  n: number
}

const BINARY = ['add', 'sub', 'mul', 'div', 'max', 'min', 'hypot', 'atan2']
const UNARY = ['sin', 'cos', 'tanh', 'square', 'exp', 'abs', 'atan', 'sqrt']
const STEPS = [
  'binary', 'binary', 'scalar', 'unary', 'sum', 'prod', 'dot', 'cumsum', 'subset', 'build', 'reverse', 'rotate', 'replace', 'index', 'init',
  'ramp', 'arraymaxmin', 'mean', 'std', 'norm',
]

function randomArrayDiagram(seed: number, n: number, steps: number, outputs: number): { d: Diagram; x: number[] } {
  const rng = mulberry32(seed)
  const b = new DiagramBuilder()
  const int = (k: number) => Math.floor(rng() * k)
  const element = () => (rng() < 0.05 ? [0, -0, 1][int(3)] : Math.round((rng() * 3 - 1.5) * 64) / 64)
  const pool: Val[] = [{ src: b.input('x', Array.from({ length: n }, element)), n }]
  if (rng() < 0.5) pool.push({ src: b.input('y', Array.from({ length: n }, element)), n })
  if (rng() < 0.7) pool.push({ src: b.input('c', element()), n: SCALAR })
  /** A recent value that `ok` accepts; a constant when asked for a number and none is. */
  const pick = (ok: (v: Val) => boolean): Val | undefined => {
    const fits = pool.filter(ok)
    return fits.length === 0 ? undefined : fits[Math.max(0, fits.length - 1 - int(5))]
  }
  const scalar = (): Val => pick((v) => v.n === SCALAR && rng() < 0.8) ?? { src: b.constant(element()), n: SCALAR }
  const array = (): Val => pick((v) => v.n !== SCALAR)!
  const either = (): Val => (rng() < 0.3 ? scalar() : array())
  const add = (src: Source, len: number) => pool.push({ src, n: len })

  for (let k = 0; k < steps; k++) {
    const step = STEPS[int(STEPS.length)]
    const a = array()
    if (step === 'binary') {
      const other = rng() < 0.6 ? (pick((v) => v.n === a.n) ?? a) : scalar()
      add(b.op(BINARY[int(BINARY.length)], rng() < 0.5 ? [a.src, other.src] : [other.src, a.src]), a.n)
    } else if (step === 'scalar') {
      add(b.op(BINARY[int(4)], [scalar().src, scalar().src]), SCALAR)
    } else if (step === 'unary') {
      add(b.op(UNARY[int(UNARY.length)], [a.src]), a.n)
    } else if (['sum', 'prod', 'mean', 'std', 'norm'].includes(step)) {
      add(b.op(step, [a.src]), SCALAR)
    } else if (step === 'dot') {
      add(b.op('dot', [a.src, (pick((v) => v.n === a.n && rng() < 0.7) ?? a).src]), SCALAR)
    } else if (step === 'cumsum' || step === 'reverse') {
      add(b.op(step, [a.src]), a.n)
    } else if (step === 'rotate') {
      add(b.op('rotate', [a.src, (rng() < 0.6 ? { src: b.constant(int(7) - 3), n: SCALAR } : scalar()).src]), a.n)
    } else if (step === 'subset') {
      const offset = rng() < 0.2 ? -int(a.n + 1) : int(a.n + 1)
      const length = [REST, int(a.n + 1), -int(a.n + 1)][int(3)]
      const span = subsetSpan(a.n, offset, length)
      if (typeof span === 'string') add(b.op('subset', [a.src], { offset: 0, length: REST }), a.n)
      else add(b.op('subset', [a.src], { offset, length }), span.len)
    } else if (step === 'build') {
      const first = either()
      const second = either()
      add(b.op('build', [first.src, second.src]), count(first.n) + count(second.n))
    } else if (step === 'replace') {
      const y = a.n > 0 && rng() < 0.5 ? scalar() : (pick((v) => v.n !== SCALAR && v.n <= a.n) ?? a)
      add(b.op('replace', [a.src, y.src], { offset: int(a.n - count(y.n) + 1) }), a.n)
    } else if (step === 'index') {
      add(b.op('index', [a.src, (rng() < 0.8 ? { src: b.constant(int(a.n + 2) - 1), n: SCALAR } : scalar()).src]), SCALAR)
    } else if (step === 'init') {
      const length = int(6)
      add(b.op('init', [scalar().src], { length }), length)
    } else if (step === 'ramp') {
      const length = 1 + int(6)
      add(b.op('ramp', [scalar().src, scalar().src], { n: length }), length)
    } else if (step === 'arraymaxmin') {
      const [max, imax, min] = b.block('arraymaxmin', [a.src])
      add(max, SCALAR)
      add(min, SCALAR)
      if (rng() < 0.3) add(imax, SCALAR)
    }
  }
  const made = pool.slice(-Math.min(pool.length, 6))
  for (let o = 0; o < outputs; o++) {
    const v = made[int(made.length)]
    b.output(`y${o + 1}`, outputs === 1 && rng() < 0.5 && v.n !== SCALAR ? b.op('sum', [v.src]) : v.src)
  }
  b.d.title = `random arrays ${seed}`
  return { d: b.d, x: b.d.inputs.flatMap((t) => (typeof t.value === 'number' ? [t.value] : t.value)) }
}

// ---------------------------------------------------------------------------------------------------------

const folder: Folder = moduleFolder('dualwire-export-arrays-')
let modules = 0
const load = (d: Diagram) => importNative<ArrayModule>(folder, `arrays-${++modules}`, exportModule(d, { language: 'js', version: VERSION }))

function rosenbrockPoint(n: number): number[] {
  const rng = mulberry32(n)
  return Array.from({ length: n }, () => 2 * rng() - 1)
}

describe('exported modules of array diagrams, bit for bit against the engine', () => {
  it('Rosenbrock as arrays, n = 5 and 1,000: the closed form, and the engine to the bit', async () => {
    for (const n of [5, 1000]) {
      const x = rosenbrockPoint(n)
      const d = rosenbrockArrays(x)
      const s = compile(d)
      const mod = await load(d)
      const c = new Comparison()
      c.at(`Rosenbrock n = ${n}`, mod, s, x, mulberry32(n + 1))
      c.at(`Rosenbrock n = ${n}`, mod, s, x.map((v) => v / 2), mulberry32(n + 2))
      expect(c.problems).toEqual([])
      expect(c.compared).toBeGreaterThan(6 * n)
      // The closed form: f = Σ 100(x[i+1] − x[i]²)² + (1 − x[i])² and its gradient.
      const { f, g } = rosenbrockClosedForm(x)
      const r = mod.gradient!({ x })
      expect(Math.abs(r.value - f)).toBeLessThanOrEqual(1e-13 * f)
      const grad = r.gradient.x as Float64Array
      expect(grad).toBeInstanceOf(Float64Array)
      grad.forEach((v, i) => expect(Math.abs(v - g[i]), `∂f/∂x${i}`).toBeLessThanOrEqual(1e-11 * Math.max(1, Math.abs(g[i]))))
      // A Float64Array input gives the same bits as a plain array.
      expect(Object.is(mod.evaluate({ x: Float64Array.from(x) }).f, mod.evaluate({ x }).f)).toBe(true)
    }
  })

  it('views of one source in one reverse loop (stencils in either order, three of them, empty ones): the engine to the bit and the closed form', async () => {
    // Two points: f = Σ (x[1:] − x[:-1])², ∂f/∂x[j] = 2(d[j−1] − d[j]) with d[j] = x[j+1] − x[j] (a term
    // outside the ends is 0). Which subset the reverse sweep meets first follows the block ids, so both are tried.
    // `sine` adds Σ sin(x): its adjoint reaches x before the subsets' (later in the schedule, so earlier in
    // the reverse sweep), and then the order in which the subsets' two terms are added shows in the bits.
    const twoPoint = (x: number[], tailFirst: boolean, sine = false) => {
      const b = new DiagramBuilder()
      const xs = b.input('x', x)
      const tailOf = () => b.op('subset', [xs], { offset: 1 })
      const headOf = () => b.op('subset', [xs], { offset: 0, length: -1 })
      let tail, head
      if (tailFirst) [tail, head] = [tailOf(), headOf()]
      else [head, tail] = [headOf(), tailOf()]
      const gap = b.op('sub', [tail, head])
      const energy = b.op('sum', [b.op('mul', [gap, gap])])
      b.output('f', sine ? b.op('add', [energy, b.op('sum', [b.op('sin', [xs])])]) : energy)
      return b.d
    }
    // Three points: f = Σ (x[2:] − 2·x[1:-1] + x[:-2])².
    const threePoint = (x: number[]) => {
      const b = new DiagramBuilder()
      const xs = b.input('x', x)
      const e = b.op('add', [b.op('sub', [b.op('subset', [xs], { offset: 2 }), b.op('mul', [b.constant(2), b.op('subset', [xs], { offset: 1, length: -1 })])]), b.op('subset', [xs], { offset: 0, length: -2 })])
      b.output('f', b.op('sum', [b.op('mul', [e, e])]))
      return b.d
    }
    const closed = (x: number[], stencil: number[]) => {
      const g = new Array<number>(x.length).fill(0)
      for (let k = 0; k + stencil.length <= x.length; k++) {
        const e = stencil.reduce((sum, w, j) => sum + w * x[k + j], 0)
        stencil.forEach((w, j) => (g[k + j] += 2 * e * w))
      }
      return g
    }
    const c = new Comparison()
    const cases: [string, Diagram, number[], number[]][] = []
    for (const n of [1, 2, 7]) {
      const x = Array.from({ length: n }, (_, i) => Math.sin(i + 1) * 3)
      cases.push([`two-point n = ${n}, tail first`, twoPoint(x, true), x, [-1, 1]], [`two-point n = ${n}, head first`, twoPoint(x, false), x, [-1, 1]])
      if (n >= 2) cases.push([`three-point n = ${n}`, threePoint(x), x, [1, -2, 1]])
    }
    const x50 = Array.from({ length: 50 }, (_, i) => Math.sin(i * 0.7 + 1) * 3)
    for (const tailFirst of [true, false]) cases.push([`two-point and Σ sin, n = 50, ${tailFirst ? 'tail' : 'head'} first`, twoPoint(x50, tailFirst, true), x50, [-1, 1]])
    for (const [label, d, x, stencil] of cases) {
      const s = compile(d)
      const mod = await load(d)
      c.at(label, mod, s, x, mulberry32(x.length))
      c.at(label, mod, s, x.map((v, i) => (i === 1 ? NaN : -v)), mulberry32(x.length + 1))
      const g = mod.gradient!({ x }).gradient.x as Float64Array
      const sine = label.includes('sin')
      closed(x, stencil).map((v, i) => v + (sine ? Math.cos(x[i]) : 0)).forEach((v, i) => expect(Math.abs(g[i] - v), `${label}: ∂f/∂x${i}`).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(v))))
    }
    expect(c.problems).toEqual([])
  })

  it('fused loops keep zero strong: an infinite partial times a zero adjoint, NaN and ±0 inputs, to the bit', async () => {
    // y = Σ select(x > 0, √x, 0)·w + ln|x|·0·w: at x = 0 the square root's partial is ∞ and its adjoint 0
    // (the branch not taken); ln|0| = −∞ meets a zero weight; a NaN element gives NaN where it reaches.
    const b = new DiagramBuilder()
    const x = b.input('x', [0, 4, -0, 2.25, -1, 9])
    const w = b.input('w', [1, 0, 2, -3, 0.5, 1])
    const root = b.op('select', [b.op('gt', [x, b.constant(0)]), b.op('sqrt', [x]), b.constant(0)])
    const dead = b.op('mul', [b.op('mul', [b.op('log', [b.op('abs', [x])]), b.constant(0)]), w])
    b.output('y', b.op('sum', [b.op('add', [b.op('mul', [root, w]), dead])]))
    const s = compile(b.d)
    const mod = await load(b.d)
    const c = new Comparison()
    for (const point of [[0, 4, -0, 2.25, -1, 9, 1, 0, 2, -3, 0.5, 1], [0, NaN, -0, 2.25, Infinity, 9, 1, 0, -0, -3, 0.5, NaN]]) {
      c.at('zero-strong', mod, s, point, mulberry32(3))
      const g = mod.gradient!({ x: point.slice(0, 6), w: point.slice(6) })
      const engine = gradient(s, point).gradient
      ;[...(g.gradient.x as Float64Array), ...(g.gradient.w as Float64Array)].forEach((v, i) => c.same(`gradient[${i}]`, engine[i], v))
      // And the engine's array sweeps against its scalar ones, on the same function taken apart into numbers.
      const numbers = gradient(compile(scalarize(b.d, point).diagram), point).gradient
      numbers.forEach((v, i) => c.same(`scalar engine gradient[${i}]`, v, engine[i]))
    }
    expect(c.problems).toEqual([])
    // At x = 0 (weight 1) the derivative is 0, not NaN: the untaken √ and the zero weight contribute nothing.
    expect((mod.gradient!({ x: [0, 4, -0, 2.25, -1, 9], w: [1, 0, 2, -3, 0.5, 1] }).gradient.x as Float64Array)[0]).toBe(0)
  })

  it('edges printed as the engine\'s own loops (a block reading an array and a number) keep zero strong, to the bit', async () => {
    // y = Σ c·ln|x|: the edge into ln|x| has the one partial c for every element, and ln|0| has an infinite
    // partial; at c = 0 that edge adds nothing, so ∂y/∂x[0] is 0 and not 0·∞. ∂y/∂c = Σ ln|x| is −∞ there.
    const b = new DiagramBuilder()
    const x = b.input('x', [0, 4, -2, 0.5])
    const c = b.input('c', 0)
    b.output('y', b.op('sum', [b.op('mul', [c, b.op('log', [b.op('abs', [x])])])]))
    const s = compile(b.d)
    const mod = await load(b.d)
    const cmp = new Comparison()
    for (const point of [[0, 4, -2, 0.5, 0], [0, 4, -2, 0.5, 2], [0, NaN, -0, 0.5, 1.5], [1, 4, -2, 0.5, NaN]]) {
      cmp.at('mixed block', mod, s, point, mulberry32(5))
      const g = mod.gradient!({ x: point.slice(0, 4), c: point[4] })
      const engine = gradient(s, point).gradient
      ;[...(g.gradient.x as Float64Array), g.gradient.c as number].forEach((v, i) => cmp.same(`gradient[${i}]`, engine[i], v))
    }
    expect(cmp.problems).toEqual([])
    const atZero = mod.gradient!({ x: [0, 4, -2, 0.5], c: 0 }).gradient
    expect((atZero.x as Float64Array)[0]).toBe(0)
    expect(atZero.c).toBe(-Infinity)
  })

  it('120 random array diagrams (fast-check, seeded): every entry point at two points', async () => {
    const cases: { label: string; d: Diagram; x: number[] }[] = []
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 3 }), (seed, n, steps, outputs) => {
        const r = randomArrayDiagram(seed, n, steps, outputs)
        cases.push({ label: `seed ${seed}, n ${n}, ${steps} steps, ${outputs} outputs`, ...r })
      }),
      { seed: 20_260_511, numRuns: 120 },
    )
    const c = new Comparison()
    const used = new Set<string>()
    for (const [k, { label, d, x }] of cases.entries()) {
      const s = compile(d)
      const mod = await load(d)
      d.blocks.forEach((blk) => used.add(blk.primitive))
      const rng = mulberry32(k + 7)
      c.at(label, mod, s, x, rng)
      c.at(label, mod, s, x.map((v) => v * 0.75 + 0.125), rng)
    }
    expect(c.problems).toEqual([])
    expect(cases.length).toBe(120)
    expect(c.compared).toBeGreaterThan(10_000)
    expect(c.finite).toBeGreaterThan(0.8 * c.elements)
    // Every kind of block the brief names appears somewhere among them.
    for (const id of ['add', 'mul', 'sum', 'prod', 'dot', 'cumsum', 'subset', 'build', 'reverse', 'rotate', 'replace', 'index', 'init', 'ramp', 'arraymaxmin', 'mean', 'std', 'norm']) {
      expect(used.has(id), id).toBe(true)
    }
  })
})

describe('the module of an array diagram', () => {
  const size = (n: number) => exportModule(rosenbrockArrays(rosenbrockPoint(n)), { version: VERSION })
  const withoutDefaults = (text: string) => text.replace(/^export const defaultInputs.*$/m, '')

  it('is loops, and its size does not grow with the arrays (n = 10 and 10,000)', () => {
    const small = withoutDefaults(size(10))
    const large = withoutDefaults(size(10_000))
    expect(small).toContain('for (')
    // Only numbers differ (offsets and lengths in the tables and loops)...
    const shape = (text: string) => text.replace(/[0-9a-f]{64}/g, 'HASH').replace(/\d+/g, '#')
    expect(shape(large)).toBe(shape(small))
    // ...so a thousand times the elements is a few more digits, not a thousand times the text.
    expect(large.length).toBeLessThan(small.length * 1.25)
    expect(size(10_000).length).toBeGreaterThan(large.length + 10_000) // the stored elements are there
  })

  it('refuses an input, a tangent or an adjoint of the wrong length, naming it and both lengths', async () => {
    const b = new DiagramBuilder()
    const x = b.input('x', [1, 2, 3, 4, 5])
    b.output('y', b.op('mul', [x, b.input('c', 2)]))
    const mod = await load(b.d)
    expect(() => mod.evaluate({ x: [1, 2, 3], c: 2 })).toThrow(new Error('input x has 3 elements; the diagram needs 5'))
    expect(() => mod.evaluate({ x: new Float64Array(6), c: 2 })).toThrow('input x has 6 elements; the diagram needs 5')
    expect(() => mod.jvp({ x: [1, 2, 3, 4, 5], c: 2 }, { x: [1], c: 0 })).toThrow('tangent x has 1 elements; the diagram needs 5')
    expect(() => mod.vjp({ x: [1, 2, 3, 4, 5], c: 2 }, { y: [] })).toThrow('adjoint y has 0 elements; the diagram needs 5')
    // y = c·x: its Jacobian by x is c on the diagonal, by c the column x.
    const j = mod.jacobian({ x: [1, 2, 3, 4, 5], c: 2 })
    expect(j.mode).toBe('reverse') // 6 input elements, 5 output elements
    expect((j.jacobian.y.x as Float64Array[]).map((r) => Array.from(r))).toEqual([0, 1, 2, 3, 4].map((p) => [0, 1, 2, 3, 4].map((q) => (p === q ? 2 : 0))))
    expect(Array.from(j.jacobian.y.c as Float64Array)).toEqual([1, 2, 3, 4, 5])
  })

  it("writes gradient's and vjp's array adjoints into the buffers given, the same bits, and refuses one of the wrong length", async () => {
    // f = Σ c·x² + 0·Σ z (z has a derivative of 0 everywhere; w reaches no output, so it has no edge at all).
    const b = new DiagramBuilder()
    const x = b.input('x', [1, -2, 0.5])
    const c = b.input('c', 3)
    const z = b.input('z', [4, 5])
    b.input('w', [7, 8, 9, 10])
    b.output('f', b.op('add', [b.op('sum', [b.op('mul', [c, b.op('square', [x])])]), b.op('mul', [b.constant(0), b.op('sum', [z])])]))
    const mod = await load(b.d)
    const inputs = { x: [1, -2, 0.5], c: 3, z: [4, 5], w: [7, 8, 9, 10] }
    const fresh = mod.gradient!(inputs)
    // Buffers holding junk: every element is written, those with no derivative to 0.
    const into = { x: new Float64Array(3).fill(NaN), z: new Float64Array(2).fill(NaN), w: new Float64Array(4).fill(NaN) }
    const written = mod.gradient!(inputs, into)
    expect(written.gradient.x).toBe(into.x)
    expect(written.gradient.w).toBe(into.w)
    expect(Array.from(into.x)).toEqual([6, -12, 3]) // 2·c·x
    expect(Array.from(into.z)).toEqual([0, 0])
    expect(Array.from(into.w)).toEqual([0, 0, 0, 0])
    expect(Array.from(into.x)).toEqual(Array.from(fresh.gradient.x as Float64Array))
    expect(written.gradient.c).toBe(fresh.gradient.c)
    // A buffer left out gets a new array; a second call writes over the first's buffer.
    const partly = mod.vjp(inputs, { f: 2 }, { x: into.x })
    expect(partly.adjoint.x).toBe(into.x)
    expect(Array.from(into.x)).toEqual([12, -24, 6])
    expect(Array.from(partly.adjoint.z as Float64Array)).toEqual([0, 0])
    expect(() => mod.gradient!(inputs, { x: new Float64Array(4) })).toThrow(new Error('buffer x has 4 elements; the diagram needs 3'))
    expect(() => mod.vjp(inputs, { f: 1 }, { w: new Float64Array(1) })).toThrow(new Error('buffer w has 1 elements; the diagram needs 4'))
  })

  it('says why it has no hessian, and has no gradient for an array output', async () => {
    const b = new DiagramBuilder()
    b.output('y', b.op('sin', [b.input('x', [0.5, 1])]))
    const text = exportModule(b.d, { version: VERSION })
    expect(text).toContain('No hessian: a module of an array diagram stays loops (dualwire hessian gives second derivatives).')
    expect(text).not.toMatch(/export function (hessian|gradient)/)
    for (const bad of [/\beval\b/, /\bFunction\s*\(/, /\bimport\s*\(/, /\brequire\b/, /\bglobalThis\b/]) expect(text).not.toMatch(bad)
  })
})

describe('array modules in TypeScript', () => {
  it('type-check under tsc --strict, with number[] and Float64Array inputs', async () => {
    writeFileSync(join(folder.ts, 'rosenbrock.ts'), exportModule(rosenbrockArrays(rosenbrockPoint(5)), { version: VERSION }))
    for (let k = 0; k < 12; k++) writeFileSync(join(folder.ts, `random${k}.ts`), exportModule(randomArrayDiagram(900 + k, k % 6, 4 + k, 1 + (k % 3)).d, { version: VERSION }))
    writeFileSync(
      join(folder.ts, 'use.ts'),
      [
        "import { evaluate, gradient, jacobian, vjp, defaultInputs, type Jacobian } from './rosenbrock'",
        'const f: number = evaluate({ x: [1, 2, 3, 4, 5] }).f',
        'const g: Float64Array = gradient({ x: new Float64Array(5) }).gradient.x',
        'const a: Float64Array = vjp(defaultInputs, { f: 1 }).adjoint.x',
        'const row: Float64Array = jacobian(defaultInputs).jacobian.f.x',
        'const shape: Jacobian = jacobian(defaultInputs).jacobian',
        'export const used = [f, g, a, row, shape]',
        '',
      ].join('\n'),
    )
    const tsc: TscResult = await typecheck(folder)
    expect(tsc.other).toEqual([])
    expect([...tsc.errors.values()].flat()).toEqual([])
    expect(tsc.exitCode).toBe(0)
    expect(tsc.checked.has('use.ts')).toBe(true)
  }, 120_000)
})
