import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  compile,
  type Diagram,
  evaluatePartial,
  evaluatePrimitive,
  formulaToDiagram,
  gradient,
  hessian,
  ELEMENTWISE,
  type Primitive,
  taylor,
} from '../../core'

// Every row of the primitive table, checked against references that do not come from the table:
// high-order finite differences of the row's own value for its partials, plain JavaScript Math and known
// constants for values, and derivatives worked out by hand.

// ---------------------------------------------------------------------------------------------------
// Sampling

// Uniform on a fine grid of [min, max]. (fc.double favours subnormals and exact edges, where a finite
// difference stencil means nothing; those cases have their own closed-form tests below.)
const GRID = 2 ** 32 - 1
const U = (min: number, max: number) => fc.integer({ min: 0, max: GRID }).map((k) => min + ((max - min) * k) / GRID)
/** 10^e for e uniform in [lo, hi]: magnitudes spread over several decades. */
const logMag = (lo: number, hi: number) => U(lo, hi).map((e) => 10 ** e)
const signed = (a: fc.Arbitrary<number>) => fc.tuple(fc.boolean(), a).map(([minus, m]) => (minus ? -m : m))

const real = fc.oneof(U(-3, 3), signed(logMag(-3, 2)))
const nonzero = real.filter((x) => x !== 0)
const positive = fc.oneof(U(0, 3), logMag(-3, 2)).filter((x) => x > 0)
const negative = positive.map((x) => -x)
/** |x| > 1, with some points very close to ±1. */
const outsideUnit = signed(fc.oneof(logMag(-4, 2), U(0, 3))).filter((d) => d !== 0).map((d) => Math.sign(d) * (1 + Math.abs(d)))
/** |x| < 1, with some points very close to ±1. */
const insideUnit = fc.oneof(U(-1, 1), signed(logMag(-5, -0.05)).map((d) => Math.sign(d) * (1 - Math.abs(d)))).filter((x) => Math.abs(x) < 1)
const awayFromUnit = signed(fc.oneof(logMag(-4, 2), U(0, 3))).filter((d) => Math.abs(d) >= 1e-4).map((d) => Math.sign(d) * (1 + Math.abs(d)))
const moderate = fc.oneof(U(-20, 20), U(-3, 3))

const one = (a: fc.Arbitrary<number>) => a.map((x) => [x])
const two = (a: fc.Arbitrary<number>, b: fc.Arbitrary<number>) => fc.tuple(a, b).map(([x, y]) => [x, y])

// Distances to the places where a function is singular, used to keep the FD stencil inside a smooth piece.
const distToMultiple = (x: number, period: number, offset = 0) => {
  const k = Math.round((x - offset) / period)
  return Math.abs(x - offset - k * period)
}

interface Spec {
  gen: fc.Arbitrary<number[]>
  /** Characteristic length of the function around args along input i; the FD step is 1e-3 of it. */
  scale?: (args: number[], i: number) => number
}

const big = (a: number[], i: number) => Math.max(1, Math.abs(a[i]))
const rel = (a: number[], i: number) => Math.abs(a[i])
const unit = () => 1

