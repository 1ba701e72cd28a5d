import { describe, expect, it } from 'vitest'
import {
  compile,
  type Diagram,
  evaluate,
  Evaluator,
  formulaToDiagram,
  gradient,
  hessian,
  jacobian,
  jvp,
  type Schedule,
  taylor,
  vjp,
} from '../../core'
import { richardson } from '../support/finite-differences'
import { mulberry32, type Random, randomDiagram } from '../support/random-diagrams'

// Random diagrams from a seeded generator: every sweep against every other (forward with all inputs at once
// and in chunks, reverse, JVP, VJP, Taylor, forward-over-reverse Hessian) and each family against finite
// differences of the values, which use nothing but evaluation. The generator is in test/support/random-diagrams.ts.

// ---------------------------------------------------------------------------------------------------
// References and tolerances

/** |a − b| ≤ tol · max(|a|, |b|, scale, 1); `scale` is the size of the terms a sum cancelled. */
const near = (a: number, b: number, tol: number, scale = 1) => Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b), scale, 1)

const shifted = (x: number[], v: number[], t: number) => x.map((xi, i) => xi + t * v[i])

/** The raw forward-over-reverse Hessian, before the driver symmetrises it: H[i][j] = ∂/∂x_j of ∂f/∂x_i. */
function rawHessian(s: Schedule, x: number[], output: number): number[][] {
  const n = x.length
  const ev = new Evaluator(s)
  ev.setInputs(x)
  ev.sweepValues(2)
  const w = s.outputs.map((_, i) => (i === output ? 1 : 0))
  const H = Array.from({ length: n }, () => new Array<number>(n).fill(0))
  const k = Math.min(n, 8)
  for (let first = 0; first < n; first += k) {
    const width = Math.min(k, n - first)
    const seeds = new Float64Array(n * width)
    for (let j = 0; j < width; j++) seeds[(first + j) * width + j] = 1
    ev.forward(seeds, width)
    ev.reverseSecond(w)
    for (let i = 0; i < n; i++) for (let j = 0; j < width; j++) H[i][first + j] = ev.B[s.inputs[i].slot * width + j]
  }
  return H
}

