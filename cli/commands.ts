import {
  blockLabelOf, compile, diagnose, evaluate, Evaluator, fdCheck, type FdRow, FD_ABSOLUTE_TOLERANCE, FD_RELATIVE_TOLERANCE, FLAG_DERIVATIVE, FLAG_VALUE,
  findPrimitive, flagValues, hessian, hessianVector, inferShapes, jacobian, TooManyElementsError, type Mode, type Schedule, taylor, wireResult,
} from '../core'
import { type Args, option, parseArgs, UsageError } from './args'
import { byTerminal, numberText as num, table, toJson, valueText } from './format'
import type { OptionName } from './options'
import { chosenOutputs, direction, readSource, setPoint, type Source } from './source'
import { type CommandResult, convertCommand, exportCommand } from './writers'

// The commands, one function each, and the COMMANDS table: what each is, the options it takes, and for
// --mode the values. Each returns what goes to stdout; errors throw UsageError (exit code 2).

type Command = (args: Args) => CommandResult | Promise<CommandResult>

const named = (names: string[], values: number[]) => Object.fromEntries(names.map((n, i) => [n, values[i]]))

// Drivers take and give flat vectors, every element in terminal order; what is printed is grouped by
// terminal again: a number for a number, an array for an array, `f[2]` for one element of f.

/** Each terminal's value from a flat vector, by name. */
const namedValues = (names: string[], flat: number[], lengths: number[]) => Object.fromEntries(byTerminal(flat, lengths).map((v, i) => [names[i], v]))

/** The name of every element: x for a number, x[0], x[1], … for an array. */
const elementNames = (names: string[], lengths: number[]) => names.flatMap((n, i) => (lengths[i] < 0 ? [n] : Array.from({ length: lengths[i] }, (_, k) => `${n}[${k}]`)))

/** Where terminal t's elements start in a flat vector. */
const firstElement = (lengths: number[], t: number) => lengths.slice(0, t).reduce((n, l) => n + (l < 0 ? 1 : l), 0)
const elementsOf = (lengths: number[], t: number) => Array.from({ length: lengths[t] < 0 ? 1 : lengths[t] }, (_, k) => firstElement(lengths, t) + k)

interface Prepared {
  src: Source
  s: Schedule
  x: number[]
  inputs: string[]
  outputs: string[]
  /** Each terminal's length, SCALAR (-1) for a number. */
  inLengths: number[]
  outLengths: number[]
}

function prepare(args: Args, second = false, constantEdges = false): Prepared {
  const src = readSource(args)
  // The point first: its values set the lengths the diagram is compiled for.
  const x = setPoint(args, src)
  let s: Schedule
  try {
    // An array diagram's second derivatives are taken on its diagram of numbers at the point (core/drivers).
    s = compile(src.diagram, { second: second && !inferShapes(src.diagram).arrays, constantEdges })
  } catch (err) {
    throw new UsageError(`${src.label}: ${(err as Error).message}`)
  }
  return {
    src, s, x, inputs: src.diagram.inputs.map((t) => t.name), outputs: src.diagram.outputs.map((t) => t.name),
    inLengths: s.inputs.map((t) => t.length), outLengths: s.outputs.map((t) => t.length),
  }
}

/**
 * Output terminal o's block of a matrix with a row per output element and a column per input element, per
 * input terminal: a number (number by number), an array (an array by a number, or a number by an array) or
 * an array of rows, one per output element (array by array).
 */
function blockOf(m: number[][], p: Prepared, o: number): Record<string, unknown> {
  const rows = elementsOf(p.outLengths, o).map((e) => byTerminal(m[e], p.inLengths))
  return Object.fromEntries(p.inputs.map((n, i) => [n, p.outLengths[o] < 0 ? rows[0][i] : rows.map((r) => r[i])]))
}

/**
 * Where a chosen output's value (`eval`) or its derivatives (every other command) cannot be trusted at x:
 * a primitive's input outside its domain, or a value that is not finite, upstream of it (core/drivers/flags.ts).
 * One warning per place a flag begins, with the outputs it reaches. The results are printed all the same and
 * the exit code stays 0: the numbers are what IEEE arithmetic gives; the warning says what they are worth.
 */
