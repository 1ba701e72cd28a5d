import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dualwire, jsonOf, type JsonNumber, ROOT, type Run } from '../support/cli'

// The `dualwire` command as a user runs it: a separate process, its stdout, stderr and exit code. Expected
// numbers are closed forms worked out by hand (README's seed example, Rosenbrock, polar coordinates, ...).

const SEED_EXPR = 'x1*x2 + log(x1^2)'
const SEED = ['--expr', SEED_EXPR, '--at', 'x1=1.5,x2=0.5']
/** f = x1·x2 + ln(x1²) = 0.75 + ln 2.25; ∂f/∂x1 = x2 + 2/x1 = 0.5 + 4/3; ∂f/∂x2 = x1. */
const SEED_VALUE = 1.5609302162163288
const SEED_GRADIENT = { x1: 1.8333333333333333, x2: 1.5 }

const POLAR_EXPR = 'r = sqrt(x^2 + y^2); theta = atan2(y, x)'
const ROSENBROCK = '100*(x2 - x1^2)^2 + (1 - x1)^2 + 100*(x3 - x2^2)^2 + (1 - x2)^2'
const ROSENBROCK_AT = ['--at', 'x1=0.1,x2=0.2,x3=0.3']

type Numbers = Record<string, JsonNumber>
interface EvalJson { inputs: Numbers; outputs: Record<string, { value: JsonNumber }> }
interface GradJson { mode: string; inputs: Numbers; outputs: Record<string, { value: JsonNumber; gradient: Numbers }> }
interface HessianJson { inputs: Numbers; outputs: Record<string, { value: JsonNumber; gradient: Numbers; hessian: Record<string, Numbers> }> }
interface TaylorJson {
  inputs: Numbers
  direction: Numbers
  order: number
  outputs: Record<string, { value: JsonNumber; taylor: { coefficients: JsonNumber[]; derivatives: JsonNumber[] } }>
}
interface CheckJson {
  ok: boolean
  maxRelativeError: number
  outputs: Record<string, { gradient: Numbers; finiteDifference: Numbers; relativeError: Numbers; ok: boolean }>
}
interface TraceWire { id: string; from: string; to: string; value: JsonNumber; tangents?: JsonNumber[]; adjoint?: JsonNumber; boolean?: true }
interface TraceJson { mode: string; inputs: Numbers; seed: string | null; tangents: string[]; wires: TraceWire[]; notes: unknown[] }

/** A successful run: exit 0, nothing on stderr. */
function ok(run: Run): string {
  expect(run.stderr).toBe('')
  expect(run.status).toBe(0)
  return run.stdout
}

/** `dualwire ... --json` that must succeed, parsed. */
function json<T>(...args: string[]): T {
  return jsonOf<T>(dualwire([...args, '--json']))
}

/** A mistake: exit 2, nothing on stdout, exactly one line on stderr that starts "dualwire: " and names each fragment. */
function expectMistake(args: string[], ...fragments: string[]): string {
  const run = dualwire(args)
  expect(run.stdout).toBe('')
  expect(run.stderr).toMatch(/^dualwire: [^\n]+\n$/)
  for (const f of fragments) expect(run.stderr).toContain(f)
  expect(run.status).toBe(2)
  return run.stderr
}

/** Table rows of human output, split into cells on runs of two or more spaces. */
function rows(stdout: string): string[][] {
  return stdout.split('\n').map((line) => line.trim().split(/\s{2,}/))
}

function expectRelative(actual: JsonNumber | undefined, expected: number, tolerance: number): void {
  expect(typeof actual).toBe('number')
  expect(Math.abs((actual as number) - expected) / Math.max(Math.abs(expected), Number.MIN_VALUE)).toBeLessThanOrEqual(tolerance)
}

// Diagram files written the README's way: one element per line, so every element's line number is known.
interface DiagramParts {
  title?: string
  inputs: object[]
  outputs: object[]
  blocks: object[]
  wires: object[]
}

function diagramLines(d: DiagramParts): string[] {
  const section = (name: string, items: object[], last = false) => [
    `  "${name}": [`,
    ...items.map((item, i) => `    ${JSON.stringify(item)}${i < items.length - 1 ? ',' : ''}`),
    `  ]${last ? '' : ','}`,
  ]
  return [
    '{',
    '  "format": "dualwire-diagram",',
    '  "version": 1,',
    `  "title": ${JSON.stringify(d.title ?? 'Test')},`,
    ...section('inputs', d.inputs),
    ...section('outputs', d.outputs),
    ...section('blocks', d.blocks),
    ...section('wires', d.wires, true),
    '}',
  ]
}

/** r = hypot(x, y), theta = atan2(y, x), stored at (3, 4). */
const POLAR: DiagramParts = {
  title: 'Polar',
  inputs: [{ id: 'i1', name: 'x', value: 3 }, { id: 'i2', name: 'y', value: 4 }],
  outputs: [{ id: 'o1', name: 'r' }, { id: 'o2', name: 'theta' }],
  blocks: [{ id: 'b1', primitive: 'hypot' }, { id: 'b2', primitive: 'atan2' }],
  wires: [
    { id: 'w1', from: 'i1', to: 'b1.x' },
    { id: 'w2', from: 'i2', to: 'b1.y' },
    { id: 'w3', from: 'i2', to: 'b2.y' },
    { id: 'w4', from: 'i1', to: 'b2.x' },
    { id: 'w5', from: 'b1.r', to: 'o1' },
    { id: 'w6', from: 'b2.r', to: 'o2' },
  ],
}

