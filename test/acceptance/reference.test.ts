import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BigNumber } from 'mathjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formulaToDiagram, ELEMENTWISE } from '../../core'
import { assignments, dualwire, jsonOf, type JsonNumber } from '../support/cli'
import { big, exactBig, Reference, relativeError } from '../support/reference'

// The acceptance criterion: on an independent set of functions (peer suites' optimisation test functions and
// the whole palette) with reference values computed in 80-digit arithmetic, `dualwire grad|hessian|jacobian
// --json` matches value, gradient, Hessian and Jacobian to 1e-10 relative.
//
// Each function is written twice: in DualWire's formula language (what the command runs) and, independently,
// in mathjs syntax, often through identities rather than the same function (sec x as 1/cos x, asinh as a
// logarithm, ...). The reference is taken at the exact doubles DualWire receives, and its derivatives are
// 80-digit central differences (test/support/reference.ts). A reference entry that is a true zero (an input
// the output does not depend on; |r| < 1e-30, the reference's own rounding noise) is compared absolutely:
// |a − r| ≤ 1e-10.

const TOLERANCE = 1e-10

interface Output {
  name: string
  /** The formula DualWire runs. */
  dualwire: string
  /** The same function for mathjs (log is natural, log(x, b) base b, ^ power). */
  mathjs: string
}

interface Group {
  name: string
  inputs: string[]
  point: number[]
  outputs: Output[]
  /** A diagram file to run instead of the formula (for blocks a formula cannot call). */
  file?: object
}

// ---------------------------------------------------------------------------------------------------------
// Peer suites' optimisation test functions (the standard definitions, e.g. Wikipedia's "Test functions for
// optimization"). The n-dimensional ones get their mathjs text generated from the definition.

const sum = (terms: string[]) => terms.join(' + ')
const rosenbrockRef = (xs: string[]) => sum(xs.slice(0, -1).map((xi, i) => `100*(${xs[i + 1]} - ${xi}*${xi})^2 + (1 - ${xi})^2`))
const styblinskiTangRef = (xs: string[]) => `(${sum(xs.map((xi) => `${xi}^4 - 16*${xi}^2 + 5*${xi}`))}) / 2`
const rastriginRef = (xs: string[]) => `${10 * xs.length} + ${sum(xs.map((xi) => `(${xi}^2 - 10*cos(2*pi*${xi}))`))}`

const X3 = ['x1', 'x2', 'x3']
const peers3 = (point: number[]): Group => ({
  name: `Rosenbrock, Styblinski–Tang and Rastrigin (n = 3) at (${point.join(', ')})`,
  inputs: X3,
  point,
  outputs: [
    { name: 'rosenbrock', dualwire: '100*(x2 - x1^2)^2 + (1 - x1)^2 + 100*(x3 - x2^2)^2 + (1 - x2)^2', mathjs: rosenbrockRef(X3) },
    { name: 'styblinski', dualwire: '(x1^4 - 16*x1^2 + 5*x1 + x2^4 - 16*x2^2 + 5*x2 + x3^4 - 16*x3^2 + 5*x3) / 2', mathjs: styblinskiTangRef(X3) },
    { name: 'rastrigin', dualwire: '30 + x1^2 - 10*cos(2*pi*x1) + x2^2 - 10*cos(2*pi*x2) + x3^2 - 10*cos(2*pi*x3)', mathjs: rastriginRef(X3) },
  ],
})

const X5 = ['x1', 'x2', 'x3', 'x4', 'x5']
const rosenbrock5: Group = {
  name: 'Rosenbrock (n = 5) at (-1.2, 1, 0.5, 1.5, 0.9)',
  inputs: X5,
  point: [-1.2, 1, 0.5, 1.5, 0.9],
  outputs: [{
    name: 'f',
    dualwire: '100*(x2 - x1^2)^2 + (1 - x1)^2 + 100*(x3 - x2^2)^2 + (1 - x2)^2 + 100*(x4 - x3^2)^2 + (1 - x3)^2 + 100*(x5 - x4^2)^2 + (1 - x4)^2',
    mathjs: rosenbrockRef(X5),
  }],
}

