// Every option the command line knows, once: the parser reads its shape from here, help prints it, and
// each command in the COMMANDS table names the ones it takes.

export type OptionName = 'expr' | 'at' | 'mode' | 'output' | 'dir' | 'order' | 'out' | 'json' | 'js' | 'force' | 'help' | 'version'

export interface OptionSpec {
  /** How help shows it with its value; a flag has no value. */
  usage: string
  takesValue: boolean
  /** Given twice, the values join with commas (--at x=1 --at y=2); any other option given twice is a mistake. */
  repeatable?: boolean
  help: string
}

export const OPTIONS = new Map<OptionName, OptionSpec>([
  ['expr', { usage: '--expr "<formula>"', takesValue: true, help: 'use a formula instead of a file: "x1*x2 + log(x1^2)", "r = hypot(x, y); t = atan2(y, x)"' }],
  ['at', { usage: '--at x1=1.5,x2=0.5', takesValue: true, repeatable: true, help: 'the point (default: the diagram\'s stored input values; a formula needs every input); an array is x=[1,2,3] or x=@file (one number a line)' }],
  ['mode', { usage: '--mode <sweep>', takesValue: true, help: 'which sweep; the commands above list the ones each takes' }],
  ['output', { usage: '--output <name>', takesValue: true, help: 'only this output (and, for trace, the one whose adjoint is seeded)' }],
  ['dir', { usage: '--dir x1=1,x2=0', takesValue: true, repeatable: true, help: 'a direction (taylor, trace, and hessian for H·v); an array input takes an array as long as its value at the point' }],
  ['order', { usage: '--order <k>', takesValue: true, help: 'Taylor order, 1 to 20 (default 4)' }],
  ['out', { usage: '-o, --out <file>', takesValue: true, help: 'write the result to a file; never the input file' }],
  ['force', { usage: '--force', takesValue: false, help: 'write -o\'s file even if it changed on disk while dualwire ran' }],
  ['json', { usage: '--json', takesValue: false, help: 'machine-readable output; non-finite numbers are "NaN", "Infinity", "-Infinity"' }],
  ['js', { usage: '--js', takesValue: false, help: 'export JavaScript (an ES module) instead of TypeScript' }],
  ['help', { usage: '-h, --help', takesValue: false, help: 'this text' }],
  ['version', { usage: '-v, --version', takesValue: false, help: 'the version' }],
])

export const SHORT = new Map<string, OptionName>([['-o', 'out'], ['-h', 'help'], ['-v', 'version']])

/** Taken by every command; they print something else instead of running it. */
export const GLOBAL_OPTIONS: readonly OptionName[] = ['help', 'version']

export function isOptionName(name: string): name is OptionName {
  return OPTIONS.has(name as OptionName)
}

/** How messages and help name an option. */
export function optionLabel(name: OptionName): string {
  return name === 'out' ? '-o/--out' : `--${name}`
}
