// `dualwire --help`, written from the COMMANDS and OPTIONS tables so it lists exactly what the parser accepts.
import { COMMANDS, type CommandSpec } from './commands'
import { OPTIONS, optionLabel } from './options'

const INDENT = 12

function takes(command: CommandSpec): string {
  return command.options.map((o) => (o === 'mode' && command.modes ? `--mode ${command.modes.join('|')}` : optionLabel(o))).join(' ')
}

export function helpText(): string {
  const commands = [...COMMANDS].flatMap(([name, c]) => [
    `  ${name.padEnd(INDENT - 3)} ${c.summary}`,
    ...(c.options.length > 0 ? [`${' '.repeat(INDENT)}${takes(c)}`] : []),
  ])
  const width = Math.max(...[...OPTIONS.values()].map((o) => o.usage.length)) + 3
  const options = [...OPTIONS.values()].map((o) => `  ${o.usage.padEnd(width)}${o.help}`)
  return [
    'dualwire: values and derivatives of a block diagram or formula',
    '',
    'usage: dualwire <command> <diagram.dwire.json | formula file> [options]',
    '       dualwire <command> --expr "<formula>" --at name=value,... [options]',
    '',
    'commands (each with the options it takes):',
    ...commands,
    '',
    'options:',
    ...options,
    '',
    'Arrays: --at x=[1,2,3] or x=@values.txt (one number a line, blank lines skipped) sets an input to an',
    'array; a value given replaces the stored one with its length, and the diagram is compiled for the lengths',
    'given. Results are grouped by terminal: an array prints as [a, b, c]; a table has a row per output element',
    '(f[0], f[1], ...) and an array input\'s column holds the array of its partials. In --json, a value is a',
    'number or an array, and gradient.<input> of an output is a number (number by number), an array (array',
    'output by number input, one per output element; or number output by array input, one per input element),',
    'or an array of rows, one per output element (array by array). hessian and taylor take each output',
    'element in turn; their second and higher derivatives are taken on the diagram of numbers the array',
    'diagram is at the point, element by element.',
    '',
    'A mistake is one line on stderr and exit code 2. -o never writes over the input file.',
    'A result computed outside a primitive’s domain (or from a value that is not finite) is printed with a',
    'warning line on stderr naming the block and the rule (--json: "warnings"); the exit code stays 0.',
  ].join('\n')
}
