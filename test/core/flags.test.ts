import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  BrokenDiagramError, causeText, compile, type Diagram, edits, emptyDiagram, Evaluator, exportModule, FLAG_DERIVATIVE, FLAG_VALUE,
  flagValues, formulaToDiagram, type Schedule, TERMINAL_PORT, wireResult,
  flatValues,
} from '../../core'
import { EXAMPLES } from '../../renderer/src/examples'

// Partial evaluation of broken diagrams, flags on values outside a primitive's domain (and their taint),
// and parameters written by index. Expected numbers are closed forms; expected flags come from hand-written
// domain rules, never from the table the engine reads.

function sweep(d: Diagram, x: number[], options = { constantEdges: true, partial: false }) {
  const s = compile(d, options)
  const ev = new Evaluator(s)
  ev.setInputs(x)
  ev.sweepValues(1)
  const k = s.inputs.length
  const seeds = new Float64Array(k * k)
  for (let i = 0; i < k; i++) seeds[i * k + i] = 1
  ev.forward(seeds, k)
  return { s, ev, flags: flagValues(ev) }
}

const outputBits = (s: Schedule, flags: ReturnType<typeof flagValues>, i = 0) => flags.bits[s.outputs[i].reg]
const blockOf = (d: Diagram, primitive: string) => d.blocks.find((b) => b.primitive === primitive)!.id
const wireFrom = (d: Diagram, node: string) => d.wires.find((w) => w.from.node === node)!.id

