import { describe, expect, it } from 'vitest'
import {
  BrokenDiagramError, compile, diagramToFormula, evaluate, FormulaError, formulaToDiagram, gradient, jacobian, type Value,
} from '../../core'
import { parseExpressionText } from '../../core/expr/parser'
import { REST } from '../../core/primitives/array'
import { DiagramBuilder } from '../support/array-diagrams'
import { richardson } from '../support/finite-differences'

// The formula language on arrays: indexing, Python's slices (against JavaScript's Array.prototype.slice,
// which counts negative bounds from the end as Python does), literals, the Array palette by name with
// parameters written out, and printing array diagrams back. Expected numbers are closed forms or slices
// computed without DualWire.

/** Values of a formula's outputs at the given input values (in the diagram's input order). */
function run(text: string, values: Record<string, Value>): number[] {
  const d = formulaToDiagram(text, { values })
  return evaluate(compile(d), d.inputs.flatMap((t) => t.value))
}

function failure(text: string, values: Record<string, Value> = {}): FormulaError {
  try {
    formulaToDiagram(text, { values })
  } catch (err) {
    if (err instanceof FormulaError) return err
    throw err
  }
  throw new Error(`no error for ${JSON.stringify(text)}`)
}

const blocks = (text: string) => formulaToDiagram(text).blocks.map((b) => [b.primitive, b.params])

/** ∂/∂x of Σ 100(x[i+1] − x[i]²)² + (1 − x[i])², worked out by hand. */
function rosenbrockGradient(x: number[]): number[] {
  return x.map((xi, i) => {
    let g = 0
    if (i < x.length - 1) g += -400 * xi * (x[i + 1] - xi * xi) - 2 * (1 - xi)
    if (i > 0) g += 200 * (xi - x[i - 1] * x[i - 1])
    return g
  })
}

const ROSENBROCK = 'sum(100*(x[1:] - x[:-1]^2)^2 + (1 - x[:-1])^2)'

describe('indexing and slicing', () => {
  const x = [0.5, -1.25, 2, 0.75, -0.5]

  it('x[i] is Index Array, with any expression as the index', () => {
    expect(blocks('x[i]')).toEqual([['index', {}]])
    expect(run('x[n - 2]', { n: 5, x })).toEqual([0.75])
    expect(run('f = -x[0]^2; g = x[1]*x[2]', { x })).toEqual([-0.25, -2.5])
  })

  it('x[a:b] gives what Python (and Array.prototype.slice) gives, for every pair of bounds from -6 to 6 and left out', () => {
    const bounds: (number | undefined)[] = [undefined]
    for (let k = -6; k <= 6; k++) bounds.push(k)
    let compared = 0
    for (const a of bounds) {
      for (const b of bounds) {
        const text = `x[${a ?? ''}:${b ?? ''}]`
        const want = x.slice(a, b)
        if (a !== undefined && a < 0 && b !== undefined && b >= 0) {
          // Bounds counted from both ends: the length depends on the array's; refused, naming the column.
          expect(failure(text).message).toContain('counts its start from the end and its stop from the start at column 2')
          continue
        }
        const d = formulaToDiagram(text, { values: { x } })
        let got: number[]
        try {
          got = evaluate(compile(d), x)
        } catch (err) {
          // Where Python clamps a start outside the array, or gives an empty array for a stop before the
          // start counted from the other end, Array Subset refuses to run (the block says why).
          expect(err).toBeInstanceOf(BrokenDiagramError)
          expect(want.length === 0 || Math.abs(a ?? 0) > x.length, text).toBe(true)
          continue
        }
        expect(got, text).toEqual(want)
        compared++
      }
    }
    expect(compared).toBeGreaterThan(100)
  })

  it('slices are Array Subset with the offset and length of subsetSpan', () => {
    expect(blocks('x[1:]')).toEqual([['subset', { offset: 1, length: REST }]])
    expect(blocks('x[:-1]')).toEqual([['subset', { offset: 0, length: -1 }]])
    expect(blocks('x[2:5]')).toEqual([['subset', { offset: 2, length: 3 }]])
    expect(blocks('x[-3:]')).toEqual([['subset', { offset: -3, length: REST }]])
    expect(blocks('x[-3:-1]')).toEqual([['subset', { offset: -3, length: -1 }]])
    expect(blocks('x[:]')).toEqual([['subset', { offset: 0, length: REST }]])
  })

  it('index and slice chain and bind tighter than every operator', () => {
    expect(run('x[1:][0]', { x })).toEqual([-1.25])
    expect(run('(x + 1)[2]', { x })).toEqual([3])
    expect(run('2^x[2]', { x })).toEqual([4])
    expect(run('[1, 2, 3][1:]', {})).toEqual([2, 3])
  })

  it('refuses bounds that are not whole numbers written out, and brackets that do not match', () => {
    expect(failure('x[n:]').message).toBe("':' belongs in a slice at column 4; slice bounds are whole numbers written out, as in x[1:], x[:-1] or x[2:5]")
    expect(failure('x[:n]').message).toContain("':' belongs in a slice at column 3")
    expect(failure('x[1.5:]').message).toContain("'1.5' is not a whole number at column 3")
    expect(failure('x[1:2:3]').message).toContain("':' belongs in a slice at column 4")
    expect(failure('x[1, 2]').message).toBe("',' in an index: x[i] takes one index at column 4")
    expect(failure('x[1').message).toBe("unbalanced brackets: '[' is never closed at column 2")
    expect(failure('sin(x]').message).toBe("']' cannot close 'sin(' (opened at column 1) at column 6")
    expect(failure('[1, 2)').message).toBe("')' cannot close '[' (opened at column 1) at column 6")
    expect(failure('x]').message).toBe("unbalanced ']': nothing to close at column 2")
  })
})

