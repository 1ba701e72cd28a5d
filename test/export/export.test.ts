import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  compile, type Diagram, edits, evaluate, exportModule, formulaToDiagram, gradient, hessian, jacobian, jvp, loadDiagram, ELEMENTWISE,
  saveDiagram, type Schedule, semanticText, vjp,
  flatValues,
} from '../../core'
import { randomDiagram as w2Diagram } from '../bench/workloads'
import { dualwire } from '../support/cli'
import { type Folder, importNative, moduleFolder, type TscResult, typecheck } from '../support/modules'
import { richardson } from '../support/finite-differences'
import { generate, mulberry32, paletteDiagram } from '../support/random-diagrams'

// The exported module (core/codegen) against the engine (core/drivers): the same operations in the same
// order, so every number must be identical to the bit (Object.is; NaN equals NaN, 0 differs from −0).
// Besides the engine, results are checked against closed forms and central differences, so that these
// tests do not only compare the engine with itself. The TypeScript modules of every family are checked by
// one `tsc --strict` run, started before the tests and awaited by the tests that read it.

const VERSION = '9.8.7-test'
const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version

// ---------------------------------------------------------------------------------------------------------
// The module's interface, as the tests call it

type Values = Record<string, number>
interface Module {
  DUALWIRE_VERSION: string
  DIAGRAM_SHA256: string
  defaultInputs: Values
  evaluate(inputs: Values): Values
  jvp(inputs: Values, tangents: Values): { value: Values; tangent: Values }
  vjp(inputs: Values, adjoints: Values): { value: Values; adjoint: Values }
  jacobian(inputs: Values): { mode: string; value: Values; jacobian: Record<string, Values> }
  gradient?(inputs: Values): { value: number; gradient: Values }
  hessian?(inputs: Values): { value: number; gradient: Values; hessian: Record<string, Values> }
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')
const named = (keys: string[], values: ArrayLike<number>): Values => Object.fromEntries(keys.map((k, i) => [k, values[i]]))
const show = (v: number) => (Object.is(v, -0) ? '-0' : String(v))

// ---------------------------------------------------------------------------------------------------------
// Diagrams: every primitive of the palette through formulas, hand-built diagrams with the two-output blocks,
// random diagrams of several sizes, and large ones

interface Case {
  label: string
  d: Diagram
  /** Points in the diagram's input order. */
  points: number[][]
}

/** A formula and points given by input name (inputs are ordered by name, so names keep points readable). */
function formula(text: string, points: Values[]): Case {
  const d = formulaToDiagram(text)
  return { label: text.replace(/\s+/g, ' '), d, points: points.map((p) => d.inputs.map((t) => p[t.name])) }
}

const FORMULAS: Case[] = [
  formula('f = x + y - x*y / (y - 3) + -x', [{ x: 1.5, y: 0.5 }, { x: -2, y: 3 }, { x: 0, y: -0.25 }]),
  formula('f = reciprocal(x) + square(y) + sqrt(x) + cbrt(y)', [{ x: 2, y: -8 }, { x: 0, y: 0 }, { x: 0.25, y: 1e-300 }]),
  formula('f = nthroot(x, y)', [{ x: -8, y: 3 }, { x: 16, y: 4 }, { x: 0, y: 3 }, { x: -8, y: 2 }, { x: 2, y: 0.5 }]),
  formula('f = abs(x) + sign(x) + inc(x) * dec(y)', [{ x: 0, y: 1 }, { x: -1.5, y: 2 }, { x: -0, y: 0 }]),
  formula('f = scale2(x, y)', [{ x: 3, y: 2.5 }, { x: 3, y: 1.2 }, { x: -1, y: -3.5 }]),
  formula('f = min(x, y) + 2 * max(x, y)', [{ x: 1, y: 1 }, { x: 1, y: 2 }, { x: -3, y: 0.5 }]),
  formula('f = floor(x) + ceil(x) + round(x)', [{ x: 2.5 }, { x: -2.5 }, { x: 3.5 }, { x: 2 }, { x: 0.49999999999999994 }, { x: -0 }]),
  formula('f = quotient(x, y) + remainder(x, y)', [{ x: 7, y: 2 }, { x: -7, y: 3 }, { x: 7, y: -3 }, { x: 1, y: 0 }, { x: 5.5, y: 1.25 }]),
  formula('f = hypot(x, y)', [{ x: 0, y: 0 }, { x: 3, y: 4 }, { x: 1e300, y: 1e300 }]),
  formula('f = sin(x) + cos(x) + tan(x) + sec(x)', [{ x: 0.7 }, { x: 0 }, { x: 1e10 }]),
  formula('f = csc(x) + cot(x)', [{ x: 0.7 }, { x: 0 }, { x: -2 }]),
  formula('f = asin(x) + acos(x) + atan(x)', [{ x: 0.5 }, { x: 1 }, { x: -1 }, { x: 2 }]),
  formula('f = asec(x) + acsc(x) + acot(y)', [{ x: 2, y: 0 }, { x: -1, y: -1 }, { x: 1.5, y: 3 }]),
  formula('f = atan2(y, x)', [{ x: 0, y: 0 }, { x: 1, y: 1 }, { x: -1, y: 0 }, { x: -1, y: -0 }]),
  formula('f = sinc(x)', [{ x: 0 }, { x: 1e-8 }, { x: 0.5 }, { x: 0.999 }, { x: 1 }, { x: 3 }]),
  formula('f = sinh(x) + cosh(x) + tanh(x) + sech(x)', [{ x: 0.3 }, { x: 0 }, { x: -20 }]),
  formula('f = csch(x) + coth(x)', [{ x: 0.3 }, { x: 0 }, { x: -2 }]),
  formula('f = asinh(x) + acosh(y) + atanh(x / 2)', [{ x: 0.5, y: 2 }, { x: 0.5, y: 1 }, { x: -1.5, y: 10 }]),
  formula('f = asech(x) + acsch(x) + acoth(y)', [{ x: 0.5, y: 2 }, { x: 1, y: -3 }, { x: 0.25, y: 1.5 }]),
  formula('f = exp(x) + expm1(x) + exp2(x) + exp10(x)', [{ x: 0 }, { x: 1e-10 }, { x: 2 }, { x: -3.5 }]),
  formula('f = log(x) + log1p(x) + log2(x) + log10(x) + logb(x, y)', [{ x: 8, y: 2 }, { x: 0, y: 2 }, { x: 1e-300, y: 10 }, { x: 0.5, y: 1 }]),
  formula('f = pow(x, y) + x^y + x^2 + 2^-y', [{ x: 0, y: 0 }, { x: -2, y: 3 }, { x: 2, y: 0.5 }, { x: 0, y: 2 }, { x: -2, y: 0.5 }]),
  formula(
    'f = select(x > y, x, y) + select(x >= y, 1, 2) + select(x < y, sqrt(x), 0) + select(x <= y, x^2, -x) + select(x == y, 3, 4) + select(x != y, y, x)',
    [{ x: 1, y: 1 }, { x: 0.5, y: 2 }, { x: 3, y: -1 }, { x: 0, y: 0 }],
  ),
  formula('f = select(x > 0, sqrt(x), 0)', [{ x: 0 }, { x: 4 }, { x: -1 }]),
  formula('f = sqrt(x)', [{ x: 0 }, { x: 2 }]),
  formula('f = pi * x + e * y - 1e-300 * x + 1e300 * y + 5e-324 + 1.7976931348623157e308 * 0.5 + x * -0 + -1e-300', [
    { x: 1, y: 0 }, { x: -0, y: -0 }, { x: 2, y: 1e-9 },
  ]),
  formula('r = sqrt(x^2 + y^2); theta = atan2(y, x)', [{ x: 3, y: 4 }, { x: 0, y: 0 }, { x: -1, y: 0.5 }]),
  formula('let t = x^2\nf = select(x > 0, t, -t)', [{ x: 1.5 }, { x: 0 }, { x: -2 }]),
  formula('x1*x2 + log(x1^2)', [{ x1: 1.5, x2: 0.5 }, { x1: -2, x2: 3 }]),
  formula('u = x*y; v = x/y; w = exp(x - y)', [{ x: 0.5, y: 2 }, { x: 1, y: 0 }]),
  formula('f = -x^2 + x*1e-300*1e300 + 1e-300*1e-300', [{ x: 3 }, { x: -0.5 }]),
]

/** A diagram built by hand: blocks `id: primitive` (constants `id: constant=value`), wires `from -> to`. */
function diagram(title: string, inputs: Array<[string, number]>, outputs: string[], blocks: string[], wires: string[]): Diagram {
  const end = (text: string) => {
    const [node, port] = text.split('.')
    return { node, port: port ?? 'value' }
  }
  return {
    title,
    inputs: inputs.map(([name, value], i) => ({ id: `i${i + 1}`, name, value })),
    outputs: outputs.map((name, i) => ({ id: `o${i + 1}`, name })),
    blocks: blocks.map((b) => {
      const [id, what] = b.split(': ')
      const [primitive, value] = what.split('=')
      const params: Record<string, number> = value === undefined ? {} : { value: Number(value) }
      return { id, primitive, params }
    }),
    wires: wires.map((w, i) => {
      const [from, to] = w.split(' -> ')
      return { id: `w${i + 1}`, from: end(from), to: end(to) }
    }),
    layout: { positions: {}, ranges: {} },
  }
}

const HAND: Case[] = [
  {
    label: 'sincos: three outputs from sin, cos and sin·y',
    d: diagram('sincos', [['x', 0.5], ['y', 2]], ['s', 'c', 'p'], ['b1: sincos', 'b2: mul'], ['i1 -> b1.x', 'b1.sin -> o1', 'b1.cos -> o2', 'b1.sin -> b2.x', 'i2 -> b2.y', 'b2.r -> o3']),
    points: [[0.5, 2], [0, -1], [Math.PI / 2, 3]],
  },
  {
    label: 'maxmin: one output 2·max + min·min',
    d: diagram('maxmin', [['x', 1], ['y', 1]], ['f'], ['b1: maxmin', 'b2: constant=2', 'b3: mul', 'b4: mul', 'b5: add'], [
      'i1 -> b1.x', 'i2 -> b1.y', 'b1.max -> b3.x', 'b2.r -> b3.y', 'b1.min -> b4.x', 'b1.min -> b4.y', 'b3.r -> b5.x', 'b4.r -> b5.y', 'b5.r -> o1',
    ]),
    points: [[1, 1], [2, -1], [-3, 0.25]],
  },
  {
    label: 'sincos into maxmin: four outputs of one input',
    d: diagram('chain', [['t', 0.3]], ['hi', 'lo', 'sine', 'cos2'], ['b1: sincos', 'b2: maxmin', 'b3: square'], [
      'i1 -> b1.x', 'b1.sin -> b2.x', 'b1.cos -> b2.y', 'b2.max -> o1', 'b2.min -> o2', 'b1.sin -> o3', 'b1.cos -> b3.x', 'b3.r -> o4',
    ]),
    points: [[0.3], [Math.PI / 4], [0], [-2]],
  },
  {
    label: 'constants −0, 5e-324, ±1e-300 and the largest double; an output straight from a constant',
    d: diagram('constants', [['x', 1]], ['z', 'xz', 'tiny', 'huge', 'small'], [
      'b1: constant=-0', 'b2: mul', 'b3: constant=5e-324', 'b4: add', 'b5: constant=1.7976931348623157e308', 'b6: mul', 'b7: constant=1e-300',
      'b8: constant=-1e-300', 'b9: mul', 'b10: add',
    ], [
      'b1.r -> o1', 'i1 -> b2.x', 'b1.r -> b2.y', 'b2.r -> o2', 'i1 -> b4.x', 'b3.r -> b4.y', 'b4.r -> o3', 'b5.r -> b6.x', 'i1 -> b6.y', 'b6.r -> o4',
      'b7.r -> b9.x', 'b8.r -> b9.y', 'b9.r -> b10.x', 'i1 -> b10.y', 'b10.r -> o5',
    ]),
    points: [[1], [-0], [2], [-1e-300]],
  },
  {
    label: 'outputs straight from an input, two outputs on one wire',
    d: diagram('pass', [['x', 1.25], ['y', -2]], ['same', 'again', 'sum'], ['b1: add'], ['i1 -> o1', 'i1 -> o2', 'i1 -> b1.x', 'i2 -> b1.y', 'b1.r -> o3']),
    points: [[1.25, -2], [0, 0]],
  },
]

/**
 * Random diagrams: the sweep tests' generator (finite, kink-free at its point) and the whole-palette generator,
 * 1–8 inputs, 1–3 outputs, 5–200 blocks; four over 9–14 inputs, where the engine's Hessian takes tangents in
 * chunks of 8.
 */
interface RandomCase extends Case {
  /** The point the generator made every value finite at. */
  x: number[]
  kinkFree: boolean
}

function randomCases(): RandomCase[] {
  const cases: RandomCase[] = []
  for (let k = 0; k < 100; k++) {
    const r = generate(41_000 + k, 1 + (k % 8), 13 + ((k * 29) % 180))
    cases.push({ label: `generated seed ${41_000 + k}`, d: r.d, points: [], x: r.x, kinkFree: true })
  }
  for (let k = 0; k < 100; k++) {
    const r = paletteDiagram(52_000 + k, 1 + (k % 8), 5 + ((k * 37) % 190), 1 + (k % 3))
    cases.push({ label: `palette seed ${52_000 + k}`, d: r.d, points: [], x: r.x, kinkFree: false })
  }
  for (const [k, n] of [9, 11, 12, 14].entries()) {
    const r = paletteDiagram(63_000 + k, n, 40 + 20 * k, 1)
    cases.push({ label: `wide palette seed ${63_000 + k}`, d: r.d, points: [], x: r.x, kinkFree: false })
  }
  return cases
}

/** 400–2,000 blocks: the W2 workload and the palette generator; each module splits into several chunks. */
function largeCases(): RandomCase[] {
  const cases: RandomCase[] = []
  for (const [blocks, inputs] of [[400, 2], [900, 5], [1500, 8], [2000, 3]]) {
    const r = w2Diagram(blocks, inputs, blocks)
    cases.push({ label: `W2 ${blocks} blocks`, d: r.diagram, points: [], x: r.x, kinkFree: false })
  }
  for (const [blocks, inputs, outputs] of [[450, 4, 2], [1200, 7, 3], [1990, 1, 1]]) {
    const r = paletteDiagram(74_000 + blocks, inputs, blocks, outputs)
    cases.push({ label: `palette ${blocks} blocks`, d: r.d, points: [], x: r.x, kinkFree: false })
  }
  return cases
}

// ---------------------------------------------------------------------------------------------------------
// Comparing a module with the engine

class Comparison {
  readonly problems: string[] = []
  compared = 0
  finitePoints = 0
  points = 0

