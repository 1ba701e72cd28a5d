import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compile, type Diagram, evaluate, gradient, hessian, hessianVector, jvp, PALETTE, taylor } from '../../core'
import { scalarize, TooManyElementsError } from '../../core/compile/scalarize'
import { DiagramBuilder, rosenbrockArrays } from '../support/array-diagrams'
import { richardson } from '../support/finite-differences'
import { mulberry32 } from '../support/random-diagrams'

// Second and higher derivatives of array diagrams are taken on the diagram of numbers an array diagram is at
// a point (core/compile/scalarize.ts). It must compute what the array diagram computes, to the bit; and the
// Hessians, Hessian-vector products and Taylor series it gives are held to closed forms worked out here and
// to central differences of the (exact, reverse-mode) gradient, never to the engine alone.

/** One block of `primitive` on inputs of these values, every output an output terminal. */
function oneBlock(primitive: string, values: (number | number[])[], params: Record<string, number> = {}, held?: number[]): Diagram {
  const b = new DiagramBuilder()
  const ins = values.map((v, i) => b.input(`x${i}`, v))
  b.block(primitive, ins, params).forEach((o, i) => b.output(`y${i}`, o))
  if (held) b.d.blocks[0].value = held
  return b.d
}

/** Each Array palette row on inputs that exercise it, with parameters. */
const ROWS: Record<string, { values: (number | number[])[]; params?: Record<string, number>; held?: number[] }> = {
  arrayconst: { values: [], held: [0.5, -0, 1e-300] },
  size: { values: [[1, 2, 3]] },
  index: { values: [[0.5, -1.5, 2.25], 1.2] },
  build: { values: [[0.5, -1.5], 2.25] },
  subset: { values: [[0.5, -1.5, 2.25, 4]], params: { offset: 1, length: 2 } },
  replace: { values: [[0.5, -1.5, 2.25, 4], [7, 8]], params: { offset: 1 } },
  init: { values: [0.75], params: { length: 4 } },
  ramp: { values: [0.3, 1.7], params: { n: 6 } },
  reverse: { values: [[0.5, -1.5, 2.25]] },
  rotate: { values: [[0.5, -1.5, 2.25, 4], 1] },
  sum: { values: [[0.1, 0.2, 0.3, -0]] },
  prod: { values: [[0.5, -1.5, 2.25, 4]] },
  arraymaxmin: { values: [[0.5, -1.5, 2.25, 4, -3]] },
  dot: { values: [[0.5, -1.5, 2.25], [1.1, 0.7, -0.3]] },
  cumsum: { values: [[0.1, 0.2, 0.3, 0.4]] },
  mean: { values: [[0.1, 0.2, 0.3, 0.4]] },
  std: { values: [[0.1, 0.25, 0.3, 0.45]] },
  norm: { values: [[0.3, -1.2, 0.4]] },
}

const flat = (values: (number | number[])[]) => values.flat()

