import { describe, expect, it } from 'vitest'
import {
  compile,
  type Diagram,
  diagnose,
  Evaluator,
  evaluate,
  formulaToDiagram,
  gradient,
  hessian,
  jacobian,
  jvp,
  type Schedule,
  taylor,
  vjp,
} from '../../core'

// The derivative conventions of the README ("Derivative conventions"), each checked in every sweep:
// forward gradient, reverse gradient, the Hessian driver (its gradient and its matrix) and the Taylor sweep
// (order 3, along every input and along a mixed direction). The expected numbers are the documented ones,
// or closed forms of the function on the side of the kink where it is smooth.

/** Equal as numbers, with 0 and −0 the same and NaN never equal to anything. */
const same = (a: number, b: number) => a === b

interface Expected {
  value?: number
  gradient: number[]
  /** Omitted where the convention says nothing about second derivatives. */
  hessian?: number[][]
}

/** Every disagreement between the sweeps and the expected numbers, as readable lines. */
function everySweep(s: Schedule, x: number[], want: Expected, output = 0): string[] {
  const bad: string[] = []
  const check = (what: string, got: number, expected: number) => {
    if (!same(got, expected)) bad.push(`${what}: got ${got}, expected ${expected}`)
  }
  const n = x.length
  if (want.value !== undefined) check('value', evaluate(s, x)[output], want.value)
  for (const mode of ['forward', 'reverse'] as const) {
    const g = gradient(s, x, output, mode).gradient
    want.gradient.forEach((e, i) => check(`${mode} ∂/∂${i}`, g[i], e))
  }
  const h = hessian(s, x, output)
  want.gradient.forEach((e, i) => check(`hessian() gradient ∂/∂${i}`, h.gradient[i], e))
  if (want.hessian) want.hessian.forEach((row, i) => row.forEach((e, j) => check(`hessian ∂²/∂${i}∂${j}`, h.hessian[i][j], e)))
  for (let i = 0; i < n; i++) {
    const v = x.map((_, j) => (j === i ? 1 : 0))
    const d = taylor(s, x, v, 3).derivatives[output]
    if (want.value !== undefined) check(`taylor along ${i}: value`, d[0], want.value)
    check(`taylor along ${i}: first derivative`, d[1], want.gradient[i])
    if (want.hessian) check(`taylor along ${i}: second derivative`, d[2], want.hessian[i][i])
  }
  if (n > 1 && want.gradient.every(Number.isFinite)) {
    // a mixed direction: d/dt f(x + t v) = g·v, d²/dt² = vᵀHv
    const v = x.map((_, i) => i + 1)
    const d = taylor(s, x, v, 3).derivatives[output]
    check('taylor along (1, 2, …): first derivative', d[1], want.gradient.reduce((acc, g, i) => acc + g * v[i], 0))
    if (want.hessian) {
      const quadratic = want.hessian.reduce((acc, row, i) => acc + row.reduce((a, hij, j) => a + v[i] * hij * v[j], 0), 0)
      check('taylor along (1, 2, …): second derivative', d[2], quadratic)
    }
  }
  return bad
}

const compiled = (formula: string) => compile(formulaToDiagram(formula), { second: true })
const expectEverySweep = (formula: string, x: number[], want: Expected, output = 0) =>
  expect(everySweep(compiled(formula), x, want, output), `${formula} at (${x.join(', ')})`).toEqual([])

function notes(s: Schedule, x: number[]) {
  const ev = new Evaluator(s)
  ev.setInputs(x)
  ev.sweepValues(1)
  return diagnose(ev)
}