  same(what: string, engine: number, module: number | undefined): void {
    this.compared++
    if (!Object.is(engine, module)) this.problems.push(`${what}: engine ${show(engine)}, module ${module === undefined ? 'undefined' : show(module)}`)
  }

  /**
   * Every entry point at x against the engine; `rng` draws the JVP direction and the VJP weights (with a zero
   * now and then, so that strong zeros are exercised). `order` varies the order of the calls, since the module
   * keeps state in its arrays between calls. Inputs are keyed as in defaultInputs, outputs by `outKeys` (default:
   * the output names).
   */
  at(label: string, mod: Module, s: Schedule, s2: Schedule | undefined, x: number[], rng: () => number, order: number, outKeys?: string[]): void {
    const n = s.inputs.length
    const m = s.outputs.length
    const ins = Object.keys(mod.defaultInputs)
    const outs = outKeys ?? s.outputs.map((o) => o.name)
    const inp = named(ins, x)
    const where = `${label} at (${x.map(show).join(', ')})`
    if (ins.length !== n) this.problems.push(`${where}: defaultInputs has ${ins.length} keys for ${n} inputs`)
    const draw = () => (rng() < 0.15 ? 0 : rng() * 2 - 1)
    const v = x.map(draw)
    const w = outs.map(draw)

    const calls: Array<() => void> = [
      () => {
        const e = evaluate(s, x)
        const r = mod.evaluate(inp)
        if (Object.keys(r).join() !== outs.join()) this.problems.push(`${where}: evaluate's keys ${Object.keys(r).join()} are not ${outs.join()}`)
        outs.forEach((o, i) => this.same(`${where}: evaluate.${o}`, e[i], r[o]))
        this.points++
        if (e.every(Number.isFinite)) this.finitePoints++
      },
      () => {
        const e = jvp(s, x, v)
        const r = mod.jvp(inp, named(ins, v))
        outs.forEach((o, i) => {
          this.same(`${where}: jvp.value.${o}`, e.value[i], r.value[o])
          this.same(`${where}: jvp.tangent.${o} along (${v.map(show).join(', ')})`, e.tangent[i], r.tangent[o])
        })
      },
      () => {
        const e = vjp(s, x, w)
        const r = mod.vjp(inp, named(outs, w))
        outs.forEach((o, i) => this.same(`${where}: vjp.value.${o}`, e.value[i], r.value[o]))
        ins.forEach((k, i) => this.same(`${where}: vjp.adjoint.${k} for (${w.map(show).join(', ')})`, e.adjoint[i], r.adjoint[k]))
      },
      () => {
        const e = jacobian(s, x)
        const r = mod.jacobian(inp)
        if (r.mode !== e.mode) this.problems.push(`${where}: jacobian mode ${r.mode}, engine ${e.mode}`)
        if (e.mode !== (n <= m ? 'forward' : 'reverse')) this.problems.push(`${where}: engine mode ${e.mode} for ${n} inputs, ${m} outputs`)
        outs.forEach((o, i) => {
          this.same(`${where}: jacobian.value.${o}`, e.value[i], r.value[o])
          ins.forEach((k, j) => this.same(`${where}: jacobian.${o}.${k}`, e.rows[i][j], r.jacobian[o]?.[k]))
        })
      },
    ]
    if (m === 1) {
      if (!mod.gradient || !mod.hessian || !s2) throw new Error(`${where}: one output, but no gradient or hessian`)
      const modGradient = mod.gradient
      const modHessian = mod.hessian
      calls.push(
        () => {
          const e = gradient(s, x)
          const r = modGradient(inp)
          this.same(`${where}: gradient.value`, e.value, r.value)
          ins.forEach((k, i) => this.same(`${where}: gradient.${k}`, e.gradient[i], r.gradient[k]))
        },
        () => {
          const e = hessian(s2, x)
          const r = modHessian(inp)
          this.same(`${where}: hessian.value`, e.value, r.value)
          ins.forEach((k, i) => {
            this.same(`${where}: hessian.gradient.${k}`, e.gradient[i], r.gradient[k])
            ins.forEach((l, j) => this.same(`${where}: hessian.${k}.${l}`, e.hessian[i][j], r.hessian[k]?.[l]))
          })
        },
      )
    } else if (mod.gradient || mod.hessian) {
      this.problems.push(`${where}: ${m} outputs, but the module exports gradient or hessian`)
    }
    const sequence = order % 2 === 0 ? calls : [...calls].reverse()
    for (const call of sequence) call()
    calls[0]() // evaluate again after everything: the same bits
  }
}

/** The engine's schedules for a diagram: first order, and with second partials for one output. */
function schedules(d: Diagram): { s: Schedule; s2?: Schedule } {
  return { s: compile(d), s2: d.outputs.length === 1 ? compile(d, { second: true }) : undefined }
}

/** Random points near x (steps from 1e-3 to 1), until `finite` of them (or 12 tries) give finite values. */
function pointsNear(s: Schedule, x: number[], rng: () => number, finite: number): number[][] {
  const points = [x]
  let found = evaluate(s, x).every(Number.isFinite) ? 1 : 0
  for (let tries = 0; found < finite && tries < 12; tries++) {
    const step = [1e-3, 0.05, 0.5, 1][tries % 4]
    const p = x.map((xi) => xi + (rng() * 2 - 1) * step)
    points.push(p)
    if (evaluate(s, p).every(Number.isFinite)) found++
  }
  return points
}

// ---------------------------------------------------------------------------------------------------------
// Hostile names

const KEYWORDS = [
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends', 'false',
  'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try',
  'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public',
  'await', 'async', 'of', 'get', 'set', 'declare', 'type', 'namespace', 'module', 'abstract', 'any', 'boolean', 'number', 'string', 'symbol',
  'never', 'unknown', 'object', 'undefined', 'NaN', 'Infinity', 'arguments', 'eval', 'as', 'from', 'is', 'keyof', 'readonly', 'infer',
  'satisfies', 'asserts', 'unique', 'override', 'accessor', 'constructor', '__proto__', 'prototype', 'toString', 'valueOf', 'hasOwnProperty',
  // the module's own names
  'Inputs', 'Outputs', 'Jacobian', 'Hessian', 'R', 'T', 'A', 'B', 'pack', 'evaluate', 'gradient', 'inp', 'dir', 'seed', 'r0', 't1', 'a0', 'J', 'H',
  'rows', 'NODES', 'INPUTS', 'EDGE_START', 'defaultInputs', 'value', 'tangent', 'adjoint',
]
const FRAGMENTS = [
  "'", '"', '`', '\\', '\n', '\r\n', '*/', '/*', '//', '${}', '${x}', '</script>', '<!--', '\u202e', '\u200d', '\u2028', '\u2029', '\ufeff',
  '\u0000', 'é', 'ñ', 'Ω', '流量', '速度', '🚀', '👩‍🚀', '1', '9lives', '0x1F', ' ', '   ', '\t', '-', '.', '$', '#', '@', '\\u0041', '"; throw 1; "',
]
/** Names that become the same identifier when sanitised. */
const COLLIDING = [['a b', 'a_b', 'a-b', 'a.b'], ['class', 'class_'], ['1x', '_1x'], ['🚀', '👩‍🚀', '_'], ['é', 'e\u0301'], ['   ', '___', '\t\t\t'], ['__proto__', '__proto___'], ['x', 'x']]

const hostileName = fc.oneof(
  fc.constantFrom(...KEYWORDS),
  fc.constantFrom(...FRAGMENTS),
  fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.constantFrom(...KEYWORDS), fc.string({ unit: 'grapheme', maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 4 })), {
    minLength: 1,
    maxLength: 4,
  }).map((parts) => parts.join('')),
)
const hostileNames = fc
  .record({
    inputs: fc.array(hostileName, { minLength: 1, maxLength: 6 }),
    outputs: fc.array(hostileName, { minLength: 1, maxLength: 3 }),
    collide: fc.option(fc.constantFrom(...COLLIDING), { nil: undefined }),
    collideOutputs: fc.boolean(),
  })
  .map(({ inputs, outputs, collide, collideOutputs }) => ({
    inputs: collide && !collideOutputs ? [...collide, ...inputs].slice(0, 8) : inputs,
    outputs: collide && collideOutputs ? [...collide, ...outputs].slice(0, 4) : outputs,
  }))