let dir: string
let polarFile: string

function write(name: string, lines: string[] | string): string {
  const path = join(dir, name)
  writeFileSync(path, Array.isArray(lines) ? `${lines.join('\n')}\n` : lines)
  return path
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dualwire-cli-'))
  polarFile = write('polar.dwire.json', diagramLines(POLAR))
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('eval', () => {
  it('prints the point and the seed example’s value', () => {
    const out = ok(dualwire(['eval', ...SEED]))
    const lines = out.split('\n')
    expect(lines[0]).toBe('at x1 = 1.5, x2 = 0.5')
    expect(rows(out).find((r) => r[0] === 'f')).toEqual(['f', '1.5609302162163288'])
  })

  it('--json gives the inputs and the value, 0.75 + ln 2.25', () => {
    expect(0.75 + Math.log(2.25)).toBe(SEED_VALUE)
    expect(json<EvalJson>('eval', ...SEED)).toEqual({ inputs: { x1: 1.5, x2: 0.5 }, outputs: { f: { value: SEED_VALUE } }, warnings: [] })
  })
})

describe('grad', () => {
  it('prints exactly the table of the README, in reverse mode by default', () => {
    expect(ok(dualwire(['grad', ...SEED]))).toBe(
      'at x1 = 1.5, x2 = 0.5 (reverse mode)\n\n' +
        'output  value               ∂/∂x1               ∂/∂x2\n' +
        'f       1.5609302162163288  1.8333333333333333  1.5\n',
    )
  })

  it('--mode forward says so and gives the same numbers', () => {
    const out = ok(dualwire(['grad', ...SEED, '--mode', 'forward']))
    expect(out.split('\n')[0]).toBe('at x1 = 1.5, x2 = 0.5 (forward mode)')
    expect(rows(out).find((r) => r[0] === 'f')).toEqual(['f', '1.5609302162163288', '1.8333333333333333', '1.5'])
  })

  for (const mode of ['forward', 'reverse']) {
    it(`--mode ${mode} --json gives value 1.5609302162163288, gradient (1.8333333333333333, 1.5) and the mode`, () => {
      expect(json<GradJson>('grad', ...SEED, '--mode', mode)).toEqual({
        mode,
        inputs: { x1: 1.5, x2: 0.5 },
        outputs: { f: { value: SEED_VALUE, gradient: SEED_GRADIENT } },
        warnings: [],
      })
    })
  }
})

describe('jacobian', () => {
  it('takes the seed example (two inputs, one output) in reverse mode', () => {
    expect(json<GradJson>('jacobian', ...SEED)).toEqual({
      mode: 'reverse',
      inputs: { x1: 1.5, x2: 0.5 },
      outputs: { f: { value: SEED_VALUE, gradient: SEED_GRADIENT } },
      warnings: [],
    })
  })

  it('takes polar coordinates at (3, 4) in forward mode: rows (0.6, 0.8) and (−0.16, 0.12)', () => {
    const j = json<GradJson>('jacobian', '--expr', POLAR_EXPR, '--at', 'x=3,y=4')
    expect(j.mode).toBe('forward')
    expect(Object.keys(j.outputs)).toEqual(['r', 'theta'])
    expect(j.outputs.r.value).toBe(5)
    expectRelative(j.outputs.theta.value, Math.atan(4 / 3), 1e-15)
    const expected: Record<string, [number, number]> = { r: [0.6, 0.8], theta: [-0.16, 0.12] }
    for (const [o, [dx, dy]] of Object.entries(expected)) {
      expect(Math.abs((j.outputs[o].gradient.x as number) - dx)).toBeLessThanOrEqual(1e-15)
      expect(Math.abs((j.outputs[o].gradient.y as number) - dy)).toBeLessThanOrEqual(1e-15)
    }
  })

  it('says forward mode in the human output and prints one row per output', () => {
    const out = ok(dualwire(['jacobian', '--expr', POLAR_EXPR, '--at', 'x=3,y=4']))
    expect(out.split('\n')[0]).toBe('at x = 3, y = 4 (forward mode)')
    const table = rows(out)
    expect(table.find((r) => r[0] === 'output')).toEqual(['output', 'value', '∂/∂x', '∂/∂y'])
    expect(table.find((r) => r[0] === 'theta')?.slice(2)).toEqual(['-0.16', '0.12'])
  })

  it('takes a function of three inputs and one output in reverse mode: Rosenbrock’s gradient (−9.4, 15.6, 52)', () => {
    const j = json<GradJson>('jacobian', '--expr', ROSENBROCK, ...ROSENBROCK_AT)
    expect(j.mode).toBe('reverse')
    const g = j.outputs.f.gradient
    ;[['x1', -9.4], ['x2', 15.6], ['x3', 52]].forEach(([n, e]) => expectRelative(g[n as string], e as number, 1e-13))
  })
})

describe('hessian', () => {
  it('gives Rosenbrock at (0.1, 0.2, 0.3): value 11.82, gradient (−9.4, 15.6, 52), Hessian [[−66, −40, 0], [−40, 130, −80], [0, −80, 200]] exactly', () => {
    const h = json<HessianJson>('hessian', '--expr', ROSENBROCK, ...ROSENBROCK_AT).outputs.f
    expectRelative(h.value, 11.82, 1e-13)
    ;[['x1', -9.4], ['x2', 15.6], ['x3', 52]].forEach(([n, e]) => expectRelative(h.gradient[n as string], e as number, 1e-13))
    expect(h.hessian).toEqual({
      x1: { x1: -66, x2: -40, x3: 0 },
      x2: { x1: -40, x2: 130, x3: -80 },
      x3: { x1: 0, x2: -80, x3: 200 },
    })
  })

  it('gives the seed example’s JSON exactly as the README shows it (∂²f/∂x1² = −2/x1²)', () => {
    expect(json<HessianJson>('hessian', ...SEED)).toEqual({
      result: 'hessian',
      inputs: { x1: 1.5, x2: 0.5 },
      outputs: {
        f: {
          value: SEED_VALUE,
          gradient: SEED_GRADIENT,
          hessian: { x1: { x1: -0.8888888888888888, x2: 1 }, x2: { x1: 1, x2: 0 } },
        },
      },
      warnings: [],
    })
  })

  it('prints the Hessian as a table with one row per input', () => {
    const seed = rows(ok(dualwire(['hessian', ...SEED])))
    expect(seed.find((r) => r[0] === 'f = 1.5609302162163288')).toBeDefined()
    expect(seed.find((r) => r[0] === 'gradient')).toEqual(['gradient', '1.8333333333333333', '1.5'])
    expect(seed.find((r) => r[0] === '∂/∂x1')).toEqual(['∂/∂x1', '-0.8888888888888888', '1'])
    expect(seed.find((r) => r[0] === '∂/∂x2')).toEqual(['∂/∂x2', '1', '0'])
    const out = ok(dualwire(['hessian', '--expr', ROSENBROCK, ...ROSENBROCK_AT]))
    const table = rows(out)
    expect(table.find((r) => r[0] === '∂/∂x1')).toEqual(['∂/∂x1', '-66', '-40', '0'])
    expect(table.find((r) => r[0] === '∂/∂x2')).toEqual(['∂/∂x2', '-40', '130', '-80'])
    expect(table.find((r) => r[0] === '∂/∂x3')).toEqual(['∂/∂x3', '0', '-80', '200'])
  })

  it('with --dir, the Hessian-vector product: Rosenbrock\'s Hessian times (1, −1, 2) is (−26, −330, 480)', () => {
    // [[−66, −40, 0], [−40, 130, −80], [0, −80, 200]] · (1, −1, 2), by hand.
    const r = json<{ result: string; direction: Numbers; outputs: { f: { product: Numbers } } }>('hessian', '--expr', ROSENBROCK, ...ROSENBROCK_AT, '--dir', 'x1=1,x2=-1,x3=2')
    expect(r.result).toBe('hessian-vector product')
    expect(r.direction).toEqual({ x1: 1, x2: -1, x3: 2 })
    expect(r.outputs.f.product).toEqual({ x1: -26, x2: -330, x3: 480 })
    expect(ok(dualwire(['hessian', '--expr', ROSENBROCK, ...ROSENBROCK_AT, '--dir', 'x1=1,x2=-1,x3=2']))).toContain('Hessian-vector product H·v along x1 = 1, x2 = -1, x3 = 2')
  })
})

describe('taylor', () => {
  /** d^k/dt^k of sin(t)·e^t at 0 is Im((1 + i)^k), worked out with exact integers. */
  const sinExpDerivatives = (order: number) => {
    const d: number[] = []
    let [re, im] = [1, 0]
    for (let k = 0; k <= order; k++) {
      d.push(im)
      ;[re, im] = [re - im, re + im]
    }
    return d
  }

  it('sin(x)·exp(y) along (1, 1) from (0, 0) to order 5: derivatives 0, 1, 2, 2, 0, −4 and coefficients d_k/k!', () => {
    expect(sinExpDerivatives(5)).toEqual([0, 1, 2, 2, 0, -4])
    const t = json<TaylorJson>('taylor', '--expr', 'sin(x)*exp(y)', '--at', 'x=0,y=0', '--dir', 'x=1,y=1', '--order', '5')
    expect(t.order).toBe(5)
    expect(t.direction).toEqual({ x: 1, y: 1 })
    const f = t.outputs.f
    expect(f.value).toBe(0)
    expect(f.taylor.derivatives).toHaveLength(6)
    const factorial = [1, 1, 2, 6, 24, 120]
    ;[0, 1, 2, 2, 0, -4].forEach((d, k) => {
      expect(Math.abs((f.taylor.derivatives[k] as number) - d)).toBeLessThanOrEqual(1e-14)
      expect(Math.abs((f.taylor.coefficients[k] as number) - d / factorial[k])).toBeLessThanOrEqual(1e-15)
    })
  })

  it('goes to order 20: the 19th derivative is Im((1 + i)^19) = 512', () => {
    const expected = sinExpDerivatives(20)
    expect(expected[19]).toBe(512)
    const d = json<TaylorJson>('taylor', '--expr', 'sin(x)*exp(y)', '--at', 'x=0,y=0', '--dir', 'x=1,y=1', '--order', '20').outputs.f.taylor.derivatives
    expect(d).toHaveLength(21)
    // d_k = k!·c_k: rounding in the coefficients (terms ~1/k!) is scaled by k!, so the error is measured
    // against |(1 + i)^k| = 2^(k/2), the size of the derivatives around order k
    expected.forEach((e, k) => expect(Math.abs((d[k] as number) - e)).toBeLessThanOrEqual(1e-12 * 2 ** (k / 2)))
  })

  it('defaults to order 4 along the first input: the seed example’s d_k = 2(−1)^(k−1)(k−1)!/x1^k + [k = 1]·x2', () => {
    const t = json<TaylorJson>('taylor', ...SEED)
    expect(t.order).toBe(4)
    expect(t.direction).toEqual({ x1: 1, x2: 0 })
    const d = t.outputs.f.taylor.derivatives
    expect(d).toHaveLength(5)
    expect(d[0]).toBe(SEED_VALUE)
    const expected = [NaN, 2 / 1.5 + 0.5, -2 / 1.5 ** 2, 4 / 1.5 ** 3, -12 / 1.5 ** 4]
    for (let k = 1; k <= 4; k++) expectRelative(d[k], expected[k], 1e-14)
  })

  it('prints one row per coefficient with the derivative beside it', () => {
    const out = ok(dualwire(['taylor', '--expr', 'sin(x)*exp(y)', '--at', 'x=0,y=0', '--dir', 'x=1,y=1', '--order', '5']))
    expect(out.split('\n')[0]).toBe('at x = 0, y = 0, along x = 1, y = 1')
    const table = rows(out)
    const body = table.slice(table.findIndex((r) => r[0] === 'output') + 1).filter((r) => r.join('') !== '')
    expect(body).toHaveLength(6)
    expect(body.map((r) => Number(r[r.length - 1]))).toEqual([0, 1, 2, 2, 0, -4])
  })
})

describe('check', () => {
  it('exits 0 on the seed example, with a relative error below 1e-8', () => {
    const run = dualwire(['check', ...SEED, '--json'])
    expect(run.status).toBe(0)
    const c = jsonOf<CheckJson>(run)
    expect(c.ok).toBe(true)
    expect(c.maxRelativeError).toBeLessThan(1e-8)
    expect(c.outputs.f.gradient).toEqual(SEED_GRADIENT)
    for (const n of ['x1', 'x2']) {
      expect(c.outputs.f.relativeError[n]).toBeLessThan(1e-8)
      expectRelative(c.outputs.f.finiteDifference[n], SEED_GRADIENT[n as 'x1' | 'x2'], 1e-8)
    }
    const human = ok(dualwire(['check', ...SEED]))
    expect(human).toMatch(/\nAD and central differences agree/)
    expect(human).not.toContain('MISMATCH')
  })

  it('exits 1 at the jump of floor(x) at x = 1: AD says 0 (jumps have derivative 0), the difference quotient is huge', () => {
    const run = dualwire(['check', '--expr', 'floor(x)', '--at', 'x=1', '--json'])
    expect(run.stderr).toBe('')
    expect(run.status).toBe(1)
    const c = JSON.parse(run.stdout) as CheckJson
    expect(c.ok).toBe(false)
    expect(c.outputs.f.gradient.x).toBe(0)
    expect(c.outputs.f.finiteDifference.x as number).toBeGreaterThan(1000)
    const human = dualwire(['check', '--expr', 'floor(x)', '--at', 'x=1'])
    expect(human.status).toBe(1)
    expect(human.stderr).toBe('')
    expect(human.stdout).toContain('MISMATCH')
  })

  it('exits 1 on abs(x) at x = 1e-6, where a central step straddles the corner: AD says 1', () => {
    const run = dualwire(['check', '--expr', 'abs(x)', '--at', 'x=1e-6', '--json'])
    expect(run.stderr).toBe('')
    expect(run.status).toBe(1)
    const c = JSON.parse(run.stdout) as CheckJson
    expect(c.ok).toBe(false)
    expect(c.outputs.f.gradient.x).toBe(1)
    expect(c.outputs.f.finiteDifference.x as number).toBeLessThan(0.5)
  })
})

describe('trace', () => {
  // The seed formula's diagram (x1^2 is a Square block): blocks mul, square, log, add; wires x1→mul, x2→mul,
  // x1→square, square→log, mul→add, log→add, add→f: seven.
  const WIRES = 7

  it('prints one row per wire with value, a tangent per input and the adjoint', () => {
    const out = ok(dualwire(['trace', ...SEED]))
    const table = rows(out)
    const head = table.findIndex((r) => r[0] === 'wire')
    expect(table[head]).toEqual(['wire', 'from', 'to', 'value', '∂/∂x1', '∂/∂x2', 'adjoint (seed f)'])
    const body = table.slice(head + 1).filter((r) => r.join('') !== '')
    expect(body).toHaveLength(WIRES)
    expect(body.find((r) => r[2] === 'f')?.slice(3)).toEqual(['1.5609302162163288', '1.8333333333333333', '1.5', '1'])
  })

  it('--json: the x1 wires’ adjoints sum to ∂f/∂x1 = 1.8333333333333333, and every wire carries its closed form', () => {
    const t = json<TraceJson>('trace', ...SEED)
    expect(t.mode).toBe('both')
    expect(t.seed).toBe('f')
    expect(t.tangents).toEqual(['∂/∂x1', '∂/∂x2'])
    expect(t.inputs).toEqual({ x1: 1.5, x2: 0.5 })
    expect(t.wires).toHaveLength(WIRES)
    const from = (pattern: RegExp) => t.wires.filter((w) => pattern.test(w.from))

    const x1 = from(/^x1$/)
    expect(x1).toHaveLength(2)
    for (const w of x1) expect([w.value, w.tangents]).toEqual([1.5, [1, 0]])
    expect(x1.reduce((s, w) => s + (w.adjoint as number), 0)).toBe(1.8333333333333333)
    // via mul: x2 = 0.5; via log(x1²): 2x1/x1² = 4/3
    expect(x1.map((w) => w.adjoint as number).sort((a, b) => a - b)).toEqual([0.5, 4 / 3])

    expect(from(/^x2$/).map((w) => [w.value, w.tangents, w.adjoint])).toEqual([[0.5, [0, 1], 1.5]])
    expect(from(/:mul$/).map((w) => [w.value, w.tangents, w.adjoint])).toEqual([[0.75, [0.5, 1.5], 1]])
    expect(from(/:square$/).map((w) => [w.value, w.tangents, w.adjoint])).toEqual([[2.25, [3, 0], 1 / 2.25]])
    const log = from(/:log$/)
    expect(log).toHaveLength(1)
    expect(log[0].value).toBe(Math.log(2.25))
    expect(log[0].tangents).toEqual([2 / 1.5, 0])
    expect(log[0].adjoint).toBe(1)
    const out = t.wires.filter((w) => w.to === 'f')
    expect(out.map((w) => [w.value, w.tangents, w.adjoint])).toEqual([[SEED_VALUE, [1.8333333333333333, 1.5], 1]])
  })

  it('a constant wire carries no tangent and, as adjoint, the sensitivity to the constant: ∂(x^p)/∂p = x^p ln x', () => {
    const t = json<TraceJson>('trace', '--expr', 'x^3', '--at', 'x=1.5')
    const constant = t.wires.filter((w) => /:constant$/.test(w.from))
    expect(constant).toHaveLength(1)
    expect(constant[0].value).toBe(3)
    expect(constant[0].tangents).toEqual([0])
    expect(Math.abs((constant[0].adjoint as number) - 1.5 ** 3 * Math.log(1.5)) / (1.5 ** 3 * Math.log(1.5))).toBeLessThanOrEqual(1e-15)
  })

  it('--mode forward gives tangents and no adjoints; --mode reverse adjoints and no tangents', () => {
    const forward = json<TraceJson>('trace', ...SEED, '--mode', 'forward')
    expect(forward.mode).toBe('forward')
    expect(forward.wires).toHaveLength(WIRES)
    for (const w of forward.wires) {
      expect(w.tangents).toHaveLength(2)
      expect(w).not.toHaveProperty('adjoint')
    }
    const reverse = json<TraceJson>('trace', ...SEED, '--mode', 'reverse')
    expect(reverse.mode).toBe('reverse')
    expect(reverse.wires).toHaveLength(WIRES)
    for (const w of reverse.wires) {
      expect(w).not.toHaveProperty('tangents')
      expect(typeof w.adjoint).toBe('number')
    }
    expect(reverse.wires.filter((w) => w.from === 'x1').reduce((s, w) => s + (w.adjoint as number), 0)).toBe(1.8333333333333333)
    const human = rows(ok(dualwire(['trace', ...SEED, '--mode', 'reverse'])))
    expect(human.find((r) => r[0] === 'wire')).toEqual(['wire', 'from', 'to', 'value', 'adjoint (seed f)'])
  })

  it('--dir gives one tangent per wire along the direction: (1, 1) reaches f as 11/6 + 3/2 = 10/3', () => {
    const t = json<TraceJson>('trace', ...SEED, '--dir', 'x1=1,x2=1', '--mode', 'forward')
    expect(t.tangents).toEqual(['∂/∂dir'])
    for (const w of t.wires) expect(w.tangents).toHaveLength(1)
    expect(t.wires.filter((w) => w.from === 'x1' || w.from === 'x2').map((w) => w.tangents)).toEqual([[1], [1], [1]])
    const f = t.wires.find((w) => w.to === 'f')!
    expect(Math.abs((f.tangents![0] as number) - 10 / 3)).toBeLessThanOrEqual(1e-15)
  })

  it('--output chooses the seeded output: seeding theta leaves r’s wires at adjoint 0', () => {
    const t = json<TraceJson>('trace', polarFile, '--output', 'theta', '--mode', 'reverse')
    expect(t.seed).toBe('theta')
    const adjointInto = (to: string) => t.wires.find((w) => w.to === to)!.adjoint
    expect(adjointInto('r')).toBe(0)
    expect(adjointInto('theta')).toBe(1)
    expect(t.wires.find((w) => w.from === 'x' && /atan2/.test(w.to))!.adjoint).toBeCloseTo(-0.16, 15)
    expect(t.wires.find((w) => w.from === 'y' && /atan2/.test(w.to))!.adjoint).toBeCloseTo(0.12, 15)
  })
})

describe('convert', () => {
  it('formula → diagram file (with --at as stored values) → formula, and eval reads the file at its stored values', () => {
    const path = join(dir, 'seed.dwire.json')
    expect(ok(dualwire(['convert', ...SEED, '-o', path]))).toBe(`wrote ${path}\n`)
    expect(existsSync(path)).toBe(true)
    const d = JSON.parse(readFileSync(path, 'utf8')) as { format: string; version: number; inputs: { name: string; value: number }[]; outputs: { name: string }[]; blocks: { primitive: string }[] }
    expect(d.format).toBe('dualwire-diagram')
    expect(d.version).toBe(1)
    expect(d.inputs.map((t) => [t.name, t.value])).toEqual([['x1', 1.5], ['x2', 0.5]])
    expect(d.outputs.map((t) => t.name)).toEqual(['f'])
    expect(d.blocks.map((b) => b.primitive).sort()).toEqual(['add', 'log', 'mul', 'square']) // x1^2 is LabVIEW's Square block

    const formula = ok(dualwire(['convert', path]))
    expect(formula.startsWith('f = ')).toBe(true)
    // the printed formula parses to the same function: at the seed point and at (2, −3), f = −6 + ln 4
    const text = formula.trim()
    expect(json<EvalJson>('eval', '--expr', text, '--at', 'x1=1.5,x2=0.5').outputs.f.value).toBe(SEED_VALUE)
    expectRelative(json<EvalJson>('eval', '--expr', text, '--at', 'x1=2,x2=-3').outputs.f.value, -6 + Math.log(4), 1e-15)

    expect(json<EvalJson>('eval', path)).toEqual({ inputs: { x1: 1.5, x2: 0.5 }, outputs: { f: { value: SEED_VALUE } }, warnings: [] })
  })

  it('prints a two-output diagram back as one formula line per output', () => {
    const lines = ok(dualwire(['convert', polarFile])).trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^r = /)
    expect(lines[1]).toMatch(/^theta = /)
  })
})