// One entry for every primitive with number outputs and at least one number input. The test below checks
// that this list and the palette agree, so a new row without a spec fails loudly.
const SPECS: Record<string, Spec> = {
  add: { gen: two(real, real), scale: big },
  sub: { gen: two(real, real), scale: big },
  mul: { gen: two(real, real), scale: big },
  div: { gen: two(real, nonzero), scale: (a, i) => (i === 0 ? big(a, 0) : Math.abs(a[1])) },
  neg: { gen: one(real), scale: big },
  reciprocal: { gen: one(nonzero), scale: rel },
  square: { gen: one(real), scale: big },
  sqrt: { gen: one(positive), scale: rel },
  cbrt: { gen: one(nonzero), scale: rel },
  nthroot: {
    gen: fc.oneof(two(positive, signed(U(0.5, 4))), two(negative, fc.constantFrom(-5, -3, -1, 1, 3, 5))),
    scale: (a, i) => (i === 0 ? Math.abs(a[0]) : Math.min(1, (a[1] * a[1]) / Math.max(1, Math.abs(Math.log(Math.abs(a[0])))))),
  },
  abs: { gen: one(nonzero), scale: rel },
  sign: { gen: one(nonzero), scale: rel },
  inc: { gen: one(real), scale: big },
  dec: { gen: one(real), scale: big },
  scale2: { gen: two(real, U(-6, 6)), scale: (a, i) => (i === 0 ? big(a, 0) : 1) },
  // the corner x = y stays outside the stencil
  min: { gen: two(real, real), scale: (a) => Math.min(1, Math.abs(a[0] - a[1]) / 2) },
  max: { gen: two(real, real), scale: (a) => Math.min(1, Math.abs(a[0] - a[1]) / 2) },
  floor: { gen: one(real), scale: unit },
  ceil: { gen: one(real), scale: unit },
  round: { gen: one(real), scale: unit },
  quotient: { gen: two(real, nonzero), scale: (a, i) => (i === 0 ? Math.abs(a[1]) : Math.min(Math.abs(a[1]), (a[1] * a[1]) / Math.max(1e-300, Math.abs(a[0])))) },
  remainder: { gen: two(real, nonzero), scale: (a, i) => (i === 0 ? Math.abs(a[1]) : Math.min(Math.abs(a[1]), (a[1] * a[1]) / Math.max(1e-300, Math.abs(a[0])))) },
  hypot: { gen: two(real, real), scale: (a) => Math.hypot(a[0], a[1]) },

  sin: { gen: one(real), scale: unit },
  cos: { gen: one(real), scale: unit },
  tan: { gen: one(real), scale: (a) => Math.min(1, distToMultiple(a[0], Math.PI, Math.PI / 2)) },
  sec: { gen: one(real), scale: (a) => Math.min(1, distToMultiple(a[0], Math.PI, Math.PI / 2)) },
  csc: { gen: one(nonzero), scale: (a) => Math.min(1, distToMultiple(a[0], Math.PI)) },
  cot: { gen: one(nonzero), scale: (a) => Math.min(1, distToMultiple(a[0], Math.PI)) },
  asin: { gen: one(insideUnit), scale: (a) => 1 - Math.abs(a[0]) },
  acos: { gen: one(insideUnit), scale: (a) => 1 - Math.abs(a[0]) },
  atan: { gen: one(real), scale: big },
  // asec, acsc, acoth and asech compute 1/x first; within ~1e-4 of |x| = 1 the rounding of 1/x makes their
  // value noisy at the 1e-9 level (a separate test below shows that), too noisy for a difference quotient.
  asec: { gen: one(awayFromUnit), scale: (a) => Math.min(Math.abs(a[0]), Math.abs(a[0]) - 1) },
  acsc: { gen: one(awayFromUnit), scale: (a) => Math.min(Math.abs(a[0]), Math.abs(a[0]) - 1) },
  acot: { gen: one(real), scale: big },
  // atan2(y, x) jumps across the negative x axis, so along y the step stays below |y| there.
  atan2: { gen: two(real, real), scale: (a, i) => (i === 0 && a[1] < 0 ? Math.min(Math.hypot(a[0], a[1]), Math.abs(a[0])) : Math.hypot(a[0], a[1])) },
  sinc: { gen: one(fc.oneof(real, signed(logMag(-9, 0)))), scale: unit },
  sincos: { gen: one(real), scale: unit },

  sinh: { gen: one(fc.oneof(real, moderate)), scale: unit },
  cosh: { gen: one(fc.oneof(real, moderate)), scale: unit },
  tanh: { gen: one(fc.oneof(real, moderate)), scale: unit },
  sech: { gen: one(fc.oneof(real, moderate)), scale: unit },
  csch: { gen: one(nonzero), scale: (a) => Math.min(1, Math.abs(a[0])) },
  coth: { gen: one(nonzero), scale: (a) => Math.min(1, Math.abs(a[0])) },
  asinh: { gen: one(real), scale: big },
  acosh: { gen: one(outsideUnit.map(Math.abs)), scale: (a) => Math.min(a[0], a[0] - 1) },
  atanh: { gen: one(insideUnit), scale: (a) => 1 - Math.abs(a[0]) },
  asech: { gen: one(insideUnit.map(Math.abs).filter((x) => x > 0 && x < 1 - 1e-4)), scale: (a) => Math.min(a[0], 1 - a[0]) },
  acsch: { gen: one(nonzero), scale: rel },
  acoth: { gen: one(awayFromUnit), scale: (a) => Math.min(Math.abs(a[0]), Math.abs(a[0]) - 1) },

  exp: { gen: one(moderate), scale: unit },
  expm1: { gen: one(fc.oneof(moderate, signed(logMag(-12, 0)))), scale: unit },
  exp2: { gen: one(moderate), scale: unit },
  exp10: { gen: one(moderate), scale: unit },
  log: { gen: one(positive), scale: rel },
  log1p: {
    gen: one(fc.oneof(U(-1, 3), logMag(-12, 2), signed(logMag(-12, -1)), logMag(-6, -0.01).map((d) => d - 1)).filter((x) => x > -1)),
    scale: (a) => Math.min(Math.max(1, Math.abs(a[0])), 1 + a[0]),
  },
  log2: { gen: one(positive), scale: rel },
  log10: { gen: one(positive), scale: rel },
  logb: {
    gen: two(positive, positive.filter((b) => b !== 1)),
    scale: (a, i) => (i === 0 ? a[0] : Math.min(a[1], Math.abs(a[1] - 1))),
  },
  pow: {
    gen: fc.oneof(two(positive, U(-4, 4)), two(negative, fc.integer({ min: -4, max: 4 }))),
    scale: (a, i) => (i === 0 ? Math.abs(a[0]) : 1 / Math.max(1, Math.abs(Math.log(Math.abs(a[0]))))),
  },

  select: { gen: fc.tuple(fc.constantFrom(0, 1), real, real).map(([s, t, f]) => [s, t, f]), scale: big },
  maxmin: { gen: two(real, real), scale: (a) => Math.min(1, Math.abs(a[0] - a[1]) / 2) },
}

const differentiable = (p: Primitive) => p.outputs.some((o) => o.type === 'number') && p.inputs.some((i) => i.type === 'number')

// ---------------------------------------------------------------------------------------------------
// Finite differences

interface Fd {
  /** The Richardson-extrapolated derivative (error O(h⁶)), or undefined where the stencil is not smooth. */
  value?: number
  why?: string
}

/**
 * ∂f/∂args[i] from central differences D(h), D(h/2), D(h/4), extrapolated twice. Not smooth (a jump or a
 * kink in the stencil) when the three differences disagree; not usable when a value is not finite.
 */
