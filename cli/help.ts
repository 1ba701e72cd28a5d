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
    'A mistake is one line on stderr and exit code 2. -o never writes over the input file.',
    'A result computed outside a primitive’s domain (or from a value that is not finite) is printed with a',
    'warning line on stderr naming the block and the rule (--json: "warnings"); the exit code stays 0.',
  ].join('\n')
}