describe('JSON numbers', () => {
  it('read back as the very doubles computed (shortest round-trip text)', () => {
    const run = dualwire(['eval', '--expr', 'a = x/3; b = x + y; c = y*1e-320; d = x*1e308', '--at', 'x=0.1,y=0.2', '--json'])
    const j = jsonOf<EvalJson>(run)
    const expected = { a: 0.1 / 3, b: 0.1 + 0.2, c: 0.2 * 1e-320, d: 0.1 * 1e308 }
    expect(expected.b).toBe(0.30000000000000004)
    for (const [name, v] of Object.entries(expected)) {
      expect(j.outputs[name].value).toBe(v)
      expect(run.stdout).toContain(`"value": ${JSON.stringify(v)}`)
    }
  })

  it('writes a negative zero as -0, as the table does, so it reads back as the same double', () => {
    expect(ok(dualwire(['eval', '--expr', '-x', '--at', 'x=0']))).toMatch(/^f\s+-0$/m)
    const value = json<EvalJson>('eval', '--expr', '-x', '--at', 'x=0').outputs.f.value
    expect(Object.is(value, -0)).toBe(true)
  })

  it('writes non-finite numbers as the strings "Infinity", "NaN" and "-Infinity"', () => {
    // Each of these is flagged, so each comes with a warning on stderr (tested under 'warnings').
    const warned = <T>(...args: string[]) => JSON.parse(dualwire([...args, '--json']).stdout) as T
    const sqrt = dualwire(['grad', '--expr', 'sqrt(x)', '--at', 'x=0', '--json'])
    expect((JSON.parse(sqrt.stdout) as GradJson).outputs.f).toEqual({ value: 0, gradient: { x: 'Infinity' } })
    expect(sqrt.stdout).toContain('"x": "Infinity"')
    expect(warned<EvalJson>('eval', '--expr', 'log(x)', '--at', 'x=-1').outputs.f.value).toBe('NaN')
    expect(warned<EvalJson>('eval', '--expr', 'log(x)', '--at', 'x=0').outputs.f.value).toBe('-Infinity')
    expect(warned<EvalJson>('eval', '--expr', 'x*1e308*10', '--at', 'x=1').outputs.f.value).toBe('Infinity')
  })

  it('prints -Infinity in the table for log(0)', () => {
    const run = dualwire(['eval', '--expr', 'log(x)', '--at', 'x=0'])
    expect(run.status).toBe(0)
    expect(rows(run.stdout).find((r) => r[0] === 'f')).toEqual(['f', '-Infinity'])
  })
})

