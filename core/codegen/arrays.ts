import { countOf, firstElements, type Schedule, type ScheduledTerminal } from '../compile/schedule'
import type { Diagram } from '../diagram/model'
import { SCALAR } from '../primitives/array-rule'
import { arraySweeps, edgeTables } from './array-sweeps'
import { chunkedFunction, fixedRegisters, REG } from './array-steps'
import { fusedSteps, reverseStatements } from './fuse'
import { numberLiteral } from './literal'
import { sanitizeAll } from './sanitize'

// A diagram whose wires carry arrays, as a dependency-free module. It is the engine's array sweeps written
// out: one register file R, tangents T and adjoints A in element space, the value and partial steps as
// straight code and loops (array-steps.ts), the sweeps as the engine's loops over edge tables
// (array-sweeps.ts). Its size follows the diagram's blocks, never its arrays' lengths; only defaultInputs
// holds elements. Terminals are fields: a number is a number, an array a Float64Array (number[] accepted
// as input). No Hessian: a module stays loops, and second derivatives of arrays are taken on the diagram of
// numbers at a point (compile/scalarize.ts), which the CLI's hessian and taylor do.

export interface ArrayModuleOptions {
  typed: boolean
  version: string
  hash: string
}

interface Terminal {
  key: string
  /** SCALAR or the array's length. */
  length: number
  reg: number
  /** Its first element of T and A, or -1 (a Boolean output has no derivative). */
  at: number
  /** Its first place among the flat input (or output) elements, as the Jacobian counts them. */
  flat: number
}

function terminals(s: Schedule, list: ScheduledTerminal[], keys: string[]): Terminal[] {
  const firsts = firstElements(list)
  return list.map((t, i) => ({ key: keys[i], length: t.length, reg: t.reg, at: t.slot < 0 ? -1 : s.arrays!.slotAt[t.slot], flat: firsts[i] }))
}

const isArray = (t: Terminal) => t.length !== SCALAR

