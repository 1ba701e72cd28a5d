import { ARRAY_CONSTANT } from '../expr/ast'
import { type ArrayIo, type ArrayRule, type LinearEdge, SCALAR, type ScalarBuilder, type ScalarRef, type Shape } from './array-rule'
import { family, type PortSpec, type Primitive } from './types'

// LabVIEW's Array palette. Each row is a rule (array-rule.ts): lengths, one loop for the values (and the
// scratch its derivative reads), and the derivative as linear edges. Index inputs (Index Array's index,
// Rotate's n) carry no derivative, as LabVIEW's integer wires would not; Array Max & Min's indices neither.
// Lengths that decide the shape of a result are parameters, so every length is known when the diagram is
// compiled and a sweep allocates nothing.

const array = (id: string): PortSpec => ({ id, type: 'number', shape: 'array' })
const scalar = (id: string): PortSpec => ({ id, type: 'number', shape: 'scalar' })
const either = (id: string): PortSpec => ({ id, type: 'number' })
const out = (id: string) => ({ id, type: 'number' as const, value: 'array', partials: {} })

/** The elements a value of this length has: a scalar is one. */
const count = (n: number) => (n === SCALAR ? 1 : n)

/** A whole number, or undefined. */
const whole = (v: number) => (Number.isInteger(v) ? v : undefined)

/** Largest length Array Subset can be asked for: "the rest of the array". */
export const REST = 2147483647

function row(id: string, labview: string, glyph: string, doc: string, inputs: PortSpec[], outputs: string[], rule: ArrayRule, params: { id: string; default: number }[] = []): Omit<Primitive, 'category'> {
  return { id, labview, glyph, doc, inputs, outputs: outputs.map(out), params, domain: [], kinks: [], array: rule }
}

const shaped = (outs: number[], edges: LinearEdge[], aux: number[] = []): Shape => ({ outs, aux, edges })

function copy(R: Float64Array, from: number, to: number, n: number): void {
  for (let i = 0; i < n; i++) R[to + i] = R[from + i]
}

// Printing a rule's loop for an exported module (ArrayRule.js). Lengths are known when a diagram compiles,
// so the printed loop takes them as literals; where run branches on a length, the printer branches instead
// (a TypeScript module may not compare two different literals).

/** Statements as one block, each line indented. */
const braces = (lines: string[]) => `{\n${lines.join('\n').split('\n').map((l) => `  ${l}`).join('\n')}\n}`

/** A whole number as an operand: a negative one in parentheses, so that `x / -1` never reads as `x /-1`. */
const int = (v: number) => (v < 0 ? `(${v})` : String(v))

const copyJs = (R: string, from: number, to: number, n: number) => `for (let i = 0; i < ${n}; i++) ${R}[${to} + i] = ${R}[${from} + i]`

/** A reduction to one number whose partial is a scratch vector the same length as the input. */
function reduction(derivative: string, run: (R: Float64Array, io: ArrayIo) => void, extra: Partial<ArrayRule> = {}): ArrayRule {
  return { derivative, shape: ([n]) => shaped([SCALAR], [{ kind: 'reduce', from: 0, to: 0, p: { aux: 0 } }], [n]), run, ...extra }
}

// Rules as blocks of numbers (ArrayRule.scalar) start their sums from 0, as run does, so that −0 stays as run leaves it.
const sumOf = (f: ScalarBuilder, terms: ScalarRef[]) => terms.reduce((s, t) => f.op('add', [s, t]), f.constant(0))
const squares = (f: ScalarBuilder, x: ScalarRef[]) => x.map((v) => f.op('mul', [v, v]))

const emptyDomain = (what: string) => (_R: Float64Array, io: ArrayIo) =>
  io.inN[0] === 0 ? { message: `an empty array has no ${what}`, breaks: 'value' as const } : undefined