describe('a diagram file as input', () => {
  it('is evaluated at its stored input values by default', () => {
    const j = json<EvalJson>('eval', polarFile)
    expect(j.inputs).toEqual({ x: 3, y: 4 })
    expect(j.outputs.r.value).toBe(5)
    expectRelative(j.outputs.theta.value, Math.atan(4 / 3), 1e-15)
  })

  it('--at overrides one input and keeps the other stored value', () => {
    const j = json<GradJson>('grad', polarFile, '--at', 'y=0')
    expect(j.inputs).toEqual({ x: 3, y: 0 })
    expect(j.outputs.r).toEqual({ value: 3, gradient: { x: 1, y: 0 } })
    expect(j.outputs.theta.value).toBe(0)
    expectRelative(j.outputs.theta.gradient.y, 1 / 3, 1e-15)
  })

  it('--output selects one output of grad', () => {
    const j = json<GradJson>('grad', polarFile, '--output', 'theta')
    expect(Object.keys(j.outputs)).toEqual(['theta'])
    expect(j.outputs.theta.gradient.x).toBeCloseTo(-0.16, 15)
    expect(j.outputs.theta.gradient.y).toBeCloseTo(0.12, 15)
  })

  it('--output selects one output of eval (README: --output restricts a command to one output)', () => {
    const j = json<EvalJson>('eval', polarFile, '--output', 'theta')
    expect(Object.keys(j.outputs)).toEqual(['theta'])
  })

  it('--output with an unknown name is a mistake for grad and hessian', () => {
    expectMistake(['grad', polarFile, '--output', 'rho'], '--output', "'rho'", 'r, theta')
    expectMistake(['hessian', polarFile, '--output', 'rho'], '--output', "'rho'")
  })

  it('--output with an unknown name is a mistake for eval', () => {
    expectMistake(['eval', polarFile, '--output', 'rho'], '--output', "'rho'")
  })

  it('can be a plain text file holding a formula', () => {
    const path = write('square.txt', 'x^2 + 1\n')
    expect(json<EvalJson>('eval', path, '--at', 'x=3').outputs.f.value).toBe(10)
  })
})