describe('an array diagram taken apart into numbers', () => {
  it('covers every row of the Array palette', () => {
    expect(Object.keys(ROWS).sort()).toEqual(PALETTE.filter((p) => p.category === 'array').map((p) => p.id).sort())
  })

  for (const [id, { values, params, held }] of Object.entries(ROWS)) {
    it(`${id}: the same values to the bit, and the same gradient to rounding`, () => {
      const d = oneBlock(id, values, params, held)
      const x = flat(values)
      const s = compile(d)
      const t = compile(scalarize(d, x).diagram)
      const a = evaluate(s, x)
      const b = evaluate(t, x)
      expect(b.length).toBe(a.length)
      a.forEach((v, i) => expect(Object.is(b[i], v), `${id} output element ${i}: ${b[i]} for ${v}`).toBe(true))
      for (let o = 0; o < a.length; o++) {
        const ga = gradient(s, x, o).gradient
        const gb = gradient(t, x, o).gradient
        ga.forEach((g, i) => expect(Math.abs(gb[i] - g), `${id} ∂y[${o}]/∂x[${i}]`).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(g))))
      }
    })
  }

  it('refuses, before memory runs out, to grow past its limit of blocks', () => {
    const x = new Array(100).fill(0.5)
    expect(() => scalarize(rosenbrockArrays(x), x, 500)).toThrow(TooManyElementsError)
    expect(() => scalarize(rosenbrockArrays(x), x, 500)).toThrow('on at most 500 blocks of numbers')
    expect(scalarize(rosenbrockArrays(x), x, 1000).blockCount).toBeLessThanOrEqual(1000)
  })

  it('names its terminals by element and grows with the length', () => {
    const d = rosenbrockArrays([0.5, 1, 1.5, 2])
    const t = scalarize(d, [0.5, 1, 1.5, 2])
    expect(t.diagram.inputs.map((i) => i.name)).toEqual(['x[0]', 'x[1]', 'x[2]', 'x[3]'])
    expect(t.diagram.outputs.map((o) => o.name)).toEqual(['f'])
    expect(scalarize(rosenbrockArrays(new Array(40).fill(1)), new Array(40).fill(1)).blockCount).toBeGreaterThan(10 * t.blockCount)
  })
})