export function arrayModule(d: Diagram, s: Schedule, options: ArrayModuleOptions): string {
  const { typed } = options
  const ann = (text: string) => (typed ? text : '')
  const ins = terminals(s, s.inputs, sanitizeAll(s.inputs.map((t) => t.name)))
  const outs = terminals(s, s.outputs, sanitizeAll(s.outputs.map((t) => t.name)))
  const nIn = ins.reduce((k, t) => k + countOf(t.length), 0)
  const nOut = outs.reduce((k, t) => k + countOf(t.length), 0)
  // The engine's choice: forward when there are no more input elements than output elements.
  const forward = nIn <= nOut
  const gradient = outs.length === 1 && !isArray(outs[0])
  const obj = (list: Terminal[], value: (t: Terminal) => string) => `{ ${list.map((t) => `${t.key}: ${value(t)}`).join(', ')} }`
  const iface = (name: string, list: Terminal[], scalar: string, array: string) =>
    `export interface ${name} {\n${list.map((t) => `  ${t.key}: ${isArray(t) ? array : scalar}\n`).join('')}}`

  /** Writes a terminal's elements from `value` into buf at `at`, refusing a wrong length. */
  const load = (t: Terminal, what: string, value: string, buf: string, at: number, guard: boolean): string[] => {
    const put = (x: string, place: string) => (guard ? `{ const g = ${x}; if (g !== 0) ${buf}[${place}] += g }` : `${buf}[${place}] = ${x}`)
    if (!isArray(t)) return [put(value, String(at))]
    // A plain copy is one typed-array set (a memory copy for a Float64Array); a guarded add stays a loop.
    const copy = guard ? `  for (let i = 0; i < ${t.length}; i++) ${put('v[i]', `${at} + i`)}` : `  ${buf}.set(v, ${at})`
    return [`{`, `  const v = ${value}`, `  expectLength('${what} ${t.key}', v, ${t.length})`, copy, `}`]
  }
  const read = (buf: string, at: number, t: Terminal) => (at < 0 ? (isArray(t) ? `new Float64Array(${t.length})` : '0') : isArray(t) ? `${buf}.slice(${at}, ${at + t.length})` : `${buf}[${at}]`)
  const loadInputs = ins.flatMap((t) => load(t, 'input', `inputs.${t.key}`, 'R', t.reg, false))
  const outputsOf = (buf: string) => obj(outs, (t) => read(buf, buf === 'R' ? t.reg : t.at, t))
  // gradient and vjp write an array input's adjoint into a buffer the caller passes (`into`), if it does:
  // a caller that takes many gradients then allocates nothing (a new Float64Array costs microseconds).
  const arrayIns = ins.filter(isArray)
  const intoParam = arrayIns.length > 0 ? `, into${ann(': AdjointBuffers')} = {}` : ''
  const inputAdjoints = obj(ins, (t) => (isArray(t) ? `result(A, ${t.at}, ${t.length}, into.${t.key}, 'buffer ${t.key}')` : read('A', t.at, t)))
  const body = (lines: string[]) => lines.map((l) => `  ${l}`).join('\n')
  /** An entry point; a doc of several lines (split at \n) becomes a block comment. */
  const fn = (doc: string, head: string, lines: string[]) => [
    doc.includes('\n') ? `/**\n${doc.split('\n').map((l) => ` * ${l}`).join('\n')}\n */` : `/** ${doc} */`,
    `export function ${head} {\n${body(lines)}\n}`,
    '',
  ]

  // The Jacobian: a flat matrix of output elements by input elements, then cut by terminal.
  const jacobianEntry = (o: Terminal, i: Terminal) => {
    if (!isArray(o) && !isArray(i)) return `J[${o.flat * nIn + i.flat}]`
    if (!isArray(o)) return `J.slice(${o.flat * nIn + i.flat}, ${o.flat * nIn + i.flat + i.length})`
    if (!isArray(i)) return `column(J, ${o.flat}, ${o.length}, ${i.flat})`
    return `block(J, ${o.flat}, ${o.length}, ${i.flat}, ${i.length})`
  }
  const jacobianType = (o: Terminal, i: Terminal) => (!isArray(o) && !isArray(i) ? 'number' : !isArray(o) || !isArray(i) ? 'Float64Array' : 'Float64Array[]')
  const usesColumn = outs.some((o) => isArray(o) && ins.some((i) => !isArray(i)))
  const usesBlock = outs.some((o) => isArray(o) && ins.some(isArray))
  const jacobianBody = [
    'load(inputs)', 'valuesAndPartials()',
    `const J = new Float64Array(${nIn * nOut})`,
    ...(forward
      ? [
          `for (let j = 0; j < ${nIn}; j++) {`,
          `  T.fill(0, 0, ${nIn})`,
          '  T[j] = 1',
          '  sweepTangents()',
          ...outs.filter((o) => o.at >= 0).map((o) => `  for (let p = 0; p < ${countOf(o.length)}; p++) J[(${o.flat} + p) * ${nIn} + j] = T[${o.at} + p]`),
          '}',
        ]
      : [
          ...outs.filter((o) => o.at >= 0).flatMap((o) => [
            `for (let p = 0; p < ${countOf(o.length)}; p++) {`,
            '  clearAdjoints()',
            `  A[${o.at} + p] += 1`,
            '  sweepAdjoints()',
            `  for (let i = 0; i < ${nIn}; i++) J[(${o.flat} + p) * ${nIn} + i] = A[i]`,
            '}',
          ]),
        ]),
    `return { mode: '${forward ? 'forward' : 'reverse'}', value: ${outputsOf('R')}, jacobian: ${obj(outs, (o) => obj(ins, (i) => jacobianEntry(o, i)))} }`,
  ]

  const fused = fusedSteps(s)
  const reverse = reverseStatements(s)
  const parts: string[] = [
    `// Generated by DualWire ${options.version} from the diagram with SHA-256 ${options.hash}.`,
    `// It computes the diagram's function and its derivatives with plain Math and imports nothing. Its wires`,
    `// carry arrays: values, partials and the derivative sweeps are loops over typed arrays, as in the engine.`,
    `// No hessian: a module of an array diagram stays loops (dualwire hessian gives second derivatives).${gradient ? '' : ' No gradient: the diagram does not have exactly one output that is a number.'}`,
    `// Regenerate it rather than editing it.`,
    '',
    `export const DUALWIRE_VERSION = '${options.version}'`,
    `export const DIAGRAM_SHA256 = '${options.hash}'`,
    '',
  ]
  if (typed) {
    parts.push(
      iface('Inputs', ins, 'number', 'number[] | Float64Array'),
      iface('Outputs', outs, 'number', 'Float64Array'),
      `/** The adjoints vjp starts from, one per output element. */`,
      iface('OutputAdjoints', outs, 'number', 'number[] | Float64Array'),
      `/** The inputs' adjoints (or gradient), one per input element. */`,
      iface('InputAdjoints', ins, 'number', 'Float64Array'),
      ...(arrayIns.length > 0
        ? [`/** Buffers gradient and vjp write array inputs' adjoints into, instead of new arrays (each of its input's length). */`, `export interface AdjointBuffers {\n${arrayIns.map((t) => `  ${t.key}?: Float64Array\n`).join('')}}`]
        : []),
      `/**`,
      ` * jacobian[output][input]: a number for a number and a number; for an array and a number, a Float64Array`,
      ` * over the array's elements; for two arrays, one Float64Array per output element, over the input's elements`,
      ` * (jacobian.y.x[p][q] = ∂y[p]/∂x[q]).`,
      ` */`,
      `export interface Jacobian {\n${outs.map((o) => `  ${o.key}: ${obj(ins, (i) => jacobianType(o, i)).replace(/,/g, ';')}\n`).join('')}}`,
      '',
    )
  }
  parts.push(
    `/** The input values stored in the diagram. */`,
    `export const defaultInputs${ann(': Inputs')} = ${obj(ins, (t) => {
      const v = d.inputs.find((x) => x.id === s.inputs[ins.indexOf(t)].id)!.value
      return typeof v === 'number' ? numberLiteral(v) : `[${v.map(numberLiteral).join(', ')}]`
    })}`,
    '',
    `const R = new Float64Array(${s.registerCount})`,
    `const T = new Float64Array(${s.arrays!.elementCount})`,
    `const A = new Float64Array(${s.arrays!.elementCount})`,
    ...constants(s),
    '',
    ...edgeTables(s),
    '',
    `function expectLength(what${ann(': string')}, v${ann(': ArrayLike<number>')}, n${ann(': number')})${ann(': void')} {`,
    `  if (v.length !== n) throw new Error(what + ' has ' + v.length + ' elements; the diagram needs ' + n)`,
    '}',
    `function load(inputs${ann(': Inputs')})${ann(': void')} {`,
    body(loadInputs),
    '}',
    ...(arrayIns.length > 0
      ? [
          `/** n elements of buf from at (all 0 where at is -1: no derivative), into out if given, else a new array. */`,
          `function result(buf${ann(': Float64Array')}, at${ann(': number')}, n${ann(': number')}, out${ann(': Float64Array | undefined')}, what${ann(': string')})${ann(': Float64Array')} {`,
          '  if (out === undefined) return at < 0 ? new Float64Array(n) : buf.slice(at, at + n)',
          '  expectLength(what, out, n)',
          '  if (at < 0) out.fill(0)',
          '  else for (let i = 0; i < n; i++) out[i] = buf[at + i]',
          '  return out',
          '}',
        ]
      : []),
    ...(usesColumn
      ? [
          `/** Column c of rows row .. row + count − 1 of the flat Jacobian. */`,
          `function column(J${ann(': Float64Array')}, row${ann(': number')}, count${ann(': number')}, c${ann(': number')})${ann(': Float64Array')} {`,
          '  const out = new Float64Array(count)',
          `  for (let p = 0; p < count; p++) out[p] = J[(row + p) * ${nIn} + c]`,
          '  return out',
          '}',
        ]
      : []),
    ...(usesBlock
      ? [
          `/** Rows row .. row + count − 1 of the flat Jacobian, columns c .. c + width − 1. */`,
          `function block(J${ann(': Float64Array')}, row${ann(': number')}, count${ann(': number')}, c${ann(': number')}, width${ann(': number')})${ann(': Float64Array[]')} {`,
          `  const out${ann(': Float64Array[]')} = []`,
          `  for (let p = 0; p < count; p++) out.push(J.slice((row + p) * ${nIn} + c, (row + p) * ${nIn} + c + width))`,
          '  return out',
          '}',
        ]
      : []),
    '',
    ...chunkedFunction('values', fused.values, typed),
    '',
    ...chunkedFunction('valuesAndPartials', fused.valuesAndPartials, typed),
    ...arraySweeps(typed),
    '',
    `/** Reverse sweep (the engine's sweepArrayAdjoints, its loops fused where each element's order allows: fuse.ts). */`,
    ...chunkedFunction('sweepAdjoints', reverse.statements, typed, [`const ${REG} = R`, 'const adj = A']),
    `/** Zeroes the adjoints the reverse sweep reads (the others it starts at 0 itself). */`,
    ...chunkedFunction('clearAdjoints', clearedRanges(s, reverse.unread).map(([from, to]) => `A.fill(0, ${from}, ${to})`), typed, []),
    '',
    ...fn('The value of every output.', `evaluate(inputs${ann(': Inputs')})${ann(': Outputs')}`, ['load(inputs)', 'values()', `return ${outputsOf('R')}`]),
    ...fn(
      'The outputs and their directional derivatives along `tangents` (J·v), element by element.',
      `jvp(inputs${ann(': Inputs')}, tangents${ann(': Inputs')})${ann(': { value: Outputs; tangent: Outputs }')}`,
      ['load(inputs)', 'valuesAndPartials()', ...ins.flatMap((t) => load(t, 'tangent', `tangents.${t.key}`, 'T', t.at, false)), 'sweepTangents()', `return { value: ${outputsOf('R')}, tangent: ${outputsOf('T')} }`],
    ),
    ...fn(
      `The outputs and the inputs' adjoints for the output adjoints \`adjoints\` (wᵀ·J)${intoParam ? ", written into `into`'s buffers where given" : ''}.`,
      `vjp(inputs${ann(': Inputs')}, adjoints${ann(': OutputAdjoints')}${intoParam})${ann(': { value: Outputs; adjoint: InputAdjoints }')}`,
      ['load(inputs)', 'valuesAndPartials()', 'clearAdjoints()', ...outs.filter((t) => t.at >= 0).flatMap((t) => load(t, 'adjoint', `adjoints.${t.key}`, 'A', t.at, true)), 'sweepAdjoints()', `return { value: ${outputsOf('R')}, adjoint: ${inputAdjoints} }`],
    ),
    ...fn(
      `Every output element's derivative by every input element, by ${forward ? 'forward mode (input elements ≤ output elements)' : 'reverse mode (input elements > output elements)'}.\n` +
        "jacobian[output][input] is a number for two numbers, a Float64Array over the array's elements for an\n" +
        'array and a number, and one Float64Array per output element for two arrays (jacobian.y.x[p][q] is\n' +
        '∂y[p]/∂x[q]).',
      `jacobian(inputs${ann(': Inputs')})${ann(`: { mode: '${forward ? 'forward' : 'reverse'}'; value: Outputs; jacobian: Jacobian }`)}`,
      jacobianBody,
    ),
  )
  if (gradient) {
    const o = outs[0]
    parts.push(
      ...fn(
        `The output's value and gradient, by reverse mode${intoParam ? ", written into `into`'s buffers where given" : ''}.`,
        `gradient(inputs${ann(': Inputs')}${intoParam})${ann(': { value: number; gradient: InputAdjoints }')}`,
        ['load(inputs)', 'valuesAndPartials()', 'clearAdjoints()', ...(o.at >= 0 ? [`A[${o.at}] += 1`, 'sweepAdjoints()'] : []), `return { value: R[${o.reg}], gradient: ${inputAdjoints} }`],
      ),
    )
  }
  return `${parts.join('\n').replace(/\n+$/, '')}\n`
}