describe('mistakes: exit code 2, nothing on stdout, one line on stderr naming the problem and its place', () => {
  it('an unknown function in --expr, with its column and a suggestion', () => {
    expectMistake(['eval', '--expr', 'x + sine(x)', '--at', 'x=1'], '--expr', "unknown function 'sine'", 'column 5', "did you mean 'sin'")
  })

  it('a formula input without a value in --at', () => {
    expectMistake(['eval', '--expr', 'x + y', '--at', 'x=1'], '--at', "'y'")
    expectMistake(['grad', '--expr', 'x + y'], '--at', "'x'")
  })

  it('--at naming an input the diagram lacks', () => {
    expectMistake(['eval', polarFile, '--at', 'z=1'], '--at', "'z'", 'x, y')
    expectMistake(['eval', '--expr', 'x1*x2', '--at', 'x1=1,x2=2,x3=3'], '--at', "'x3'")
  })

  it('a value in --at that is not a finite number', () => {
    expectMistake(['eval', '--expr', 'x', '--at', 'x=abc'], '--at', "'abc'", 'x')
    expectMistake(['eval', '--expr', 'x', '--at', 'x=Infinity'], '--at', "'Infinity'")
    expectMistake(['eval', '--expr', 'x', '--at', 'x=NaN'], '--at', "'NaN'")
    expectMistake(['eval', '--expr', 'x', '--at', 'x=1e999'], '--at', "'1e999'")
  })

  it('--at without name=value', () => {
    expectMistake(['eval', '--expr', 'x', '--at', 'x'], '--at', 'name=value', "'x'")
  })

  it('a file that does not exist', () => {
    const path = join(dir, 'missing.dwire.json')
    expectMistake(['eval', path], path, 'no such file')
  })

  it('a directory', () => {
    const path = join(dir, 'subdir.dwire.json')
    mkdirSync(path)
    expect(expectMistake(['eval', path], path)).toMatch(/folder|directory/)
  })

  it('a file that is not valid JSON, with the line and column', () => {
    const path = write('broken-json.dwire.json', ['{', '  "format": "dualwire-diagram",', '  "version": 1,', '  "inputs": [,]', '}'])
    // line 4 is `  "inputs": [,]`; the stray comma is its 14th character
    expectMistake(['eval', path], path, 'JSON', 'line 4, column 14')
  })

  it('valid JSON that is not a valid diagram: an unknown primitive, with its line', () => {
    const lines = diagramLines({ ...POLAR, blocks: [{ id: 'b1', primitive: 'hypotenuse' }, { id: 'b2', primitive: 'atan2' }] })
    const line = lines.findIndex((l) => l.includes('"hypotenuse"')) + 1
    const path = write('unknown-primitive.dwire.json', lines)
    expectMistake(['eval', path], path, 'unknown primitive', 'hypotenuse', `line ${line}, column`)
  })

  it('valid JSON that is not a valid diagram: a wire to a port the block lacks, with its line', () => {
    const wires = POLAR.wires.map((w) => ((w as { id: string }).id === 'w4' ? { id: 'w4', from: 'i1', to: 'b2.q' } : w))
    const lines = diagramLines({ ...POLAR, wires })
    const line = lines.findIndex((l) => l.includes('"b2.q"')) + 1
    const path = write('missing-port.dwire.json', lines)
    expectMistake(['eval', path], path, "'q'", `line ${line}, column`)
  })

  it('a broken diagram (an unwired input) is refused, naming the block and the port', () => {
    const path = write('unwired.dwire.json', diagramLines({ ...POLAR, wires: POLAR.wires.filter((w) => (w as { id: string }).id !== 'w4') }))
    expectMistake(['eval', path], path, 'Inverse Tangent (2 Input) b2', "'x'", 'not wired')
    expectMistake(['grad', path], path, 'Inverse Tangent (2 Input) b2', "'x'")
  })

  it('an unknown command', () => {
    expectMistake(['frobnicate', ...SEED], "unknown command 'frobnicate'")
  })

  it('an unknown option', () => {
    expectMistake(['eval', ...SEED, '--frob'], "unknown option '--frob'")
  })

  it('--mode with a bad value', () => {
    expectMistake(['grad', ...SEED, '--mode', 'sideways'], '--mode', "'sideways'")
    expectMistake(['jacobian', ...SEED, '--mode', 'both'], '--mode', "'both'")
  })

  it('--order out of range or not whole', () => {
    expectMistake(['taylor', ...SEED, '--order', '0'], '--order', "'0'")
    expectMistake(['taylor', ...SEED, '--order', '21'], '--order', "'21'")
    expectMistake(['taylor', ...SEED, '--order', '2.5'], '--order', "'2.5'")
  })

  it('no command at all', () => {
    expectMistake([], 'no command')
  })

  it('both a file and --expr', () => {
    expectMistake(['eval', polarFile, '--expr', 'x'], '--expr', 'not both')
  })
})

