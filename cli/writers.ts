// The commands that produce a file's text: convert and export. Whatever they print or write has been read
// back first, so a file they make always opens again.
import { type Diagram, diagramFileText, diagramToFormula, exportModule, FormulaError, formulaToDiagram } from '../core'
import { type Args, option, UsageError } from './args'
import { toJson } from './format'
import { startOutput, writeOutput, type OutputFile } from './output'
import { readSource, setPoint, type Source } from './source'
import { packageVersion } from './version'

export interface CommandResult {
  stdout: string
  exitCode?: number
  /** Lines for stderr, each printed after `dualwire: warning: ` (the result is still printed). */
  warnings?: string[]
}

/** A diagram's file text, as diagramFileText vouches for it. */
export function diagramText(d: Diagram, label: string): string {
  const file = diagramFileText(d)
  if (!file.ok) throw new UsageError(`${label}: ${file.message}`)
  return file.text
}

/** A diagram as formula lines, parsed back before anyone sees them: they must read, and name the same outputs. */
export function formulaText(d: Diagram, label: string): string {
  let text: string
  try {
    text = diagramToFormula(d)
  } catch (err) {
    throw new UsageError(`${label}: ${(err as Error).message}`)
  }
  let back: Diagram
  try {
    back = formulaToDiagram(text)
  } catch (err) {
    if (!(err instanceof FormulaError)) throw err
    throw new UsageError(`${label}: its formula would not read back: ${err.message}`)
  }
  const names = (x: Diagram) => x.outputs.map((t) => t.name).join('\n')
  if (names(back) !== names(d)) throw new UsageError(`${label}: its formula would not read back with the same outputs (please report this)`)
  return `${text}\n`
}

/** --at values become the stored input values (a formula's other inputs get 0); unknown names are errors. */
function storeValues(args: Args, src: Source): void {
  if (option(args, 'at') === undefined) return
  setPoint(args, { ...src, fromFormula: false })
}

/** A command without -o prints its text; these options only mean something for a file. */
function refuseWithoutFile(args: Args, command: string): void {
  for (const name of ['force', 'json'] as const) {
    if (args.flags.has(name)) throw new UsageError(`${command} --${name} goes with -o <file>; without -o the text itself is printed`)
  }
}

async function emit(args: Args, out: OutputFile | undefined, text: string, extra: object = {}): Promise<CommandResult> {
  if (out === undefined) return { stdout: text.replace(/\n$/, '') }
  await writeOutput(out, text)
  return { stdout: args.flags.has('json') ? toJson({ wrote: out.path, ...extra }) : `wrote ${out.path}` }
}

export async function convertCommand(args: Args): Promise<CommandResult> {
  const out = await startOutput(args)
  if (out === undefined) refuseWithoutFile(args, 'convert')
  const src = readSource(args)
  if (!src.fromFormula) return emit(args, out, formulaText(src.diagram, src.label))
  storeValues(args, src)
  return emit(args, out, diagramText(src.diagram, src.label))
}

export async function exportCommand(args: Args): Promise<CommandResult> {
  const path = option(args, 'out')
  if (path !== undefined && /\.c[jt]s$/.test(path)) throw new UsageError(`-o ${path}: the module is an ES module; name it .ts, .mts, .js or .mjs`)
  const out = await startOutput(args)
  if (out === undefined) refuseWithoutFile(args, 'export')
  const src = readSource(args)
  storeValues(args, src)
  const language = args.flags.has('js') || /\.m?js$/.test(path ?? '') ? 'js' : 'ts'
  let text: string
  try {
    text = exportModule(src.diagram, { language, version: packageVersion() })
  } catch (err) {
    throw new UsageError(`${src.label}: ${(err as Error).message}`)
  }
  return emit(args, out, text, { language })
}