/** Rosenbrock's Hessian, worked out by hand: tridiagonal. */
function rosenbrockHessian(x: number[]): number[][] {
  const n = x.length
  const H = x.map(() => new Array<number>(n).fill(0))
  for (let i = 0; i < n - 1; i++) {
    H[i][i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2
    H[i + 1][i + 1] += 200
    H[i][i + 1] += -400 * x[i]
    H[i + 1][i] += -400 * x[i]
  }
  return H
}

function expectClose(actual: number[][], expected: number[][], tolerance: number, what: string): void {
  expected.forEach((row, i) => row.forEach((e, j) => expect(Math.abs(actual[i][j] - e), `${what}[${i}][${j}]: ${actual[i][j]} for ${e}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(e)))))
}

describe('Hessians of array diagrams, against closed forms', () => {
  it('Rosenbrock with 7 variables: tridiagonal, exact', () => {
    const x = [0.5, 1.2, -0.3, 0.8, 1.1, -0.7, 0.25]
    const h = hessian(compile(rosenbrockArrays(x)), x)
    expectClose(h.hessian, rosenbrockHessian(x), 1e-14, 'H')
  })

  it('the value and gradient beside a Hessian are those gradient() gives, to the bit', () => {
    const x = [0.5, 1.2, -0.3, 0.8]
    const s = compile(rosenbrockArrays(x))
    const h = hessian(s, x)
    const g = gradient(s, x)
    expect(h.value).toBe(g.value)
    expect(h.gradient).toEqual(g.gradient)
  })

  it('norm: (I − u uᵀ)/‖x‖', () => {
    const x = [0.3, -1.2, 0.4, 2]
    const r = Math.hypot(...x)
    const H = hessian(compile(oneBlock('norm', [x])), x).hessian
    expectClose(H, x.map((a, i) => x.map((b, j) => ((i === j ? 1 : 0) - (a * b) / (r * r)) / r)), 1e-15, 'H')
  })

  it('product: ∂²/∂x_i∂x_j is the product of the others, exact where an element is 0', () => {
    for (const x of [[0.5, -1.5, 2.25, 4], [0.5, 0, 2.25, 4], [0, 3, 0, 2]]) {
      const H = hessian(compile(oneBlock('prod', [x])), x).hessian
      const others = (i: number, j: number) => x.reduce((p, v, k) => (k === i || k === j ? p : p * v), 1)
      expectClose(H, x.map((_, i) => x.map((_, j) => (i === j ? 0 : others(i, j)))), 1e-15, `H at ${x}`)
    }
  })

  it('dot product: [[0, I], [I, 0]]', () => {
    const a = [0.5, -1.5, 2.25]
    const b = [1.1, 0.7, -0.3]
    const H = hessian(compile(oneBlock('dot', [a, b])), [...a, ...b]).hessian
    expect(H).toEqual([0, 1, 2, 3, 4, 5].map((i) => [0, 1, 2, 3, 4, 5].map((j) => (Math.abs(i - j) === 3 ? 1 : 0))))
  })

  it('standard deviation: (δ_ij − 1/n)/((n−1)s) − d_i d_j/((n−1)² s³)', () => {
    const x = [0.1, 0.25, 0.3, 0.45, -0.2]
    const n = x.length
    const mean = x.reduce((a, b) => a + b) / n
    const d = x.map((v) => v - mean)
    const s = Math.sqrt(d.reduce((a, v) => a + v * v, 0) / (n - 1))
    const H = hessian(compile(oneBlock('std', [x])), x).hessian
    expectClose(H, x.map((_, i) => x.map((_, j) => ((i === j ? 1 : 0) - 1 / n) / ((n - 1) * s) - (d[i] * d[j]) / ((n - 1) ** 2 * s ** 3))), 1e-13, 'H')
  })

  it('an array output: the Hessian of each element', () => {
    // y = x · x element by element: ∂²y[i]/∂x[i]² = 2 and nothing else.
    const x = [0.5, -1.5, 2.25]
    const b = new DiagramBuilder()
    const xs = b.input('x', x)
    b.output('y', b.op('mul', [xs, xs]))
    const s = compile(b.d)
    for (let e = 0; e < 3; e++) expect(hessian(s, x, e).hessian).toEqual(x.map((_, i) => x.map((_, j) => (i === e && j === e ? 2 : 0))))
  })
})

describe('Hessians and Hessian-vector products on random array diagrams', () => {
  const diagram = fc.record({
    n: fc.integer({ min: 1, max: 6 }),
    steps: fc.array(fc.constantFrom('sin', 'mul', 'add', 'square', 'cumsum', 'reverse', 'rotate', 'exp', 'scalarmul', 'tanh', 'replace', 'prod', 'norm', 'dot', 'subset', 'ramp'), { minLength: 1, maxLength: 7 }),
    seed: fc.integer(),
  })

  /** A random chain of array blocks on an array a and a number c, reduced to one number at the end. */
  function build(n: number, steps: string[], rng: () => number): { d: Diagram; x: number[] } {
    const b = new DiagramBuilder()
    // Away from 0, where a norm of products has a corner that differences across it would not see.
    const ax = Array.from({ length: n }, () => (rng() < 0.5 ? -1 : 1) * (0.2 + 0.6 * rng()))
    const a = b.input('a', ax)
    const c = b.input('c', 0.3 + rng())
    let v = a
    let len = n
    for (const step of steps) {
      if (step === 'mul' || step === 'add') v = len === n ? b.op(step, [v, a]) : b.op(step, [v, c])
      else if (step === 'scalarmul') v = b.op('mul', [c, v])
      else if (step === 'rotate') v = b.op('rotate', [v, b.constant(Math.floor(rng() * 5) - 2)])
      else if (step === 'replace') v = b.op('replace', [v, c], { offset: Math.floor(rng() * len) })
      // Bounded above and below, so that no chain grows or shrinks past what central differences can follow.
      else if (step === 'prod' || step === 'norm') v = b.op('mul', [b.op('cos', [b.op(step, [b.op('sin', [v])])]), a])
      else if (step === 'dot') v = b.op('mul', [a, b.op('sin', [b.op('dot', [v, a])])])
      else if (step === 'subset') v = b.op('build', [b.op('subset', [v], { offset: 0, length: 1 }), b.op('subset', [v], { offset: 1 })])
      else if (step === 'ramp') v = b.op('add', [v, b.op('index', [b.op('ramp', [c, b.op('sum', [v])], { n: 3 }), b.constant(1)])])
      else v = b.op(step, [v])
      if (step === 'prod' || step === 'norm' || step === 'dot') len = n
    }
    b.output('f', b.op('sum', [b.op('sin', [v])]))
    return { d: b.d, x: [...ax, 0.3 + rng()] }
  }

  it('the Hessian is symmetric, is central differences of the gradient, and H·v is the Hessian times v (150 diagrams)', () => {
    fc.assert(
      fc.property(diagram, ({ n, steps, seed }) => {
        const rng = mulberry32(seed)
        const { d, x } = build(n, steps, rng)
        const s = compile(d)
        const { hessian: H } = hessian(s, x)
        const scale = Math.max(1, ...H.flat().map(Math.abs))
        for (let j = 0; j < x.length; j++) {
          const column = richardson((t) => gradient(s, x.map((v, i) => (i === j ? v + t : v))).gradient, 1e-4)
          column.forEach((c, i) => expect(Math.abs(H[i][j] - c), `H[${i}][${j}] ${steps.join(' ')}`).toBeLessThanOrEqual(1e-6 * scale))
          H.forEach((row, i) => expect(row[j]).toBe(H[j][i]))
        }
        const v = x.map(() => rng() - 0.5)
        const hv = hessianVector(s, x, v).product
        const expected = H.map((row) => row.reduce((sum, h, j) => sum + h * v[j], 0))
        hv.forEach((p, i) => expect(Math.abs(p - expected[i])).toBeLessThanOrEqual(1e-12 * scale))
      }),
      { seed: 7, numRuns: 150 },
    )
  })
})

describe('Taylor series of array diagrams', () => {
  it('Σ exp(x) along v: the k-th derivative is Σ exp(x_i) v_i^k', () => {
    const x = [0.5, -1.5, 0.25]
    const v = [1, 0.5, -2]
    const b = new DiagramBuilder()
    b.output('f', b.op('sum', [b.op('exp', [b.input('x', x)])]))
    const t = taylor(compile(b.d), x, v, 6)
    for (let k = 0; k <= 6; k++) {
      const expected = x.reduce((sum, xi, i) => sum + Math.exp(xi) * v[i] ** k, 0)
      expect(Math.abs(t.derivatives[0][k] - expected), `k = ${k}`).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(expected)))
    }
  })

  it('an array output has a series per element: sin(x[i]) along v_i', () => {
    const x = [0.5, -1.5]
    const v = [1, 3]
    const b = new DiagramBuilder()
    b.output('y', b.op('sin', [b.input('x', x)]))
    const t = taylor(compile(b.d), x, v, 4)
    const sinDerivative = (a: number, k: number) => [Math.sin, Math.cos, (u: number) => -Math.sin(u), (u: number) => -Math.cos(u)][k % 4](a)
    expect(t.derivatives).toHaveLength(2)
    t.derivatives.forEach((row, i) => row.forEach((dk, k) => expect(Math.abs(dk - sinDerivative(x[i], k) * v[i] ** k)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(v[i] ** k)))))
  })

  it('the first derivative is J·v and the second vᵀ H v, on Rosenbrock', () => {
    const x = [0.5, 1.2, -0.3, 0.8]
    const v = [0.3, -1, 2, 0.5]
    const s = compile(rosenbrockArrays(x))
    const t = taylor(s, x, v, 4)
    expect(Math.abs(t.derivatives[0][1] - jvp(s, x, v).tangent[0])).toBeLessThanOrEqual(1e-12)
    const H = rosenbrockHessian(x)
    const vHv = H.reduce((sum, row, i) => sum + v[i] * row.reduce((r, h, j) => r + h * v[j], 0), 0)
    expect(Math.abs(t.derivatives[0][2] - vHv)).toBeLessThanOrEqual(1e-12 * Math.abs(vHv))
    // A quartic: its fourth derivative along v is 2400 Σ v_i⁴ over the first n − 1 elements; the fifth is 0.
    expect(t.derivatives[0][4]).toBeCloseTo(2400 * v.slice(0, -1).reduce((sum, vi) => sum + vi ** 4, 0), 9)
  })
})