describe('help, version and the demo', () => {
  it('--help and -h print the usage and every command, exit 0', () => {
    for (const flag of ['--help', '-h']) {
      const out = ok(dualwire([flag]))
      expect(out).toContain('usage: dualwire <command>')
      for (const c of ['eval', 'grad', 'jacobian', 'hessian', 'taylor', 'check', 'trace', 'convert']) expect(out).toMatch(new RegExp(`^  ${c} `, 'm'))
    }
  })

  it('--version prints package.json’s version, exit 0', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
    expect(ok(dualwire(['--version']))).toBe(`${pkg.version}\n`)
  })

  it('npm run demo runs the demo, which prints the seed example’s value and gradient', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    expect(pkg.scripts.demo).toBe('node bin/dualwire.mjs demo')
    const out = ok(dualwire(['demo']))
    expect(rows(out).find((r) => r[0] === 'f')).toEqual(['f', '1.5609302162163288', '1.8333333333333333', '1.5'])
  })
})

// At x1 = 0 the seed example takes ln 0 = −∞: f = −∞, and ∂f/∂x1 comes out as x2 = 0.5 because the infinite
// partial 2/x1 meets a zero tangent. Every command that evaluates says so on stderr, and in --json.
describe('warnings', () => {
  const AT_ZERO = ['--expr', SEED_EXPR, '--at', 'x1=0,x2=0.5']
  const LINE = 'dualwire: warning: Natural Logarithm b3: logarithm of zero is −∞ (x = 0); '

  it('grad prints its table, exit 0, and one warning line naming the block and the domain rule', () => {
    const run = dualwire(['grad', ...AT_ZERO])
    expect(run.status).toBe(0)
    expect(rows(run.stdout).find((r) => r[0] === 'f')).toEqual(['f', '-Infinity', '0.5', '0'])
    expect(run.stderr).toBe(`${LINE}the value and derivatives of f cannot be trusted\n`)
  })

  it('every evaluating command warns, and eval speaks of the value only', () => {
    for (const command of ['jacobian', 'hessian', 'taylor', 'check', 'trace']) {
      const run = dualwire([command, ...AT_ZERO])
      expect(run.stderr, command).toBe(`${LINE}the value and derivatives of f cannot be trusted\n`)
    }
    expect(dualwire(['eval', ...AT_ZERO]).stderr).toBe(`${LINE}the value of f cannot be trusted\n`)
  })

  it('--json gives the warnings as an array, with the block, its label, the rule and the outputs reached', () => {
    const run = dualwire(['grad', ...AT_ZERO, '--json'])
    expect(run.status).toBe(0)
    const j = JSON.parse(run.stdout) as GradJson & { warnings: unknown[] }
    expect(j.outputs.f).toEqual({ value: '-Infinity', gradient: { x1: 0.5, x2: 0 } })
    expect(j.warnings).toEqual([{ node: 'b3', label: 'Natural Logarithm b3', message: 'logarithm of zero is −∞ (x = 0)', breaks: 'value', outputs: ['f'] }])
  })

  it('a derivative that is infinite where the value is fine: sqrt(x^2) at 0 is 0, its slope is not 0', () => {
    const run = dualwire(['grad', '--expr', 'sqrt(x^2) + y', '--at', 'x=0,y=1', '--json'])
    const j = JSON.parse(run.stdout) as GradJson & { warnings: { label: string; breaks: string }[] }
    expect(j.outputs.f).toEqual({ value: 1, gradient: { x: 0, y: 1 } }) // the zero a strong zero gives
    expect(j.warnings.map((w) => [w.label, w.breaks])).toEqual([['Square Root b2', 'derivative']])
    expect(dualwire(['eval', '--expr', 'sqrt(x^2) + y', '--at', 'x=0,y=1']).stderr).toBe('') // the value is right
  })

  it('says nothing where every input is in its domain', () => {
    expect(dualwire(['grad', ...SEED]).stderr).toBe('')
    expect(dualwire(['grad', '--expr', 'select(x > 0, sqrt(x), 0)', '--at', 'x=0']).stderr).toBe('') // the untaken branch
  })
})
