import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  BrokenDiagramError, causeText, compile, diagnose, FLAG_VALUE, flagValues, wireResult, type Diagram, ELEMENTWISE, evaluate, Evaluator, findPrimitive, jacobian, jvp, loadDiagram, saveDiagram, vjp,
} from '../../core'
import { DiagramBuilder, rosenbrockArrays, rosenbrockClosedForm } from '../support/array-diagrams'
import { richardson } from '../support/finite-differences'
import { mulberry32 } from '../support/random-diagrams'

// Arrays on wires: every Array palette row against closed forms and central differences, every row of the
// kernel language on arrays against the scalar engine element by element (to the bit), reverse against
// forward on random array diagrams, and the file format.

/** One block of `primitive` on inputs a, b, … with the given values; its outputs are terminals. */
function oneBlock(primitive: string, values: (number | number[])[], params: Record<string, number> = {}): Diagram {
  const b = new DiagramBuilder()
  const p = findPrimitive(primitive)!
  const ins = values.map((v, i) => b.input(p.inputs[i].id, v))
  b.block(primitive, ins, params).forEach((o, i) => b.output(p.outputs[i].id, o))
  return b.d
}

/** The same number to the bit (0 and −0 alike, as a sum starting from 0 makes them). */
const same = (a: number, b: number) => Object.is(a, b) || a === b
const flat = (values: (number | number[])[]) => values.flat()
const close = (a: number, b: number, tol = 1e-7) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b))

/** Forward and reverse Jacobians of a diagram at x, each against central differences of its values. */
function checkJacobian(d: Diagram, x: number[], skip: (input: number) => boolean = () => false): void {
  const s = compile(d)
  const fwd = jacobian(s, x, 'forward').rows
  const rev = jacobian(s, x, 'reverse').rows
  for (let i = 0; i < x.length; i++) {
    if (skip(i)) continue
    const fd = richardson((t) => evaluate(s, x.map((v, j) => (j === i ? v + t : v))), 1e-3)
    fd.forEach((g, o) => {
      expect(close(fwd[o][i], g), `∂out${o}/∂x${i}: forward ${fwd[o][i]}, differences ${g}`).toBe(true)
      expect(close(rev[o][i], g), `∂out${o}/∂x${i}: reverse ${rev[o][i]}, differences ${g}`).toBe(true)
    })
  }
}