describe('corners get the smallest subgradient', () => {
  it("abs′(0) = 0, and ±1 away from 0", () => {
    expectEverySweep('abs(x)', [0], { value: 0, gradient: [0], hessian: [[0]] })
    expectEverySweep('abs(x)', [-2], { value: 2, gradient: [-1], hessian: [[0]] })
    expectEverySweep('abs(x)', [3], { value: 3, gradient: [1], hessian: [[0]] })
    // through the chain rule: |x − 1|·y at (1, 5) has ∂/∂x = 0, ∂/∂y = 0; ∂²/∂x∂y = abs′(0) = 0
    expectEverySweep('abs(x - 1) * y', [1, 5], { value: 0, gradient: [0, 0], hessian: [[0, 0], [0, 0]] })
  })

  it('the kink is reported', () => {
    expect(notes(compiled('abs(x)'), [0])).toEqual([{ block: 'b1', kind: 'kink', message: 'abs′(0) = 0' }])
    expect(notes(compiled('abs(x)'), [0.5])).toEqual([])
  })

  it('a tie of max or min gives each input half', () => {
    for (const f of ['max(x, y)', 'min(x, y)']) {
      expectEverySweep(f, [1.5, 1.5], { value: 1.5, gradient: [0.5, 0.5], hessian: [[0, 0], [0, 0]] })
    }
    expectEverySweep('max(x, y)', [1, 2], { value: 2, gradient: [0, 1], hessian: [[0, 0], [0, 0]] })
    expectEverySweep('min(x, y)', [1, 2], { value: 1, gradient: [1, 0], hessian: [[0, 0], [0, 0]] })
    // a tie reached through other blocks: max(x², y) at (2, 4) → ½·2x = 2 and ½; ∂²/∂x² = ½·2 = 1
    expectEverySweep('max(x*x, y)', [2, 4], { value: 4, gradient: [2, 0.5], hessian: [[1, 0], [0, 0]] })
    expectEverySweep('min(x*x, y)', [2, 4], { value: 4, gradient: [2, 0.5], hessian: [[1, 0], [0, 0]] })
    const tie = notes(compiled('max(x, y)'), [1, 1])
    expect(tie.map((n) => n.kind)).toEqual(['kink'])
  })

  it('a tie of the two-output maxmin block gives each input half on both outputs', () => {
    const d: Diagram = {
      title: 'maxmin',
      inputs: [{ id: 'i1', name: 'x', value: 0 }, { id: 'i2', name: 'y', value: 0 }],
      outputs: [{ id: 'o1', name: 'max' }, { id: 'o2', name: 'min' }],
      blocks: [{ id: 'b1', primitive: 'maxmin', params: {} }],
      wires: [
        { id: 'w1', from: { node: 'i1', port: 'value' }, to: { node: 'b1', port: 'x' } },
        { id: 'w2', from: { node: 'i2', port: 'value' }, to: { node: 'b1', port: 'y' } },
        { id: 'w3', from: { node: 'b1', port: 'max' }, to: { node: 'o1', port: 'value' } },
        { id: 'w4', from: { node: 'b1', port: 'min' }, to: { node: 'o2', port: 'value' } },
      ],
      layout: { positions: {}, ranges: {} },
    }
    const s = compile(d, { second: true })
    for (const output of [0, 1]) {
      expect(everySweep(s, [-0.75, -0.75], { value: -0.75, gradient: [0.5, 0.5], hessian: [[0, 0], [0, 0]] }, output)).toEqual([])
    }
    expect(everySweep(s, [3, -1], { value: 3, gradient: [1, 0], hessian: [[0, 0], [0, 0]] }, 0)).toEqual([])
    expect(everySweep(s, [3, -1], { value: -1, gradient: [0, 1], hessian: [[0, 0], [0, 0]] }, 1)).toEqual([])
    expect(jacobian(s, [2, 2], 'forward').rows).toEqual([[0.5, 0.5], [0.5, 0.5]])
    expect(jacobian(s, [2, 2], 'reverse').rows).toEqual([[0.5, 0.5], [0.5, 0.5]])
  })

  it('hypot and atan2 have gradient 0 at the origin (and their usual gradient elsewhere)', () => {
    const zero2 = { gradient: [0, 0], hessian: [[0, 0], [0, 0]] }
    expectEverySweep('hypot(x, y)', [0, 0], { value: 0, ...zero2 })
    expectEverySweep('atan2(y, x)', [0, 0], { value: 0, ...zero2 })
    // at (3, 4): ∇hypot = (x, y)/5, ∇atan2(y, x) = (−y, x)/25 (inputs ordered x, y)
    const h = compiled('hypot(x, y)')
    for (const mode of ['forward', 'reverse'] as const) {
      const g = gradient(h, [3, 4], 0, mode).gradient
      expect(g[0]).toBeCloseTo(0.6, 15)
      expect(g[1]).toBeCloseTo(0.8, 15)
    }
    const a = compiled('atan2(y, x)')
    for (const mode of ['forward', 'reverse'] as const) {
      const g = gradient(a, [3, 4], 0, mode).gradient
      expect(g[0]).toBeCloseTo(-4 / 25, 15)
      expect(g[1]).toBeCloseTo(3 / 25, 15)
    }
    expect(notes(h, [0, 0]).map((n) => n.kind)).toEqual(['kink'])
    expect(notes(a, [0, 0]).map((n) => n.kind)).toEqual(['kink'])
  })
})