describe('flags: values outside a primitive’s domain, and what is computed from them', () => {
  it('ln(x1²) at x1 = 0 is flagged; the taint reaches f and ∂f/∂x1, which reads x2 = 0.5', () => {
    const d = formulaToDiagram('x1*x2 + log(x1^2)')
    const { s, ev, flags } = sweep(d, [0, 0.5])
    expect(ev.output(0)).toBe(-Infinity)
    expect(ev.outputTangent(0, 0)).toBe(0.5) // the infinite 2/x1 met a zero tangent: not the derivative
    expect(outputBits(s, flags)).toBe(FLAG_VALUE | FLAG_DERIVATIVE)
    const log = blockOf(d, 'log')
    expect(flags.causes.map(causeText)).toEqual([`Natural Logarithm ${log}: logarithm of zero is −∞ (x = 0)`])
    expect(flags.cause[s.outputs[0].reg]).toBe(0)
    // x1·x2 = 0 and x1² = 0 are right and so are their tangents; x1² feeds ln with an infinite partial.
    expect(flags.bits[s.wires.get(wireFrom(d, blockOf(d, 'mul')))!.reg]).toBe(0)
    expect(flags.bits[s.wires.get(wireFrom(d, blockOf(d, 'square')))!.reg]).toBe(0)
  })

  it('the same diagram at x1 = 1.5 has no flag', () => {
    const { flags } = sweep(formulaToDiagram('x1*x2 + log(x1^2)'), [1.5, 0.5])
    expect(flags.causes).toEqual([])
    expect(flags.bits.every((b) => b === 0)).toBe(true)
  })

  it.each([
    ['sqrt(x)', [-1], NaN, 'Square Root b1: square root of a negative number (x = −1)'],
    ['1/x', [0], Infinity, 'Divide b2: division by zero (x = 1, y = 0)'],
    ['asin(x)', [2], NaN, 'Inverse Sine b1: asin is defined on [−1, 1] (x = 2)'],
    ['pow(x, y)', [-8, 1 / 3], NaN, 'Power Of X b1: a negative base needs an integer exponent (x = −8, y = 0.3333333333333333)'],
    ['log(x)', [-1], NaN, 'Natural Logarithm b1: logarithm of a negative number (x = −1)'],
    ['acosh(x)', [0.5], NaN, 'Inverse Hyperbolic Cosine b1: acosh is defined for x ≥ 1 (x = 0.5)'],
  ])('%s at %j is %s and flagged: %s', (formula, x, value, text) => {
    const { s, ev, flags } = sweep(formulaToDiagram(formula), x)
    expect(ev.output(0)).toBe(value)
    expect(outputBits(s, flags)).toBe(FLAG_VALUE | FLAG_DERIVATIVE)
    expect(flags.causes.map(causeText)).toEqual([text])
  })

  it('exp overflowing to ∞ is flagged as not finite, and so is what reads it even where it is finite again', () => {
    const d = formulaToDiagram('atan(exp(x))')
    const { s, ev, flags } = sweep(d, [1000])
    expect(ev.output(0)).toBe(Math.PI / 2)
    expect(outputBits(s, flags)).toBe(FLAG_VALUE | FLAG_DERIVATIVE)
    expect(flags.causes.map(causeText)).toEqual(['Exponential b1: is ∞ (x = 1000)'])
  })

  it('a negative base with an integer exponent is in the domain: (−2)³ = −8, ∂/∂x = 3·4 = 12', () => {
    const d = formulaToDiagram('pow(x, 3)')
    const { s, ev, flags } = sweep(d, [-2], { constantEdges: false, partial: false })
    expect(ev.output(0)).toBe(-8)
    expect(ev.outputTangent(0, 0)).toBe(12)
    expect(outputBits(s, flags)).toBe(0)
  })

  it('√(x²) at 0 is 0 with a right value and a flagged derivative (the slope of |x| is undefined there)', () => {
    const d = formulaToDiagram('sqrt(x^2) + y')
    const { s, ev, flags } = sweep(d, [0, 1])
    expect(ev.output(0)).toBe(1)
    expect(ev.outputTangent(0, 0)).toBe(0)
    expect(outputBits(s, flags)).toBe(FLAG_DERIVATIVE)
  })

  it('a Select passes flags from the branch it takes only: select(x > 0, ln x, 1) at x = −1 is 1, unflagged', () => {
    const d = formulaToDiagram('select(x > 0, log(x), 1)')
    const { s, ev, flags } = sweep(d, [-1])
    expect(ev.output(0)).toBe(1)
    expect(outputBits(s, flags)).toBe(0)
    expect(flags.bits[s.wires.get(wireFrom(d, blockOf(d, 'log')))!.reg]).toBe(FLAG_VALUE | FLAG_DERIVATIVE)
    // and from the condition: a NaN compared makes a Boolean that is wrong
    const c = formulaToDiagram('select(log(x) > 0, 2, 1)')
    const r = sweep(c, [-1])
    expect(r.ev.output(0)).toBe(1)
    expect(outputBits(r.s, r.flags)).toBe(FLAG_VALUE | FLAG_DERIVATIVE)
  })

  it('no example of the editor is flagged at its default inputs; only Kinks’ untaken √x at 0 has a flagged slope', () => {
    for (const e of EXAMPLES) {
      const d = e.build()
      const { s, ev, flags } = sweep(d, flatValues(d.inputs))
      for (let i = 0; i < s.outputs.length; i++) {
        expect(Number.isFinite(ev.output(i)), e.id).toBe(true)
        expect(outputBits(s, flags, i), e.id).toBe(0)
      }
      const flagged = s.blocks.filter((b) => b.outputs.some((o) => flags.bits[o.reg] !== 0)).map((b) => b.primitive)
      expect(flagged, e.id).toEqual(e.id === 'kinks' ? ['sqrt'] : [])
      if (e.id === 'kinks') expect(flags.bits[s.blocks.find((b) => b.primitive === 'sqrt')!.outputs[0].reg]).toBe(FLAG_DERIVATIVE)
    }
  })

  // Random diagrams of + − × ÷ ln √ exp asin sin −x over inputs that hit the domains' edges (0, ±1, 2, ...).
  // The expectation is a plain recursive walk with Math and hand-written domain rules: a value is flagged
  // iff some primitive upstream of it (itself included) had an input outside its domain, or some value
  // upstream is not finite.
  it('property: a wire is flagged iff something upstream left a domain or was not finite', () => {
    const OPS: Record<string, { args: number; f: (a: number, b: number) => number; outside: (a: number, b: number) => boolean }> = {
      add: { args: 2, f: (a, b) => a + b, outside: () => false },
      sub: { args: 2, f: (a, b) => a - b, outside: () => false },
      mul: { args: 2, f: (a, b) => a * b, outside: () => false },
      div: { args: 2, f: (a, b) => a / b, outside: (_, b) => b === 0 },
      log: { args: 1, f: (a) => Math.log(a), outside: (a) => a <= 0 },
      sqrt: { args: 1, f: (a) => Math.sqrt(a), outside: (a) => a < 0 },
      exp: { args: 1, f: (a) => Math.exp(a), outside: () => false },
      asin: { args: 1, f: (a) => Math.asin(a), outside: (a) => Math.abs(a) > 1 },
      sin: { args: 1, f: (a) => Math.sin(a), outside: () => false },
      neg: { args: 1, f: (a) => -a, outside: () => false },
    }
    const names = Object.keys(OPS)
    const arb = fc.record({
      x: fc.array(fc.constantFrom(0, 1, -1, 2, 0.5, -0.5, 700, -3), { minLength: 1, maxLength: 3 }),
      blocks: fc.array(fc.record({ op: fc.constantFrom(...names), a: fc.nat(), b: fc.nat() }), { minLength: 1, maxLength: 12 }),
    })
    fc.assert(
      fc.property(arb, ({ x, blocks }) => {
        const d = emptyDiagram()
        x.forEach((v, i) => d.inputs.push({ id: `i${i + 1}`, name: `x${i + 1}`, value: v }))
        const ends = d.inputs.map((t) => ({ node: t.id, port: TERMINAL_PORT }))
        const args: number[][] = []
        blocks.forEach((blk, k) => {
          const id = `b${k + 1}`
          const op = OPS[blk.op]
          d.blocks.push({ id, primitive: blk.op, params: {} })
          const from = [blk.a % ends.length, blk.b % ends.length].slice(0, op.args)
          const ports = op.args === 2 ? ['x', 'y'] : ['x']
          from.forEach((f, j) => d.wires.push({ id: `w${d.wires.length + 1}`, from: ends[f], to: { node: id, port: ports[j] } }))
          args.push(from)
          ends.push({ node: id, port: 'r' })
        })
        d.outputs.push({ id: 'o1', name: 'f' })
        d.wires.push({ id: `w${d.wires.length + 1}`, from: ends[ends.length - 1], to: { node: 'o1', port: TERMINAL_PORT } })

        // The plain walk: value and flag of node n (inputs first, then blocks).
        const memo = new Map<number, { v: number; flagged: boolean }>()
        const walk = (n: number): { v: number; flagged: boolean } => {
          if (memo.has(n)) return memo.get(n)!
          let r: { v: number; flagged: boolean }
          if (n < x.length) r = { v: x[n], flagged: !Number.isFinite(x[n]) }
          else {
            const blk = blocks[n - x.length]
            const op = OPS[blk.op]
            const ins = args[n - x.length].map(walk)
            const [a, b] = [ins[0].v, ins[1]?.v ?? 0]
            const v = op.f(a, b)
            r = { v, flagged: ins.some((i) => i.flagged) || op.outside(a, b) || !Number.isFinite(v) }
          }
          memo.set(n, r)
          return r
        }
        const { s, ev, flags } = sweep(d, x)
        for (let n = 0; n < ends.length; n++) {
          const expected = walk(n)
          const reg = n < x.length ? s.inputs[n].reg : s.blocks.find((b) => b.id === `b${n - x.length + 1}`)!.outputs[0].reg
          expect(Object.is(ev.R[reg], expected.v) || (Number.isNaN(ev.R[reg]) && Number.isNaN(expected.v))).toBe(true)
          expect((flags.bits[reg] & FLAG_VALUE) !== 0).toBe(expected.flagged)
          if (expected.flagged) expect(flags.bits[reg] & FLAG_DERIVATIVE).toBe(FLAG_DERIVATIVE)
        }
      }),
      { numRuns: 300, seed: 10 },
    )
  })
})

