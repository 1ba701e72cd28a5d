// Command-line arguments: a command, an optional file, and --options (with `--name value` or `--name=value`).

export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

export interface Args {
  command: string
  file?: string
  options: Map<string, string[]>
  flags: Set<string>
}

const FLAGS = new Set(['json', 'help', 'version', 'js'])
const VALUED = new Set(['expr', 'at', 'mode', 'output', 'dir', 'order', 'out'])
const SHORT: Record<string, string> = { '-o': 'out', '-h': 'help', '-v': 'version' }

export function parseArgs(argv: string[]): Args {
  const options = new Map<string, string[]>()
  const flags = new Set<string>()
  const positional: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a in SHORT || a.startsWith('--')) {
      let name = SHORT[a] ?? a.slice(2)
      let value: string | undefined
      const eq = name.indexOf('=')
      if (eq >= 0) {
        value = name.slice(eq + 1)
        name = name.slice(0, eq)
      }
      if (FLAGS.has(name)) {
        if (value !== undefined) throw new UsageError(`--${name} takes no value`)
        flags.add(name)
      } else if (VALUED.has(name)) {
        if (value === undefined) {
          value = argv[++i]
          if (value === undefined) throw new UsageError(`--${name} needs a value`)
        }
        options.set(name, [...(options.get(name) ?? []), value])
      } else {
        throw new UsageError(`unknown option '${a}' (see dualwire --help)`)
      }
    } else {
      positional.push(a)
    }
  }
  if (positional.length > 2) throw new UsageError(`too many arguments: ${positional.slice(2).join(' ')}`)
  return { command: positional[0] ?? '', file: positional[1], options, flags }
}

export function option(args: Args, name: string): string | undefined {
  const values = args.options.get(name)
  if (values && values.length > 1 && name !== 'at' && name !== 'dir') throw new UsageError(`--${name} is given ${values.length} times`)
  return values?.join(',')
}
