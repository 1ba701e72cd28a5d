import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { MAX_VALUES_FILE_BYTES } from '../../cli/values'
import { dualwire, jsonOf, type Run } from '../support/cli'

// The `dualwire` command on array inputs, as a separate process. Expected numbers are closed forms worked
// out here (Rosenbrock's gradient, a product's partials) or finite differences, never the engine's own.

const ROSENBROCK = 'sum(100*(x[1:] - x[:-1]^2)^2 + (1 - x[:-1])^2)'
const X = [0.5, 1, 1.5]

/** Σ 100(x[i+1] − x[i]²)² + (1 − x[i])² and its gradient, by hand. */
function rosenbrock(x: number[]): { value: number; gradient: number[] } {
  let value = 0
  for (let i = 0; i + 1 < x.length; i++) value += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2
  const gradient = x.map((xi, i) => {
    let g = 0
    if (i < x.length - 1) g += -400 * xi * (x[i + 1] - xi * xi) - 2 * (1 - xi)
    if (i > 0) g += 200 * (xi - x[i - 1] * x[i - 1])
    return g
  })
  return { value, gradient }
}

const dir = mkdtempSync(join(tmpdir(), 'dualwire-arrays-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

function ok(run: Run): string {
  expect(run.stderr).toBe('')
  expect(run.status).toBe(0)
  return run.stdout
}

function expectMistake(args: string[], ...fragments: string[]): void {
  const run = dualwire(args)
  expect(run.stdout).toBe('')
  expect(run.stderr).toMatch(/^dualwire: [^\n]+\n$/)
  for (const f of fragments) expect(run.stderr).toContain(f)
  expect(run.status).toBe(2)
}

interface GradJson { inputs: Record<string, unknown>; outputs: Record<string, { value: unknown; gradient: Record<string, unknown> }> }

describe('array inputs', () => {
  it('grad of Rosenbrock written with slices at x = [0.5, 1, 1.5] is the gradient worked out by hand', () => {
    const want = rosenbrock(X)
    const got = jsonOf<GradJson>(dualwire(['grad', '--expr', ROSENBROCK, '--at', `x=[${X.join(',')}]`, '--json']))
    expect(got.inputs).toEqual({ x: X })
    expect(got.outputs.f.value).toBeCloseTo(want.value, 12)
    const g = got.outputs.f.gradient.x as number[]
    expect(g).toHaveLength(3)
    g.forEach((v, i) => expect(v).toBeCloseTo(want.gradient[i], 10))
    // Exactly (−151, −50, 100) here: every term is a short binary fraction.
    expect(g).toEqual([-151, -50, 100])
  })

  it('prints an array as [a, b, c] in the table, every number as it reads back', () => {
    const out = ok(dualwire(['grad', '--expr', ROSENBROCK, '--at', 'x=[0.5,1,1.5]']))
    expect(out).toBe('at x = [0.5, 1, 1.5] (reverse mode)\n\noutput  value  ∂/∂x\nf       81.5   [-151, -50, 100]\n')
    const third = ok(dualwire(['eval', '--expr', 'f = x / 3', '--at', 'x=[1,2]']))
    expect(third).toContain(`f       [${1 / 3}, ${2 / 3}]`)
  })

  it('--at x=@file reads one number a line (blank lines and the trailing newline skipped)', () => {
    const path = file('values.txt', '0.5\n\n1\r\n 1.5 \n')
    const got = jsonOf<GradJson>(dualwire(['grad', '--expr', ROSENBROCK, '--at', `x=@${path}`, '--json']))
    expect(got.outputs.f.gradient.x).toEqual([-151, -50, 100])
  })

  it('jacobian of an array output: one row per output element, as a nested array per input in --json', () => {
    // f = x·a elementwise: ∂f[k]/∂x[j] = a·[k = j], ∂f[k]/∂a = x[k]; g = prod(x): ∂g/∂x[j] = Π_{i≠j} x[i].
    const got = jsonOf<GradJson>(dualwire(['jacobian', '--expr', 'f = x * a; g = prod(x)', '--at', 'x=[2,3,5],a=-1', '--json']))
    expect(got.outputs.f.value).toEqual([-2, -3, -5])
    expect(got.outputs.f.gradient).toEqual({ a: [2, 3, 5], x: [[-1, 0, 0], [0, -1, 0], [0, 0, -1]] })
    expect(got.outputs.g).toEqual({ value: 30, gradient: { a: 0, x: [15, 10, 6] } })
    const text = ok(dualwire(['jacobian', '--expr', 'f = x * a; g = prod(x)', '--at', 'x=[2,3,5],a=-1']))
    expect(text.split('\n').slice(2, 7)).toEqual([
      'output  value  ∂/∂a  ∂/∂x',
      'f[0]    -2     2     [-1, 0, 0]',
      'f[1]    -3     3     [0, -1, 0]',
      'f[2]    -5     5     [0, 0, -1]',
      'g       30     0     [15, 10, 6]',
    ])
  })

  it('check compares every output element with every input element and agrees', () => {
    const run = dualwire(['check', '--expr', 'f = cumsum(x)^2', '--at', 'x=[1,-2]', '--json'])
    const got = jsonOf<{ ok: boolean; outputs: { f: { gradient: { x: number[][] }; ok: boolean } } }>(run)
    // f = (x0², (x0 + x1)²): rows (2x0, 0) and (2(x0 + x1), 2(x0 + x1)).
    expect(got.outputs.f.gradient.x).toEqual([[2, 0], [-2, -2]])
    expect(got.ok).toBe(true)
    const text = ok(dualwire(['check', '--expr', 'f = cumsum(x)^2', '--at', 'x=[1,-2]']))
    expect(text).toMatch(/\nf\[1\] +x\[0\] +-2 /)
  })

  it('trace gives a tangent per input element and array values, tangents and adjoints per wire', () => {
    const got = jsonOf<{ tangents: string[]; wires: { from: string; to: string; value: unknown; tangents: unknown[]; adjoint: unknown }[] }>(
      dualwire(['trace', '--expr', 'f = sum(x^2)', '--at', 'x=[3,4]', '--json']),
    )
    expect(got.tangents).toEqual(['∂/∂x[0]', '∂/∂x[1]'])
    const into = got.wires.find((w) => w.from === 'x')!
    expect(into.value).toEqual([3, 4])
    expect(into.tangents).toEqual([[1, 0], [0, 1]])
    expect(into.adjoint).toEqual([6, 8])
  })

  it('--dir takes an array as long as the input: along (1, 1), d/dt sum(x²) = 2(3 + 4)', () => {
    const got = jsonOf<{ wires: { to: string; tangents: unknown[] }[] }>(
      dualwire(['trace', '--expr', 'f = sum(x^2)', '--at', 'x=[3,4]', '--dir', 'x=[1,1]', '--json']),
    )
    expect(got.wires.find((w) => w.to === 'f')!.tangents).toEqual([14])
    expectMistake(['trace', '--expr', 'f = sum(x^2)', '--at', 'x=[3,4]', '--dir', 'x=[1,1,1]'], '--dir: x is an array of 2 at the point, not an array of 3')
  })

  it('--at changes a stored array\'s length: the file is compiled for the value given', () => {
    const path = join(dir, 'rosen.dwire.json')
    ok(dualwire(['convert', '--expr', ROSENBROCK, '--at', 'x=[1,1,1,1,1]', '-o', path]))
    expect(ok(dualwire(['eval', path]))).toContain('f       0')
    const got = jsonOf<GradJson>(dualwire(['grad', path, '--at', 'x=[0.5,1,1.5]', '--json']))
    expect(got.outputs.f.gradient.x).toEqual([-151, -50, 100])
    expect(ok(dualwire(['convert', path]))).toBe('let t1 = x[:-1]\nf = sum(100 * (x[1:] - t1^2)^2 + (1 - t1)^2)\n')
  })
})

describe('export of an array diagram', () => {
  it('writes a module whose defaults are the --at arrays and whose gradient is Rosenbrock’s, by hand', async () => {
    const path = join(dir, 'rosenbrock.mjs')
    ok(dualwire(['export', '--expr', ROSENBROCK, '--at', 'x=[0.5,1,1.5]', '-o', path]))
    const mod = (await import(path)) as { defaultInputs: { x: number[] }; gradient: (i: { x: number[] }) => { value: number; gradient: { x: Float64Array } } }
    expect(Array.from(mod.defaultInputs.x)).toEqual([0.5, 1, 1.5])
    const g = mod.gradient({ x: [0.5, 1, 1.5] })
    // 100(1 − 0.25)² + 0.25 + 100(1.5 − 1)² + 0 = 81.5; ∂f/∂x by hand: (−151, −50, 100).
    expect(g.value).toBe(81.5)
    expect(Array.from(g.gradient.x)).toEqual([-151, -50, 100])
  })
})

/** Rosenbrock's Hessian, by hand: tridiagonal. */
function rosenbrockHessian(x: number[]): number[][] {
  return x.map((xi, i) =>
    x.map((_, j) => {
      if (i === j) return (i < x.length - 1 ? 1200 * xi * xi - 400 * x[i + 1] + 2 : 0) + (i > 0 ? 200 : 0)
      if (Math.abs(i - j) === 1) return -400 * x[Math.min(i, j)]
      return 0
    }),
  )
}

describe('second and higher derivatives of array diagrams', () => {
  it('hessian: the whole matrix by element, Rosenbrock\'s tridiagonal one exactly', () => {
    const r = jsonOf<{ result: string; outputs: { f: { value: number; gradient: { x: number[] }; hessian: Record<string, Record<string, number>> } } }>(
      dualwire(['hessian', '--expr', ROSENBROCK, '--at', 'x=[0.5,1,1.5]', '--json']),
    )
    expect(r.result).toBe('hessian')
    const names = ['x[0]', 'x[1]', 'x[2]']
    expect(names.map((a) => names.map((b) => r.outputs.f.hessian[a][b]))).toEqual(rosenbrockHessian(X))
    expect(r.outputs.f.gradient.x).toEqual(rosenbrock(X).gradient)
    const text = ok(dualwire(['hessian', '--expr', ROSENBROCK, '--at', 'x=[0.5,1,1.5]']))
    // 1200·0.25 − 400 + 2 = −98; −400·0.5 = −200.
    expect(text).toMatch(/∂\/∂x\[0\] +-98 +-200 +0\n/)
  })

  it('hessian beyond 64 elements: H·v along every element 1, saying so; --dir chooses v', () => {
    const x = Array.from({ length: 100 }, (_, i) => Math.cos(i))
    const values = file('x100.txt', x.join('\n'))
    const H = rosenbrockHessian(x)
    const expected = (v: number[]) => H.map((row) => row.reduce((s, h, j) => s + h * v[j], 0))
    const run = dualwire(['hessian', '--expr', ROSENBROCK, '--at', `x=@${values}`])
    expect(ok(run)).toContain('Hessian-vector product H·v along v = every element 1 (a full Hessian would be 100 × 100; give --dir for another v)')
    const ones = jsonOf<{ result: string; outputs: { f: { product: { x: number[] } } } }>(dualwire(['hessian', '--expr', ROSENBROCK, '--at', `x=@${values}`, '--json']))
    expect(ones.result).toBe('hessian-vector product')
    ones.outputs.f.product.x.forEach((p, i) => expect(Math.abs(p - expected(x.map(() => 1))[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(p))))
    const v = x.map((_, i) => (i % 3) - 1)
    const dirFile = file('v100.txt', v.join('\n'))
    const along = jsonOf<{ outputs: { f: { product: { x: number[] } } } }>(dualwire(['hessian', '--expr', ROSENBROCK, '--at', `x=@${values}`, '--dir', `x=@${dirFile}`, '--json']))
    along.outputs.f.product.x.forEach((p, i) => expect(Math.abs(p - expected(v)[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(p))))
  })

  it('taylor: a series per output element; Σ x⁴ along v has 4th derivative 24 Σ v⁴', () => {
    const r = jsonOf<{ outputs: { y: { value: number[]; taylor: { derivatives: number[][] } }; s: { taylor: { derivatives: number[] } } } }>(
      dualwire(['taylor', '--expr', 'y = x^2\ns = sum(x^4)', '--at', 'x=[0.5,-2]', '--dir', 'x=[1,3]', '--order', '4', '--json']),
    )
    expect(r.outputs.y.value).toEqual([0.25, 4])
    // (x + t v)² = x² + 2xv t + v² t²: derivatives x², 2xv, 2v², 0, 0.
    expect(r.outputs.y.taylor.derivatives).toEqual([[0.25, 1, 2, 0, 0], [4, -12, 18, 0, 0]])
    expect(r.outputs.s.taylor.derivatives[4]).toBe(24 * (1 + 81))
  })
})

describe('array refusals: one line on stderr, exit code 2', () => {
  it('second derivatives of a diagram too large to take apart into numbers: one line, before memory runs out', () => {
    // 400,000 ramp elements, each some 5 blocks of numbers: past the 1,000,000 the CLI takes apart.
    for (const command of ['hessian', 'taylor']) {
      expectMistake([command, '--expr', 'f = sum(sin(ramp(a, b, 400000)))', '--at', 'a=0,b=1'], '--expr: second and higher derivatives of an array diagram are taken element by element, on at most 1,000,000 blocks of numbers')
    }
    // Its gradient has no such limit: ∂f/∂a = Σ cos(r_i)(1 − t_i) over the ramp from 0 to 1.
    const g = jsonOf<{ outputs: { f: { gradient: { a: number } } } }>(dualwire(['grad', '--expr', 'f = sum(sin(ramp(a, b, 400000)))', '--at', 'a=0,b=1', '--json']))
    let expected = 0
    for (let i = 0; i < 400000; i++) expected += Math.cos(i / 399999) * (1 - i / 399999)
    expect(Math.abs(g.outputs.f.gradient.a - expected)).toBeLessThanOrEqual(1e-9 * expected)
  })

  it('a bad line of a values file, with its line number; a missing file', () => {
    const bad = file('bad.csv', '1\n2\n\nabc\n')
    expectMistake(['eval', '--expr', 'sum(x)', '--at', `x=@${bad}`], `${bad} line 4: "abc" is not a number`)
    expectMistake(['eval', '--expr', 'sum(x)', '--at', `x=@${join(dir, 'none.csv')}`], 'none.csv: no such file')
    // A sparse file one byte over the limit: refused by its size, before a byte is read.
    const big = file('big.txt', '')
    truncateSync(big, MAX_VALUES_FILE_BYTES + 1)
    expectMistake(['eval', '--expr', 'sum(x)', '--at', `x=@${big}`], `is ${MAX_VALUES_FILE_BYTES + 1} bytes; a values file may have at most ${MAX_VALUES_FILE_BYTES}`)
  })

  it('an element of an array that is not a number, and unbalanced brackets', () => {
    expectMistake(['eval', '--expr', 'sum(x)', '--at', 'x=[1,a]'], "element 1 of x, 'a', is not a finite number")
    expectMistake(['eval', '--expr', 'sum(x)', '--at', 'x=[1,2'], "unclosed '['")
  })

  it('a number for an input a block needs as an array names the block', () => {
    expectMistake(['eval', '--expr', 'sum(x)', '--at', 'x=3'], "input 'x' of Add Array Elements", 'takes an array, not a number')
  })

  it('a formula slice that cannot be a block names its column', () => {
    expectMistake(['eval', '--expr', 'sum(x[-3:5])', '--at', 'x=[1,2,3]'], 'at column 6')
  })
})
