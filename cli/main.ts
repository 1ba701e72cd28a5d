import { parseArgs, UsageError } from './args'
import { COMMANDS, packageVersion } from './commands'

// The `dualwire` command. stdout gets results only; a problem is one line on stderr and exit code 2.

const HELP = `dualwire: values and derivatives of a block diagram or formula

usage: dualwire <command> <diagram.dwire.json | formula file> [options]
       dualwire <command> --expr "<formula>" --at name=value,... [options]

commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`).join('\n')}

options:
  --expr "<formula>"   use a formula instead of a file: "x1*x2 + log(x1^2)", "r = hypot(x, y); t = atan2(y, x)"
  --at x1=1.5,x2=0.5   the point (default: the diagram's stored input values; a formula needs every input)
  --mode forward|reverse   which sweep (grad, jacobian; trace also takes both)
  --output <name>      only this output (and, for trace, the one whose adjoint is seeded)
  --dir x1=1,x2=0      a direction (taylor, trace)
  --order <k>          Taylor order, 1 to 20 (default 4)
  --json               machine-readable output; non-finite numbers are "NaN", "Infinity", "-Infinity"
  -o, --out <file>     write the result to a file (convert, export)
  --js                 export JavaScript (an ES module) instead of TypeScript
  -h, --help           this text
  -v, --version        the version`

export function main(argv: string[]): number {
  try {
    const args = parseArgs(argv)
    if (args.flags.has('help') || args.command === 'help') {
      process.stdout.write(`${HELP}\n`)
      return 0
    }
    if (args.flags.has('version')) {
      process.stdout.write(`${packageVersion()}\n`)
      return 0
    }
    if (!args.command) throw new UsageError('no command given (see dualwire --help)')
    const command = COMMANDS[args.command]
    if (!command) throw new UsageError(`unknown command '${args.command}' (commands: ${Object.keys(COMMANDS).join(', ')})`)
    const result = command.run(args)
    process.stdout.write(`${result.stdout}\n`)
    return result.exitCode ?? 0
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`dualwire: ${err.message.replace(/\s*\n\s*/g, ' ')}\n`)
      return 2
    }
    const e = err as Error
    process.stderr.write(`dualwire: internal error: ${e.message.split('\n')[0]} (please report this)\n`)
    return 1
  }
}