describe('array literals', () => {
  it('[a, b, c] is Build Array of Build Array; arrays in it are concatenated', () => {
    expect(blocks('[a, b, c]')).toEqual([['build', {}], ['build', {}]])
    expect(run('[a, 2*a, x, 0]', { a: 1.5, x: [7, 8] })).toEqual([1.5, 3, 7, 8, 0])
  })

  it('[a] is Initialize Array of length 1; [] is refused', () => {
    expect(blocks('[a]')).toEqual([['init', { length: 1 }]])
    expect(run('[a]', { a: 4 })).toEqual([4])
    expect(failure('f = []').message).toBe('an empty array literal [] has no elements to build from at column 5; write [a, b, ...] or init(v, length)')
  })

  it('may run over several lines', () => {
    expect(run('f = [a,\n  b]\ng = a', { a: 1, b: 2 })).toEqual([1, 2, 1])
  })

  it('are not part of the kernel language of the primitive table', () => {
    expect(() => parseExpressionText('x[0]')).toThrow(/the kernel language has no arrays/)
    expect(() => parseExpressionText('[x, y]')).toThrow(/the kernel language has no arrays/)
  })

  it('nest 30,000 deep and chain 30,000 indices without overflowing the stack', () => {
    const n = 30000
    const nested = formulaToDiagram(`${'['.repeat(n)}x${']'.repeat(n)}`)
    expect(nested.blocks.length).toBe(n)
    const chained = formulaToDiagram(`x${'[0]'.repeat(n)}`)
    expect(chained.blocks.length).toBe(n + 1)
    expect(diagramToFormula(chained).length).toBeGreaterThan(3 * n)
  })
})

describe('Array palette rows by name', () => {
  const x = [3, 4, 12]

  it('reductions and whole-array rows against their closed forms', () => {
    expect(run('f1 = sum(x); f2 = prod(x); f3 = size(x); f4 = mean(x); f5 = norm(x); f6 = dot(x, x)', { x })).toEqual([19, 144, 3, 19 / 3, 13, 169])
    expect(run('std(x)', { x })).toEqual([Math.sqrt(((3 - 19 / 3) ** 2 + (4 - 19 / 3) ** 2 + (12 - 19 / 3) ** 2) / 2)])
    expect(run('f = cumsum(x); g = reverse(x); h = rotate(x, 1); k = index(x, 2); m = build(x, 5)', { x })).toEqual([3, 7, 19, 12, 4, 3, 12, 3, 4, 12, 3, 4, 12, 5])
  })

  it('parameters are trailing number literals: ramp, init, subset, replace', () => {
    expect(blocks('ramp(a, b, 5)')).toEqual([['ramp', { n: 5 }]])
    expect(run('f = ramp(a, b, 5); g = init(a, 2); h = subset(x, 1, 1); k = replace(x, a, -0)', { a: 1, b: 2, x })).toEqual([1, 1.25, 1.5, 1.75, 2, 1, 1, 4, 1, 4, 12])
  })

  it('a parameter computed from anything is refused, naming it; so is a wrong count', () => {
    expect(failure('init(v, n)').message).toBe("the 'length' argument of 'init' must be a number written out, not computed at column 9; it fixes a length before the diagram runs")
    expect(failure('ramp(0, 1, 2 + 3)').message).toContain("the 'n' argument of 'ramp' must be a number written out")
    expect(failure('subset(x, 1)').message).toBe("'subset' takes 3 arguments (x, offset, length) but is given 2 at column 1")
    expect(failure('arraymaxmin(x)').message).toContain("'arraymaxmin' has 4 outputs")
  })

  it('elementwise blocks take arrays, and arrays with numbers', () => {
    const got = run('sin(x) * a + x^2', { a: 2, x })
    expect(got).toEqual(x.map((v) => Math.sin(v) * 2 + v ** 2))
  })

  it('Rosenbrock written with slices has the gradient worked out by hand', () => {
    const point = [0.5, 1, 1.5, -0.25]
    const s = compile(formulaToDiagram(ROSENBROCK, { values: { x: point } }))
    const want = rosenbrockGradient(point)
    const { value, gradient: g } = gradient(s, point)
    expect(value).toBeCloseTo(100 * (1 - 0.25) ** 2 + 0.25 + 100 * (1.5 - 1) ** 2 + 0 + 100 * (-0.25 - 2.25) ** 2 + 0.25, 12)
    g.forEach((v, i) => expect(v).toBeCloseTo(want[i], 10))
  })
})