describe('jumps have derivative 0, on both sides and at the jump', () => {
  it('sign, floor, ceil and round', () => {
    const flat = { gradient: [0], hessian: [[0]] }
    expectEverySweep('sign(x)', [0], { value: 0, ...flat })
    expectEverySweep('sign(x)', [-0.3], { value: -1, ...flat })
    expectEverySweep('floor(x)', [2], { value: 2, ...flat })
    expectEverySweep('floor(x)', [2.3], { value: 2, ...flat })
    expectEverySweep('ceil(x)', [2], { value: 2, ...flat })
    expectEverySweep('ceil(x)', [-1.7], { value: -1, ...flat })
    expectEverySweep('round(x)', [2.5], { value: 2, ...flat })
    expectEverySweep('round(x)', [-0.2], { value: -0, ...flat })
    // with the product rule: (floor(x)·x)′ = floor(x) + x·0 at the jump x = 2, and likewise
    expectEverySweep('floor(x) * x', [2], { value: 4, gradient: [2], hessian: [[0]] })
    expectEverySweep('ceil(x) * x', [2], { value: 4, gradient: [2], hessian: [[0]] })
    expectEverySweep('round(x) * x', [2.5], { value: 5, gradient: [2], hessian: [[0]] })
    expectEverySweep('sign(x) * x', [0], { value: 0, gradient: [0], hessian: [[0]] })
    expectEverySweep('sign(x) * x', [-3], { value: 3, gradient: [-1], hessian: [[0]] })
  })

  it('quotient, where y divides x and elsewhere', () => {
    expectEverySweep('quotient(x, y)', [6, 3], { value: 2, gradient: [0, 0], hessian: [[0, 0], [0, 0]] })
    expectEverySweep('quotient(x, y)', [-7, 2], { value: -4, gradient: [0, 0], hessian: [[0, 0], [0, 0]] })
    expect(notes(compiled('quotient(x, y)'), [6, 3]).map((n) => n.kind)).toEqual(['kink'])
  })

  it('remainder: ∂/∂x = 1 and ∂/∂y = −floor(x/y), also where y divides x', () => {
    // x − y·floor(x/y): at (7, 2) floor = 3, at (6, 3) the documented convention uses floor(6/3) = 2
    expectEverySweep('remainder(x, y)', [7, 2], { value: 1, gradient: [1, -3], hessian: [[0, 0], [0, 0]] })
    expectEverySweep('remainder(x, y)', [6, 3], { value: 0, gradient: [1, -2], hessian: [[0, 0], [0, 0]] })
  })

  it('scale2 has ∂/∂n = 0, also at the half-integers where n rounds to the other side', () => {
    // inputs in natural order: x, y = n
    expectEverySweep('scale2(x, y)', [3, 0.5], { value: 3, gradient: [1, 0], hessian: [[0, 0], [0, 0]] })
    expectEverySweep('scale2(x, y)', [3, -1.5], { value: 0.75, gradient: [0.25, 0], hessian: [[0, 0], [0, 0]] })
    expectEverySweep('scale2(x, y)', [3, 2.2], { value: 12, gradient: [4, 0], hessian: [[0, 0], [0, 0]] })
    expect(notes(compiled('scale2(x, y)'), [3, 0.5]).map((n) => n.kind)).toEqual(['kink'])
  })
})