function richardson(f: (a: number[]) => number, args: number[], i: number, scale: number): Fd {
  if (!(scale > 0) || !Number.isFinite(scale)) return { why: 'no step' }
  const x = args[i]
  const h = 1e-3 * scale
  const d = (step: number) => {
    const up = [...args]
    const down = [...args]
    up[i] = x + step
    down[i] = x - step
    const width = up[i] - down[i]
    return (f(up) - f(down)) / width
  }
  const [d1, d2, d4] = [d(h), d(h / 2), d(h / 4)]
  if (![d1, d2, d4, f(args)].every(Number.isFinite)) return { why: 'not finite' }
  const size = Math.max(Math.abs(d1), Math.abs(d2), Math.abs(d4))
  const spread = Math.max(Math.abs(d1 - d2), Math.abs(d2 - d4), Math.abs(d1 - d4))
  if (spread > 1e-4 * size + 1e-10) return { why: 'not smooth' }
  const r1 = (4 * d2 - d1) / 3
  const r2 = (4 * d4 - d2) / 3
  return { value: (16 * r2 - r1) / 15 }
}

const fdAgrees = (ad: number, fd: number) => Math.abs(ad - fd) <= Math.max(1e-7 * Math.abs(fd), 1e-9)

const numberInputs = (p: Primitive) => p.inputs.flatMap((port, i) => (port.type === 'number' ? [i] : []))
const numberOutputs = (p: Primitive) => p.outputs.flatMap((port, i) => (port.type === 'number' ? [i] : []))

describe('the sample specs cover the palette', () => {
  it('has one spec for every primitive with a number output and a number input, and no other', () => {
    const wanted = ELEMENTWISE.filter(differentiable).map((p) => p.id).sort()
    expect(Object.keys(SPECS).sort()).toEqual(wanted)
    expect(wanted.length).toBeGreaterThan(55)
  })
})

describe('every partial matches a Richardson-extrapolated central difference of the value', () => {
  for (const p of ELEMENTWISE.filter(differentiable)) {
    const spec = SPECS[p.id]
    it(`${p.id}`, () => {
      const accepted = new Map<string, number>()
      fc.assert(
        fc.property(spec.gen, (args) => {
          for (const o of numberOutputs(p)) {
            if (!Number.isFinite(evaluatePrimitive(p.id, args, o))) continue
            for (const i of numberInputs(p)) {
              const scale = (spec.scale ?? unit)(args, i)
              const fd = richardson((a) => evaluatePrimitive(p.id, a, o), args, i, scale)
              if (fd.value === undefined) continue
              const ad = evaluatePartial(p.id, args, i, o)
              if (!fdAgrees(ad, fd.value)) {
                throw new Error(`${p.id}(${args.join(', ')}): ∂${p.outputs[o].id}/∂${p.inputs[i].id} = ${ad}, finite differences give ${fd.value}`)
              }
              const key = `∂${p.outputs[o].id}/∂${p.inputs[i].id}`
              accepted.set(key, (accepted.get(key) ?? 0) + 1)
            }
          }
        }),
        { seed: 42, numRuns: 200 },
      )
      // Every partial of every number output got enough samples (a too-strict filter fails here).
      for (const o of numberOutputs(p)) {
        for (const i of numberInputs(p)) {
          const key = `∂${p.outputs[o].id}/∂${p.inputs[i].id}`
          expect(accepted.get(key) ?? 0, `${p.id} ${key}`).toBeGreaterThanOrEqual(50)
        }
      }
    })
  }
})

// ---------------------------------------------------------------------------------------------------
// The same partials through the compiled engine

/**
 * A diagram of one block of `id` with an input terminal per port (a Boolean port is fed by `t > 0` from its
 * terminal) and an output terminal per output port.
 */
function oneBlock(p: Primitive): Diagram {
  const d: Diagram = { title: p.id, inputs: [], outputs: [], blocks: [], wires: [], layout: { positions: {}, ranges: {} } }
  let wires = 0
  const wire = (from: [string, string], to: [string, string]) =>
    d.wires.push({ id: `w${++wires}`, from: { node: from[0], port: from[1] }, to: { node: to[0], port: to[1] } })
  d.blocks.push({ id: 'b1', primitive: p.id, params: {} })
  p.inputs.forEach((port, i) => {
    d.inputs.push({ id: `i${i + 1}`, name: `x${i + 1}`, value: 0 })
    if (port.type === 'boolean') {
      d.blocks.push({ id: `zero${i}`, primitive: 'constant', params: { value: 0 } }, { id: `test${i}`, primitive: 'gt', params: {} })
      wire([`i${i + 1}`, 'value'], [`test${i}`, 'x'])
      wire([`zero${i}`, 'r'], [`test${i}`, 'y'])
      wire([`test${i}`, 'r'], ['b1', port.id])
    } else {
      wire([`i${i + 1}`, 'value'], ['b1', port.id])
    }
  })
  p.outputs.forEach((port, o) => {
    d.outputs.push({ id: `o${o + 1}`, name: port.id })
    wire(['b1', port.id], [`o${o + 1}`, 'value'])
  })
  return d
}

const sameNumber = (a: number, b: number, relTol: number) =>
  Object.is(a, b) || a === b || (Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= relTol * Math.max(Math.abs(a), Math.abs(b)))