describe('a broken diagram compiled partially', () => {
  // x1·x2 + ln(x1²) with Multiply's y unwired: ln(x1²) still runs (= ln 2.25, ∂/∂x1 = 2/x1 = 4/3), f does not.
  const broken = () => {
    const d = formulaToDiagram('x1*x2 + log(x1^2)', { values: { x1: 1.5, x2: 0.5 } })
    const into = d.wires.find((w) => w.to.node === blockOf(d, 'mul') && w.to.port === 'y')!.id
    return edits.removeWires(d, [into]).diagram
  }

  it('is refused without partial, by compile and by the exporter', () => {
    expect(() => compile(broken())).toThrow(BrokenDiagramError)
    expect(() => exportModule(broken(), { version: 'test', language: 'js' })).toThrow(/not wired/)
  })

  it('keeps the values and tangents of what has complete inputs, and gives the rest none', () => {
    const d = broken()
    const { s, ev } = sweep(d, [1.5, 0.5], { constantEdges: true, partial: true })
    expect(s.problems.map((p) => p.message)).toEqual([`input 'y' of Multiply ${blockOf(d, 'mul')} is not wired`])
    const square = wireResult(ev, wireFrom(d, blockOf(d, 'square')))
    expect(square.value).toBe(2.25)
    expect(square.tangents).toEqual([3, 0]) // 2·x1, and x2 does not reach it
    const log = wireResult(ev, wireFrom(d, blockOf(d, 'log')))
    expect(log.value).toBe(Math.log(2.25))
    expect(log.tangents).toEqual([4 / 3, 0])
    expect(s.wires.has(wireFrom(d, blockOf(d, 'mul')))).toBe(false)
    expect(s.wires.has(wireFrom(d, blockOf(d, 'add')))).toBe(false)
    expect(s.outputs).toEqual([])
    expect(s.blocks.map((b) => b.primitive).sort()).toEqual(['log', 'square'])
  })

  it('leaves out blocks in a cycle and those wired twice, and what reads them', () => {
    const d = formulaToDiagram('f = sin(x) + cos(x); g = exp(x)', { values: { x: 0.5 } })
    const add = blockOf(d, 'add')
    const sin = blockOf(d, 'sin')
    // a second wire into add.x: add is wired twice, f cannot be computed; g still can
    const twice = edits.connect(d, { node: 'i1', port: TERMINAL_PORT }, { node: add, port: 'x' })
    const d2 = 'diagram' in twice ? twice.diagram : d
    d2.wires.push({ id: 'extra', from: { node: sin, port: 'r' }, to: { node: add, port: 'x' } })
    const { s, ev } = sweep(d2, [0.5], { constantEdges: true, partial: true })
    expect(s.outputs.map((o) => o.name)).toEqual(['g'])
    expect(ev.output(0)).toBe(Math.exp(0.5))
    expect(ev.outputTangent(0, 0)).toBe(Math.exp(0.5))
    expect(wireResult(ev, wireFrom(d2, sin)).value).toBe(Math.sin(0.5))
  })

  it('compiles a whole diagram to the same schedule with or without partial', () => {
    const d = formulaToDiagram('x1*x2 + log(x1^2)')
    const a = compile(d)
    const b = compile(d, { partial: true })
    expect(Array.from(b.value.code)).toEqual(Array.from(a.value.code))
    expect(Array.from(b.edgePartial)).toEqual(Array.from(a.edgePartial))
    expect(b.problems).toEqual([])
  })
})

describe('parameters by index', () => {
  it('writes a diagram’s parameters into their registers, in the compiled order or another', () => {
    // f = 2·x + 3 with two constant blocks; then 5·x + 7.
    const d = formulaToDiagram('2*x + 3', { values: { x: 10 } })
    const s = compile(d)
    const ev = new Evaluator(s)
    ev.setInputs([10])
    ev.sweepValues(0)
    expect(ev.output(0)).toBe(23)
    const changed = { ...d, blocks: d.blocks.map((b) => (b.params.value === 2 ? { ...b, params: { value: 5 } } : b.params.value === 3 ? { ...b, params: { value: 7 } } : b)) }
    ev.setParams(changed)
    ev.sweepValues(0)
    expect(ev.output(0)).toBe(57)
    ev.setParams({ blocks: [...d.blocks].reverse() })
    ev.sweepValues(0)
    expect(ev.output(0)).toBe(23)
    ev.setParam(d.blocks.find((b) => b.params.value === 3)!.id, 'value', -20)
    ev.sweepValues(0)
    expect(ev.output(0)).toBe(0)
    expect(() => ev.setParam(blockOf(d, 'mul'), 'value', 1)).toThrow(/has no parameter/)
  })
})