const peers2 = (point: number[]): Group => ({
  name: `two-input peer functions at (${point.join(', ')})`,
  inputs: ['x', 'y'],
  point,
  outputs: [
    {
      name: 'beale',
      dualwire: '(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2',
      mathjs: '(1.5 - x*(1 - y))^2 + (2.25 - x*(1 - y^2))^2 + (2.625 - x*(1 - y^3))^2',
    },
    { name: 'booth', dualwire: '(x + 2*y - 7)^2 + (2*x + y - 5)^2', mathjs: '(x + 2*y - 7)^2 + (2*x + y - 5)^2' },
    { name: 'himmelblau', dualwire: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2', mathjs: '(x*x + y - 11)^2 + (x + y*y - 7)^2' },
    { name: 'camel3', dualwire: '2*x^2 - 1.05*x^4 + x^6/6 + x*y + y^2', mathjs: '2*x^2 - 1.05*x^4 + x^6/6 + x*y + y^2' },
    { name: 'matyas', dualwire: '0.26*(x^2 + y^2) - 0.48*x*y', mathjs: '0.26*(x^2 + y^2) - 0.48*x*y' },
    { name: 'mccormick', dualwire: 'sin(x + y) + (x - y)^2 - 1.5*x + 2.5*y + 1', mathjs: 'sin(x + y) + (x - y)^2 - 1.5*x + 2.5*y + 1' },
    {
      name: 'goldsteinPrice',
      dualwire: '(1 + (x + y + 1)^2*(19 - 14*x + 3*x^2 - 14*y + 6*x*y + 3*y^2)) * (30 + (2*x - 3*y)^2*(18 - 32*x + 12*x^2 + 48*y - 36*x*y + 27*y^2))',
      mathjs: '(1 + (x + y + 1)^2 * (19 - 14*x + 3*x^2 - 14*y + 6*x*y + 3*y^2)) * (30 + (2*x - 3*y)^2 * (18 - 32*x + 12*x^2 + 48*y - 36*x*y + 27*y^2))',
    },
    {
      name: 'ackley',
      dualwire: '-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20',
      mathjs: '-20*exp(-0.2*sqrt((x^2 + y^2)/2)) - exp((cos(2*pi*x) + cos(2*pi*y))/2) + exp(1) + 20',
    },
    {
      // a = 1, b = 5.1/(4π²), c = 5/π, r = 6, s = 10, t = 1/(8π)
      name: 'branin',
      dualwire: '(y - 5.1/(4*pi^2)*x^2 + 5/pi*x - 6)^2 + 10*(1 - 1/(8*pi))*cos(x) + 10',
      mathjs: '(y - 5.1/(4*pi^2)*x^2 + 5/pi*x - 6)^2 + 10*(1 - 1/(8*pi))*cos(x) + 10',
    },
    { name: 'camel6', dualwire: '(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2', mathjs: '4*x^2 - 2.1*x^4 + x^6/3 + x*y - 4*y^2 + 4*y^4' },
  ],
})

// ---------------------------------------------------------------------------------------------------------
// The whole smooth palette, every primitive called by its id, at points inside every domain and away from
// every kink and tie. mathjs BigNumber lacks sinc, exp2, exp10, logb, scale2, inc, dec, select and LabVIEW's
// acot (range (0, π)), so those are written by their definitions; many others are written through
// identities on purpose, so that the reference does not reuse the same function.

const numeric: Group = {
  name: 'numeric palette at x = 0.7, y = 1.3, z = 2.9',
  inputs: ['x', 'y', 'z'],
  point: [0.7, 1.3, 2.9],
  outputs: [
    { name: 'n1', dualwire: 'add(mul(x, y), sub(div(z, y), neg(x)))', mathjs: 'x*y + (z/y + x)' },
    { name: 'n2', dualwire: 'add(mul(reciprocal(y), square(z)), sqrt(add(x, z)))', mathjs: 'z*z/y + (x + z)^(1/2)' },
    {
      // cbrt and the odd root of a negative number are real and negative; nthroot(a, y) has a ∂/∂y too
      name: 'n3',
      dualwire: 'add(add(cbrt(sub(x, z)), nthroot(add(x, z), y)), nthroot(sub(y, z), 5))',
      mathjs: '-((z - x)^(1/3)) + exp(log(x + z) / y) - (z - y)^(1/5)',
    },
    // abs(x − z) with x < z is z − x
    { name: 'n4', dualwire: 'add(add(abs(sub(x, z)), mul(inc(x), dec(z))), hypot(x, neg(y)))', mathjs: '(z - x) + (x + 1)*(z - 1) + sqrt(x^2 + y^2)' },
    {
      name: 'n5',
      dualwire: 'add(add(mul(min(x, y), max(y, z)), select(x < y, mul(x, z), sub(z, y))), select(x > z, y, square(z)))',
      mathjs: 'min(x, y)*max(y, z) + (x < y ? x*z : z - y) + (x > z ? y : z^2)',
    },
    {
      // remainder is x − y·floor(x/y): smooth away from the points where y divides x
      name: 'n6',
      dualwire: 'add(add(scale2(mul(x, y), 3), remainder(z, y)), add(pow(y, x), pow(x, 3)))',
      mathjs: '8*x*y + (z - y*floor(z/y)) + exp(x*log(y)) + x^3',
    },
  ],
}

const trigonometric: Group = {
  name: 'trigonometric palette at x = 0.6, y = 0.35, u = 1.7, v = -2.3',
  inputs: ['u', 'v', 'x', 'y'],
  point: [1.7, -2.3, 0.6, 0.35],
  outputs: [
    {
      name: 't1',
      dualwire: 'add(add(mul(sin(x), cos(y)), tan(x)), add(add(sec(v), csc(u)), cot(x)))',
      mathjs: 'sin(x)*cos(y) + sin(x)/cos(x) + 1/cos(v) + 1/sin(u) + cos(x)/sin(x)',
    },
    {
      // asec(x) = acos(1/x), acsc(x) = asin(1/x); acot is continuous with range (0, π): atan(1/x) for x > 0,
      // π + atan(1/x) for x < 0
      name: 't2',
      dualwire: 'add(add(mul(asin(y), acos(y)), atan(u)), add(add(asec(u), acsc(v)), add(acot(u), acot(v))))',
      mathjs: 'asin(y)*(pi/2 - asin(y)) + atan(u) + acos(1/u) + asin(1/v) + atan(1/u) + (pi + atan(1/v))',
    },
    {
      // atan2(y, x) for x > 0 is atan(y/x); atan2(x, v) with v < 0 < x is π + atan(x/v); sinc(y) with
      // |y| < 1 goes through the series DualWire uses for its derivative near 0
      name: 't3',
      dualwire: 'add(add(atan2(y, x), atan2(x, v)), add(add(sinc(u), sinc(y)), asec(v)))',
      mathjs: 'atan(y/x) + (pi + atan(x/v)) + sin(u)/u + sin(y)/y + acos(1/v)',
    },
  ],
}

const hyperbolic: Group = {
  name: 'hyperbolic palette at x = 0.8, y = 0.45, u = 1.9, v = -1.4',
  inputs: ['u', 'v', 'x', 'y'],
  point: [1.9, -1.4, 0.8, 0.45],
  outputs: [
    {
      name: 'h1',
      dualwire: 'add(mul(sinh(x), cosh(v)), tanh(u))',
      mathjs: '(exp(x) - exp(-x))/2 * (exp(v) + exp(-v))/2 + (exp(2*u) - 1)/(exp(2*u) + 1)',
    },
    {
      name: 'h2',
      dualwire: 'add(add(sech(v), csch(x)), coth(u))',
      mathjs: '2/(exp(v) + exp(-v)) + 2/(exp(x) - exp(-x)) + (exp(2*u) + 1)/(exp(2*u) - 1)',
    },
    {
      name: 'h3',
      dualwire: 'add(add(asinh(v), acosh(u)), atanh(y))',
      mathjs: '-log(-v + sqrt(v^2 + 1)) + log(u + sqrt(u^2 - 1)) + log((1 + y)/(1 - y))/2',
    },
    {
      // asech(y) = ln((1 + √(1 − y²))/y), acsch(v) = asinh(1/v), acoth(u) = ½ ln((u + 1)/(u − 1))
      name: 'h4',
      dualwire: 'add(add(asech(y), acsch(v)), add(acoth(u), acoth(v)))',
      mathjs: 'log((1 + sqrt(1 - y^2))/y) - log(-1/v + sqrt(1/v^2 + 1)) + log((u + 1)/(u - 1))/2 + log((v + 1)/(v - 1))/2',
    },
  ],
}

const exponential: Group = {
  name: 'exponential palette at w = 0.002, x = 0.9, y = 1.6',
  inputs: ['w', 'x', 'y'],
  point: [0.002, 0.9, 1.6],
  outputs: [
    { name: 'e1', dualwire: 'add(exp(x), mul(expm1(w), exp2(y)))', mathjs: 'exp(x) + (exp(w) - 1)*exp(y*log(2))' },
    { name: 'e2', dualwire: 'add(exp10(w), mul(log(y), log1p(w)))', mathjs: 'exp(w*log(10)) + log(y)*log(1 + w)' },
    { name: 'e3', dualwire: 'add(add(log2(x), log10(y)), logb(add(x, w), y))', mathjs: 'log(x)/log(2) + log(y)/log(10) + log(x + w)/log(y)' },
    {
      name: 'e4',
      dualwire: 'add(add(pow(x, y), pow(y, neg(x))), select(x >= y, exp(x), log(y)))',
      mathjs: 'exp(y*log(x)) + exp(-x*log(y)) + (x >= y ? exp(x) : log(y))',
    },
    // near 0, where the accurate forms matter: relative accuracy of a value ≈ 0.002
    { name: 'e5', dualwire: 'expm1(w)', mathjs: 'exp(w) - 1' },
    { name: 'e6', dualwire: 'log1p(w)', mathjs: 'log(1 + w)' },
  ],
}

// The two-output blocks (Sine & Cosine, Max & Min) have no formula syntax, so they come as a diagram file.
const twoOutputBlocks: Group = {
  name: 'two-output blocks sincos and maxmin (diagram file) at x = 0.9, y = -0.4',
  inputs: ['x', 'y'],
  point: [0.9, -0.4],
  outputs: [
    { name: 's', dualwire: '', mathjs: 'sin(x)' },
    { name: 'c', dualwire: '', mathjs: 'cos(x)' },
    { name: 'p', dualwire: '', mathjs: 'sin(x) * x' },
    { name: 'q', dualwire: '', mathjs: 'cos(x) * y * y' },
  ],
  file: {
    format: 'dualwire-diagram',
    version: 1,
    title: 'Two-output blocks',
    inputs: [{ id: 'i1', name: 'x', value: 0.9 }, { id: 'i2', name: 'y', value: -0.4 }],
    outputs: [{ id: 'o1', name: 's' }, { id: 'o2', name: 'c' }, { id: 'o3', name: 'p' }, { id: 'o4', name: 'q' }],
    blocks: [
      { id: 'b1', primitive: 'sincos' },
      { id: 'b2', primitive: 'maxmin' },
      { id: 'b3', primitive: 'mul' },
      { id: 'b4', primitive: 'mul' },
      { id: 'b5', primitive: 'mul' },
    ],
    wires: [
      { id: 'w1', from: 'i1', to: 'b1.x' },
      { id: 'w2', from: 'i1', to: 'b2.x' },
      { id: 'w3', from: 'i2', to: 'b2.y' },
      { id: 'w4', from: 'b1.sin', to: 'b3.x' },
      { id: 'w5', from: 'b2.max', to: 'b3.y' },
      { id: 'w6', from: 'b2.min', to: 'b4.x' },
      { id: 'w7', from: 'b2.min', to: 'b4.y' },
      { id: 'w8', from: 'b1.cos', to: 'b5.x' },
      { id: 'w9', from: 'b4.r', to: 'b5.y' },
      { id: 'w10', from: 'b1.sin', to: 'o1' },
      { id: 'w11', from: 'b1.cos', to: 'o2' },
      { id: 'w12', from: 'b3.r', to: 'o3' },
      { id: 'w13', from: 'b5.r', to: 'o4' },
    ],
  },
}

const GROUPS: Group[] = [
  peers3([0.1, 0.2, 0.3]),
  peers3([-1.2, 0.8, 2.3]),
  rosenbrock5,
  peers2([0.7, -1.3]),
  peers2([1.9, 0.4]),
  numeric,
  trigonometric,
  hyperbolic,
  exponential,
  twoOutputBlocks,
]

// ---------------------------------------------------------------------------------------------------------

interface GradientJson {
  mode: string
  inputs: Record<string, JsonNumber>
  outputs: Record<string, { value: JsonNumber; gradient: Record<string, JsonNumber> }>
}

interface HessianJson {
  inputs: Record<string, JsonNumber>
  outputs: Record<string, { value: JsonNumber; gradient: Record<string, JsonNumber>; hessian: Record<string, Record<string, JsonNumber>> }>
}

type Kind = 'value' | 'gradient' | 'Hessian'

/** The worst relative error per command and kind of entry over the whole file, and where it was. */
const worst = new Map<string, Map<Kind, { error: number; where: string }>>()

/** Compares one number and returns a line describing it when it is off (or not a number at all). */
function compare(command: string, kind: Kind, where: string, a: JsonNumber | undefined, r: BigNumber): string | undefined {
  const error = typeof a === 'number' ? relativeError(a, r) : NaN
  const byKind = worst.get(command) ?? new Map<Kind, { error: number; where: string }>()
  worst.set(command, byKind)
  const seen = byKind.get(kind)
  if (!seen || (!Number.isNaN(seen.error) && !(error <= seen.error))) byKind.set(kind, { error, where })
  return error <= TOLERANCE ? undefined : `${where}: dualwire ${String(a)}, reference ${r.toSignificantDigits(20).toString()} (error ${error})`
}

let scratch: string

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'dualwire-acceptance-'))
})

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true })
  const summary = [...worst]
    .map(([command, byKind]) => `${command}: ${[...byKind].map(([kind, w]) => `${kind} ${w.error.toExponential(2)} (${w.where})`).join(', ')}`)
    .join('; ')
  console.log(`acceptance: worst relative error against the 80-digit reference per command: ${summary}`)
})