describe('the compiled engine gives each primitive the partials of its row', () => {
  it('builds single-output blocks from formulas the same way as from diagrams', () => {
    const fromFormula = compile(formulaToDiagram('atan2(x1, x2)'))
    const fromDiagram = compile(oneBlock(ELEMENTWISE.find((p) => p.id === 'atan2')!))
    for (const mode of ['forward', 'reverse'] as const) {
      expect(gradient(fromFormula, [3, 4], 0, mode).gradient).toEqual(gradient(fromDiagram, [3, 4], 0, mode).gradient)
      // ∂/∂y atan2(y, x) = x / (x² + y²), ∂/∂x = −y / (x² + y²)
      const g = gradient(fromFormula, [3, 4], 0, mode).gradient
      expect(g[0]).toBeCloseTo(4 / 25, 15)
      expect(g[1]).toBeCloseTo(-3 / 25, 15)
    }
  })

  for (const p of ELEMENTWISE.filter(differentiable)) {
    it(`${p.id}: forward and reverse gradients equal evaluatePartial, which matches finite differences`, () => {
      const s = compile(oneBlock(p))
      const spec = SPECS[p.id]
      const points = fc.sample(spec.gen, { seed: 7, numRuns: 100 }).filter((args) =>
        numberOutputs(p).every((o) => Number.isFinite(evaluatePrimitive(p.id, args, o)) && numberInputs(p).every((i) => Number.isFinite(evaluatePartial(p.id, args, i, o)))),
      )
      expect(points.length).toBeGreaterThanOrEqual(5)
      let fdChecked = 0
      for (const args of points.slice(0, 10)) {
        const x = args.map((a, i) => (p.inputs[i].type === 'boolean' ? (a ? 1 : -1) : a))
        for (const o of numberOutputs(p)) {
          for (const mode of ['forward', 'reverse'] as const) {
            const g = gradient(s, x, o, mode)
            expect(sameNumber(g.value, evaluatePrimitive(p.id, args, o), 0)).toBe(true)
            for (const i of numberInputs(p)) {
              const want = evaluatePartial(p.id, args, i, o)
              expect(sameNumber(g.gradient[i], want, 1e-15), `${p.id}(${args}) ${mode} ∂${o}/∂${i}: ${g.gradient[i]} vs ${want}`).toBe(true)
            }
          }
          // and the engine's gradient against the independent reference as well, where the stencil is smooth
          for (const i of numberInputs(p)) {
            const fd = richardson((a) => evaluatePrimitive(p.id, a, o), args, i, (spec.scale ?? unit)(args, i))
            if (fd.value === undefined) continue
            expect(fdAgrees(gradient(s, x, o, 'reverse').gradient[i], fd.value)).toBe(true)
            fdChecked++
          }
        }
      }
      expect(fdChecked).toBeGreaterThan(0)
    })
  }
})

// ---------------------------------------------------------------------------------------------------
// Values against closed forms

const close = (actual: number, expected: number, relTol = 2e-16, absTol = 0) => {
  const ok = Object.is(actual, expected) || Math.abs(actual - expected) <= Math.max(relTol * Math.abs(expected), absTol)
  if (!ok) throw new Error(`expected ${expected}, got ${actual} (difference ${actual - expected})`)
}

const { PI, E, SQRT2, LN2, LN10 } = Math
const SQRT3 = Math.sqrt(3)

