// Command-line arguments: a command, an optional file, and options (`--name value`, `--name=value`, the
// short forms of options.ts). `--` ends the options: everything after it is a command or a file. Every
// lookup of user text goes through a Map, so `constructor` or `__proto__` is just an unknown name.
import { isOptionName, type OptionName, OPTIONS, optionLabel, SHORT } from './options'

export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

export interface Args {
  command: string
  file?: string
  options: Map<OptionName, string[]>
  flags: Set<OptionName>
  /** Each option in the order given and as the user wrote it (-o or --out), for messages that quote it. */
  given: { name: OptionName; as: string }[]
}

export function parseArgs(argv: string[]): Args {
  const options = new Map<OptionName, string[]>()
  const flags = new Set<OptionName>()
  const given: Args['given'] = []
  const positional: string[] = []
  let optionsEnded = false
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (optionsEnded || a === '-' || !a.startsWith('-')) {
      positional.push(a)
      continue
    }
    if (a === '--') {
      optionsEnded = true
      continue
    }
    const eq = a.startsWith('--') ? a.indexOf('=') : -1
    const as = eq >= 0 ? a.slice(0, eq) : a
    const name = as.startsWith('--') ? as.slice(2) : SHORT.get(as)
    if (name === undefined || !isOptionName(name)) throw new UsageError(`unknown option '${a}' (see dualwire --help)`)
    let value = eq >= 0 ? a.slice(eq + 1) : undefined
    given.push({ name, as })
    if (!OPTIONS.get(name)!.takesValue) {
      if (value !== undefined) throw new UsageError(`${as} takes no value`)
      flags.add(name)
      continue
    }
    if (value === undefined) {
      value = argv[++i]
      if (value === undefined) throw new UsageError(`${as} needs a value`)
    }
    options.set(name, [...(options.get(name) ?? []), value])
  }
  if (positional.length > 2) throw new UsageError(`too many arguments: ${positional.slice(2).join(' ')}`)
  return { command: positional[0] ?? '', file: positional[1], options, flags, given }
}

export function option(args: Args, name: OptionName): string | undefined {
  const values = args.options.get(name)
  if (values && values.length > 1 && !OPTIONS.get(name)!.repeatable) throw new UsageError(`${optionLabel(name)} is given ${values.length} times`)
  return values?.join(',')
}