describe('the reference machinery (80-digit mathjs, central differences)', () => {
  it('reproduces Rosenbrock (n = 3) at (0.1, 0.2, 0.3): gradient (−9.4, 15.6, 52) and its integer Hessian', () => {
    const ref = new Reference(X3, [['f', rosenbrockRef(X3)]])
    const x = ['0.1', '0.2', '0.3'].map((t) => big.bignumber(t))
    expect(ref.value(x)[0].toString()).toBe('11.82')
    const g = ref.gradient(x)[0]
    ;[-9.4, 15.6, 52].forEach((e, i) => {
      expect(g[i].minus(big.bignumber(String(e))).abs().lt(big.bignumber('1e-45'))).toBe(true)
      expect(g[i].toNumber()).toBe(e)
    })
    const expected = [[-66, -40, 0], [-40, 130, -80], [0, -80, 200]]
    const h = ref.hessian(x)[0]
    h.forEach((row, i) => row.forEach((v, j) => expect(v.minus(expected[i][j]).abs().lt(big.bignumber('1e-35'))).toBe(true)))
    expect(h.map((row) => row.map((v) => v.toNumber()))).toEqual(expected)
  })

  it('takes points as the exact doubles DualWire reads (0.1 is 0.1000000000000000055511151231257827…)', () => {
    expect(exactBig(0.1).toString()).toBe('0.1000000000000000055511151231257827021181583404541015625')
    expect(exactBig(-2.3).toNumber()).toBe(-2.3)
    expect(relativeError(0.1, big.bignumber('0.1'))).toBeGreaterThan(5e-17)
    expect(relativeError(0.1, exactBig(0.1))).toBe(0)
  })
})