// [primitive, arguments, expected, relative tolerance?, absolute tolerance?]; output 0 unless listed apart.
type Case = [string, number[], number, number?, number?]
const VALUES: Case[] = [
  ['add', [2, 3], 5], ['add', [-1.5, 0.25], -1.25],
  ['sub', [2, 3], -1], ['sub', [0.5, -0.25], 0.75],
  ['mul', [3, -4], -12], ['mul', [0.5, 0.5], 0.25],
  ['div', [1, 4], 0.25], ['div', [-9, 3], -3], ['div', [1, 0], Infinity], ['div', [-1, 0], -Infinity],
  ['neg', [2], -2], ['neg', [-0.5], 0.5],
  ['reciprocal', [4], 0.25], ['reciprocal', [-0.5], -2], ['reciprocal', [0], Infinity],
  ['square', [3], 9], ['square', [-1.5], 2.25],
  ['sqrt', [16], 4], ['sqrt', [2], SQRT2], ['sqrt', [-1], NaN],
  ['cbrt', [-27], -3], ['cbrt', [8], 2],
  ['nthroot', [-8, 3], -2], ['nthroot', [-8, 2], NaN], ['nthroot', [16, 4], 2], ['nthroot', [-32, 5], -2],
  ['nthroot', [27, -3], 1 / 3, 4e-16], ['nthroot', [-8, 2.5], NaN], ['nthroot', [9, 2], 3],
  ['abs', [-3], 3], ['abs', [2.5], 2.5],
  ['sign', [-2], -1], ['sign', [0], 0], ['sign', [5], 1],
  ['inc', [1], 2], ['inc', [-0.5], 0.5],
  ['dec', [1], 0], ['dec', [0.25], -0.75],
  ['scale2', [3, 2], 12], ['scale2', [1, 2.5], 4], ['scale2', [1, 3.5], 16], ['scale2', [5, -1], 2.5], ['scale2', [1, -2.5], 0.25],
  ['min', [2, 3], 2], ['min', [-1, -2], -2],
  ['max', [2, 3], 3], ['max', [-1, -2], -1],
  ['floor', [2.7], 2], ['floor', [-2.1], -3],
  ['ceil', [2.1], 3], ['ceil', [-2.7], -2],
  ['round', [2.5], 2], ['round', [-2.5], -2], ['round', [3.5], 4], ['round', [0.5], 0], ['round', [1.5], 2],
  ['round', [1.4], 1], ['round', [-1.6], -2], ['round', [-3.5], -4],
  ['quotient', [-7, 2], -4], ['quotient', [7, 2], 3], ['quotient', [7, -2], -4], ['quotient', [-7, -2], 3],
  ['remainder', [-7, 2], 1], ['remainder', [7, -2], -1], ['remainder', [-7, -2], -1], ['remainder', [7, 2], 1], ['remainder', [6, 3], 0],
  ['remainder', [5.5, 2], 1.5],
  ['hypot', [3, 4], 5], ['hypot', [-5, 12], 13], ['hypot', [1e200, 1e200], 1e200 * SQRT2, 4e-16],
  ['sin', [PI / 6], 0.5, 4e-16], ['sin', [0], 0],
  ['cos', [PI / 3], 0.5, 4e-16], ['cos', [0], 1],
  ['tan', [PI / 4], 1, 4e-16], ['tan', [0], 0],
  ['sec', [0], 1], ['sec', [PI / 3], 2, 1e-15],
  ['csc', [PI / 2], 1], ['csc', [PI / 6], 2, 1e-15],
  ['cot', [PI / 4], 1, 4e-16], ['cot', [PI / 2], 0, 0, 1e-16],
  ['asin', [1], PI / 2], ['asin', [0.5], PI / 6, 4e-16],
  ['acos', [-1], PI], ['acos', [0.5], PI / 3, 4e-16],
  ['atan', [1], PI / 4], ['atan', [SQRT3], PI / 3, 4e-16],
  ['asec', [2], PI / 3, 4e-16], ['asec', [-2], (2 * PI) / 3, 4e-16], ['asec', [1], 0],
  ['acsc', [2], PI / 6, 4e-16], ['acsc', [-2], -PI / 6, 4e-16], ['acsc', [1], PI / 2],
  ['acot', [0], PI / 2], ['acot', [-1], (3 * PI) / 4, 4e-16], ['acot', [1], PI / 4, 4e-16], ['acot', [-1e-300], PI / 2, 4e-16],
  ['atan2', [1, -1], (3 * PI) / 4], ['atan2', [-1, -1], (-3 * PI) / 4], ['atan2', [1, 0], PI / 2], ['atan2', [0, 0], 0],
  ['sinc', [0], 1], ['sinc', [PI], 0, 0, 1e-16], ['sinc', [PI / 2], 2 / PI, 4e-16], ['sinc', [1e-9], 1],
  ['sinh', [1], (E - 1 / E) / 2, 4e-16], ['sinh', [0], 0],
  ['cosh', [1], (E + 1 / E) / 2, 4e-16], ['cosh', [0], 1],
  ['tanh', [1], (E * E - 1) / (E * E + 1), 4e-16], ['tanh', [0], 0],
  ['sech', [0], 1], ['sech', [LN2], 0.8, 4e-16],
  ['csch', [LN2], 4 / 3, 4e-16], ['csch', [1], 2 / (E - 1 / E), 4e-16],
  ['coth', [LN2], 5 / 3, 4e-16], ['coth', [1], (E * E + 1) / (E * E - 1), 4e-16],
  ['asinh', [0.75], LN2, 4e-16], ['asinh', [0], 0],
  ['acosh', [1.25], LN2, 4e-16], ['acosh', [1], 0],
  ['atanh', [0.6], LN2, 4e-16], ['atanh', [0], 0],
  ['asech', [0.5], Math.log(2 + SQRT3), 4e-16], ['asech', [1], 0], ['asech', [0.8], LN2, 4e-16],
  ['acsch', [1], Math.log(1 + SQRT2), 4e-16], ['acsch', [4 / 3], LN2, 4e-16],
  ['acoth', [2], Math.log(3) / 2, 4e-16], ['acoth', [-2], -Math.log(3) / 2, 4e-16],
  ['exp', [1], E], ['exp', [0], 1], ['exp', [LN2], 2, 4e-16],
  ['expm1', [1e-20], 1e-20], ['expm1', [1], E - 1, 4e-16],
  ['exp2', [10], 1024], ['exp2', [-1], 0.5],
  ['exp10', [3], 1000], ['exp10', [-2], 0.01, 4e-16],
  ['log', [E], 1], ['log', [1], 0], ['log', [0], -Infinity], ['log', [-1], NaN],
  ['log1p', [1e-20], 1e-20], ['log1p', [1], LN2], ['log1p', [-1], -Infinity],
  ['log2', [8], 3], ['log2', [0.5], -1],
  ['log10', [1000], 3], ['log10', [0.01], -2],
  ['logb', [8, 2], 3], ['logb', [81, 3], 4, 4e-16], ['logb', [0.25, 0.5], 2], ['logb', [1000, 10], 3, 4e-16],
  ['pow', [0, 0], 1], ['pow', [-8, 1 / 3], NaN], ['pow', [-2, 3], -8], ['pow', [4, 0.5], 2], ['pow', [2, -2], 0.25], ['pow', [0, 2], 0],
  ['gt', [2, 1], 1], ['gt', [1, 1], 0], ['gt', [0, 1], 0],
  ['ge', [1, 1], 1], ['ge', [2, 1], 1], ['ge', [0, 1], 0],
  ['lt', [1, 2], 1], ['lt', [2, 2], 0], ['lt', [3, 2], 0],
  ['le', [2, 2], 1], ['le', [1, 2], 1], ['le', [3, 2], 0],
  ['eq', [2, 2], 1], ['eq', [2, 3], 0], ['eq', [NaN, NaN], 0],
  ['ne', [2, 3], 1], ['ne', [2, 2], 0], ['ne', [NaN, NaN], 1],
  ['select', [1, 5, 7], 5], ['select', [0, 5, 7], 7],
  ['pi', [], 3.141592653589793], ['pi', [], PI],
  ['e', [], 2.718281828459045], ['e', [], E],
  ['constant', [], 1],
]