export interface Warning {
  node: string
  label: string
  message: string
  breaks: 'value' | 'derivative'
  outputs: string[]
}

function warningsAt(s: Schedule, x: number[], which: number[], outputs: string[], derivatives: boolean): Warning[] {
  const ev = new Evaluator(s)
  ev.setInputs(x)
  ev.sweepValues(1)
  const flags = flagValues(ev)
  const bit = derivatives ? FLAG_DERIVATIVE : FLAG_VALUE
  const byCause = new Map<number, Warning>()
  for (const o of which) {
    const reg = s.outputs[o].reg
    if ((flags.bits[reg] & bit) === 0) continue
    const c = flags.cause[reg]
    const cause = flags.causes[c]
    const w = byCause.get(c)
    if (w) w.outputs.push(outputs[o])
    else byCause.set(c, { node: cause.node, label: cause.label, message: cause.message, breaks: cause.breaks, outputs: [outputs[o]] })
  }
  return [...byCause.values()]
}

/** One line each on stderr, after `dualwire: warning: `. */
function warningLines(warnings: Warning[], derivatives: boolean): string[] {
  return warnings.map((w) => {
    const what = !derivatives ? 'value' : w.breaks === 'value' ? 'value and derivatives' : 'derivatives'
    return `${w.label}: ${w.message}; the ${what} of ${w.outputs.join(', ')} cannot be trusted`
  })
}

/** Checked against the command's `modes` before it runs. */
const mode = (args: Args) => option(args, 'mode') as Mode | 'both' | undefined

function order(args: Args): number {
  const text = option(args, 'order') ?? '4'
  const k = Number(text)
  if (!Number.isInteger(k) || k < 1 || k > 20) throw new UsageError(`--order must be a whole number from 1 to 20, not '${text}'`)
  return k
}

/** `x = 1, y = [2, 3]`: each input's part of a flat point or direction. */
const assignments = (inputs: string[], flat: number[], lengths: number[]) => byTerminal(flat, lengths).map((v, i) => `${inputs[i]} = ${valueText(v)}`).join(', ')

const pointLine = (inputs: string[], x: number[], lengths: number[] = inputs.map(() => -1)) => `at ${assignments(inputs, x, lengths) || '(no inputs)'}`

const evalCommand: Command = (args) => {
  const { src, s, x, inputs, outputs, inLengths, outLengths } = prepare(args)
  const which = chosenOutputs(args, src)
  const values = byTerminal(evaluate(s, x), outLengths)
  const warnings = warningsAt(s, x, which, outputs, false)
  const stderr = warningLines(warnings, false)
  if (args.flags.has('json')) {
    return { stdout: toJson({ inputs: namedValues(inputs, x, inLengths), outputs: Object.fromEntries(which.map((o) => [outputs[o], { value: values[o] }])), warnings }), warnings: stderr }
  }
  return { stdout: `${pointLine(inputs, x, inLengths)}\n\n${table([['output', 'value'], ...which.map((o) => [outputs[o], valueText(values[o])])])}`, warnings: stderr }
}

/** One row per output element; an array input's column holds the array of its partials. */
function gradientTable(p: Prepared, values: number[], rows: number[][], which: number[]): string {
  const names = elementNames(p.outputs, p.outLengths)
  const body = which.flatMap((o) => elementsOf(p.outLengths, o)).map((e) => [names[e], num(values[e]), ...byTerminal(rows[e], p.inLengths).map(valueText)])
  return table([['output', 'value', ...p.inputs.map((n) => `∂/∂${n}`)], ...body])
}

const jacobianCommand = (defaultMode: Mode | undefined): Command => (args) => {
  const p = prepare(args)
  const { src, s, x, inputs, outputs, inLengths, outLengths } = p
  const which = chosenOutputs(args, src)
  const j = jacobian(s, x, (mode(args) as Mode | undefined) ?? defaultMode)
  const warnings = warningsAt(s, x, which, outputs, true)
  const stderr = warningLines(warnings, true)
  if (args.flags.has('json')) {
    const values = byTerminal(j.value, outLengths)
    const outs = Object.fromEntries(which.map((o) => [outputs[o], { value: values[o], gradient: blockOf(j.rows, p, o) }]))
    return { stdout: toJson({ mode: j.mode, inputs: namedValues(inputs, x, inLengths), outputs: outs, warnings }), warnings: stderr }
  }
  return { stdout: `${pointLine(inputs, x, inLengths)} (${j.mode} mode)\n\n${gradientTable(p, j.value, j.rows, which)}`, warnings: stderr }
}