export const arrays = family('array', [
  {
    id: ARRAY_CONSTANT, labview: 'Array Constant', glyph: '[ ]', doc: 'an array you type (one number typed makes it a Numeric Constant)',
    inputs: [], outputs: [out('r')], params: [], domain: [], kinks: [], holds: 'array',
  },
  row('size', 'Array Size', 'size', 'the number of elements of x', [array('x')], ['r'], {
    derivative: 'none: a length carries no derivative',
    shape: () => shaped([SCALAR], []),
    run: (R, io) => {
      R[io.out[0]] = io.inN[0]
    },
    js: (io, R) => `${R}[${io.out[0]}] = ${io.inN[0]}`,
  }),
  row('index', 'Index Array', 'x[i]', 'element i of x (i rounded to the nearest whole number; i carries no derivative)', [array('x'), scalar('i')], ['r'], {
    derivative: '∂r/∂x[j] = 1 where j = round(i), else 0; i has none',
    shape: () => shaped([SCALAR], [{ kind: 'gather', from: 0, to: 0, start: 0, len: 1, index: 0 }], [SCALAR]),
    run: (R, io) => {
      const i = Math.round(R[io.in[1]])
      const inside = i >= 0 && i < io.inN[0]
      R[io.aux[0]] = inside ? i : -1
      R[io.out[0]] = inside ? R[io.in[0] + i] : NaN
    },
    js: (io, R) => braces([
      `const i = Math.round(${R}[${io.in[1]}])`,
      `const inside = i >= 0 && i < ${io.inN[0]}`,
      `${R}[${io.aux[0]}] = inside ? i : -1`,
      `${R}[${io.out[0]}] = inside ? ${R}[${io.in[0]} + i] : NaN`,
    ]),
    domain: (R, io) => (R[io.aux[0]] < 0 ? { message: `index ${R[io.in[1]]} is outside 0…${io.inN[0] - 1}`, breaks: 'value' } : undefined),
  }),
  row('build', 'Build Array', '[a b]', 'a followed by b (each a number or an array)', [either('a'), either('b')], ['r'], {
    derivative: 'the identity on each part: r[j] = a[j], r[na + j] = b[j]',
    shape: ([a, b]) => shaped([count(a) + count(b)], [
      { kind: 'gather', from: 0, to: 0, start: 0, len: count(a), srcStart: 0, step: 1 },
      { kind: 'gather', from: 1, to: 0, start: count(a), len: count(b), srcStart: 0, step: 1 },
    ]),
    run: (R, io) => {
      const a = io.inN[0] === -1 ? 1 : io.inN[0]
      copy(R, io.in[0], io.out[0], a)
      copy(R, io.in[1], io.out[0] + a, io.inN[1] === -1 ? 1 : io.inN[1])
    },
    js: (io, R) => {
      const a = count(io.inN[0])
      return braces([copyJs(R, io.in[0], io.out[0], a), copyJs(R, io.in[1], io.out[0] + a, count(io.inN[1]))])
    },
  }),
  row('subset', 'Array Subset', 'x[a:b]', `length elements of x from offset (a negative offset counts from the end; a negative length stops that many before the end; ${REST} means the rest)`, [array('x')], ['r'], {
    derivative: 'the identity on the elements taken',
    shape: ([n], [offset, length]) => {
      const span = subsetSpan(n, offset, length)
      if (typeof span === 'string') return span
      return shaped([span.len], [{ kind: 'gather', from: 0, to: 0, start: 0, len: span.len, srcStart: span.from, step: 1 }])
    },
    run: (R, io) => {
      const from = io.params[0] < 0 ? io.inN[0] + io.params[0] : io.params[0]
      copy(R, io.in[0] + from, io.out[0], io.outN[0])
    },
    js: (io, R) => copyJs(R, io.in[0] + (io.params[0] < 0 ? io.inN[0] + io.params[0] : io.params[0]), io.out[0], io.outN[0]),
  }, [{ id: 'offset', default: 0 }, { id: 'length', default: REST }]),
  row('replace', 'Replace Array Subset', 'x[o:]=y', 'x with the elements from offset replaced by y (a number or an array that fits)', [array('x'), either('y')], ['r'], {
    derivative: 'the identity: from y inside the subset, from x outside it',
    shape: ([n, y], [offset]) => {
      const m = count(y)
      if (whole(offset) === undefined || offset < 0) return `offset ${offset} must be a whole number, 0 or more`
      if (offset + m > n) return `y (length ${m}) does not fit into x (length ${n}) at offset ${offset}`
      return shaped([n], [
        { kind: 'gather', from: 0, to: 0, start: 0, len: offset, srcStart: 0, step: 1 },
        { kind: 'gather', from: 0, to: 0, start: offset + m, len: n - offset - m, srcStart: offset + m, step: 1 },
        { kind: 'gather', from: 1, to: 0, start: offset, len: m, srcStart: 0, step: 1 },
      ])
    },
    run: (R, io) => {
      copy(R, io.in[0], io.out[0], io.outN[0])
      copy(R, io.in[1], io.out[0] + io.params[0], io.inN[1] === -1 ? 1 : io.inN[1])
    },
    js: (io, R) => braces([copyJs(R, io.in[0], io.out[0], io.outN[0]), copyJs(R, io.in[1], io.out[0] + io.params[0], count(io.inN[1]))]),
  }, [{ id: 'offset', default: 0 }]),
  row('init', 'Initialize Array', 'init', 'length copies of v', [scalar('v')], ['r'], {
    derivative: '∂r[j]/∂v = 1',
    shape: (_, [length]) => {
      if (whole(length) === undefined || length < 0) return `length ${length} must be a whole number, 0 or more`
      return shaped([length], [{ kind: 'gather', from: 0, to: 0, start: 0, len: length, srcStart: 0, step: 0 }])
    },
    run: (R, io) => {
      const v = R[io.in[0]]
      for (let i = 0; i < io.outN[0]; i++) R[io.out[0] + i] = v
    },
    js: (io, R) => braces([`const v = ${R}[${io.in[0]}]`, `for (let i = 0; i < ${io.outN[0]}; i++) ${R}[${io.out[0]} + i] = v`]),
  }, [{ id: 'length', default: 10 }]),
  row('ramp', 'Ramp Pattern', 'ramp', 'n evenly spaced numbers from start to end: start + i·(end − start)/(n − 1)', [scalar('start'), scalar('end')], ['r'], {
    derivative: '∂r[j]/∂start = 1 − j/(n−1), ∂r[j]/∂end = j/(n−1)',
    shape: (_, [n]) => {
      if (whole(n) === undefined || n < 1) return `n ${n} must be a whole number, 1 or more`
      return shaped([n], [{ kind: 'scale', from: 0, to: 0, p: { aux: 0 } }, { kind: 'scale', from: 1, to: 0, p: { aux: 1 } }], [n, n])
    },
    run: (R, io) => {
      const n = io.outN[0]
      const a = R[io.in[0]]
      const step = n === 1 ? 0 : (R[io.in[1]] - a) / (n - 1)
      for (let i = 0; i < n; i++) {
        const t = n === 1 ? 0 : i / (n - 1)
        R[io.out[0] + i] = a + i * step
        R[io.aux[0] + i] = 1 - t
        R[io.aux[1] + i] = t
      }
    },
    js: (io, R) => {
      const n = io.outN[0]
      return braces([
        `const a = ${R}[${io.in[0]}]`,
        `const step = ${n === 1 ? '0' : `(${R}[${io.in[1]}] - a) / ${int(n - 1)}`}`,
        `for (let i = 0; i < ${n}; i++) {`,
        `  const t = ${n === 1 ? '0' : `i / ${int(n - 1)}`}`,
        `  ${R}[${io.out[0]} + i] = a + i * step`,
        `  ${R}[${io.aux[0]} + i] = 1 - t`,
        `  ${R}[${io.aux[1]} + i] = t`,
        '}',
      ])
    },
    scalar: ([[a], [end]], f, [n]) => {
      const step = n === 1 ? f.constant(0) : f.op('div', [f.op('sub', [end, a]), f.constant(n - 1)])
      return [Array.from({ length: n }, (_, i) => f.op('add', [a, f.op('mul', [f.constant(i), step])]))]
    },
  }, [{ id: 'n', default: 10 }]),
  row('reverse', 'Reverse 1D Array', 'rev', 'x in the opposite order', [array('x')], ['r'], {
    derivative: 'the identity, reversed',
    shape: ([n]) => shaped([n], [{ kind: 'gather', from: 0, to: 0, start: 0, len: n, srcStart: n - 1, step: -1 }]),
    run: (R, io) => {
      const n = io.inN[0]
      for (let i = 0; i < n; i++) R[io.out[0] + i] = R[io.in[0] + n - 1 - i]
    },
    js: (io, R) => `for (let i = 0; i < ${io.inN[0]}; i++) ${R}[${io.out[0]} + i] = ${R}[${io.in[0] + io.inN[0] - 1} - i]`,
  }),
  row('rotate', 'Rotate 1D Array', 'rot', 'x moved n places toward its end, the last elements wrapping to the front (n rounded; it carries no derivative)', [array('x'), scalar('n')], ['r'], {
    derivative: 'the identity, rotated; n has none',
    shape: ([n]) => shaped([n], [{ kind: 'gather', from: 0, to: 0, start: 0, len: n, index: 0 }], [n]),
    run: (R, io) => {
      const n = io.inN[0]
      const k = Math.round(R[io.in[1]])
      const shift = Number.isFinite(k) && n > 0 ? ((k % n) + n) % n : 0
      for (let i = 0; i < n; i++) {
        const j = i - shift < 0 ? i - shift + n : i - shift
        R[io.aux[0] + i] = j
        R[io.out[0] + i] = R[io.in[0] + j]
      }
    },
    js: (io, R) => {
      const n = io.inN[0]
      return braces([
        `const k = Math.round(${R}[${io.in[1]}])`,
        `const shift = ${n > 0 ? `Number.isFinite(k) ? ((k % ${n}) + ${n}) % ${n} : 0` : '0'}`,
        `for (let i = 0; i < ${n}; i++) {`,
        `  const j = i - shift < 0 ? i - shift + ${n} : i - shift`,
        `  ${R}[${io.aux[0]} + i] = j`,
        `  ${R}[${io.out[0]} + i] = ${R}[${io.in[0]} + j]`,
        '}',
      ])
    },
  }),
  row('sum', 'Add Array Elements', 'Σ', 'the sum of the elements of x (0 for an empty array)', [array('x')], ['r'], {
    derivative: '∂r/∂x[j] = 1',
    shape: () => shaped([SCALAR], [{ kind: 'reduce', from: 0, to: 0, p: 'one' }]),
    run: (R, io) => {
      let s = 0
      for (let i = 0; i < io.inN[0]; i++) s += R[io.in[0] + i]
      R[io.out[0]] = s
    },
    js: (io, R) => braces(['let s = 0', `for (let i = 0; i < ${io.inN[0]}; i++) s += ${R}[${io.in[0]} + i]`, `${R}[${io.out[0]}] = s`]),
    sums: true,
    scalar: ([x], f) => [[sumOf(f, x)]],
  }),
  row('prod', 'Multiply Array Elements', 'Π', 'the product of the elements of x (1 for an empty array)', [array('x')], ['r'], reduction('∂r/∂x[j] = Π_{k≠j} x[k], from prefix and suffix products (exact where an element is 0)', (R, io) => {
    // ∂/∂x_i is the product of the others, from prefix and suffix products: exact where an element is 0,
    // where dividing the product by x_i would give 0/0.
    const n = io.inN[0]
    const x = io.in[0]
    const p = io.aux[0]
    let prefix = 1
    for (let i = 0; i < n; i++) {
      R[p + i] = prefix
      prefix *= R[x + i]
    }
    let suffix = 1
    for (let i = n - 1; i >= 0; i--) {
      R[p + i] *= suffix
      suffix *= R[x + i]
    }
    R[io.out[0]] = prefix
  }, {
    js: (io, R) => {
      const [n, x, p] = [io.inN[0], io.in[0], io.aux[0]]
      return braces([
        'let prefix = 1',
        `for (let i = 0; i < ${n}; i++) {`,
        `  ${R}[${p} + i] = prefix`,
        `  prefix *= ${R}[${x} + i]`,
        '}',
        'let suffix = 1',
        `for (let i = ${n - 1}; i >= 0; i--) {`,
        `  ${R}[${p} + i] *= suffix`,
        `  suffix *= ${R}[${x} + i]`,
        '}',
        `${R}[${io.out[0]}] = prefix`,
      ])
    },
    scalar: ([x], f) => [[x.reduce((p, v) => f.op('mul', [p, v]), f.constant(1))]],
  })),
  row('arraymaxmin', 'Array Max & Min', 'max min', 'the largest and smallest elements and their first indices (indices carry no derivative; a tie shares the derivative equally)', [array('x')], ['max', 'imax', 'min', 'imin'], {
    derivative: '∂max/∂x[j] = 1/t where x[j] is one of t tied maxima, else 0 (min likewise); indices have none',
    shape: ([n]) => shaped([SCALAR, SCALAR, SCALAR, SCALAR], [
      { kind: 'reduce', from: 0, to: 0, p: { aux: 0 } },
      { kind: 'reduce', from: 0, to: 2, p: { aux: 1 } },
    ], [n, n]),
    run: (R, io) => {
      const n = io.inN[0]
      const x = io.in[0]
      let hi = -Infinity
      let lo = Infinity
      let ih = -1
      let il = -1
      let nan = n === 0
      for (let i = 0; i < n; i++) {
        const v = R[x + i]
        if (v !== v) nan = true
        if (v > hi) { hi = v; ih = i }
        if (v < lo) { lo = v; il = i }
      }
      if (nan) { hi = NaN; lo = NaN; ih = -1; il = -1 }
      // The kink convention of Max & Min: tied elements share the derivative equally.
      let ties = 0
      let tiesLo = 0
      for (let i = 0; i < n; i++) {
        if (R[x + i] === hi) ties++
        if (R[x + i] === lo) tiesLo++
      }
      for (let i = 0; i < n; i++) {
        R[io.aux[0] + i] = R[x + i] === hi ? 1 / ties : 0
        R[io.aux[1] + i] = R[x + i] === lo ? 1 / tiesLo : 0
      }
      R[io.out[0]] = hi
      R[io.out[1]] = ih
      R[io.out[2]] = lo
      R[io.out[3]] = il
    },
    js: (io, R) => {
      const [n, x] = [io.inN[0], io.in[0]]
      return braces([
        'let hi = -Infinity',
        'let lo = Infinity',
        'let ih = -1',
        'let il = -1',
        `let nan = ${n === 0}`,
        `for (let i = 0; i < ${n}; i++) {`,
        `  const v = ${R}[${x} + i]`,
        '  if (v !== v) nan = true',
        '  if (v > hi) { hi = v; ih = i }',
        '  if (v < lo) { lo = v; il = i }',
        '}',
        'if (nan) { hi = NaN; lo = NaN; ih = -1; il = -1 }',
        'let ties = 0',
        'let tiesLo = 0',
        `for (let i = 0; i < ${n}; i++) {`,
        `  if (${R}[${x} + i] === hi) ties++`,
        `  if (${R}[${x} + i] === lo) tiesLo++`,
        '}',
        `for (let i = 0; i < ${n}; i++) {`,
        `  ${R}[${io.aux[0]} + i] = ${R}[${x} + i] === hi ? 1 / ties : 0`,
        `  ${R}[${io.aux[1]} + i] = ${R}[${x} + i] === lo ? 1 / tiesLo : 0`,
        '}',
        `${R}[${io.out[0]}] = hi`,
        `${R}[${io.out[1]}] = ih`,
        `${R}[${io.out[2]}] = lo`,
        `${R}[${io.out[3]}] = il`,
      ])
    },
    domain: emptyDomain('largest or smallest element'),
    kink: (R, io) => {
      let ties = 0
      for (let i = 0; i < io.inN[0]; i++) if (R[io.in[0] + i] === R[io.out[0]]) ties++
      return ties > 1 ? `${ties} elements tie for the maximum: each gets 1/${ties} of the derivative` : undefined
    },
  }),
  row('dot', 'Dot Product', 'a·b', 'Σ a[i]·b[i] of two arrays of one length', [array('a'), array('b')], ['r'], {
    derivative: '∂r/∂a[j] = b[j], ∂r/∂b[j] = a[j]',
    shape: ([a, b]) => (a !== b ? `a has ${a} elements and b has ${b}; a dot product needs the same length` :
      shaped([SCALAR], [{ kind: 'reduce', from: 0, to: 0, p: { in: 1 } }, { kind: 'reduce', from: 1, to: 0, p: { in: 0 } }])),
    run: (R, io) => {
      let s = 0
      for (let i = 0; i < io.inN[0]; i++) s += R[io.in[0] + i] * R[io.in[1] + i]
      R[io.out[0]] = s
    },
    js: (io, R) => braces(['let s = 0', `for (let i = 0; i < ${io.inN[0]}; i++) s += ${R}[${io.in[0]} + i] * ${R}[${io.in[1]} + i]`, `${R}[${io.out[0]}] = s`]),
    scalar: ([a, b], f) => [[sumOf(f, a.map((v, i) => f.op('mul', [v, b[i]])))]],
  }),
  row('cumsum', 'Cumulative Sum', 'Σ…', 'r[i] = x[0] + … + x[i]', [array('x')], ['r'], {
    derivative: '∂r[i]/∂x[j] = 1 for j ≤ i (the reverse sweep sums from the end)',
    shape: ([n]) => shaped([n], [{ kind: 'scan', from: 0, to: 0 }]),
    run: (R, io) => {
      let s = 0
      for (let i = 0; i < io.inN[0]; i++) R[io.out[0] + i] = s += R[io.in[0] + i]
    },
    js: (io, R) => braces(['let s = 0', `for (let i = 0; i < ${io.inN[0]}; i++) ${R}[${io.out[0]} + i] = s += ${R}[${io.in[0]} + i]`]),
    scalar: ([x], f) => {
      let s = f.constant(0)
      return [x.map((v) => (s = f.op('add', [s, v])))]
    },
  }),
  row('mean', 'Mean', 'mean', 'the mean of the elements of x', [array('x')], ['r'], {
    derivative: '∂r/∂x[j] = 1/n',
    shape: () => shaped([SCALAR], [{ kind: 'reduce', from: 0, to: 0, p: { aux: 0 } }], [SCALAR]),
    run: (R, io) => {
      const n = io.inN[0]
      let s = 0
      for (let i = 0; i < n; i++) s += R[io.in[0] + i]
      R[io.out[0]] = s / n
      R[io.aux[0]] = 1 / n
    },
    js: (io, R) => braces([
      'let s = 0',
      `for (let i = 0; i < ${io.inN[0]}; i++) s += ${R}[${io.in[0]} + i]`,
      `${R}[${io.out[0]}] = s / ${io.inN[0]}`,
      `${R}[${io.aux[0]}] = 1 / ${io.inN[0]}`,
    ]),
    scalar: ([x], f) => [[f.op('div', [sumOf(f, x), f.constant(x.length)])]],
    domain: emptyDomain('mean'),
  }),
  row('std', 'Standard Deviation', 'σ', 'the sample standard deviation of x: √(Σ(x[i] − mean)² / (n − 1))', [array('x')], ['r'], reduction('∂r/∂x[j] = (x[j] − mean)/((n − 1)·r)', (R, io) => {
    const n = io.inN[0]
    const x = io.in[0]
    let s = 0
    for (let i = 0; i < n; i++) s += R[x + i]
    const mean = s / n
    let ss = 0
    for (let i = 0; i < n; i++) ss += (R[x + i] - mean) * (R[x + i] - mean)
    const sd = Math.sqrt(ss / (n - 1))
    R[io.out[0]] = sd
    for (let i = 0; i < n; i++) R[io.aux[0] + i] = (R[x + i] - mean) / ((n - 1) * sd)
  }, {
    js: (io, R) => {
      const [n, x] = [io.inN[0], io.in[0]]
      return braces([
        'let s = 0',
        `for (let i = 0; i < ${n}; i++) s += ${R}[${x} + i]`,
        `const mean = s / ${n}`,
        'let ss = 0',
        `for (let i = 0; i < ${n}; i++) ss += (${R}[${x} + i] - mean) * (${R}[${x} + i] - mean)`,
        `const sd = Math.sqrt(ss / ${int(n - 1)})`,
        `${R}[${io.out[0]}] = sd`,
        `for (let i = 0; i < ${n}; i++) ${R}[${io.aux[0]} + i] = (${R}[${x} + i] - mean) / (${int(n - 1)} * sd)`,
      ])
    },
    scalar: ([x], f) => {
      const mean = f.op('div', [sumOf(f, x), f.constant(x.length)])
      const ss = sumOf(f, squares(f, x.map((v) => f.op('sub', [v, mean]))))
      return [[f.op('sqrt', [f.op('div', [ss, f.constant(x.length - 1)])])]]
    },
    domain: (R, io) => {
      if (io.inN[0] < 2) return { message: `a standard deviation needs 2 elements or more; x has ${io.inN[0]}`, breaks: 'value' }
      if (R[io.out[0]] === 0) return { message: 'the derivative of σ is undefined where every element is equal', breaks: 'derivative' }
      return undefined
    },
  })),
  row('norm', 'Norm', '‖x‖', 'the Euclidean norm √(Σ x[i]²)', [array('x')], ['r'], reduction('∂r/∂x[j] = x[j]/r; 0 at the origin', (R, io) => {
    const n = io.inN[0]
    let ss = 0
    for (let i = 0; i < n; i++) ss += R[io.in[0] + i] * R[io.in[0] + i]
    const r = Math.sqrt(ss)
    R[io.out[0]] = r
    // The least-magnitude subgradient at the origin, as Hypotenuse takes there.
    for (let i = 0; i < n; i++) R[io.aux[0] + i] = r === 0 ? 0 : R[io.in[0] + i] / r
  }, {
    js: (io, R) => braces([
      'let ss = 0',
      `for (let i = 0; i < ${io.inN[0]}; i++) ss += ${R}[${io.in[0]} + i] * ${R}[${io.in[0]} + i]`,
      'const r = Math.sqrt(ss)',
      `${R}[${io.out[0]}] = r`,
      `for (let i = 0; i < ${io.inN[0]}; i++) ${R}[${io.aux[0]} + i] = r === 0 ? 0 : ${R}[${io.in[0]} + i] / r`,
    ]),
    scalar: ([x], f) => [[f.op('sqrt', [sumOf(f, squares(f, x))])]],
    kink: (R, io) => (R[io.out[0]] === 0 ? 'the norm has a corner at the origin; its gradient there is 0' : undefined),
  })),
])

/** Where Array Subset's offset and length put it in an array of n, or why they cannot. */
export function subsetSpan(n: number, offset: number, length: number): { from: number; len: number } | string {
  if (whole(offset) === undefined || whole(length) === undefined) return `offset ${offset} and length ${length} must be whole numbers`
  const from = offset < 0 ? n + offset : offset
  if (from < 0 || from > n) return `offset ${offset} is outside an array of ${n} elements`
  const end = length >= 0 ? Math.min(n, from + Math.min(length, n)) : n + length
  if (end < from) return `length ${length} ends before offset ${offset} in an array of ${n} elements`
  return { from, len: end - from }
}