describe('printing array diagrams', () => {
  const values = { x: [0.5, -1.25, 2, 0.75, -0.5], a: 1.5, b: -2 }
  const point = [1.5, -2, 0.5, -1.25, 2, 0.75, -0.5]

  /** formula → diagram → text → diagram: the same values and Jacobian, to the bit. */
  function roundTrip(text: string): string {
    const d = formulaToDiagram(text, { values })
    const printed = diagramToFormula(d)
    const back = formulaToDiagram(printed, { values })
    const [s, t] = [compile(d), compile(back)]
    const x = d.inputs.flatMap((i) => i.value)
    expect(evaluate(t, x).map((v) => Object.is(v, -0) ? 'm0' : v)).toEqual(evaluate(s, x).map((v) => Object.is(v, -0) ? 'm0' : v))
    expect(jacobian(t, x, 'reverse').rows).toEqual(jacobian(s, x, 'reverse').rows)
    return printed
  }

  it('prints slices, indices and literals in brackets and reads back to the same values and gradients', () => {
    expect(roundTrip(ROSENBROCK)).toBe('let t1 = x[:-1]\nf = sum(100 * (x[1:] - t1^2)^2 + (1 - t1)^2)')
    expect(roundTrip('f = [a, b * x[1], x[-2:], 3]; g = [a]')).toBe('f = [a, b * x[1], x[-2:], 3]\ng = [a]')
    expect(roundTrip('f = x[2:4]; g = x[-3:-1]; h = x[1:-1]; k = x[-2:-4]; m = (x + a)[0]')).toBe('f = x[2:4]\ng = x[-3:-1]\nh = x[1:-1]\nk = x[-2:-3]\nm = (x + a)[0]')
    expect(roundTrip('f = ramp(a, b, 4) + init(a, 4) + replace(x[1:], b, 2); g = dot(x, cumsum(x)) * std(x) / norm(x)')).toBe(
      'f = ramp(a, b, 4) + init(a, 4) + replace(x[1:], b, 2)\ng = dot(x, cumsum(x)) * std(x) / norm(x)',
    )
    expect(point.length).toBe(7)
  })

  it('prints an Array Subset no slice can say as a call with its parameters, and a defaulted parameter as its default', () => {
    const b = new DiagramBuilder()
    const x = b.input('x', [1, 2, 3, 4])
    b.output('f', b.op('subset', [x], { offset: -3, length: 2 }))
    b.output('g', b.op('subset', [x], { offset: 1 }))
    b.output('h', b.op('init', [b.op('index', [x, b.constant(1)])]))
    const text = diagramToFormula(b.d)
    expect(text).toBe('f = subset(x, -3, 2)\ng = x[1:]\nh = init(x[1], 10)')
    const back = formulaToDiagram(text, { values: { x: [1, 2, 3, 4] } })
    expect(evaluate(compile(back), [1, 2, 3, 4])).toEqual([2, 3, 2, 3, 4, ...new Array(10).fill(2)])
  })

  it('prints a diagram whose inputs hold no arrays yet (a formula has no lengths)', () => {
    expect(diagramToFormula(formulaToDiagram('sum(x[1:])'))).toBe('f = sum(x[1:])')
  })

  it('refuses Array Max & Min, which has no formula', () => {
    const b = new DiagramBuilder()
    const [max] = b.block('arraymaxmin', [b.input('x', [1, 2])])
    b.output('f', max)
    expect(() => diagramToFormula(b.d)).toThrow('Array Max & Min (block b1) has no formula yet')
  })

  it('the gradient of a printed and reread formula matches central differences', () => {
    const d = formulaToDiagram(diagramToFormula(formulaToDiagram('sum(exp(x[1:]) * x[:-1]) + x[0] * a', { values })), { values })
    const s = compile(d)
    const x = d.inputs.flatMap((i) => i.value)
    const g = gradient(s, x).gradient
    x.forEach((_, i) => {
      const [fd] = richardson((t) => evaluate(s, x.map((v, j) => (j === i ? v + t : v))), 1e-3)
      expect(g[i]).toBeCloseTo(fd, 7)
    })
  })
})