/**
 * A diagram over inputs and outputs with these names: output k = sin(x_{k mod n}) + Σ_i c_ki·x_i with distinct
 * constants c_ki, and input i stored as 0.25 + 0.5·i, so that mixing up two inputs or two outputs shows.
 */
function namedDiagram(inputs: string[], outputs: string[]): Diagram {
  const blocks: string[] = []
  const wires: string[] = []
  let b = 0
  const block = (what: string) => {
    blocks.push(`b${++b}: ${what}`)
    return `b${b}`
  }
  outputs.forEach((_, k) => {
    const sin = block('sin')
    wires.push(`i${(k % inputs.length) + 1} -> ${sin}.x`)
    let acc = `${sin}.r`
    inputs.forEach((__, i) => {
      const c = block(`constant=${k + 1 + (i + 1) / 8}`)
      const mul = block('mul')
      const add = block('add')
      wires.push(`i${i + 1} -> ${mul}.x`, `${c}.r -> ${mul}.y`, `${acc} -> ${add}.x`, `${mul}.r -> ${add}.y`)
      acc = `${add}.r`
    })
    wires.push(`${acc} -> o${k + 1}`)
  })
  return diagram('hostile', inputs.map((name, i) => [name, 0.25 + 0.5 * i]), outputs, blocks, wires)
}

/** The names a module must export, values and functions; and, in TypeScript, types. */
function expectedExports(outputs: number): { js: string[]; ts: string[] } {
  const js = ['DIAGRAM_SHA256', 'DUALWIRE_VERSION', 'defaultInputs', 'evaluate', 'jacobian', 'jvp', 'vjp', ...(outputs === 1 ? ['gradient', 'hessian'] : [])]
  const ts = [...js, 'Inputs', 'Outputs', 'Jacobian', ...(outputs === 1 ? ['Hessian'] : [])]
  return { js: js.sort(), ts: ts.sort() }
}

/** ECMAScript reserved words (strict mode included) and the names an object literal or `in` treats specially. */
const NOT_IDENTIFIERS = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package ' +
    'private protected public await eval arguments __proto__').split(' '),
)
// ECMAScript's identifier rule, which admits letters of every script (θ, é, 流量), not only ASCII.
const isIdentifier = (k: string) => /^[\p{ID_Start}_$][\p{ID_Continue}$\u200c\u200d]*$/u.test(k) && !NOT_IDENTIFIERS.has(k) && !(k in Object.prototype)