describe('the Array palette, against closed forms and central differences', () => {
  const x = [0.5, -1.25, 2, 0.75, -0.5]
  const cases: Array<{ id: string; ins: (number | number[])[]; params?: Record<string, number>; want: (number | number[])[]; indexInputs?: number[] }> = [
    { id: 'size', ins: [x], want: [5] },
    { id: 'index', ins: [x, 3], want: [0.75], indexInputs: [5] },
    { id: 'index', ins: [x, 2.4], want: [2], indexInputs: [5] },
    { id: 'build', ins: [x, 7], want: [[...x, 7]] },
    { id: 'build', ins: [3, [1, 2]], want: [[3, 1, 2]] },
    { id: 'subset', ins: [x], params: { offset: 1, length: 3 }, want: [[-1.25, 2, 0.75]] },
    { id: 'subset', ins: [x], params: { offset: 0, length: -1 }, want: [[0.5, -1.25, 2, 0.75]] },
    { id: 'subset', ins: [x], params: { offset: -2 }, want: [[0.75, -0.5]] },
    { id: 'replace', ins: [x, [9, 8]], params: { offset: 2 }, want: [[0.5, -1.25, 9, 8, -0.5]] },
    { id: 'replace', ins: [x, 4], params: { offset: 0 }, want: [[4, -1.25, 2, 0.75, -0.5]] },
    { id: 'init', ins: [1.5], params: { length: 3 }, want: [[1.5, 1.5, 1.5]] },
    { id: 'ramp', ins: [1, 2], params: { n: 5 }, want: [[1, 1.25, 1.5, 1.75, 2]] },
    { id: 'reverse', ins: [x], want: [[-0.5, 0.75, 2, -1.25, 0.5]] },
    { id: 'rotate', ins: [x, 1], want: [[-0.5, 0.5, -1.25, 2, 0.75]], indexInputs: [5] },
    { id: 'rotate', ins: [x, -2], want: [[2, 0.75, -0.5, 0.5, -1.25]], indexInputs: [5] },
    { id: 'sum', ins: [x], want: [1.5] },
    { id: 'prod', ins: [x], want: [0.5 * -1.25 * 2 * 0.75 * -0.5] },
    { id: 'arraymaxmin', ins: [x], want: [2, 2, -1.25, 1], indexInputs: [] },
    { id: 'dot', ins: [x, [1, 2, 3, 4, 5]], want: [0.5 - 2.5 + 6 + 3 - 2.5] },
    { id: 'cumsum', ins: [x], want: [[0.5, -0.75, 1.25, 2, 1.5]] },
    { id: 'mean', ins: [x], want: [0.3] },
    { id: 'std', ins: [[2, 4, 4, 4, 5, 5, 7, 9]], want: [Math.sqrt(32 / 7)] },
    { id: 'norm', ins: [[3, 4]], want: [5] },
  ]
  for (const c of cases) {
    it(`${c.id} ${JSON.stringify(c.ins)} ${c.params ? JSON.stringify(c.params) : ''}`, () => {
      const d = oneBlock(c.id, c.ins, c.params)
      const s = compile(d)
      const got = evaluate(s, flat(c.ins))
      const want = flat(c.want)
      expect(got.length).toBe(want.length)
      got.forEach((v, i) => expect(close(v, want[i], 1e-15), `element ${i}: ${v} for ${want[i]}`).toBe(true))
      // Index inputs carry no derivative (their difference quotient is 0 or a jump).
      checkJacobian(d, flat(c.ins), (i) => (c.indexInputs ?? []).some((at) => i >= at))
    })
  }

  it('Multiply Array Elements has the right gradient where an element is 0 (no 0/0)', () => {
    const s = compile(oneBlock('prod', [[2, 0, 3, 5]]))
    expect(vjp(s, [2, 0, 3, 5], [1]).adjoint).toEqual([0, 30, 0, 0])
    expect(vjp(compile(oneBlock('prod', [[0, 0, 3]])), [0, 0, 3], [1]).adjoint).toEqual([0, 0, 0])
    expect(vjp(compile(oneBlock('prod', [[0, 2, 3]])), [0, 2, 3], [1]).adjoint).toEqual([6, 0, 0])
  })

  it('Array Max & Min gives a tie equal shares, and its indices no derivative', () => {
    const s = compile(oneBlock('arraymaxmin', [[1, 3, 3, 0]]))
    const j = jacobian(s, [1, 3, 3, 0], 'reverse').rows
    expect(j[0]).toEqual([0, 0.5, 0.5, 0])
    expect(j[1]).toEqual([0, 0, 0, 0])
    expect(j[2]).toEqual([0, 0, 0, 1])
  })

  it('Index Array out of range is NaN, not a neighbour', () => {
    const s = compile(oneBlock('index', [[1, 2, 3], 3]))
    expect(evaluate(s, [1, 2, 3, 3])[0]).toBeNaN()
    expect(evaluate(s, [1, 2, 3, -1])[0]).toBeNaN()
  })

  it('Rosenbrock as arrays: value and gradient by the closed form, n = 5 and 1,000', () => {
    for (const n of [5, 1000]) {
      const rng = mulberry32(n)
      const x = Array.from({ length: n }, () => 2 * rng() - 1)
      const { f, g } = rosenbrockClosedForm(x)
      const s = compile(rosenbrockArrays(x))
      const r = vjp(s, x, [1])
      expect(close(r.value[0], f, 1e-14)).toBe(true)
      r.adjoint.forEach((v, i) => expect(close(v, g[i], 1e-12), `∂f/∂x${i}`).toBe(true))
    }
  })
})