/** Every check on one diagram; returns the problems found, as readable lines. */
function checkDiagram(r: Random, rng: () => number): string[] {
  const problems: string[] = []
  const fail = (what: string, a: number, b: number) => problems.push(`${what}: ${a} vs ${b}`)
  const s = compile(r.d)
  const s2 = compile(r.d, { second: true })
  const { x } = r
  const n = x.length
  const values = evaluate(s, x)
  const m = values.length
  if (!values.every(Number.isFinite)) return [`values not finite: ${values}`]

  // first order: forward (all inputs at once, in chunks of 8), reverse, gradient driver
  const Jf = jacobian(s, x, 'forward').rows
  const Jr = jacobian(s, x, 'reverse').rows
  for (let o = 0; o < m; o++) {
    const gf = gradient(s, x, o, 'forward').gradient
    const gr = gradient(s, x, o, 'reverse').gradient
    for (let i = 0; i < n; i++) {
      if (!near(Jf[o][i], Jr[o][i], 1e-12)) fail(`J[${o}][${i}] forward vs reverse`, Jf[o][i], Jr[o][i])
      if (!near(gf[i], Jr[o][i], 1e-12)) fail(`gradient(${o}) forward [${i}] vs reverse Jacobian`, gf[i], Jr[o][i])
      if (!near(gr[i], Jf[o][i], 1e-12)) fail(`gradient(${o}) reverse [${i}] vs forward Jacobian`, gr[i], Jf[o][i])
    }
  }
  // … and against finite differences of the values, one input at a time
  for (let i = 0; i < n; i++) {
    const e = x.map((_, j) => (j === i ? 1 : 0))
    const fd = richardson((t) => evaluate(s, shifted(x, e, t)), 1e-3 * Math.max(1, Math.abs(x[i])))
    for (let o = 0; o < m; o++) {
      const scale = 1 + Math.max(...Jr[o].map(Math.abs))
      if (!(Math.abs(fd[o] - Jr[o][i]) <= 1e-6 * scale)) fail(`J[${o}][${i}] vs finite differences`, Jr[o][i], fd[o])
    }
  }

  // JVP along a random direction = Σ ∂f/∂x_i v_i, and the first Taylor coefficient too
  const v = x.map(() => rng() * 2 - 1)
  const jv = jvp(s, x, v)
  const t1 = taylor(s, x, v, 1).coefficients
  for (let o = 0; o < m; o++) {
    const sum = Jr[o].reduce((acc, g, i) => acc + g * v[i], 0)
    const size = Jr[o].reduce((acc, g, i) => acc + Math.abs(g * v[i]), 0)
    if (jv.value[o] !== values[o]) fail(`jvp value ${o}`, jv.value[o], values[o])
    if (!near(jv.tangent[o], sum, 1e-12, size)) fail(`jvp ${o} vs Σ grad·v`, jv.tangent[o], sum)
    if (t1[o][0] !== values[o]) fail(`taylor c0 ${o}`, t1[o][0], values[o])
    if (!near(t1[o][1], sum, 1e-12, size)) fail(`taylor c1 ${o} vs Σ grad·v`, t1[o][1], sum)
  }
  // … and the directional derivative against finite differences along v
  const fdv = richardson((t) => evaluate(s, shifted(x, v, t)), 1e-3)
  for (let o = 0; o < m; o++) {
    const size = Jr[o].reduce((acc, g, i) => acc + Math.abs(g * v[i]), 0)
    if (!(Math.abs(fdv[o] - jv.tangent[o]) <= 1e-6 * (1 + size))) fail(`jvp ${o} vs finite differences`, jv.tangent[o], fdv[o])
  }

  // VJP with random output weights = Σ w_o ∂f_o/∂x
  const w = values.map(() => rng() * 2 - 1)
  const vj = vjp(s, x, w)
  for (let i = 0; i < n; i++) {
    const sum = Jf.reduce((acc, row, o) => acc + w[o] * row[i], 0)
    const size = Jf.reduce((acc, row, o) => acc + Math.abs(w[o] * row[i]), 0)
    if (!near(vj.adjoint[i], sum, 1e-12, size)) fail(`vjp [${i}] vs Σ w·J`, vj.adjoint[i], sum)
  }

  // second order, for every output
  for (let o = 0; o < m; o++) {
    const raw = rawHessian(s2, x, o)
    const h = hessian(s2, x, o)
    const hmax = Math.max(1, ...raw.flat().map(Math.abs))
    for (let i = 0; i < n; i++) {
      if (!near(h.gradient[i], Jr[o][i], 1e-12)) fail(`hessian(${o}).gradient[${i}] vs reverse`, h.gradient[i], Jr[o][i])
      for (let j = 0; j < n; j++) {
        if (!(Math.abs(raw[i][j] - raw[j][i]) <= 1e-10 * hmax)) fail(`raw H(${o}) [${i}][${j}] vs [${j}][${i}]`, raw[i][j], raw[j][i])
        if (!(Math.abs(h.hessian[i][j] - raw[i][j]) <= 1e-10 * hmax)) fail(`hessian(${o}) [${i}][${j}] vs raw`, h.hessian[i][j], raw[i][j])
      }
    }
    // the Jacobian of the reverse gradient by central differences
    for (let j = 0; j < n; j++) {
      const e = x.map((_, k) => (k === j ? 1 : 0))
      const fd = richardson((t) => gradient(s, shifted(x, e, t), o, 'reverse').gradient, 1e-3 * Math.max(1, Math.abs(x[j])))
      for (let i = 0; i < n; i++) {
        if (!(Math.abs(fd[i] - h.hessian[i][j]) <= 1e-5 * hmax)) fail(`H(${o}) [${i}][${j}] vs finite differences of the gradient`, h.hessian[i][j], fd[i])
      }
    }
    // Taylor along v: 2·c₂ = vᵀHv; 6·c₃ = d/dt of the second directional derivative
    const c = taylor(s2, x, v, 3).coefficients[o]
    let vHv = 0
    let size = 0
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        vHv += v[i] * h.hessian[i][j] * v[j]
        size += Math.abs(v[i] * h.hessian[i][j] * v[j])
      }
    }
    if (!near(2 * c[2], vHv, 1e-10, size)) fail(`2·c2(${o}) vs vᵀHv`, 2 * c[2], vHv)
    const third = richardson((t) => [taylor(s, shifted(x, v, t), v, 2).derivatives[o][2]], 1e-3)[0]
    if (!(Math.abs(6 * c[3] - third) <= 1e-5 * Math.max(1, Math.abs(third), size))) fail(`6·c3(${o}) vs finite differences of 2·c2`, 6 * c[3], third)
  }
  return problems
}

