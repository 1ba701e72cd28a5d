// From parsed arguments to a command's result: which command, and whether it takes the options given.
import { type Args, option, UsageError } from './args'
import { COMMANDS, type CommandSpec } from './commands'
import { GLOBAL_OPTIONS, optionLabel } from './options'
import type { CommandResult } from './writers'

const either = (values: readonly string[]) => `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`

function checkOptions(name: string, command: CommandSpec, args: Args): void {
  for (const g of args.given) {
    if (GLOBAL_OPTIONS.includes(g.name) || command.options.includes(g.name)) continue
    const takes = command.options.length === 0 ? 'it takes no options' : `its options: ${command.options.map(optionLabel).join(', ')}`
    throw new UsageError(`${name} takes no ${g.as} (${takes})`)
  }
  const m = option(args, 'mode')
  if (m !== undefined && command.modes !== undefined && !command.modes.includes(m)) {
    throw new UsageError(`${name} takes --mode ${either(command.modes)}, not '${m}'`)
  }
}

export async function dispatch(args: Args): Promise<CommandResult> {
  if (!args.command) throw new UsageError('no command given (see dualwire --help)')
  const command = COMMANDS.get(args.command)
  if (command === undefined) throw new UsageError(`unknown command '${args.command}' (commands: ${[...COMMANDS.keys()].join(', ')})`)
  checkOptions(args.command, command, args)
  return command.run(args)
}