describe('rows of the kernel language work element by element', () => {
  const rng = mulberry32(11)
  const value = () => 0.2 + 1.6 * rng() // inside every row's domain that matters here
  const rows = ELEMENTWISE.filter((p) => p.inputs.length > 0 && p.inputs.every((i) => i.type === 'number') && p.outputs.every((o) => o.type === 'number'))

  it('comparisons make Boolean arrays, and Select chooses element by element', () => {
    for (const cmp of ['gt', 'ge', 'lt', 'le', 'eq', 'ne'] as const) {
      const b = new DiagramBuilder()
      const x = b.input('x', [1, 2, 3, 4])
      const y = b.input('y', 2.5)
      b.output('r', b.op('select', [b.op(cmp, [x, y]), x, b.op('neg', [x])]))
      const s = compile(b.d)
      const test = { gt: (v: number) => v > 2.5, ge: (v: number) => v >= 2.5, lt: (v: number) => v < 2.5, le: (v: number) => v <= 2.5, eq: (v: number) => v === 2.5, ne: (v: number) => v !== 2.5 }[cmp]
      expect(evaluate(s, [1, 2, 3, 4, 2.5])).toEqual([1, 2, 3, 4].map((v) => (test(v) ? v : -v)))
      // d r[i]/d x[i] is +1 or −1 by the branch taken; y (the threshold) has none.
      const j = jacobian(s, [1, 2, 3, 4, 2.5], 'reverse').rows
      j.forEach((row, i) => expect(row).toEqual([0, 1, 2, 3, 4].map((k) => (k === i ? (test(i + 1) ? 1 : -1) : 0))))
    }
  })

  for (const p of rows) {
    it(`${p.id}: array with array, array with scalar, scalar with array, to the bit of the scalar engine`, () => {
      const n = 4
      const combos = p.inputs.length === 1 ? [[true]] : [p.inputs.map(() => true), p.inputs.map((_, i) => i === 0), p.inputs.map((_, i) => i !== 0)]
      for (const wide of combos) {
        const values = p.inputs.map((_, i) => (wide[i] ? Array.from({ length: n }, value) : value()))
        const d = oneBlock(p.id, values)
        const s = compile(d)
        const x = flat(values)
        const ev = new Evaluator(s)
        ev.setInputs(x)
        ev.sweepValues(1)
        const seeds = x.map((_, i) => 1 + i / 8)
        ev.forward(seeds, 1)
        const w = Array.from({ length: ev.outputCount }, (_, i) => 1 - i / 16)
        const adj = vjp(s, x, w).adjoint
        // The scalar engine on each element: one diagram of numbers per element.
        const scalarAdj = new Array<number>(x.length).fill(0)
        for (let el = 0; el < n; el++) {
          const pick = values.map((v) => (Array.isArray(v) ? v[el] : v))
          const at = values.map((v, i) => values.slice(0, i).reduce<number>((k, u) => k + (Array.isArray(u) ? n : 1), 0) + (Array.isArray(v) ? el : 0))
          const one = compile(oneBlock(p.id, pick))
          const r = jvp(one, pick, at.map((k) => seeds[k]))
          r.value.forEach((v, o) => expect(Object.is(ev.output(o * n + el), v), `${p.id} value ${o}[${el}]`).toBe(true))
          r.tangent.forEach((t, o) => expect(same(ev.outputTangent(o * n + el, 0), t), `${p.id} tangent ${o}[${el}]: ${ev.outputTangent(o * n + el, 0)} for ${t}`).toBe(true))
          const a = vjp(one, pick, r.value.map((_, o) => w[o * n + el])).adjoint
          a.forEach((g, i) => (scalarAdj[at[i]] += g))
        }
        adj.forEach((g, i) => expect(same(g, scalarAdj[i]), `${p.id} adjoint ${i}: ${g} for ${scalarAdj[i]}`).toBe(true))
      }
    })
  }

  it('two arrays of different lengths are an error on the block, naming both lengths', () => {
    const d = oneBlock('add', [[1, 2, 3], [1, 2]])
    expect(() => compile(d)).toThrow(BrokenDiagramError)
    expect(() => compile(d)).toThrow("Add b1: 'x' has 3 elements and 'y' has 2; an element-by-element block needs arrays of one length")
  })

  it('an array into a port that takes one number, or a number into one that takes an array, is named', () => {
    expect(() => compile(oneBlock('index', [[1, 2], [0, 1]]))).toThrow("input 'i' of Index Array b1 takes one number, not an array of 2")
    expect(() => compile(oneBlock('sum', [3]))).toThrow("input 'x' of Add Array Elements b1 takes an array, not a number")
    expect(() => compile(oneBlock('dot', [[1, 2], [1, 2, 3]]))).toThrow('a has 2 elements and b has 3')
  })

  it('empty arrays: a sum of none is 0, a mean of none is NaN, elementwise gives empty', () => {
    expect(evaluate(compile(oneBlock('sum', [[]])), [])).toEqual([0])
    expect(evaluate(compile(oneBlock('mean', [[]])), [])[0]).toBeNaN()
    expect(evaluate(compile(oneBlock('sin', [[]])), [])).toEqual([])
    expect(jacobian(compile(oneBlock('sum', [[]])), [], 'reverse').rows).toEqual([[]])
  })
})