// ---------------------------------------------------------------------------------------------------

const SMALL = 320 // diagrams over 2–6 inputs
const WIDE = 40 // diagrams over 9–14 inputs, so forward sweeps and Hessians go in chunks of 8
const BATCH = 40

describe('random diagrams: every sweep agrees with every other and with finite differences', () => {
  const opsSeen = new Set<string>()
  let blocks = 0
  let diagrams = 0

  for (let batch = 0; batch < SMALL / BATCH; batch++) {
    it(`diagrams ${batch * BATCH}–${batch * BATCH + BATCH - 1} over 2–6 inputs`, () => {
      const problems: string[] = []
      for (let k = batch * BATCH; k < (batch + 1) * BATCH; k++) {
        const r = randomDiagram(1000 + k)
        expect(r.x.length).toBeGreaterThanOrEqual(2)
        expect(r.x.length).toBeLessThanOrEqual(6)
        r.ops.forEach((op) => opsSeen.add(op))
        blocks += r.d.blocks.length
        diagrams++
        for (const p of checkDiagram(r, mulberry32(5000 + k))) problems.push(`diagram seed ${1000 + k}: ${p}`)
      }
      expect(problems.slice(0, 20)).toEqual([])
    })
  }

  it(`${WIDE} diagrams over 9–14 inputs (chunked forward sweeps)`, () => {
    const problems: string[] = []
    for (let k = 0; k < WIDE; k++) {
      const r = randomDiagram(9000 + k, 9 + (k % 6))
      r.ops.forEach((op) => opsSeen.add(op))
      blocks += r.d.blocks.length
      diagrams++
      for (const p of checkDiagram(r, mulberry32(7000 + k))) problems.push(`wide diagram seed ${9000 + k}: ${p}`)
    }
    expect(problems.slice(0, 20)).toEqual([])
  })

  it('covered every operation the generator knows, with 5–60 blocks a diagram', () => {
    expect(diagrams).toBe(SMALL + WIDE)
    for (const op of ['add', 'sub', 'mul', 'div', 'neg', 'square', 'sqrt', 'exp', 'log', 'sin', 'cos', 'tanh', 'atan', 'hypot', 'pow', 'max', 'min', 'select', 'gt', 'ge', 'lt', 'le', 'sincos', 'maxmin', 'constant']) {
      expect(opsSeen.has(op), op).toBe(true)
    }
    expect(blocks / diagrams).toBeGreaterThan(20)
    for (let k = 0; k < 50; k++) {
      const size = randomDiagram(1000 + k).d.blocks.length
      expect(size).toBeGreaterThanOrEqual(5)
      expect(size).toBeLessThanOrEqual(60)
    }
  })
})