/** A second-order driver's result, or a mistake naming the source where the diagram is too large to take apart. */
function secondOrder<T>(src: Source, compute: () => T): T {
  try {
    return compute()
  } catch (err) {
    if (err instanceof TooManyElementsError) throw new UsageError(`${src.label}: ${err.message}`)
    throw err
  }
}

/** Input elements up to which `hessian` prints the whole matrix; beyond, H·v (n² numbers would be too many to read). */
export const FULL_HESSIAN_ELEMENTS = 64

const hessianCommand: Command = (args) => {
  const { src, s, x, inputs, outputs, inLengths, outLengths } = prepare(args, true)
  const chosen = chosenOutputs(args, src)
  const which = chosen.flatMap((o) => elementsOf(outLengths, o))
  const outNames = elementNames(outputs, outLengths)
  const inNames = elementNames(inputs, inLengths)
  const dirGiven = option(args, 'dir') !== undefined
  const warnings = warningsAt(s, x, chosen, outputs, true)
  const stderr = warningLines(warnings, true)
  if (dirGiven || x.length > FULL_HESSIAN_ELEMENTS) {
    // Forward over reverse along v: one tangent sweep and one second-order reverse sweep per output element.
    const v = dirGiven ? direction(args, src) : x.map(() => 1)
    const why = dirGiven ? '' : ` (a full Hessian would be ${x.length} × ${x.length}; give --dir for another v)`
    const results = secondOrder(src, () => which.map((e) => ({ e, ...hessianVector(s, x, v, e) })))
    if (args.flags.has('json')) {
      const outs = Object.fromEntries(results.map((r) => [outNames[r.e], { value: r.value, gradient: namedValues(inputs, r.gradient, inLengths), product: namedValues(inputs, r.product, inLengths) }]))
      return { stdout: toJson({ result: 'hessian-vector product', inputs: namedValues(inputs, x, inLengths), direction: namedValues(inputs, v, inLengths), outputs: outs, warnings }), warnings: stderr }
    }
    const parts = results.map((r) =>
      [`${outNames[r.e]} = ${num(r.value)}`, table([['', 'gradient', 'H·v'], ...inNames.map((n, i) => [n, num(r.gradient[i]), num(r.product[i])])])].join('\n'))
    const along = dirGiven ? `along ${assignments(inputs, v, inLengths)}` : 'along v = every element 1'
    return { stdout: `${pointLine(inputs, x, inLengths)}\nHessian-vector product H·v ${along}${why}\n\n${parts.join('\n\n')}`, warnings: stderr }
  }
  const results = secondOrder(src, () => which.map((e) => ({ e, ...hessian(s, x, e) })))
  if (args.flags.has('json')) {
    const outs = Object.fromEntries(
      results.map((r) => [outNames[r.e], { value: r.value, gradient: namedValues(inputs, r.gradient, inLengths), hessian: Object.fromEntries(inNames.map((n, i) => [n, named(inNames, r.hessian[i])])) }]),
    )
    return { stdout: toJson({ result: 'hessian', inputs: namedValues(inputs, x, inLengths), outputs: outs, warnings }), warnings: stderr }
  }
  const parts = results.map((r) =>
    [
      `${outNames[r.e]} = ${num(r.value)}`,
      table([['', ...inNames], ['gradient', ...r.gradient.map(num)], ...inNames.map((n, i) => [`∂/∂${n}`, ...r.hessian[i].map(num)])]),
    ].join('\n'),
  )
  return { stdout: `${pointLine(inputs, x, inLengths)}\n\n${parts.join('\n\n')}`, warnings: stderr }
}