describe('reverse against forward on random array diagrams', () => {
  /** A random chain of array blocks on one or two inputs of length n, with a scalar and an array output. */
  const diagram = fc.record({
    n: fc.integer({ min: 1, max: 12 }),
    steps: fc.array(fc.constantFrom('sin', 'mul', 'add', 'square', 'cumsum', 'reverse', 'rotate', 'exp', 'scalarmul', 'tanh', 'replace'), { minLength: 1, maxLength: 10 }),
    seed: fc.integer(),
  })
  it('⟨ȳ, J ẋ⟩ = ⟨Jᵀ ȳ, ẋ⟩ to rounding (300 diagrams)', () => {
    fc.assert(
      fc.property(diagram, ({ n, steps, seed }) => {
        const rng = mulberry32(seed)
        const b = new DiagramBuilder()
        const x = Array.from({ length: n }, () => rng() - 0.5)
        const a = b.input('a', x)
        const c = b.input('c', rng())
        let v = a
        for (const step of steps) {
          if (step === 'mul' || step === 'add') v = b.op(step, [v, a])
          else if (step === 'scalarmul') v = b.op('mul', [c, v])
          else if (step === 'rotate') v = b.op('rotate', [v, b.constant(Math.floor(rng() * 5) - 2)])
          else if (step === 'replace') v = b.op('replace', [v, c], { offset: Math.floor(rng() * n) })
          else v = b.op(step, [v])
        }
        b.output('y', v)
        b.output('s', b.op('sum', [v]))
        const s = compile(b.d)
        const point = [...x, 0.7]
        const xdot = point.map(() => rng() - 0.5)
        const ybar = Array.from({ length: n + 1 }, () => rng() - 0.5)
        const f = jvp(s, point, xdot)
        const r = vjp(s, point, ybar)
        const left = f.tangent.reduce((sum, t, i) => sum + t * ybar[i], 0)
        const right = r.adjoint.reduce((sum, g, i) => sum + g * xdot[i], 0)
        expect(Math.abs(left - right)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(left)))
      }),
      { seed: 42, numRuns: 300 },
    )
  })
})

