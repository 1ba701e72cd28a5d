import { readFileSync } from 'node:fs'
import { FormulaError, formulaToDiagram, loadDiagram, problemsText, type Diagram } from '../core'
import { type Args, option, UsageError } from './args'

// Where a command's diagram comes from (a file or --expr), and the point and direction it is asked about.
// Every mistake becomes one line that names its place.

export interface Source {
  diagram: Diagram
  /** How messages name the source: the file's name, or --expr. */
  label: string
  /** A formula's inputs have no stored values. */
  fromFormula: boolean
}

function formula(text: string, label: string): Source {
  try {
    return { diagram: formulaToDiagram(text), label, fromFormula: true }
  } catch (err) {
    if (err instanceof FormulaError) throw new UsageError(`${label}: ${err.message}`)
    throw err
  }
}

export function readSource(args: Args): Source {
  const expr = option(args, 'expr')
  if (expr !== undefined && args.file) throw new UsageError(`give a diagram file or --expr, not both`)
  if (expr !== undefined) return formula(expr, '--expr')
  if (!args.file) throw new UsageError(`'${args.command}' needs a diagram file or --expr "<formula>"`)
  let text: string
  try {
    text = readFileSync(args.file, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code === 'EACCES' ? 'permission denied' : (err as Error).message
    throw new UsageError(`${args.file}: ${why}`)
  }
  if (!args.file.endsWith('.json')) return formula(text, args.file)
  const loaded = loadDiagram(text)
  if (!loaded.ok) {
    throw new UsageError(`${args.file}: not a valid diagram: ${problemsText(loaded.problems, 5)}`)
  }
  return { diagram: loaded.diagram, label: args.file, fromFormula: false }
}

/** `name=value,name=value` → map, with the flag's name in every message. */
function assignments(text: string, flag: string, d: Diagram): Map<string, number> {
  const values = new Map<string, number>()
  const names = d.inputs.map((t) => t.name)
  for (const part of text.split(',')) {
    const eq = part.indexOf('=')
    if (eq < 0) throw new UsageError(`--${flag}: expected name=value but found '${part}'`)
    const name = part.slice(0, eq).trim()
    const raw = part.slice(eq + 1).trim()
    if (!names.includes(name)) {
      throw new UsageError(`--${flag}: the diagram has no input '${name}' (its inputs: ${names.join(', ') || 'none'})`)
    }
    const v = raw === '' ? NaN : Number(raw)
    if (!Number.isFinite(v)) throw new UsageError(`--${flag}: '${raw}' for ${name} is not a finite number`)
    if (values.has(name)) throw new UsageError(`--${flag}: ${name} is given twice`)
    values.set(name, v)
  }
  return values
}

/** The point: --at values over the diagram's stored ones; a formula needs every input given. */
export function point(args: Args, src: Source): number[] {
  const at = option(args, 'at')
  const given = at === undefined ? new Map<string, number>() : assignments(at, 'at', src.diagram)
  return src.diagram.inputs.flatMap((t) => {
    const v = given.get(t.name)
    if (v !== undefined) return v
    if (src.fromFormula) throw new UsageError(`--at: no value for input '${t.name}' (a formula's inputs have none stored)`)
    return t.value
  })
}

/** A direction: --dir values, unnamed inputs 0; without --dir, the first input's axis. */
export function direction(args: Args, src: Source): number[] {
  const dir = option(args, 'dir')
  if (dir === undefined) return src.diagram.inputs.map((_, i) => (i === 0 ? 1 : 0))
  const given = assignments(dir, 'dir', src.diagram)
  return src.diagram.inputs.map((t) => given.get(t.name) ?? 0)
}

/** Which outputs a command is about: --output names one, else all. */
export function chosenOutputs(args: Args, src: Source): number[] {
  const name = option(args, 'output')
  const outs = src.diagram.outputs
  if (name === undefined) return outs.map((_, i) => i)
  const i = outs.findIndex((t) => t.name === name)
  if (i < 0) throw new UsageError(`--output: the diagram has no output '${name}' (its outputs: ${outs.map((t) => t.name).join(', ') || 'none'})`)
  return [i]
}