describe('a chain of 10,000 blocks', () => {
  // t₀ = x, t_{k+1} = sin(t_k)·0.5 + x: 3 blocks a step plus one shared constant.
  const steps = 3333
  const d: Diagram = {
    title: 'chain',
    inputs: [{ id: 'i1', name: 'x', value: 0 }],
    outputs: [{ id: 'o1', name: 'f' }],
    blocks: [{ id: 'half', primitive: 'constant', params: { value: 0.5 } }],
    wires: [],
    layout: { positions: {}, ranges: {} },
  }
  let prev = { node: 'i1', port: 'value' }
  let w = 0
  const wire = (from: { node: string; port: string }, node: string, port: string) => d.wires.push({ id: `w${++w}`, from, to: { node, port } })
  for (let k = 0; k < steps; k++) {
    d.blocks.push({ id: `s${k}`, primitive: 'sin', params: {} }, { id: `m${k}`, primitive: 'mul', params: {} }, { id: `a${k}`, primitive: 'add', params: {} })
    wire(prev, `s${k}`, 'x')
    wire({ node: `s${k}`, port: 'r' }, `m${k}`, 'x')
    wire({ node: 'half', port: 'r' }, `m${k}`, 'y')
    wire({ node: `m${k}`, port: 'r' }, `a${k}`, 'x')
    wire({ node: 'i1', port: 'value' }, `a${k}`, 'y')
    prev = { node: `a${k}`, port: 'r' }
  }
  wire(prev, 'o1', 'value')

  // The derivatives of t_k with respect to x, by hand:
  //   t′ ← ½ cos t · t′ + 1,  t″ ← ½ (cos t · t″ − sin t · t′²),  t‴ ← ½ (cos t · t‴ − 3 sin t · t′ t″ − cos t · t′³)
  const x = 0.8
  let [t, t1, t2, t3] = [x, 1, 0, 0]
  for (let k = 0; k < steps; k++) {
    const [sn, cs] = [Math.sin(t), Math.cos(t)]
    const n1 = 0.5 * cs * t1 + 1
    const n2 = 0.5 * (cs * t2 - sn * t1 * t1)
    const n3 = 0.5 * (cs * t3 - 3 * sn * t1 * t2 - cs * t1 * t1 * t1)
    ;[t, t1, t2, t3] = [0.5 * sn + x, n1, n2, n3]
  }

  it('has 10,000 blocks and a non-trivial derivative to check', () => {
    expect(d.blocks.length).toBe(10_000)
    expect(Math.abs(t1)).toBeGreaterThan(0.5)
    expect(Math.abs(t2)).toBeGreaterThan(0.01)
    expect(Math.abs(t3)).toBeGreaterThan(0.01)
  })

  it('evaluates and differentiates in both modes, and to second order, without a stack overflow', () => {
    const s = compile(d, { second: true })
    expect(near(evaluate(s, [x])[0], t, 1e-12)).toBe(true)
    for (const mode of ['forward', 'reverse'] as const) {
      const g = gradient(s, [x], 0, mode)
      expect(near(g.value, t, 1e-12)).toBe(true)
      expect(near(g.gradient[0], t1, 1e-12), `${mode}: ${g.gradient[0]} vs ${t1}`).toBe(true)
    }
    const h = hessian(s, [x]).hessian[0][0]
    expect(near(h, t2, 1e-10), `${h} vs ${t2}`).toBe(true)
  })

  it('runs a Taylor series of order 3 without a stack overflow', () => {
    const s = compile(d)
    const dd = taylor(s, [x], [1], 3).derivatives[0]
    expect(near(dd[0], t, 1e-12)).toBe(true)
    expect(near(dd[1], t1, 1e-12), `${dd[1]} vs ${t1}`).toBe(true)
    expect(near(dd[2], t2, 1e-10), `${dd[2]} vs ${t2}`).toBe(true)
    expect(near(dd[3], t3, 1e-10), `${dd[3]} vs ${t3}`).toBe(true)
  })
})

describe('second derivatives far out on a saturating primitive', () => {
  it('tanh: −2 tanh x sech² x, which is 0 (not NaN) where cosh x overflows', () => {
    // Written as 1/cosh², the first partial's own derivative was ∞/∞ for |x| > 355.
    const s = compile(formulaToDiagram('tanh(x)'), { second: true })
    for (const x of [0.7, -3, 20, 400, -800]) {
      const expected = -2 * Math.tanh(x) / Math.cosh(x) ** 2
      const h = hessian(s, [x]).hessian[0][0]
      expect(Math.abs(h - expected), `x = ${x}: ${h} for ${expected}`).toBeLessThanOrEqual(4e-15 * Math.abs(expected) + 1e-300)
    }
  })
})