describe('vertical tangents are infinite', () => {
  it('sqrt′(0) = +∞ with a nonzero seed, and sqrt″(0) = −∞', () => {
    expectEverySweep('sqrt(x)', [0], { value: 0, gradient: [Infinity], hessian: [[-Infinity]] })
    const s = compiled('sqrt(x)')
    expect(notes(s, [0])).toEqual([{ block: 'b1', kind: 'domain', message: 'the derivative of √x is infinite at 0' }])
    expect(jvp(s, [0], [2]).tangent).toEqual([Infinity])
    expect(vjp(s, [0], [2]).adjoint).toEqual([Infinity])
  })

  it('cbrt′(0) = +∞', () => {
    expectEverySweep('cbrt(x)', [0], { value: 0, gradient: [Infinity] })
  })

  it('an input that is not seeded picks up no NaN from the infinite partial', () => {
    // f = √x + y² at (0, 1): ∂f/∂y = 2, ∂²f/∂y² = 2, ∂²f/∂x∂y = 0
    const s = compiled('sqrt(x) + y*y')
    expect(jvp(s, [0, 1], [0, 1]).tangent).toEqual([2])
    expect(jacobian(s, [0, 1], 'forward').rows).toEqual([[Infinity, 2]])
    expect(gradient(s, [0, 1], 0, 'reverse').gradient).toEqual([Infinity, 2])
    const h = hessian(s, [0, 1])
    expect([h.hessian[0][1], h.hessian[1][0], h.hessian[1][1]]).toEqual([0, 0, 2])
    expect(taylor(s, [0, 1], [0, 1], 3).derivatives[0]).toEqual([1, 2, 2, 0])
  })

  it('a zero partial stays zero against an infinite adjoint or tangent', () => {
    // √(x·y) at (0, 1): ∂/∂x = y/(2√(xy)) → +∞, but along y the function is √0 = 0, so ∂/∂y = 0. In
    // reverse mode the product's adjoint is +∞ and its partial ∂(xy)/∂y = x = 0 must contribute nothing.
    expectEverySweep('sqrt(x * y)', [0, 1], { value: 0, gradient: [Infinity, 0] })
    expect(taylor(compiled('sqrt(x * y)'), [0, 1], [0, 1], 3).derivatives[0]).toEqual([0, 0, 0, 0])
  })

  it('an output whose adjoint seed is zero passes no NaN to the inputs', () => {
    const s = compiled('f = sqrt(x); g = y*y')
    expect(vjp(s, [0, 1], [0, 1]).adjoint).toEqual([0, 2])
    expect(jacobian(s, [0, 1], 'forward').rows).toEqual([[Infinity, 0], [0, 2]])
    expect(jacobian(s, [0, 1], 'reverse').rows).toEqual([[Infinity, 0], [0, 2]])
    const h = hessian(s, [0, 1], 1)
    expect(h.gradient).toEqual([0, 2])
    expect(h.hessian).toEqual([[0, 0], [0, 2]])
    expect(taylor(s, [0, 1], [0, 1], 3).derivatives[1]).toEqual([1, 2, 2, 0])
  })
})

describe('zero is strong: the branch select does not take never poisons a derivative', () => {
  it('select(x > 0, sqrt(x), 0) at x = 0 has derivative exactly 0', () => {
    expectEverySweep('select(x > 0, sqrt(x), 0)', [0], { value: 0, gradient: [0], hessian: [[0]] })
    const d = taylor(compiled('select(x > 0, sqrt(x), 0)'), [0], [1], 4).derivatives[0]
    expect(d).toEqual([0, 0, 0, 0, 0])
    // on the taken side it is √x: ½/√x and −¼ x^(−3/2) at 4
    expectEverySweep('select(x > 0, sqrt(x), 0)', [4], { value: 2, gradient: [0.25], hessian: [[-1 / 32]] })
  })

  it('select(x > 0, log(x), 1) at x = 0 has derivative exactly 0', () => {
    expectEverySweep('select(x > 0, log(x), 1)', [0], { value: 1, gradient: [0], hessian: [[0]] })
    expect(taylor(compiled('select(x > 0, log(x), 1)'), [0], [1], 4).derivatives[0]).toEqual([1, 0, 0, 0, 0])
    expectEverySweep('select(x > 0, log(x), 1)', [2], { value: Math.LN2, gradient: [0.5], hessian: [[-0.25]] })
  })

  it('select(x > 0, log(x), x^2) at x = −1 has gradient −2', () => {
    expectEverySweep('select(x > 0, log(x), x^2)', [-1], { value: 1, gradient: [-2], hessian: [[2]] })
    expect(taylor(compiled('select(x > 0, log(x), x^2)'), [-1], [1], 3).derivatives[0]).toEqual([1, -2, 2, 0])
  })

  it('a product with an infinite factor: x·log(y) at (2, 0)', () => {
    // value −∞; ∂/∂x = log y → −∞, ∂/∂y = x/y → +∞; ∂²/∂x² = 0, ∂²/∂x∂y = 1/y → +∞, ∂²/∂y² = −x/y² → −∞.
    // Along x the function is x·(−∞): its Taylor coefficients past the first are 0·(−∞) terms, which
    // contribute nothing by the zero-is-strong rule, as in the Hessian.
    expectEverySweep('x * log(y)', [2, 0], { value: -Infinity, gradient: [-Infinity, Infinity], hessian: [[0, Infinity], [Infinity, -Infinity]] })
    expect(notes(compiled('x * log(y)'), [2, 0]).map((n) => n.message)).toEqual(['logarithm of zero is −∞'])
  })

  it('a select on a second input keeps the untaken infinite branch out of the other input too', () => {
    // select(y > 0, sqrt(x), y) at (0, −1): the branch taken is y, so ∇ = (0, 1) and H = 0
    expectEverySweep('select(y > 0, sqrt(x), y)', [0, -1], { value: -1, gradient: [0, 1], hessian: [[0, 0], [0, 0]] })
  })
})