/**
 * Registers that start with a value (constants, parameters) as two tables loaded once. The inputs' own
 * registers are left out: every entry point writes them, and an input's stored elements are defaultInputs.
 */
function constants(s: Schedule): string[] {
  const fixed = [...fixedRegisters(s)]
  return [
    `const CONST_REGS = new Int32Array([${fixed.map(([r]) => r).join(', ')}])`,
    `const CONST_VALUES = new Float64Array([${fixed.map(([, v]) => numberLiteral(v)).join(', ')}])`,
    'for (let i = 0; i < CONST_REGS.length; i++) R[CONST_REGS[i]] = CONST_VALUES[i]',
  ]
}

/** The element ranges of A outside the slots given, merged where they touch. */
function clearedRanges(s: Schedule, skipped: number[]): [number, number][] {
  const { slotAt, slotLength, elementCount } = s.arrays!
  const skip = new Uint8Array(elementCount)
  for (const slot of skipped) skip.fill(1, slotAt[slot], slotAt[slot] + countOf(slotLength[slot]))
  const out: [number, number][] = []
  for (let i = 0; i < elementCount; ) {
    if (skip[i]) {
      i++
      continue
    }
    const from = i
    while (i < elementCount && !skip[i]) i++
    out.push([from, i])
  }
  return out
}