const taylorCommand: Command = (args) => {
  const { src, s, x, inputs, outputs, inLengths, outLengths } = prepare(args)
  const chosen = chosenOutputs(args, src)
  const v = direction(args, src)
  const k = order(args)
  const t = secondOrder(src, () => taylor(s, x, v, k))
  const outNames = elementNames(outputs, outLengths)
  const warnings = warningsAt(s, x, chosen, outputs, true)
  const stderr = warningLines(warnings, true)
  if (args.flags.has('json')) {
    // An array output's series, one per element: value is its array, coefficients and derivatives a row per element.
    const outs = Object.fromEntries(chosen.map((o) => {
      const els = elementsOf(outLengths, o)
      const pick = (m: number[][]) => (outLengths[o] < 0 ? m[els[0]] : els.map((e) => m[e]))
      const value = outLengths[o] < 0 ? t.coefficients[els[0]][0] : els.map((e) => t.coefficients[e][0])
      return [outputs[o], { value, taylor: { coefficients: pick(t.coefficients), derivatives: pick(t.derivatives) } }]
    }))
    return { stdout: toJson({ inputs: namedValues(inputs, x, inLengths), direction: namedValues(inputs, v, inLengths), order: k, outputs: outs, warnings }), warnings: stderr }
  }
  const rows = [['output', 'k', 'coefficient c_k', 'derivative k!·c_k']]
  for (const e of chosen.flatMap((o) => elementsOf(outLengths, o))) t.coefficients[e].forEach((c, i) => rows.push([i === 0 ? outNames[e] : '', String(i), num(c), num(t.derivatives[e][i])]))
  return { stdout: `${pointLine(inputs, x, inLengths)}, along ${assignments(inputs, v, inLengths)}\n\n${table(rows)}`, warnings: stderr }
}

const checkCommand: Command = (args) => {
  const p = prepare(args)
  const { src, s, x, inputs, outputs, inLengths, outLengths } = p
  const which = chosenOutputs(args, src)
  const chosen = new Set(which.flatMap((o) => elementsOf(outLengths, o)))
  const c = fdCheck(s, x)
  const warnings = warningsAt(s, x, which, outputs, true)
  const stderr = warningLines(warnings, true)
  const rows = c.rows.filter((r) => chosen.has(r.output))
  const ok = rows.every((r) => r.ok)
  const maxRelError = rows.reduce((m, r) => Math.max(m, r.relError), 0)
  const outNames = elementNames(outputs, outLengths)
  const inNames = elementNames(inputs, inLengths)
  if (args.flags.has('json')) {
    // Each quantity as a matrix with a row per output element, then cut as grad cuts the Jacobian.
    const matrix = (pick: (r: FdRow) => number) => {
      const m = outNames.map(() => new Array<number>(x.length).fill(NaN))
      for (const r of c.rows) m[r.output][r.input] = pick(r)
      return m
    }
    const [ad, fd, rel] = [matrix((r) => r.ad), matrix((r) => r.fd), matrix((r) => r.relError)]
    const outs = Object.fromEntries(
      which.map((o) => {
        const mine = elementsOf(outLengths, o)
        return [outputs[o], {
          gradient: blockOf(ad, p, o),
          finiteDifference: blockOf(fd, p, o),
          relativeError: blockOf(rel, p, o),
          ok: c.rows.every((r) => r.ok || !mine.includes(r.output)),
        }]
      }),
    )
    return { stdout: toJson({ inputs: namedValues(inputs, x, inLengths), ok, maxRelativeError: maxRelError, tolerance: { relative: FD_RELATIVE_TOLERANCE, absolute: FD_ABSOLUTE_TOLERANCE }, outputs: outs, warnings }), exitCode: ok ? 0 : 1, warnings: stderr }
  }
  const body = table([
    ['output', 'input', 'AD', 'finite difference', 'abs error', 'rel error', ''],
    ...rows.map((r) => [outNames[r.output], inNames[r.input], num(r.ad), num(r.fd), r.absError.toExponential(2), r.relError.toExponential(2), r.ok ? 'ok' : 'MISMATCH']),
  ])
  const verdict = ok
    ? `AD and central differences agree (largest relative error ${maxRelError.toExponential(2)})`
    : `AD and central differences disagree: a kink, a discontinuity or a wrong derivative near this point`
  return { stdout: `${pointLine(inputs, x, inLengths)}\n\n${body}\n\n${verdict}`, exitCode: ok ? 0 : 1, warnings: stderr }
}