/** Uses of code-loading or global access an exported module must never contain. */
const FORBIDDEN = [/\beval\b/, /\bFunction\s*\(/, /\bimport\s*\(/, /\brequire\b/, /\bglobalThis\b/]

// ---------------------------------------------------------------------------------------------------------
// The corpus: every TypeScript module written before the tests, and one tsc run over them all

const folder: Folder = moduleFolder('dualwire-export-')
const RANDOM = randomCases()
const LARGE = largeCases()
/** Name sets: one for each kind of name the brief lists, then 40 sampled by fast-check. */
const HOSTILE = [
  { inputs: ['constructor', '__proto__', 'prototype', 'toString'], outputs: ['class', 'return'] },
  { inputs: ["it's", 'say "hi"', 'back\\slash', 'new\nline', 'tab\there'], outputs: ['*/ throw 1 /*', '${1}`'] },
  { inputs: ['</script>', 'café', '流量', '🚀', '\u202eevil', 'a\u200db'], outputs: ['1st', '   ', '9'] },
  { inputs: ['a b', 'a_b', 'a-b'], outputs: ['x', 'x'] },
  { inputs: ['if', 'const', 'await', 'yield', 'let', 'enum', 'interface', 'type'], outputs: ['f'] },
  // Names in other scripts are identifiers as they are, and must compile so.
  { inputs: ['θ', 'φ', 'Δx', '𝑥', 'café'], outputs: ['ℒ', '流量'] },
  ...fc.sample(hostileNames, { seed: 20_240_611, numRuns: 40 }),
]
const W5000 = w2Diagram(5000, 20, 5000)
/** TypeScript file names by family. */
const tsFiles = new Map<string, string[]>()
let tscRun: Promise<TscResult>

function writeTs(family: string, name: string, text: string): void {
  writeFileSync(join(folder.ts, `${name}.ts`), text)
  tsFiles.set(family, [...(tsFiles.get(family) ?? []), `${name}.ts`])
}

/** tsc's verdict on one family: the files it checked, and every diagnostic in them. */
async function tscFor(family: string): Promise<{ files: string[]; missing: string[]; errors: string[]; result: TscResult }> {
  const result = await tscRun
  const files = tsFiles.get(family) ?? []
  return { files, missing: files.filter((f) => !result.checked.has(f)), errors: files.flatMap((f) => result.errors.get(f) ?? []), result }
}

beforeAll(async () => {
  const started = performance.now()
  FORMULAS.forEach((c, i) => writeTs('formulas', `formula-${i}`, exportModule(c.d, { version: VERSION, language: 'ts' })))
  HAND.forEach((c, i) => writeTs('hand', `hand-${i}`, exportModule(c.d, { version: VERSION, language: 'ts' })))
  RANDOM.forEach((c, i) => writeTs('random', `random-${i}`, exportModule(c.d, { version: VERSION, language: 'ts' })))
  LARGE.forEach((c, i) => writeTs('large', `large-${i}`, exportModule(c.d, { version: VERSION, language: 'ts' })))
  writeTs('w5000', 'w2-5000', exportModule(W5000.diagram, { version: VERSION, language: 'ts' }))
  writeTs('no-inputs', 'no-inputs', exportModule(formulaToDiagram('f = 2 * pi'), { version: VERSION, language: 'ts' }))
  // A deliberate mistake, so that a silent or misconfigured tsc cannot pass the tests.
  writeTs('control', 'control', `export const wrong: number = 'not a number'\n`)
  // Hostile names: the module, and a consumer that spells Inputs and Outputs with exactly the keys the module's
  // JavaScript twin has (an object literal with a key too many or too few is an error under strict).
  for (const [i, names] of HOSTILE.entries()) {
    const d = namedDiagram(names.inputs, names.outputs)
    writeTs('hostile', `hostile-${i}`, exportModule(d, { version: VERSION, language: 'ts' }))
    const mod = await importNative<Module>(folder, `hostile-consumer-${i}`, exportModule(d, { version: VERSION, language: 'js' }))
    const ins = Object.keys(mod.defaultInputs)
    const outs = Object.keys(mod.evaluate(mod.defaultInputs))
    const single = names.outputs.length === 1
    const lines = [
      `import { ${expectedExports(names.outputs.length).ts.map((e) => (/^[A-Z][a-z]/.test(e) ? `type ${e}` : e)).join(', ')} } from './hostile-${i}'`,
      `const inputs: Inputs = { ${ins.map((k, j) => `${k}: ${j}`).join(', ')} }`,
      `const outputs: Outputs = { ${outs.map((k, j) => `${k}: ${j}`).join(', ')} }`,
      `const value: Outputs = evaluate(defaultInputs)`,
      `const j: { mode: 'forward' | 'reverse'; value: Outputs; jacobian: Jacobian } = jacobian(inputs)`,
      `const t: Outputs = jvp(inputs, inputs).tangent`,
      `const a: Inputs = vjp(inputs, outputs).adjoint`,
      `const row: Inputs = j.jacobian.${outs[0]}`,
      ...(single ? [`const g: Inputs = gradient(inputs).gradient`, `const h: Hessian = hessian(inputs).hessian`, `export const used = [g, h.${ins[0]}]`] : []),
      `export const all = [value, t, a, row, DIAGRAM_SHA256.length, DUALWIRE_VERSION.length]`,
      '',
    ]
    writeTs('hostile', `hostile-${i}-use`, lines.join('\n'))
  }
  console.log(`export tests: wrote ${[...tsFiles.values()].flat().length} TypeScript files in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  tscRun = typecheck(folder)
}, 240_000)

afterAll(async () => {
  await tscRun // (when a filter skips the tests that await it)
  rmSync(join(folder.ts, '..'), { recursive: true, force: true })
}, 240_000)

// ---------------------------------------------------------------------------------------------------------

describe('every test diagram: the module computes the engine’s bits', () => {
  it('the formulas and hand-built diagrams use every primitive of the palette', () => {
    const used = new Set([...FORMULAS, ...HAND].flatMap((c) => c.d.blocks.map((b) => b.primitive)))
    expect(ELEMENTWISE.map((p) => p.id).filter((id) => !used.has(id))).toEqual([])
    // comparisons all feed select; select at ties; sinc at 0; the constants the brief asks for
    for (const op of ['gt', 'ge', 'lt', 'le', 'eq', 'ne', 'select', 'sincos', 'maxmin', 'pi', 'e']) expect(used.has(op), op).toBe(true)
    const constants = [...FORMULAS, ...HAND].flatMap((c) => c.d.blocks.filter((b) => b.primitive === 'constant').map((b) => b.params.value))
    for (const v of [-0, 5e-324, 1e-300, -1e-300, 1e300, 1.7976931348623157e308]) expect(constants.some((c) => Object.is(c, v)), show(v)).toBe(true)
  })

  it('formulas over the whole palette and hand-built diagrams (sincos, maxmin, several outputs): every entry point, to the bit', async () => {
    const cmp = new Comparison()
    const rng = mulberry32(11)
    for (const [i, c] of [...FORMULAS, ...HAND].entries()) {
      const mod = await importNative<Module>(folder, `fixed-${i}`, exportModule(c.d, { version: VERSION, language: 'js' }))
      const { s, s2 } = schedules(c.d)
      // the given points (kinks, ties, domain edges) and a few random ones near the first
      for (const [k, x] of [...c.points, ...pointsNear(s, c.points[0], rng, 3).slice(1)].entries()) cmp.at(c.label, mod, s, s2, x, rng, k)
    }
    expect(cmp.problems.slice(0, 20)).toEqual([])
    expect(cmp.compared).toBeGreaterThan(3000)
    console.log(`export tests: ${FORMULAS.length} formulas and ${HAND.length} hand-built diagrams, ${cmp.points} points (${cmp.finitePoints} finite), ${cmp.compared} numbers compared`)
    // the hand-picked points include non-finite results on purpose; most points are finite
    expect(cmp.finitePoints).toBeGreaterThan(0.7 * cmp.points)
    expect(cmp.points - cmp.finitePoints).toBeGreaterThan(5)
  })

  it(`${RANDOM.length} random diagrams (1–14 inputs, 1–3 outputs, 5–200 blocks): every entry point at finite points, to the bit`, async () => {
    const sizes = RANDOM.map((c) => c.d.blocks.length)
    expect(RANDOM.length).toBeGreaterThanOrEqual(200)
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(5)
    expect(Math.max(...sizes)).toBeLessThanOrEqual(200)
    expect(sizes.filter((b) => b >= 100).length).toBeGreaterThan(30)
    expect(new Set(RANDOM.map((c) => c.d.inputs.length))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 14]))
    expect(new Set(RANDOM.map((c) => c.d.outputs.length))).toEqual(new Set([1, 2, 3]))
    const cmp = new Comparison()
    let fused = 0
    let withoutFiniteThree = 0
    for (const [i, c] of RANDOM.entries()) {
      const text = exportModule(c.d, { version: VERSION, language: 'js' })
      if (text.includes('function evaluate_0(')) fused++
      const mod = await importNative<Module>(folder, `random-${i}`, text)
      expect(Object.keys(mod.defaultInputs)).toEqual(c.d.inputs.map((t) => t.name))
      const { s, s2 } = schedules(c.d)
      const rng = mulberry32(90_000 + i)
      const points = pointsNear(s, c.x, rng, 3)
      if (points.filter((p) => evaluate(s, p).every(Number.isFinite)).length < 3) withoutFiniteThree++
      points.forEach((x, k) => cmp.at(c.label, mod, s, s2, x, rng, k))
    }
    expect(cmp.problems.slice(0, 20)).toEqual([])
    expect(withoutFiniteThree).toBe(0)
    expect(cmp.compared).toBeGreaterThan(20_000)
    console.log(`export tests: ${RANDOM.length} random diagrams, ${cmp.points} points (${cmp.finitePoints} finite), ${cmp.compared} numbers compared; ${fused} single-function modules`)
    // both code paths: small diagrams as single functions of locals, the others as chunks over the arrays
    expect(fused).toBeGreaterThan(40)
    expect(RANDOM.length - fused).toBeGreaterThan(40)
  }, 120_000)

  it('large diagrams (400–2,000 blocks) use the chunked path with edge tables, and compute the engine’s bits', async () => {
    const cmp = new Comparison()
    for (const [i, c] of LARGE.entries()) {
      expect(c.d.blocks.length).toBeGreaterThanOrEqual(400)
      expect(c.d.blocks.length).toBeLessThanOrEqual(2000)
      const text = exportModule(c.d, { version: VERSION, language: 'js' })
      expect(text, c.label).toMatch(/function values_1\(/)
      expect(text, c.label).toMatch(/function partials_1\(/)
      expect(text, c.label).toMatch(/const EDGE_START = new Int32Array\(\[/)
      expect(text, c.label).not.toMatch(/function evaluate_0\(/)
      const mod = await importNative<Module>(folder, `large-${i}`, text)
      const { s, s2 } = schedules(c.d)
      const rng = mulberry32(95_000 + i)
      pointsNear(s, c.x, rng, 3).forEach((x, k) => cmp.at(c.label, mod, s, s2, x, rng, k))
    }
    expect(cmp.problems.slice(0, 20)).toEqual([])
    expect(cmp.finitePoints).toBeGreaterThanOrEqual(3 * LARGE.length)
    console.log(`export tests: ${LARGE.length} large diagrams, ${cmp.points} points (${cmp.finitePoints} finite), ${cmp.compared} numbers compared`)
  }, 120_000)

  it('every TypeScript export of these diagrams type-checks in one tsc --strict run', async () => {
    for (const family of ['formulas', 'hand', 'random', 'large']) {
      const { files, missing, errors } = await tscFor(family)
      expect(files.length, family).toBeGreaterThan(0)
      expect(missing, family).toEqual([])
      expect(errors.slice(0, 10), family).toEqual([])
    }
    const { result } = await tscFor('formulas')
    console.log(`export tests: tsc --strict over ${result.checked.size} files took ${(result.ms / 1000).toFixed(1)} s`)
  }, 240_000)

  it('the same tsc run reports the deliberate type error in its control file, and nothing it cannot place', async () => {
    const { errors, missing, result } = await tscFor('control')
    expect(missing).toEqual([])
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^.*control\.ts\(1,14\): error TS2322: Type 'string' is not assignable to type 'number'\.$/)
    expect(result.exitCode).not.toBe(0)
    expect(result.other).toEqual([])
  }, 240_000)

  it('a diagram without inputs (f = 2·pi) exports TypeScript that type-checks', async () => {
    const { missing, errors } = await tscFor('no-inputs')
    expect(missing).toEqual([])
    expect(errors).toEqual([])
  }, 240_000)
})

describe('independent references: closed forms and central differences', () => {
  const load = async (name: string, d: Diagram) => importNative<Module>(folder, name, exportModule(d, { version: VERSION, language: 'js' }))

  it('the README seed example: value, gradient 1.8333333333333333 and 1.5, Hessian −2/x1², 1, 0', async () => {
    const mod = await load('ref-seed', formulaToDiagram('x1*x2 + log(x1^2)', { values: { x1: 1.5, x2: 0.5 } }))
    expect(mod.defaultInputs).toEqual({ x1: 1.5, x2: 0.5 })
    const g = mod.gradient!(mod.defaultInputs)
    expect(g.value).toBe(1.5609302162163288) // 0.75 + ln 2.25
    expect(g.value).toBeCloseTo(0.75 + Math.log(2.25), 15)
    expect(g.gradient).toEqual({ x1: 1.8333333333333333, x2: 1.5 }) // x2 + 2/x1, x1
    const h = mod.hessian!(mod.defaultInputs).hessian
    expect(h.x1.x1).toBeCloseTo(-2 / 2.25, 15)
    expect(h).toEqual({ x1: { x1: -0.8888888888888888, x2: 1 }, x2: { x1: 1, x2: 0 } })
    const j = mod.jacobian(mod.defaultInputs)
    expect(j.mode).toBe('reverse')
    expect(j.jacobian).toEqual({ f: { x1: 1.8333333333333333, x2: 1.5 } })
    expect(mod.jvp(mod.defaultInputs, { x1: 2, x2: -1 }).tangent.f).toBeCloseTo(2 * 1.8333333333333333 - 1.5, 14)
  })

  it('the conventions at kinks and jumps, and exact values of the palette, through the module', async () => {
    const grad = async (name: string, text: string, at: Values) => {
      const mod = await load(`ref-${name}`, formulaToDiagram(text, { values: at }))
      return mod.gradient!(mod.defaultInputs)
    }
    // sinc(0) = 1 with derivative 0; the untaken sqrt branch at 0 contributes nothing; sqrt′(0) = +∞
    expect(await grad('sinc', 'f = sinc(x)', { x: 0 })).toEqual({ value: 1, gradient: { x: 0 } })
    expect(await grad('branch', 'f = select(x > 0, sqrt(x), 0)', { x: 0 })).toEqual({ value: 0, gradient: { x: 0 } })
    expect(await grad('sqrt', 'f = sqrt(x)', { x: 0 })).toEqual({ value: 0, gradient: { x: Infinity } })
    // round to even at halves, floor/ceil jumps with derivative 0
    expect(await grad('round-up', 'f = floor(x) + ceil(x) + round(x)', { x: 2.5 })).toEqual({ value: 2 + 3 + 2, gradient: { x: 0 } })
    expect(await grad('round-down', 'f = floor(x) + ceil(x) + round(x)', { x: -2.5 })).toEqual({ value: -3 - 2 - 2, gradient: { x: 0 } })
    expect((await grad('round-odd', 'f = round(x)', { x: 3.5 })).value).toBe(4)
    // quotient floors, remainder takes the divisor's sign: −7 = 3·(−3) + 2, 7 = (−3)·(−3) − 2
    expect((await grad('qr1', 'f = quotient(x, y) + remainder(x, y)', { x: -7, y: 3 })).value).toBe(-3 + 2)
    expect((await grad('qr2', 'f = quotient(x, y) + remainder(x, y)', { x: 7, y: -3 })).value).toBe(-3 - 2)
    // hypot: 5 at (3, 4) with gradient (3/5, 4/5); gradient 0 at the origin
    expect(await grad('hypot', 'f = hypot(x, y)', { x: 3, y: 4 })).toEqual({ value: 5, gradient: { x: 0.6, y: 0.8 } })
    expect(await grad('hypot0', 'f = hypot(x, y)', { x: 0, y: 0 })).toEqual({ value: 0, gradient: { x: 0, y: 0 } })
    // a tie of max and min gives each input half
    expect(await grad('tie', 'f = min(x, y) + 2 * max(x, y)', { x: 1, y: 1 })).toEqual({ value: 3, gradient: { x: 1.5, y: 1.5 } })
    // abs′(0) = 0, sign′ = 0: ∂/∂x (abs x + sign x + (x+1)(y−1)) = y − 1 = 0, ∂/∂y = x + 1 = 1
    expect(await grad('abs', 'f = abs(x) + sign(x) + inc(x) * dec(y)', { x: 0, y: 1 })).toEqual({ value: 0, gradient: { x: 0, y: 1 } })
    // atan2(1, 1) = π/4 with gradient (−1/2, 1/2) in (x, y); 0 at the origin
    const a = await grad('atan2', 'f = atan2(y, x)', { x: 1, y: 1 })
    expect(a.value).toBe(Math.PI / 4)
    expect(a.gradient.x).toBeCloseTo(-0.5, 15)
    expect(a.gradient.y).toBeCloseTo(0.5, 15)
    expect(await grad('atan2-0', 'f = atan2(y, x)', { x: 0, y: 0 })).toEqual({ value: 0, gradient: { x: 0, y: 0 } })
    // pow(0, 0) = 1; nthroot(−8, 3) = −2; acot(0) = π/2; exp10(2) = 100; scale2(3, 2.5) = 3·2^round(2.5) = 12
    expect((await grad('pow00', 'f = pow(x, y)', { x: 0, y: 0 })).value).toBe(1)
    expect((await grad('root', 'f = nthroot(x, y)', { x: -8, y: 3 })).value).toBe(-2)
    expect((await grad('acot', 'f = acot(x)', { x: 0 })).value).toBe(Math.PI / 2)
    expect((await grad('exp10', 'f = exp10(x)', { x: 2 })).value).toBe(100)
    expect(await grad('scale2', 'f = scale2(x, y)', { x: 3, y: 2.5 })).toEqual({ value: 12, gradient: { x: 4, y: 0 } })
  })

  it('jvp, gradient and Hessian of random kink-free diagrams agree with central differences of the module’s own values', async () => {
    const problems: string[] = []
    let checked = 0
    const cases = RANDOM.filter((c) => c.kinkFree && c.d.blocks.length <= 80).slice(0, 24)
    for (const [i, c] of cases.entries()) {
      const mod = await importNative<Module>(folder, `fd-${i}`, exportModule(c.d, { version: VERSION, language: 'js' }))
      const ins = Object.keys(mod.defaultInputs)
      const outs = c.d.outputs.map((o) => o.name)
      const at = (x: number[]) => named(ins, x)
      const values = (x: number[]) => outs.map((o) => mod.evaluate(at(x))[o])
      const rng = mulberry32(77 + i)
      const v = c.x.map(() => rng() * 2 - 1)
      const tangent = mod.jvp(at(c.x), named(ins, v)).tangent
      const fd = richardson((t) => values(c.x.map((xi, k) => xi + t * v[k])), 1e-3)
      const scale = 1 + outs.reduce((m, o) => Math.max(m, Math.abs(tangent[o])), 0)
      outs.forEach((o, k) => {
        checked++
        if (!(Math.abs(fd[k] - tangent[o]) <= 1e-6 * scale)) problems.push(`${c.label}: jvp.${o} ${tangent[o]} vs finite differences ${fd[k]}`)
      })
      if (outs.length === 1) {
        const g = mod.gradient!(at(c.x)).gradient
        const H = mod.hessian!(at(c.x)).hessian
        const hmax = 1 + Math.max(...ins.flatMap((a) => ins.map((b) => Math.abs(H[a][b]))))
        ins.forEach((key, j) => {
          const e = c.x.map((_, k) => (k === j ? 1 : 0))
          const h = 1e-3 * Math.max(1, Math.abs(c.x[j]))
          const dg = richardson((t) => values(c.x.map((xi, k) => xi + t * e[k])), h)[0]
          checked++
          if (!(Math.abs(dg - g[key]) <= 1e-6 * (1 + Math.abs(g[key])))) problems.push(`${c.label}: gradient.${key} ${g[key]} vs finite differences ${dg}`)
          const dH = richardson((t) => ins.map((k2) => mod.gradient!(at(c.x.map((xi, k) => xi + t * e[k]))).gradient[k2]), h)
          ins.forEach((k2, r) => {
            checked++
            if (!(Math.abs(dH[r] - H[k2][key]) <= 1e-5 * hmax)) problems.push(`${c.label}: hessian.${k2}.${key} ${H[k2][key]} vs finite differences ${dH[r]}`)
          })
        })
      }
    }
    expect(problems.slice(0, 20)).toEqual([])
    expect(checked).toBeGreaterThan(200)
    console.log(`export tests: ${cases.length} diagrams, ${checked} derivatives checked against central differences`)
  })
})

// ---------------------------------------------------------------------------------------------------------

describe('determinism: the same diagram, the same bytes', () => {
  const samples: Array<[string, Diagram]> = [
    ['the seed formula', formulaToDiagram('x1*x2 + log(x1^2)', { values: { x1: 1.5, x2: 0.5 } })],
    ['sincos and maxmin', HAND[2].d],
    ['constants', HAND[3].d],
    ['a palette diagram of 150 blocks', paletteDiagram(8_001, 4, 150, 2).d],
    ['a W2 diagram of 800 blocks', w2Diagram(800, 6, 3).diagram],
  ]

  it.each(samples)('%s: twice, after save → load, and after moving every node, in both languages', (_, d) => {
    for (const language of ['ts', 'js'] as const) {
      const text = exportModule(d, { version: VERSION, language })
      expect(exportModule(d, { version: VERSION, language })).toBe(text)
      const loaded = loadDiagram(saveDiagram(d))
      if (!loaded.ok) throw new Error(`the saved diagram does not load: ${JSON.stringify(loaded.problems.slice(0, 3))}`)
      expect(exportModule(loaded.diagram, { version: VERSION, language })).toBe(text)
      const positions = Object.fromEntries([...d.inputs, ...d.outputs, ...d.blocks].map((n, i) => [n.id, { x: 1000 + 37 * i, y: -13 * i }]))
      const moved = edits.moveNodes(d, positions).diagram
      expect(saveDiagram(moved)).not.toBe(saveDiagram(d))
      expect(exportModule(moved, { version: VERSION, language })).toBe(text)
    }
  })

  it.each(samples)('%s: the header names the version and the SHA-256 of the semantic text', (_, d) => {
    const hash = sha256(semanticText(d))
    const text = exportModule(d, { version: VERSION, language: 'ts' })
    expect(text.split('\n')[0]).toBe(`// Generated by DualWire ${VERSION} from the diagram with SHA-256 ${hash}.`)
    expect(text).toContain(`\nexport const DUALWIRE_VERSION = '${VERSION}'\n`)
    expect(text).toContain(`\nexport const DIAGRAM_SHA256 = '${hash}'\n`)
    expect(text.match(/[0-9a-f]{64}/g)).toEqual([hash, hash])
  })

  it('the module reports the same version and hash at run time', async () => {
    const d = samples[0][1]
    const mod = await importNative<Module>(folder, 'determinism-header', exportModule(d, { version: VERSION, language: 'js' }))
    expect(mod.DUALWIRE_VERSION).toBe(VERSION)
    expect(mod.DIAGRAM_SHA256).toBe(sha256(semanticText(d)))
    expect(mod.DIAGRAM_SHA256).toMatch(/^[0-9a-f]{64}$/)
  })

  it('a new constant value, stored input value or title changes the hash; a layout change does not', () => {
    const d = HAND[1].d // maxmin with the constant 2
    const text = exportModule(d, { version: VERSION, language: 'ts' })
    const hashOf = (t: string) => t.split('\n')[0].match(/[0-9a-f]{64}/)![0]
    const constant = d.blocks.find((b) => b.primitive === 'constant')!
    const changed = edits.setParam(d, constant.id, 'value', 3).diagram
    const changedText = exportModule(changed, { version: VERSION, language: 'ts' })
    expect(hashOf(changedText)).not.toBe(hashOf(text))
    expect(hashOf(changedText)).toBe(sha256(semanticText(changed)))
    expect(changedText).not.toBe(text)
    const input = edits.setInputValue(d, d.inputs[0].id, 7).diagram
    expect(hashOf(exportModule(input, { version: VERSION, language: 'ts' }))).not.toBe(hashOf(text))
    expect(exportModule(input, { version: VERSION, language: 'ts' })).toContain('export const defaultInputs: Inputs = { x: 7, y: 1 }')
    const retitled = edits.setTitle(d, 'another title').diagram
    expect(hashOf(exportModule(retitled, { version: VERSION, language: 'ts' }))).toBe(sha256(semanticText(retitled)))
    expect(hashOf(exportModule(retitled, { version: VERSION, language: 'ts' }))).not.toBe(hashOf(text))
    // the version is named, not hashed
    const other = exportModule(d, { version: '0.0.1', language: 'ts' })
    expect(hashOf(other)).toBe(hashOf(text))
    expect(other.replaceAll('0.0.1', VERSION)).toBe(text)
  })

  it('the same constant change is visible in the numbers: 2·max + min² at the tie (1, 1) goes from 3 to 4', async () => {
    const d = HAND[1].d
    const constant = d.blocks.find((b) => b.primitive === 'constant')!
    const before = await importNative<Module>(folder, 'constant-2', exportModule(d, { version: VERSION, language: 'js' }))
    const after = await importNative<Module>(folder, 'constant-3', exportModule(edits.setParam(d, constant.id, 'value', 3).diagram, { version: VERSION, language: 'js' }))
    expect(before.evaluate({ x: 1, y: 1 }).f).toBe(3)
    expect(after.evaluate({ x: 1, y: 1 }).f).toBe(4)
  })

  /**
   * Delete the sin block of sin(x) + cos(x) + exp(x) and put it back, wired as before: the document has the
   * same semantic text (so the same SHA-256), but its blocks are listed in another order until it is saved.
   */
  function editedAndReopened(): { edited: Diagram; reopened: Diagram } {
    const original = formulaToDiagram('f = sin(x) + cos(x) + exp(x)', { values: { x: 0.2 } })
    let d = edits.removeNodes(original, ['b1']).diagram
    d = edits.addBlock(d, 'sin', { x: 170, y: 0 }).diagram
    d = edits.connect(d, { node: 'i1', port: 'value' }, { node: 'b1', port: 'x' }).diagram
    d = edits.connect(d, { node: 'b1', port: 'r' }, { node: 'b3', port: 'x' }).diagram
    expect(semanticText(d)).toBe(semanticText(original))
    const reopened = loadDiagram(saveDiagram(d))
    if (!reopened.ok) throw new Error('does not load')
    return { edited: d, reopened: reopened.diagram }
  }

  it('an edited diagram exports the same bytes as the same diagram saved and reopened (the header’s SHA-256 is the same)', () => {
    const { edited, reopened } = editedAndReopened()
    const a = exportModule(edited, { version: VERSION, language: 'js' }).split('\n')
    const b = exportModule(reopened, { version: VERSION, language: 'js' }).split('\n')
    expect(a[0]).toBe(b[0]) // the same header, hash included
    const line = a.findIndex((l, i) => l !== b[i])
    expect(line < 0 ? 'identical' : `line ${line + 1}: ${a[line].trim()} | ${b[line]?.trim()}`).toBe('identical')
    expect(a.length).toBe(b.length)
  })

  it('… and the two modules compute the same gradient bits (d/dx of sin + cos + exp at x = 0.2)', async () => {
    const { edited, reopened } = editedAndReopened()
    const a = await importNative<Module>(folder, 'edited', exportModule(edited, { version: VERSION, language: 'js' }))
    const b = await importNative<Module>(folder, 'reopened', exportModule(reopened, { version: VERSION, language: 'js' }))
    const ga = a.gradient!({ x: 0.2 }).gradient.x
    const gb = b.gradient!({ x: 0.2 }).gradient.x
    expect(ga).toBeCloseTo(Math.cos(0.2) - Math.sin(0.2) + Math.exp(0.2), 14)
    expect(show(ga)).toBe(show(gb))
  })
})

// ---------------------------------------------------------------------------------------------------------

describe('a 100,000-block diagram', () => {
  it('exports, imports in Node, and runs evaluate and gradient to the engine’s bits', async () => {
    const t0 = performance.now()
    const { diagram: d, x } = w2Diagram(100_000, 100)
    expect(d.blocks.length).toBe(100_000)
    const t1 = performance.now()
    const text = exportModule(d, { version: VERSION, language: 'js' })
    const t2 = performance.now()
    const chunks = (text.match(/\nfunction values_\d+\(/g) ?? []).length
    expect(chunks).toBeGreaterThan(100)
    const mod = await importNative<Module>(folder, 'w2-100k', text)
    const t3 = performance.now()
    const inp = named(Object.keys(mod.defaultInputs), x)
    const value = mod.evaluate(inp)
    const t4 = performance.now()
    const grad = mod.gradient!(inp)
    const t5 = performance.now()
    mod.gradient!(inp)
    const t6 = performance.now()
    const s = compile(d)
    const engineValue = evaluate(s, x)
    const engineGradient = gradient(s, x)
    const t7 = performance.now()
    expect(Object.keys(mod.defaultInputs)).toEqual(d.inputs.map((t) => t.name))
    expect(Number.isFinite(engineValue[0])).toBe(true)
    expect(Object.is(value.f, engineValue[0]), `${value.f} vs ${engineValue[0]}`).toBe(true)
    expect(Object.is(grad.value, engineGradient.value)).toBe(true)
    const differ = d.inputs.filter((t, i) => !Object.is(grad.gradient[t.name], engineGradient.gradient[i])).map((t) => t.name)
    expect(differ).toEqual([])
    expect(engineGradient.gradient.filter((g) => g !== 0).length).toBe(100) // every input matters
    const size = statSync(join(folder.js, 'w2-100k.mjs')).size
    const s1 = (a: number, b: number) => `${((b - a) / 1000).toFixed(2)} s`
    console.log(
      `100,000 blocks: build ${s1(t0, t1)}, export ${s1(t1, t2)} (${(size / 1e6).toFixed(1)} MB, ${chunks} value chunks), import ${s1(t2, t3)}, ` +
        `first evaluate ${s1(t3, t4)}, first gradient ${s1(t4, t5)}, second gradient ${s1(t5, t6)}; engine compile + evaluate + gradient ${s1(t6, t7)}`,
    )
  }, 300_000)

  it('a 5,000-block TypeScript export type-checks under tsc --strict', async () => {
    const { files, missing, errors } = await tscFor('w5000')
    expect(W5000.diagram.blocks.length).toBe(5000)
    expect(files).toEqual(['w2-5000.ts'])
    expect(missing).toEqual([])
    expect(errors.slice(0, 10)).toEqual([])
  }, 240_000)
})

// ---------------------------------------------------------------------------------------------------------

describe('hostile terminal names', () => {
  /** Characters outside printable ASCII in a module with plain names: the exporter's own comments. */
  const templateChars = new Set([...exportModule(namedDiagram(['x'], ['f']), { version: VERSION, language: 'ts' })].filter((ch) => (ch < ' ' && ch !== '\n') || ch > '~'))

  /** Every check that needs no tsc, for one set of names; returns the problems found. */
  async function checkNames(names: { inputs: string[]; outputs: string[] }, file: string): Promise<string[]> {
    const problems: string[] = []
    const d = namedDiagram(names.inputs, names.outputs)
    const m = names.outputs.length
    const before = Object.getOwnPropertyNames(globalThis)
    const js = exportModule(d, { version: VERSION, language: 'js' })
    let mod: Module
    try {
      mod = await importNative<Module>(folder, file, js)
    } catch (err) {
      return [`import failed: ${(err as Error).message}`]
    }
    const ins = Object.keys(mod.defaultInputs)
    const outs = Object.keys(mod.evaluate(mod.defaultInputs))
    // exactly the expected exports
    const exported = Object.keys(mod).sort()
    if (exported.join() !== expectedExports(m).js.join()) problems.push(`exports ${exported.join()}`)
    const tsText = exportModule(d, { version: VERSION, language: 'ts' })
    const tsExported = [...tsText.matchAll(/^export (?:const|function|interface|type) ([A-Za-z_$][\w$]*)/gm)].map((x) => x[1]).sort()
    if (tsExported.join() !== expectedExports(m).ts.join()) problems.push(`TypeScript exports ${tsExported.join()}`)
    // keys: valid identifiers, unique, one per terminal in order, the same on every export
    for (const [what, keys, count] of [['input', ins, names.inputs.length], ['output', outs, m]] as const) {
      if (keys.length !== count) problems.push(`${keys.length} ${what} keys for ${count} terminals`)
      if (new Set(keys).size !== keys.length) problems.push(`${what} keys not unique: ${keys.join(' ')}`)
      for (const k of keys) if (!isIdentifier(k)) problems.push(`${what} key ${JSON.stringify(k)} is not a valid identifier`)
    }
    names.inputs.forEach((_, i) => {
      if (mod.defaultInputs[ins[i]] !== 0.25 + 0.5 * i) problems.push(`defaultInputs.${ins[i]} is ${mod.defaultInputs[ins[i]]}, input ${i} is stored as ${0.25 + 0.5 * i}`)
    })
    const again = exportModule(namedDiagram(names.inputs, names.outputs), { version: VERSION, language: 'ts' })
    if (again !== tsText) problems.push('a second export differs')
    // the names reach the text only as those identifiers: with the names replaced by the keys, the text is the same but for the hash
    const keyed = namedDiagram(ins, outs)
    for (const [language, text] of [['js', js], ['ts', tsText]] as const) {
      const unhashed = (t: string) => t.replace(/[0-9a-f]{64}/g, '<sha256>')
      if (unhashed(text) !== unhashed(exportModule(keyed, { version: VERSION, language }))) problems.push(`${language}: the text differs from the module of the same diagram named by its keys`)
      // Letters of other scripts reach the text, as identifiers (the keys, checked above); nothing else of a name does.
      const odd = [...new Set([...text].filter((ch) => ((ch < ' ' && ch !== '\n') || ch > '~') && !templateChars.has(ch) && !/[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]/u.test(ch)))]
      if (odd.length > 0) problems.push(`${language}: characters from the names: ${JSON.stringify(odd.join(''))}`)
      for (const f of FORBIDDEN) if (f.test(text)) problems.push(`${language}: contains ${f}`)
      for (const raw of ['${', '</script', '<!--', '\\', '\r', '\u2028', '\u2029', '\u202e', '\u200d', '"']) {
        if (text.includes(raw)) problems.push(`${language}: contains ${JSON.stringify(raw)}`)
      }
      // every comment the text closes, it opened (the exporter's own doc comments), so no name ends one
      const count = (needle: string) => text.split(needle).length - 1
      if (count('*/') !== count('/*')) problems.push(`${language}: ${count('*/')} comment ends for ${count('/*')} comment starts`)
    }
    // the numbers: the engine's, at the stored point
    const cmp = new Comparison()
    const { s, s2 } = schedules(d)
    cmp.at('hostile', mod, s, s2, flatValues(d.inputs), mulberry32(names.inputs.length), 0, outs)
    problems.push(...cmp.problems)
    // nothing new on globalThis, after the import and the calls
    const after = Object.getOwnPropertyNames(globalThis)
    const added = after.filter((p) => !before.includes(p))
    if (added.length > 0 || after.length !== before.length) problems.push(`globalThis gained ${added.join(', ')}`)
    return problems
  }

  it('names `globalThis` and `require` do not reach the text (the rule: a module never contains eval, Function(, import(, require or globalThis)', () => {
    const text = exportModule(namedDiagram(['globalThis', 'require'], ['window']), { version: VERSION, language: 'js' })
    for (const f of FORBIDDEN) expect(text).not.toMatch(f)
  })

  it('sanitising: plain names (θ and é too) stay, reserved words and special names get a _, other characters become _, collisions get _2, _3 in order', async () => {
    const mod = await importNative<Module>(
      folder,
      'hostile-examples',
      exportModule(namedDiagram(['x1', 'flow_rate', 'a b', 'a_b', 'a-b', 'class', '__proto__', 'constructor', '1st', '   ', 'é', 'x1', 'θ', '🚀', 'a\u200db'], ['f']), { version: VERSION, language: 'js' }),
    )
    expect(Object.keys(mod.defaultInputs)).toEqual(['x1', 'flow_rate', 'a_b', 'a_b_2', 'a_b_3', 'class_', '__proto___', 'constructor_', '_1st', '___', 'é', 'x1_2', 'θ', '_', 'a_b_4'])
    expect(Object.getPrototypeOf(mod.defaultInputs)).toBe(Object.prototype)
  })

  it('fast-check: every name set gives a module that imports cleanly, with valid unique keys, no raw name text, and the engine’s numbers', async () => {
    let run = 0
    await fc.assert(
      fc.asyncProperty(hostileNames, async (names) => {
        const problems = await checkNames(names, `hostile-property-${run++}`)
        if (problems.length > 0) throw new Error(`${JSON.stringify(names)}:\n${problems.slice(0, 10).join('\n')}`)
      }),
      { seed: 4_242, numRuns: 150 },
    )
  }, 120_000)

  it('the sampled name sets, each with a TypeScript consumer, type-check in the shared tsc --strict run and pass every check', async () => {
    const problems: string[] = []
    for (const [i, names] of HOSTILE.entries()) {
      for (const p of await checkNames(names, `hostile-sample-${i}`)) problems.push(`${JSON.stringify(names)}: ${p}`)
    }
    expect(problems.slice(0, 10)).toEqual([])
    // the samples cover the kinds of names the brief lists
    const all = HOSTILE.flatMap((n) => [...n.inputs, ...n.outputs])
    for (const needle of ["'", '"', '\\', '\n', '*/', '__proto__', 'constructor']) expect(all.some((n) => n.includes(needle)), JSON.stringify(needle)).toBe(true)
    expect(all.some((n) => /[^\x00-\x7f]/.test(n))).toBe(true)
    expect(HOSTILE.some((n) => COLLIDING.some((c) => c.every((name) => n.inputs.includes(name) || n.outputs.includes(name))))).toBe(true)
    const { files, missing, errors } = await tscFor('hostile')
    expect(files).toHaveLength(2 * HOSTILE.length)
    expect(missing).toEqual([])
    expect(errors.slice(0, 10)).toEqual([])
  }, 240_000)
})

// ---------------------------------------------------------------------------------------------------------

describe('dualwire export', () => {
  let dir: string
  const SEED = ['--expr', 'x1*x2 + log(x1^2)', '--at', 'x1=1.5,x2=0.5']
  /** A mistake: exit 2, one line on stderr, nothing on stdout. */
  const mistake = (args: string[], ...fragments: string[]) => {
    const run = dualwire(args, dir)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^dualwire: [^\n]+\n$/)
    for (const f of fragments) expect(run.stderr).toContain(f)
    expect(run.status).toBe(2)
  }

  beforeAll(() => {
    // under the corpus's node_modules folder, so that Node's own loader imports what the command writes
    dir = mkdtempSync(join(folder.js, 'cli-'))
    writeFileSync(join(dir, 'seed.dwire.json'), saveDiagram(formulaToDiagram('x1*x2 + log(x1^2)', { values: { x1: 1.5, x2: 0.5 } })))
    // a valid file that is broken: the second input of mul is not wired
    const broken = formulaToDiagram('f = x * y', { values: { x: 1, y: 2 } })
    broken.wires = broken.wires.filter((w) => w.to.port !== 'y')
    writeFileSync(join(dir, 'broken.dwire.json'), saveDiagram(broken))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('writes TypeScript for -o f.ts: the library’s bytes, the package version, the file’s hash', () => {
    const run = dualwire(['export', 'seed.dwire.json', '-o', 'f.ts'], dir)
    expect(run).toEqual({ stdout: 'wrote f.ts\n', stderr: '', status: 0 })
    const text = readFileSync(join(dir, 'f.ts'), 'utf8')
    const loaded = loadDiagram(readFileSync(join(dir, 'seed.dwire.json'), 'utf8'))
    if (!loaded.ok) throw new Error('does not load')
    expect(text).toBe(exportModule(loaded.diagram, { version: PACKAGE_VERSION, language: 'ts' }))
    expect(text.split('\n')[0]).toBe(`// Generated by DualWire ${PACKAGE_VERSION} from the diagram with SHA-256 ${sha256(semanticText(loaded.diagram))}.`)
    expect(text).toContain('export interface Inputs {\n  x1: number\n  x2: number\n}')
    expect(text).toContain('export const defaultInputs: Inputs = { x1: 1.5, x2: 0.5 }')
  })

  it('writes JavaScript for -o f.mjs; Node imports it and its gradient at the stored point is 1.8333333333333333 and 1.5', async () => {
    const run = dualwire(['export', ...SEED, '-o', 'f.mjs'], dir)
    expect(run).toEqual({ stdout: 'wrote f.mjs\n', stderr: '', status: 0 })
    const text = readFileSync(join(dir, 'f.mjs'), 'utf8')
    expect(text).not.toMatch(/\binterface\b|: number|: Inputs/)
    await importNative(folder, 'cli-probe', 'export {}\n') // (checks once that this folder is Node's to import)
    const mod = (await import(pathToFileURL(join(dir, 'f.mjs')).href)) as Module
    expect(mod.defaultInputs).toEqual({ x1: 1.5, x2: 0.5 })
    expect(mod.gradient!(mod.defaultInputs)).toEqual({ value: 1.5609302162163288, gradient: { x1: 1.8333333333333333, x2: 1.5 } })
    expect(mod.evaluate({ x1: 2, x2: 3 }).f).toBe(6 + Math.log(4))
  })

  it('prints JavaScript for --js: the same text as the .mjs file', () => {
    dualwire(['export', ...SEED, '-o', 'same.mjs'], dir)
    const run = dualwire(['export', ...SEED, '--js'], dir)
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(run.stdout).toBe(readFileSync(join(dir, 'same.mjs'), 'utf8'))
    expect(run.stdout).toMatch(/^\/\/ Generated by DualWire /)
  })

  it('refuses an unknown function: exit 2, one line, nothing written', () => {
    mistake(['export', '--expr', 'sine(x)', '--at', 'x=1', '-o', 'bad1.ts'], "unknown function 'sine'", "did you mean 'sin'")
    expect(existsSync(join(dir, 'bad1.ts'))).toBe(false)
  })

  it('refuses a broken diagram: exit 2, one line, nothing written', () => {
    mistake(['export', 'broken.dwire.json', '-o', 'bad2.ts'], 'broken.dwire.json', 'not wired')
    expect(existsSync(join(dir, 'bad2.ts'))).toBe(false)
  })

  it('refuses a file that is not a diagram: exit 2, one line', () => {
    writeFileSync(join(dir, 'junk.dwire.json'), '{ "format": "dualwire-diagram", ')
    mistake(['export', 'junk.dwire.json', '-o', 'bad3.ts'], 'junk.dwire.json', 'not a valid diagram')
    expect(existsSync(join(dir, 'bad3.ts'))).toBe(false)
  })

  it('refuses an -o path it cannot write: exit 2, one line naming it', () => {
    mistake(['export', 'seed.dwire.json', '-o', 'no/such/folder/f.ts'], 'no/such/folder/f.ts', 'cannot write')
    mistake(['export', ...SEED, '-o', 'seed.dwire.json/f.mjs'], 'seed.dwire.json/f.mjs', 'cannot write')
  })

  it('refuses --at naming an input the diagram lacks (README: “Naming an input the diagram lacks is an error”)', () => {
    mistake(['export', 'seed.dwire.json', '--at', 'nosuch=1', '-o', 'bad4.ts'], "no input 'nosuch'")
    expect(existsSync(join(dir, 'bad4.ts'))).toBe(false)
  })
})