describe('the palette groups', () => {
  it('call every primitive of the palette that has a smooth number output', () => {
    const used = new Set<string>()
    for (const g of GROUPS) {
      if (g.file) for (const b of (g.file as { blocks: { primitive: string }[] }).blocks) used.add(b.primitive)
      else for (const b of formulaToDiagram(g.outputs.map((o) => `${o.name} = ${o.dualwire}`).join('\n')).blocks) used.add(b.primitive)
    }
    // Jumps (derivative 0 everywhere) and constants have nothing for a derivative test to measure; the
    // comparison predicates give Booleans (they are used, inside select).
    const notSmooth = new Set(['sign', 'floor', 'ceil', 'round', 'quotient', 'pi', 'e', 'constant'])
    const smooth = ELEMENTWISE.filter((p) => !notSmooth.has(p.id) && p.outputs.some((o) => o.type === 'number')).map((p) => p.id)
    expect(smooth.filter((id) => !used.has(id))).toEqual([])
    const asked = [
      'add', 'sub', 'mul', 'div', 'neg', 'reciprocal', 'square', 'sqrt', 'cbrt', 'nthroot', 'abs', 'inc', 'dec', 'hypot', 'min', 'max',
      'sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'asin', 'acos', 'atan', 'asec', 'acsc', 'acot', 'atan2', 'sinc',
      'sinh', 'cosh', 'tanh', 'sech', 'csch', 'coth', 'asinh', 'acosh', 'atanh', 'asech', 'acsch', 'acoth',
      'exp', 'expm1', 'exp2', 'exp10', 'log', 'log1p', 'log2', 'log10', 'logb', 'pow', 'select', 'scale2',
      'remainder', 'sincos', 'maxmin', 'lt', 'gt', 'ge',
    ]
    expect(asked.filter((id) => !used.has(id))).toEqual([])
  })
})