const traceCommand: Command = (args) => {
  // Constant wires keep their derivative edges here, so the trace shows ∂f/∂(each constant).
  const { src, s, x, inputs, outputs, inLengths, outLengths } = prepare(args, false, true)
  const m = mode(args) ?? 'both'
  const seedOutput = chosenOutputs(args, src)[0] ?? 0
  const ev = new Evaluator(s)
  ev.setInputs(x)
  ev.sweepValues(1)
  // Forward: one tangent per input element, or the one --dir direction.
  const dirGiven = option(args, 'dir') !== undefined
  const k = dirGiven ? 1 : x.length
  const seeds = dirGiven ? direction(args, src) : Array.from({ length: k * k }, (_, i) => (i % (k + 1) === 0 ? 1 : 0))
  if (m !== 'reverse') ev.forward(seeds, k)
  // Reverse: every element of the seeded output gets 1, so an array output's adjoints are those of its sum.
  const seeded = new Set(outputs.length > 0 ? elementsOf(outLengths, seedOutput) : [])
  const outputSeeds = elementNames(outputs, outLengths).map((_, e) => (seeded.has(e) ? 1 : 0))
  if (m !== 'forward') ev.reverse(outputSeeds)
  const terminalNames = new Map([...src.diagram.inputs, ...src.diagram.outputs].map((t) => [t.id, t.name]))
  const primitives = new Map(src.diagram.blocks.map((b) => [b.id, findPrimitive(b.primitive)!]))
  const endName = (node: string, port: string) => {
    const terminal = terminalNames.get(node)
    if (terminal !== undefined) return terminal
    const p = primitives.get(node)!
    return `${node}:${p.id}${p.outputs.length > 1 || port !== 'r' ? `.${port}` : ''}`
  }
  const tangentNames = dirGiven ? ['∂/∂dir'] : elementNames(inputs, inLengths).map((n) => `∂/∂${n}`)
  const notes = diagnose(ev)
  const warnings = warningsAt(s, x, outputs.map((_, i) => i), outputs, true)
  const stderr = warningLines(warnings, true)
  const wires = src.diagram.wires.map((w) => {
    const r = wireResult(ev, w.id, outputSeeds)
    // An array wire's value, each tangent and its adjoint are arrays.
    const a = r.array
    const value: number | number[] = a ? Array.from(a.values) : r.value
    const tangents: (number | number[])[] = a ? a.tangents.map((t) => Array.from(t)) : r.tangents
    const adjoint: number | number[] = a ? Array.from(a.adjoint) : r.adjoint
    return { id: w.id, from: endName(w.from.node, w.from.port), to: endName(w.to.node, w.to.port), boolean: r.boolean, value, tangents, adjoint }
  })
  const truth = (v: number | number[]) => (typeof v === 'number' ? v !== 0 : v.map((e) => e !== 0))
  const booleanText = (v: number | number[]) => (typeof v === 'number' ? String(v !== 0) : `[${v.map((e) => String(e !== 0)).join(', ')}]`)
  if (args.flags.has('json')) {
    return {
      stdout: toJson({
        mode: m, inputs: namedValues(inputs, x, inLengths), seed: outputs[seedOutput] ?? null, tangents: tangentNames,
        wires: wires.map((w) => ({
          id: w.id, from: w.from, to: w.to, value: w.boolean ? truth(w.value) : w.value,
          ...(m !== 'reverse' && !w.boolean ? { tangents: w.tangents } : {}),
          ...(m !== 'forward' && !w.boolean ? { adjoint: w.adjoint } : {}),
          ...(w.boolean ? { boolean: true } : {}),
        })),
        notes,
        warnings,
      }),
      warnings: stderr,
    }
  }
  const head = ['wire', 'from', 'to', 'value', ...(m !== 'reverse' ? tangentNames : []), ...(m !== 'forward' ? [`adjoint (seed ${outputs[seedOutput]})`] : [])]
  const rows = wires.map((w) => [
    w.id, w.from, w.to, w.boolean ? booleanText(w.value) : valueText(w.value),
    ...(m !== 'reverse' ? (w.boolean ? tangentNames.map(() => '') : w.tangents.map(valueText)) : []),
    ...(m !== 'forward' ? [w.boolean ? '' : valueText(w.adjoint)] : []),
  ])
  const noteLines = notes.map((n) => `note: ${blockLabelOf(src.diagram.blocks.find((b) => b.id === n.block)?.primitive ?? '', n.block)}: ${n.message}`)
  return { stdout: [pointLine(inputs, x, inLengths), '', table([head, ...rows]), ...(noteLines.length ? ['', ...noteLines] : [])].join('\n'), warnings: stderr }
}