describe('array values in files', () => {
  it('save and reload an array diagram as version 2; a diagram of numbers stays version 1', () => {
    const d = rosenbrockArrays([0.5, 1, 1.5])
    const text = saveDiagram(d)
    expect(text).toContain('"version": 2')
    expect(text).toContain('"value": [0.5, 1, 1.5]')
    const back = loadDiagram(text)
    expect(back.ok && back.diagram.inputs[0].value).toEqual([0.5, 1, 1.5])
    expect(back.ok && evaluate(compile(back.diagram), [0.5, 1, 1.5])).toEqual(evaluate(compile(d), [0.5, 1, 1.5]))
    expect(saveDiagram(oneBlock('sin', [1]))).toContain('"version": 1')
  })

  it('refuses a bad element with its index and place, and an array in a version-1 file', () => {
    const text = saveDiagram(rosenbrockArrays([0.5, 1, 1.5]))
    const bad = loadDiagram(text.replace('[0.5, 1, 1.5]', '[0.5, "1", 1.5]'))
    expect(bad.ok).toBe(false)
    expect(!bad.ok && bad.problems[0]).toMatchObject({ field: 'inputs[0].value[1]', message: '"value" must be an array of finite numbers; element 1 is "1"' })
    expect(!bad.ok && bad.problems[0].line).toBeGreaterThan(1)
    const old = loadDiagram(text.replace('"version": 2', '"version": 1'))
    expect(!old.ok && old.problems[0].message).toBe('"value" must be a finite number')
  })
})

describe('flags, notes and wire results on arrays', () => {
  it('a domain error at one element flags the block, names the element, and taints what follows', () => {
    const b = new DiagramBuilder()
    const x = b.input('x', [4, 1, -1, 9])
    b.output('f', b.op('sum', [b.op('sqrt', [x])]))
    const s = compile(b.d)
    const ev = new Evaluator(s)
    ev.setInputs([4, 1, -1, 9])
    ev.sweepValues(1)
    const flags = flagValues(ev)
    expect(flags.causes.map(causeText)).toEqual(['Square Root b1: square root of a negative number (x[2] = −1)'])
    expect(flags.bits[s.outputs[0].reg] & FLAG_VALUE).toBe(FLAG_VALUE)
    expect(diagnose(ev)).toContainEqual({ block: 'b1', kind: 'domain', message: 'square root of a negative number (element 2)' })
  })

  it('a rule names its own domain: an index outside the array', () => {
    const s = compile(oneBlock('index', [[1, 2, 3], 5]))
    const ev = new Evaluator(s)
    ev.setInputs([1, 2, 3, 5])
    ev.sweepValues(1)
    expect(flagValues(ev).causes.map(causeText)).toEqual(['Index Array b1: index 5 is outside 0…2'])
  })

  it('a fan-out array wire has its own adjoint per branch, and the branches add to the gradient', () => {
    const b = new DiagramBuilder()
    const x = b.input('x', [0.5, 1, 2])
    b.output('f', b.op('add', [b.op('sum', [x]), b.op('sum', [b.op('sin', [x])])]))
    const s = compile(b.d)
    const ev = new Evaluator(s)
    ev.setInputs([0.5, 1, 2])
    ev.sweepValues(1)
    ev.forward([1, 0, 0], 1)
    ev.reverse([1])
    const [intoSum, intoSin] = b.d.wires.filter((w) => w.from.node === 'i1').map((w) => wireResult(ev, w.id, [1]).array!)
    expect([...intoSum.adjoint]).toEqual([1, 1, 1])
    expect([...intoSin.adjoint]).toEqual([Math.cos(0.5), Math.cos(1), Math.cos(2)])
    expect([...intoSum.values]).toEqual([0.5, 1, 2])
    expect([...intoSum.tangents[0]]).toEqual([1, 0, 0])
    const g = vjp(s, [0.5, 1, 2], [1]).adjoint
    g.forEach((v, i) => expect(v).toBe(intoSum.adjoint[i] + intoSin.adjoint[i]))
  })
})