for (const group of GROUPS) {
  describe(group.name, () => {
    const ref = new Reference(group.inputs, group.outputs.map((o) => [o.name, o.mathjs] as const))
    let value: BigNumber[]
    let gradient: BigNumber[][]
    let hessian: BigNumber[][][]
    let source: string[]
    const at = ['--at', assignments(group.inputs, group.point)]

    beforeAll(() => {
      const x = group.point.map(exactBig)
      value = ref.value(x)
      gradient = ref.gradient(x)
      hessian = ref.hessian(x)
      if (group.file) {
        const path = join(scratch, `${group.outputs.map((o) => o.name).join('-')}.dwire.json`)
        writeFileSync(path, JSON.stringify(group.file, null, 2))
        source = [path]
      } else {
        source = ['--expr', group.outputs.map((o) => `${o.name} = ${o.dualwire}`).join('; ')]
      }
    }, 60_000)

    /** Checks the echoed point and every output's value and gradient; returns the lines that are off. */
    const checkGradients = (command: string, json: GradientJson | HessianJson): string[] => {
      const where = (what: string) => `${group.name}: ${what}`
      expect(Object.keys(json.inputs).sort()).toEqual([...group.inputs].sort())
      group.inputs.forEach((n, i) => expect(json.inputs[n]).toBe(group.point[i]))
      expect(Object.keys(json.outputs).sort()).toEqual(group.outputs.map((o) => o.name).sort())
      const off: (string | undefined)[] = []
      group.outputs.forEach((o, k) => {
        const out = json.outputs[o.name]
        off.push(compare(command, 'value', where(`${o.name} value`), out.value, value[k]))
        expect(Object.keys(out.gradient).sort()).toEqual([...group.inputs].sort())
        group.inputs.forEach((n, i) => off.push(compare(command, 'gradient', where(`∂${o.name}/∂${n}`), out.gradient[n], gradient[k][i])))
      })
      return off.filter((l): l is string => l !== undefined)
    }

    for (const mode of ['forward', 'reverse'] as const) {
      it(`grad --mode ${mode} --json matches every value and gradient entry to 1e-10`, () => {
        const json = jsonOf<GradientJson>(dualwire(['grad', ...source, ...at, '--mode', mode, '--json']))
        expect(json.mode).toBe(mode)
        expect(checkGradients(`grad ${mode}`, json)).toEqual([])
      })
    }

    it(`jacobian --json matches every Jacobian entry to 1e-10, in ${group.inputs.length <= group.outputs.length ? 'forward' : 'reverse'} mode`, () => {
      const json = jsonOf<GradientJson>(dualwire(['jacobian', ...source, ...at, '--json']))
      // forward mode when inputs ≤ outputs, else reverse (README)
      expect(json.mode).toBe(group.inputs.length <= group.outputs.length ? 'forward' : 'reverse')
      expect(checkGradients('jacobian', json)).toEqual([])
    })

    it('hessian --json matches every value, gradient and Hessian entry to 1e-10', () => {
      const json = jsonOf<HessianJson>(dualwire(['hessian', ...source, ...at, '--json']))
      const off = checkGradients('hessian', json)
      group.outputs.forEach((o, k) => {
        const h = json.outputs[o.name].hessian
        expect(Object.keys(h).sort()).toEqual([...group.inputs].sort())
        group.inputs.forEach((a, i) =>
          group.inputs.forEach((b, j) => {
            const line = compare('hessian', 'Hessian', `${group.name}: ∂²${o.name}/∂${a}∂${b}`, h[a]?.[b], hessian[k][i][j])
            if (line) off.push(line)
          }),
        )
      })
      expect(off).toEqual([])
    })
  })
}
