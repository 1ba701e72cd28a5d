import {
  blockLabelOf, compile, diagnose, evaluate, Evaluator, fdCheck, FD_ABSOLUTE_TOLERANCE, FD_RELATIVE_TOLERANCE, FLAG_DERIVATIVE, FLAG_VALUE,
  findPrimitive, flagValues, hessian, jacobian, type Mode, type Schedule, taylor, wireResult,
} from '../core'
import { type Args, option, parseArgs, UsageError } from './args'
import { numberText as num, table, toJson } from './format'
import type { OptionName } from './options'
import { chosenOutputs, direction, point, readSource, type Source } from './source'
import { type CommandResult, convertCommand, exportCommand } from './writers'

// The commands, one function each, and the COMMANDS table: what each is, the options it takes, and for
// --mode the values. Each returns what goes to stdout; errors throw UsageError (exit code 2).

type Command = (args: Args) => CommandResult | Promise<CommandResult>

const named = (names: string[], values: number[]) => Object.fromEntries(names.map((n, i) => [n, values[i]]))

function prepare(args: Args, second = false, constantEdges = false): { src: Source; s: Schedule; x: number[]; inputs: string[]; outputs: string[] } {
  const src = readSource(args)
  let s: Schedule
  try {
    s = compile(src.diagram, { second, constantEdges })
  } catch (err) {
    throw new UsageError(`${src.label}: ${(err as Error).message}`)
  }
  return { src, s, x: point(args, src), inputs: src.diagram.inputs.map((t) => t.name), outputs: src.diagram.outputs.map((t) => t.name) }
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

const pointLine = (inputs: string[], x: number[]) => `at ${inputs.map((n, i) => `${n} = ${num(x[i])}`).join(', ') || '(no inputs)'}`

const evalCommand: Command = (args) => {
  const { src, s, x, inputs, outputs } = prepare(args)
  const which = chosenOutputs(args, src)
  const values = evaluate(s, x)
  const warnings = warningsAt(s, x, which, outputs, false)
  const stderr = warningLines(warnings, false)
  if (args.flags.has('json')) {
    return { stdout: toJson({ inputs: named(inputs, x), outputs: Object.fromEntries(which.map((o) => [outputs[o], { value: values[o] }])), warnings }), warnings: stderr }
  }
  return { stdout: `${pointLine(inputs, x)}\n\n${table([['output', 'value'], ...which.map((o) => [outputs[o], num(values[o])])])}`, warnings: stderr }
}

function gradientTable(inputs: string[], outputs: string[], values: number[], rows: number[][], which: number[]): string {
  return table([['output', 'value', ...inputs.map((n) => `∂/∂${n}`)], ...which.map((o) => [outputs[o], num(values[o]), ...rows[o].map(num)])])
}

const jacobianCommand = (defaultMode: Mode | undefined): Command => (args) => {
  const { src, s, x, inputs, outputs } = prepare(args)
  const which = chosenOutputs(args, src)
  const j = jacobian(s, x, (mode(args) as Mode | undefined) ?? defaultMode)
  const warnings = warningsAt(s, x, which, outputs, true)
  const stderr = warningLines(warnings, true)
  if (args.flags.has('json')) {
    const outs = Object.fromEntries(which.map((o) => [outputs[o], { value: j.value[o], gradient: named(inputs, j.rows[o]) }]))
    return { stdout: toJson({ mode: j.mode, inputs: named(inputs, x), outputs: outs, warnings }), warnings: stderr }
  }
  return { stdout: `${pointLine(inputs, x)} (${j.mode} mode)\n\n${gradientTable(inputs, outputs, j.value, j.rows, which)}`, warnings: stderr }
}

const hessianCommand: Command = (args) => {
  const { src, s, x, inputs, outputs } = prepare(args, true)
  const which = chosenOutputs(args, src)
  const results = which.map((o) => ({ o, ...hessian(s, x, o) }))
  const warnings = warningsAt(s, x, which, outputs, true)
  const stderr = warningLines(warnings, true)
  if (args.flags.has('json')) {
    const outs = Object.fromEntries(
      results.map((r) => [outputs[r.o], { value: r.value, gradient: named(inputs, r.gradient), hessian: Object.fromEntries(inputs.map((n, i) => [n, named(inputs, r.hessian[i])])) }]),
    )
    return { stdout: toJson({ inputs: named(inputs, x), outputs: outs, warnings }), warnings: stderr }
  }
  const parts = results.map((r) =>
    [
      `${outputs[r.o]} = ${num(r.value)}`,
      table([['', ...inputs], ['gradient', ...r.gradient.map(num)], ...inputs.map((n, i) => [`∂/∂${n}`, ...r.hessian[i].map(num)])]),
    ].join('\n'),
  )
  return { stdout: `${pointLine(inputs, x)}\n\n${parts.join('\n\n')}`, warnings: stderr }
}

const taylorCommand: Command = (args) => {
  const { src, s, x, inputs, outputs } = prepare(args)
  const which = chosenOutputs(args, src)
  const v = direction(args, src)
  const k = order(args)
  const t = taylor(s, x, v, k)
  const warnings = warningsAt(s, x, which, outputs, true)
  const stderr = warningLines(warnings, true)
  if (args.flags.has('json')) {
    const outs = Object.fromEntries(which.map((o) => [outputs[o], { value: t.coefficients[o][0], taylor: { coefficients: t.coefficients[o], derivatives: t.derivatives[o] } }]))
    return { stdout: toJson({ inputs: named(inputs, x), direction: named(inputs, v), order: k, outputs: outs, warnings }), warnings: stderr }
  }
  const rows = [['output', 'k', 'coefficient c_k', 'derivative k!·c_k']]
  for (const o of which) t.coefficients[o].forEach((c, i) => rows.push([i === 0 ? outputs[o] : '', String(i), num(c), num(t.derivatives[o][i])]))
  const along = inputs.map((n, i) => `${n} = ${num(v[i])}`).join(', ')
  return { stdout: `${pointLine(inputs, x)}, along ${along}\n\n${table(rows)}`, warnings: stderr }
}

const checkCommand: Command = (args) => {
  const { src, s, x, inputs, outputs } = prepare(args)
  const which = new Set(chosenOutputs(args, src))
  const c = fdCheck(s, x)
  const warnings = warningsAt(s, x, [...which], outputs, true)
  const stderr = warningLines(warnings, true)
  const rows = c.rows.filter((r) => which.has(r.output))
  const ok = rows.every((r) => r.ok)
  const maxRelError = rows.reduce((m, r) => Math.max(m, r.relError), 0)
  if (args.flags.has('json')) {
    const outs = Object.fromEntries(
      [...which].map((o) => {
        const mine = rows.filter((r) => r.output === o)
        return [outputs[o], {
          gradient: named(inputs, mine.map((r) => r.ad)),
          finiteDifference: named(inputs, mine.map((r) => r.fd)),
          relativeError: named(inputs, mine.map((r) => r.relError)),
          ok: mine.every((r) => r.ok),
        }]
      }),
    )
    return { stdout: toJson({ inputs: named(inputs, x), ok, maxRelativeError: maxRelError, tolerance: { relative: FD_RELATIVE_TOLERANCE, absolute: FD_ABSOLUTE_TOLERANCE }, outputs: outs, warnings }), exitCode: ok ? 0 : 1, warnings: stderr }
  }
  const body = table([
    ['output', 'input', 'AD', 'finite difference', 'abs error', 'rel error', ''],
    ...rows.map((r) => [outputs[r.output], inputs[r.input], num(r.ad), num(r.fd), r.absError.toExponential(2), r.relError.toExponential(2), r.ok ? 'ok' : 'MISMATCH']),
  ])
  const verdict = ok
    ? `AD and central differences agree (largest relative error ${maxRelError.toExponential(2)})`
    : `AD and central differences disagree: a kink, a discontinuity or a wrong derivative near this point`
  return { stdout: `${pointLine(inputs, x)}\n\n${body}\n\n${verdict}`, exitCode: ok ? 0 : 1, warnings: stderr }
}

const traceCommand: Command = (args) => {
  // Constant wires keep their derivative edges here, so the trace shows ∂f/∂(each constant).
  const { src, s, x, inputs, outputs } = prepare(args, false, true)
  const m = mode(args) ?? 'both'
  const seedOutput = chosenOutputs(args, src)[0] ?? 0
  const ev = new Evaluator(s)
  ev.setInputs(x)
  ev.sweepValues(1)
  // Forward: one tangent per input, or the one --dir direction.
  const dirGiven = option(args, 'dir') !== undefined
  const k = dirGiven ? 1 : inputs.length
  const seeds = dirGiven ? direction(args, src) : Array.from({ length: k * k }, (_, i) => (i % (k + 1) === 0 ? 1 : 0))
  if (m !== 'reverse') ev.forward(seeds, k)
  const outputSeeds = outputs.map((_, i) => (i === seedOutput ? 1 : 0))
  if (m !== 'forward') ev.reverse(outputSeeds)
  const terminalNames = new Map([...src.diagram.inputs, ...src.diagram.outputs].map((t) => [t.id, t.name]))
  const primitives = new Map(src.diagram.blocks.map((b) => [b.id, findPrimitive(b.primitive)!]))
  const endName = (node: string, port: string) => {
    const terminal = terminalNames.get(node)
    if (terminal !== undefined) return terminal
    const p = primitives.get(node)!
    return `${node}:${p.id}${p.outputs.length > 1 || port !== 'r' ? `.${port}` : ''}`
  }
  const tangentNames = dirGiven ? ['∂/∂dir'] : inputs.map((n) => `∂/∂${n}`)
  const notes = diagnose(ev)
  const warnings = warningsAt(s, x, outputs.map((_, i) => i), outputs, true)
  const stderr = warningLines(warnings, true)
  const wires = src.diagram.wires.map((w) => {
    const r = wireResult(ev, w.id, outputSeeds)
    return { id: w.id, from: endName(w.from.node, w.from.port), to: endName(w.to.node, w.to.port), ...r }
  })
  if (args.flags.has('json')) {
    return {
      stdout: toJson({
        mode: m, inputs: named(inputs, x), seed: outputs[seedOutput] ?? null, tangents: tangentNames,
        wires: wires.map((w) => ({
          id: w.id, from: w.from, to: w.to, value: w.boolean ? w.value !== 0 : w.value,
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
    w.id, w.from, w.to, w.boolean ? (w.value ? 'true' : 'false') : num(w.value),
    ...(m !== 'reverse' ? (w.boolean ? tangentNames.map(() => '') : w.tangents.map(num)) : []),
    ...(m !== 'forward' ? [w.boolean ? '' : num(w.adjoint)] : []),
  ])
  const noteLines = notes.map((n) => `note: ${blockLabelOf(src.diagram.blocks.find((b) => b.id === n.block)?.primitive ?? '', n.block)}: ${n.message}`)
  return { stdout: [pointLine(inputs, x), '', table([head, ...rows]), ...(noteLines.length ? ['', ...noteLines] : [])].join('\n'), warnings: stderr }
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
  ['hessian', { run: hessianCommand, summary: 'value, gradient and Hessian of every output (exact, forward over reverse)', options: [...POINT, 'output', 'json'] }],
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