describe('values against closed forms', () => {
  for (const [id, args, expected, relTol, absTol] of VALUES) {
    it(`${id}(${args.join(', ')}) = ${expected}`, () => {
      close(evaluatePrimitive(id, args), expected, relTol, absTol)
    })
  }

  it('asec, acsc, acoth and asech keep their relative accuracy near |x| = 1', () => {
    // Closed forms that need no 1/x near 1: asec x = atan √((x−1)(x+1)), acsc x = atan(1/√((x−1)(x+1))),
    // acoth x = ½ log1p(2/(x−1)), asech x = log1p((1 − x + √((1−x)(1+x))) / x), all exact to a few ulps.
    const reference: Record<string, (x: number) => number> = {
      asec: (x) => Math.atan(Math.sqrt((x - 1) * (x + 1))),
      acsc: (x) => Math.atan(1 / Math.sqrt((x - 1) * (x + 1))),
      acoth: (x) => 0.5 * Math.log1p(2 / (x - 1)),
      asech: (x) => Math.log1p((1 - x + Math.sqrt((1 - x) * (1 + x))) / x),
    }
    const points: Record<string, number[]> = {
      asec: [1.0000000074131024, 1 + 3e-9, 1.001],
      acsc: [1.0000000074131024, 1 + 3e-9, 1.001],
      acoth: [1.0000000074131024, 1 + 3e-9, 1.001],
      asech: [0.999999999999999, 1 - 1e-10, 1 - 3e-9, 0.999],
    }
    const failures: string[] = []
    for (const [id, xs] of Object.entries(points)) {
      for (const x of xs) {
        const got = evaluatePrimitive(id, [x])
        const want = reference[id](x)
        const error = Math.abs(got - want) / Math.abs(want)
        if (!(error <= 1e-12)) failures.push(`${id}(${x}) = ${got}, closed form ${want}, relative error ${error.toExponential(2)}`)
      }
    }
    expect(failures).toEqual([])
  })

  it('round(-0.5) is -0 or 0', () => {
    expect(Math.abs(evaluatePrimitive('round', [-0.5]))).toBe(0)
  })

  it('sincos gives sin and cos from one block', () => {
    close(evaluatePrimitive('sincos', [PI / 6], 0), 0.5, 4e-16)
    close(evaluatePrimitive('sincos', [PI / 6], 1), SQRT3 / 2, 4e-16)
    close(evaluatePrimitive('sincos', [0], 0), 0)
    close(evaluatePrimitive('sincos', [0], 1), 1)
  })

  it('maxmin gives the larger and the smaller', () => {
    expect([evaluatePrimitive('maxmin', [2, 5], 0), evaluatePrimitive('maxmin', [2, 5], 1)]).toEqual([5, 2])
    expect([evaluatePrimitive('maxmin', [-1, -3], 0), evaluatePrimitive('maxmin', [-1, -3], 1)]).toEqual([-1, -3])
  })

  it('a constant block gives its parameter', () => {
    expect(evaluatePrimitive('constant', [], 0, { value: 2.5 })).toBe(2.5)
    expect(evaluatePrimitive('constant', [], 0, { value: -7 })).toBe(-7)
  })

  it('has a closed-form case for every palette primitive, at least two points each', () => {
    const counts = new Map<string, number>()
    for (const [id] of VALUES) counts.set(id, (counts.get(id) ?? 0) + 1)
    counts.set('sincos', 2)
    counts.set('maxmin', 2)
    counts.set('constant', (counts.get('constant') ?? 0) + 2)
    for (const p of ELEMENTWISE) expect(counts.get(p.id) ?? 0, p.id).toBeGreaterThanOrEqual(2)
  })

  it('formulas read pi and e as the constants', () => {
    const s = compile(formulaToDiagram('pi * x + e'))
    expect(gradient(s, [2]).value).toBe(2 * PI + E)
    expect(gradient(s, [2]).gradient).toEqual([PI])
  })
})

// ---------------------------------------------------------------------------------------------------
// Derivatives against closed forms worked out by hand