/** `npm start` until the editor lands: the seed example through a few commands. */
const demoCommand: Command = async () => {
  const expr = 'x1*x2 + log(x1^2)'
  const run = async (command: string) => (await COMMANDS.get(command)!.run(parseArgs([command, '--expr', expr, '--at', 'x1=1.5,x2=0.5']))).stdout
  return {
    stdout: [
      `DualWire: the seed example f(x1, x2) = ${expr}`,
      '', '$ dualwire grad --expr "x1*x2 + log(x1^2)" --at x1=1.5,x2=0.5', await run('grad'),
      '', '$ dualwire hessian ...', await run('hessian'),
      '', '$ dualwire trace ...', await run('trace'),
      '', 'dualwire --help lists every command.',
    ].join('\n'),
  }
}

export interface CommandSpec {
  summary: string
  /** The options it takes (besides --help and --version), in the order help lists them. */
  options: readonly OptionName[]
  /** The values --mode takes; exactly the commands that list 'mode' have them. */
  modes?: readonly string[]
  run: Command
}

const POINT: OptionName[] = ['expr', 'at']

export const COMMANDS = new Map<string, CommandSpec>([
  ['eval', { run: evalCommand, summary: 'the value of every output', options: [...POINT, 'output', 'json'] }],
  ['grad', {
    run: jacobianCommand('reverse'), summary: 'value and gradient of every output (default --mode reverse)',
    options: [...POINT, 'mode', 'output', 'json'], modes: ['reverse', 'forward'],
  }],
  ['jacobian', {
    run: jacobianCommand(undefined), summary: 'every output’s gradient as a row; forward mode when inputs ≤ outputs, else reverse',
    options: [...POINT, 'mode', 'output', 'json'], modes: ['forward', 'reverse'],
  }],
  ['hessian', {
    run: hessianCommand,
    summary: `value, gradient and Hessian of every output (exact, forward over reverse); with --dir, or beyond ${FULL_HESSIAN_ELEMENTS} input elements, the Hessian-vector product H·v instead`,
    options: [...POINT, 'dir', 'output', 'json'],
  }],
  ['taylor', {
    run: taylorCommand, summary: 'Taylor coefficients and k-th derivatives along --dir (default: the first input), --order k (default 4)',
    options: [...POINT, 'dir', 'order', 'output', 'json'],
  }],
  ['check', { run: checkCommand, summary: 'finite differences beside AD with relative errors; exit code 1 when they disagree', options: [...POINT, 'output', 'json'] }],
  ['trace', {
    run: traceCommand, summary: 'every wire: value, tangents (one per input, or --dir) and adjoint (--output seeded)',
    options: [...POINT, 'mode', 'dir', 'output', 'json'], modes: ['both', 'forward', 'reverse'],
  }],
  ['export', {
    run: exportCommand, summary: 'a dependency-free TypeScript module (-o f.ts; --js or -o f.mjs for JavaScript) computing the function and its derivatives',
    options: [...POINT, 'out', 'js', 'force', 'json'],
  }],
  ['convert', { run: convertCommand, summary: 'diagram file → formula, or formula → diagram file (-o to write a file)', options: [...POINT, 'out', 'force', 'json'] }],
  ['demo', { run: demoCommand, summary: 'the seed example through grad, hessian and trace', options: [] }],
])
