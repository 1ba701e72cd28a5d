import { parseArgs, UsageError } from './args'
import { dispatch } from './dispatch'
import { helpText } from './help'
import { packageVersion } from './version'

// The `dualwire` command. stdout gets results only; a problem is one line on stderr and exit code 2. A
// warning (a result computed outside a primitive's domain, or from a value that is not finite) is one line
// on stderr each, beside the results, and leaves the exit code alone.

export interface Io {
  stdout(text: string): void
  stderr(text: string): void
}

const PROCESS_IO: Io = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
}

/** One line, whatever the user's text held: line breaks become spaces, other control characters escapes. */
function oneLine(message: string): string {
  return message
    .replace(/\s*[\n\r\u2028\u2029]\s*/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

export async function main(argv: string[], io: Io = PROCESS_IO): Promise<number> {
  try {
    const args = parseArgs(argv)
    if (args.flags.has('help') || args.command === 'help') {
      io.stdout(`${helpText()}\n`)
      return 0
    }
    if (args.flags.has('version')) {
      io.stdout(`${packageVersion()}\n`)
      return 0
    }
    const result = await dispatch(args)
    io.stdout(`${result.stdout}\n`)
    for (const w of result.warnings ?? []) io.stderr(`dualwire: warning: ${oneLine(w)}\n`)
    return result.exitCode ?? 0
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`dualwire: ${oneLine(err.message)}\n`)
      return 2
    }
    const message = err instanceof Error ? err.message : String(err)
    io.stderr(`dualwire: internal error: ${oneLine(message.split('\n')[0])} (please report this)\n`)
    return 1
  }
}