// [primitive, arguments, input, expected, relative tolerance?, absolute tolerance?]
type DerivativeCase = [string, number[], number, number, number?, number?]
const asecSlope = (x: number) => 1 / (Math.abs(x) * Math.sqrt(x * x - 1))
const sincSlope = (x: number) => (x * Math.cos(x) - Math.sin(x)) / (x * x)
const DERIVATIVES: DerivativeCase[] = [
  ['sin', [1], 0, Math.cos(1)], ['cos', [1], 0, -Math.sin(1)],
  ['tan', [PI / 4], 0, 2, 1e-15], ['tan', [1], 0, 1 / Math.cos(1) ** 2, 1e-15],
  ['sec', [PI / 3], 0, 2 * SQRT3, 1e-14], ['sec', [1], 0, Math.sin(1) / Math.cos(1) ** 2, 1e-15],
  ['csc', [PI / 6], 0, -2 * SQRT3, 1e-14], ['csc', [1], 0, -Math.cos(1) / Math.sin(1) ** 2, 1e-15],
  ['cot', [PI / 4], 0, -2, 1e-15], ['cot', [1], 0, -1 / Math.sin(1) ** 2, 1e-15],
  ['asin', [0.5], 0, 2 / SQRT3, 1e-15], ['asin', [-0.8], 0, 1 / 0.6, 1e-15],
  ['acos', [0.5], 0, -2 / SQRT3, 1e-15], ['acos', [-0.8], 0, -1 / 0.6, 1e-15],
  ['atan', [2], 0, 0.2, 1e-15], ['atan', [-0.5], 0, 0.8, 1e-15],
  ['asec', [2], 0, asecSlope(2), 1e-15], ['asec', [-2], 0, 1 / (2 * SQRT3), 1e-15], ['asec', [-1.5], 0, asecSlope(-1.5), 1e-15],
  // 1 + 2⁻⁴⁰ is a double, so x − 1 and x² − 1 = d(2 + d) are exact here
  ['asec', [1 + 2 ** -40], 0, 1 / ((1 + 2 ** -40) * Math.sqrt(2 ** -40 * (2 + 2 ** -40))), 1e-15],
  ['acsc', [2], 0, -1 / (2 * SQRT3), 1e-15], ['acsc', [-3], 0, -1 / (3 * Math.sqrt(8)), 1e-15],
  ['acot', [0], 0, -1], ['acot', [-1], 0, -0.5], ['acot', [2], 0, -0.2, 1e-15],
  ['atan2', [1, -1], 0, -0.5, 1e-15], ['atan2', [1, -1], 1, -0.5, 1e-15],
  ['atan2', [3, 4], 0, 4 / 25, 1e-15], ['atan2', [3, 4], 1, -3 / 25, 1e-15],
  ['atan2', [-2, 0], 0, 0], ['atan2', [-2, 0], 1, 0.5, 1e-15],
  ['sinc', [0.5], 0, (0.5 * Math.cos(0.5) - Math.sin(0.5)) / 0.25, 1e-14],
  ['sinc', [2], 0, sincSlope(2), 1e-14], ['sinc', [-3], 0, sincSlope(-3), 1e-14],
  ['sinc', [1e-9], 0, -1e-9 / 3, 1e-12], ['sinc', [-1e-9], 0, 1e-9 / 3, 1e-12], ['sinc', [0], 0, 0],
  ['sinc', [0.999], 0, sincSlope(0.999), 1e-13], ['sinc', [1], 0, Math.cos(1) - Math.sin(1), 1e-14],
  ['sinh', [1], 0, (E + 1 / E) / 2, 4e-16], ['cosh', [1], 0, (E - 1 / E) / 2, 4e-16],
  ['tanh', [1], 0, 4 / (E + 1 / E) ** 2, 1e-15], ['tanh', [0], 0, 1],
  ['sech', [LN2], 0, -0.8 * 0.6, 1e-15], ['sech', [0], 0, 0],
  ['csch', [LN2], 0, -(4 / 3) * (5 / 3), 1e-15], ['csch', [-LN2], 0, -(4 / 3) * (5 / 3), 1e-15],
  ['coth', [LN2], 0, -(16 / 9), 1e-15], ['coth', [1], 0, -1 / Math.sinh(1) ** 2, 1e-15],
  ['asinh', [0.75], 0, 0.8, 1e-15], ['asinh', [0], 0, 1],
  ['acosh', [1.25], 0, 4 / 3, 1e-15], ['acosh', [2], 0, 1 / SQRT3, 1e-15],
  ['atanh', [0.6], 0, 1.5625, 1e-15], ['atanh', [-0.5], 0, 4 / 3, 1e-15],
  ['asech', [0.8], 0, -1 / (0.8 * 0.6), 1e-15], ['asech', [0.5], 0, -4 / SQRT3, 1e-15],
  ['acsch', [0.75], 0, -1 / (0.75 * 1.25), 1e-15], ['acsch', [-0.75], 0, -1 / (0.75 * 1.25), 1e-15],
  ['acoth', [2], 0, -1 / 3, 1e-15], ['acoth', [-3], 0, -1 / 8, 1e-15],
  ['pow', [2, 3], 0, 12], ['pow', [2, 3], 1, 8 * LN2, 1e-15],
  ['pow', [0.5, -2], 0, -16], ['pow', [0.5, -2], 1, -4 * LN2, 1e-15],
  ['pow', [-2, 3], 0, 12], ['pow', [9, 0.5], 0, 1 / 6, 1e-15],
  ['logb', [8, 2], 0, 1 / (8 * LN2), 1e-15], ['logb', [8, 2], 1, -3 / (2 * LN2), 1e-15],
  ['logb', [100, 10], 0, 1 / (100 * LN10), 1e-15], ['logb', [100, 10], 1, -2 / (10 * LN10), 1e-15],
  ['nthroot', [16, 4], 0, 1 / 32, 1e-15], ['nthroot', [16, 4], 1, -Math.log(16) / 8, 1e-15],
  ['nthroot', [-8, 3], 0, 1 / 12, 1e-15], ['nthroot', [27, 3], 0, 1 / 27, 1e-15], ['nthroot', [27, 3], 1, -Math.log(27) / 3, 1e-15],
  ['hypot', [3, 4], 0, 0.6, 1e-15], ['hypot', [3, 4], 1, 0.8, 1e-15],
  ['hypot', [-5, 12], 0, -5 / 13, 1e-15], ['hypot', [-5, 12], 1, 12 / 13, 1e-15],
  ['log', [4], 0, 0.25], ['log1p', [1e-20], 0, 1], ['log2', [4], 0, 1 / (4 * LN2), 1e-15], ['log10', [4], 0, 1 / (4 * LN10), 1e-15],
  ['exp2', [3], 0, 8 * LN2, 1e-15], ['exp10', [2], 0, 100 * LN10, 1e-15], ['expm1', [-40], 0, Math.exp(-40), 1e-15],
  ['sqrt', [4], 0, 0.25], ['cbrt', [-8], 0, 1 / 12, 1e-15], ['reciprocal', [-2], 0, -0.25],
  ['remainder', [7, 2], 1, -3], ['remainder', [-7, 2], 1, 4], ['remainder', [7, 2], 0, 1],
]

