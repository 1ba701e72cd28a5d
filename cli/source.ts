import { readFileSync } from 'node:fs'
import { flatValues, FormulaError, formulaToDiagram, lengthOf, lengthText, loadDiagram, problemsText, type Diagram, type Value } from '../core'
import { type Args, option, UsageError } from './args'
import { assignments } from './values'

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

/**
 * Sets the inputs to the --at values (a formula needs every input given) and returns the point, flat: every
 * element in terminal order. A value replaces the stored one whatever its length, and the diagram is
 * compiled afterwards for the lengths given: --at x=[1,2,3] makes x an array of 3 even where the file
 * stores 5 elements, or a number.
 */
export function setPoint(args: Args, src: Source): number[] {
  const at = option(args, 'at')
  const given = at === undefined ? new Map<string, Value>() : assignments(at, 'at', src.diagram.inputs.map((t) => t.name))
  for (const t of src.diagram.inputs) {
    const v = given.get(t.name)
    if (v !== undefined) t.value = v
    else if (src.fromFormula) throw new UsageError(`--at: no value for input '${t.name}' (a formula's inputs have none stored)`)
  }
  return flatValues(src.diagram.inputs)
}

/**
 * A direction, flat like the point: --dir values (each as long as its input's value at the point), unnamed
 * inputs 0; without --dir, the axis of the first input's first element.
 */
export function direction(args: Args, src: Source): number[] {
  const dir = option(args, 'dir')
  const inputs = src.diagram.inputs
  if (dir === undefined) return flatValues(inputs).map((_, i) => (i === 0 ? 1 : 0))
  const given = assignments(dir, 'dir', inputs.map((t) => t.name))
  return inputs.flatMap((t) => {
    const v = given.get(t.name)
    if (v === undefined) return typeof t.value === 'number' ? 0 : t.value.map(() => 0)
    if (lengthOf(v) !== lengthOf(t.value)) throw new UsageError(`--dir: ${t.name} is ${lengthText(lengthOf(t.value))} at the point, not ${lengthText(lengthOf(v))}`)
    return v
  })
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