describe('pow at a zero base', () => {
  it('pow(x, y) at x = 0, y = 2: ∂/∂y = 0, ∂/∂x = 0, and ∂²/∂x² = 2', () => {
    // x² has second derivative 2; x^y ln x → 0 and x^(y−1)(1 + y ln x) → 0 as x → 0⁺
    expectEverySweep('pow(x, y)', [0, 2], { value: 0, gradient: [0, 0], hessian: [[2, 0], [0, 0]] })
    // x² is smooth at 0: nothing to say there; x^0.5 is not (∂/∂x = 0.5·0^−0.5 = ∞)
    expect(notes(compiled('pow(x, y)'), [0, 2])).toEqual([])
    expect(notes(compiled('pow(x, y)'), [0, 0.5])).toEqual([{ block: 'b1', kind: 'domain', message: 'at x = 0, ∂/∂x is infinite for 0 < y < 1' }])
  })

  it('pow(x, y) at x = 0, y = 0: the value is 1 and ∂/∂x = 0', () => {
    expectEverySweep('pow(x, y)', [0, 0], { value: 1, gradient: [0, 0], hessian: [[0, 0], [0, 0]] })
  })

  it('pow(x, 3) at 0 and x^0 are smooth: 3x² and 0', () => {
    expectEverySweep('pow(x, 3)', [0], { value: 0, gradient: [0], hessian: [[0]] })
    expectEverySweep('x^0', [5], { value: 1, gradient: [0], hessian: [[0]] })
    expectEverySweep('pow(x, 3)', [-2], { value: -8, gradient: [12], hessian: [[-12]] })
  })
})

describe('division by zero', () => {
  it('x / y at (1, 0) has infinite derivatives in every sweep and a domain note', () => {
    // ∂/∂x = 1/y → +∞, ∂/∂y = −x/y² → −∞ (y → 0⁺); ∂²/∂x∂y = −1/y² → −∞, ∂²/∂y² = 2x/y³ → +∞
    expectEverySweep('x / y', [1, 0], { value: Infinity, gradient: [Infinity, -Infinity], hessian: [[0, -Infinity], [-Infinity, Infinity]] })
    expect(notes(compiled('x / y'), [1, 0])).toEqual([{ block: 'b1', kind: 'domain', message: 'division by zero' }])
    expect(notes(compiled('x / y'), [1, 2])).toEqual([])
  })

  it('reciprocal(x) at 0: −1/x² → −∞', () => {
    expectEverySweep('reciprocal(x)', [0], { value: Infinity, gradient: [-Infinity], hessian: [[Infinity]] })
    expect(notes(compiled('reciprocal(x)'), [0]).map((n) => n.message)).toEqual(['reciprocal of zero'])
  })

  it('1 / y in a larger diagram: the note names the block, the derivative stays infinite', () => {
    const s = compiled('x * x + 1 / y')
    for (const mode of ['forward', 'reverse'] as const) expect(gradient(s, [3, 0], 0, mode).gradient).toEqual([6, -Infinity])
    expect(taylor(s, [3, 0], [0, 1], 2).derivatives[0][1]).toBe(-Infinity)
    expect(taylor(s, [3, 0], [1, 0], 2).derivatives[0][1]).toBe(6)
    expect(notes(s, [3, 0]).map((n) => n.message)).toEqual(['division by zero'])
  })
})