describe('derivatives against closed forms worked out by hand', () => {
  for (const [id, args, input, expected, relTol, absTol] of DERIVATIVES) {
    it(`∂${id}/∂input${input} at (${args.join(', ')}) = ${expected}`, () => {
      close(evaluatePartial(id, args, input), expected, relTol ?? 2e-16, absTol ?? 0)
    })
  }

  it('the derivatives of sincos are cos and −sin', () => {
    close(evaluatePartial('sincos', [1], 0, 0), Math.cos(1))
    close(evaluatePartial('sincos', [1], 0, 1), -Math.sin(1))
  })

  it('sinc′ is continuous across the switch between its two formulas at |x| = 1', () => {
    for (const x of [1, -1]) {
      const below = evaluatePartial('sinc', [x * (1 - 1e-15)], 0)
      const above = evaluatePartial('sinc', [x * (1 + 1e-15)], 0)
      close(below, sincSlope(x), 1e-13)
      close(above, sincSlope(x), 1e-13)
    }
  })

  it('sinc has second derivative −1/3, third 0 and fourth 1/5 at 0 (Taylor and Hessian)', () => {
    // sinc x = 1 − x²/6 + x⁴/120 − …
    const s = compile(formulaToDiagram('sinc(x)'), { second: true })
    const d = taylor(s, [0], [1], 5).derivatives[0]
    expect(d[0]).toBe(1)
    expect(d[1]).toBe(0)
    close(d[2], -1 / 3, 1e-15)
    close(d[3], 0, 0, 1e-15)
    close(d[4], 1 / 5, 1e-14)
    close(hessian(s, [0]).hessian[0][0], -1 / 3, 1e-15)
    // and at 0.5, where both formulas are smooth: sinc″ = −sinc − 2 sinc′ / x
    const x = 0.5
    const second = -Math.sin(x) / x - (2 * sincSlope(x)) / x
    close(taylor(s, [x], [1], 2).derivatives[0][2], second, 1e-13)
    close(hessian(s, [x]).hessian[0][0], second, 1e-13)
  })

  it('second derivatives of the inverse functions agree with closed forms in Taylor and Hessian', () => {
    // [formula, x, f″(x)]
    const cases: [string, number, number][] = [
      ['asin(x)', 0.5, 0.5 / (1 - 0.25) ** 1.5],
      ['acos(x)', 0.5, -0.5 / (1 - 0.25) ** 1.5],
      ['atan(x)', 2, -4 / 25],
      ['acot(x)', 2, 4 / 25],
      ['asinh(x)', 0.75, -0.75 / 1.5625 ** 1.5],
      ['acosh(x)', 2, -2 / 3 ** 1.5],
      ['atanh(x)', 0.5, 1 / 0.5625],
      ['acoth(x)', 2, 4 / 9],
      ['asec(x)', 2, -(2 * 2 * 2 - 1) / (2 * 2 * 3 ** 1.5)],
      ['acsc(x)', 2, (2 * 2 * 2 - 1) / (2 * 2 * 3 ** 1.5)],
      ['tan(x)', 1, (2 * Math.sin(1)) / Math.cos(1) ** 3],
      ['tanh(x)', 1, (-2 * Math.tanh(1)) / Math.cosh(1) ** 2],
      ['log(x)', 2, -0.25],
      ['sqrt(x)', 4, -1 / 32],
    ]
    for (const [formula, x, expected] of cases) {
      const s = compile(formulaToDiagram(formula), { second: true })
      const t = taylor(s, [x], [1], 2).derivatives[0][2]
      const h = hessian(s, [x]).hessian[0][0]
      expect(Math.abs(t - expected), `${formula} Taylor ${t} vs ${expected}`).toBeLessThanOrEqual(1e-13 * Math.abs(expected))
      expect(Math.abs(h - expected), `${formula} Hessian ${h} vs ${expected}`).toBeLessThanOrEqual(1e-13 * Math.abs(expected))
    }
  })
})
