import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dualwire, jsonOf, type Run } from '../support/cli'

// Which commands, files and options the command line accepts, run as a user runs it. Names of
// Object.prototype's members are ordinary text: an unknown command, a file, an unknown option or a value.

const SEED = ['--expr', 'x1*x2 + log(x1^2)', '--at', 'x1=1.5,x2=0.5']
const PROTOTYPE_KEYS = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty']

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dualwire-options-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Exit 2, nothing on stdout, and stderr exactly this one line. */
function expectLine(run: Run, line: string): void {
  expect(run.stderr).toBe(`dualwire: ${line}\n`)
  expect(run.stdout).toBe('')
  expect(run.status).toBe(2)
}

describe('names of Object.prototype members', () => {
  it.each(PROTOTYPE_KEYS)('%s as the command is an unknown command', (key) => {
    expectLine(dualwire([key, ...SEED]), `unknown command '${key}' (commands: eval, grad, jacobian, hessian, taylor, check, trace, export, convert, demo)`)
  })

  it('as a file that does not exist: no such file, in any position of the arguments', () => {
    expectLine(dualwire(['eval', 'constructor']), 'constructor: no such file')
    expectLine(dualwire(['--json', 'grad', 'toString']), 'toString: no such file')
  })

  it('as a file that exists: read like any other formula file', () => {
    writeFileSync(join(dir, 'constructor'), 'x + 1\n')
    writeFileSync(join(dir, '__proto__'), 'x * 10\n')
    const one = jsonOf<{ outputs: { f: { value: number } } }>(dualwire(['eval', 'constructor', '--at', 'x=2', '--json'], dir))
    expect(one.outputs.f.value).toBe(3)
    const other = jsonOf<{ outputs: { f: { value: number } } }>(dualwire(['eval', '__proto__', '--at', 'x=2', '--json'], dir))
    expect(other.outputs.f.value).toBe(20)
  })

  it('as an option name, with or without a value: an unknown option', () => {
    expectLine(dualwire(['eval', ...SEED, '--constructor']), "unknown option '--constructor' (see dualwire --help)")
    expectLine(dualwire(['eval', ...SEED, '--__proto__=1']), "unknown option '--__proto__=1' (see dualwire --help)")
    expectLine(dualwire(['eval', ...SEED, '-valueOf']), "unknown option '-valueOf' (see dualwire --help)")
  })

  it('as option values: an unknown mode, output or input', () => {
    expectLine(dualwire(['grad', ...SEED, '--mode', 'constructor']), "grad takes --mode reverse or forward, not 'constructor'")
    expectLine(dualwire(['eval', ...SEED, '--output', '__proto__']), "--output: the diagram has no output '__proto__' (its outputs: f)")
    expectLine(dualwire(['eval', '--expr', 'x', '--at', 'x=1,hasOwnProperty=2']), "--at: the diagram has no input 'hasOwnProperty' (its inputs: x)")
  })

  it('as names in a formula: inputs like any other', () => {
    const run = dualwire(['eval', '--expr', 'constructor + __proto__*2', '--at', 'constructor=1,__proto__=3', '--json'])
    expect(jsonOf(run)).toEqual({ inputs: { constructor: 1, ['__proto__']: 3 }, outputs: { f: { value: 7 } }, warnings: [] })
    expect(run.stdout).toContain('"__proto__": 3')
  })
})

describe('an option the command does not take is a mistake naming it, the command and what it takes', () => {
  it('hessian --mode', () => {
    expectLine(dualwire(['hessian', ...SEED, '--mode', 'sideways']), 'hessian takes no --mode (its options: --expr, --at, --dir, --output, --json)')
  })

  it('eval -o, which writes nothing', () => {
    expectLine(dualwire(['eval', ...SEED, '-o', 'f.txt'], dir), 'eval takes no -o (its options: --expr, --at, --output, --json)')
    expect(existsSync(join(dir, 'f.txt'))).toBe(false)
  })

  it('--out=… spelled long, --force and --js outside export, --order outside taylor, anything for demo', () => {
    expectLine(dualwire(['grad', ...SEED, '--out=f.txt']), 'grad takes no --out (its options: --expr, --at, --mode, --output, --json)')
    expectLine(dualwire(['convert', ...SEED, '--js']), 'convert takes no --js (its options: --expr, --at, -o/--out, --force, --json)')
    expectLine(dualwire(['trace', ...SEED, '--order', '3']), 'trace takes no --order (its options: --expr, --at, --mode, --dir, --output, --json)')
    expectLine(dualwire(['demo', '--json']), 'demo takes no --json (it takes no options)')
  })

  it('--force or --json for convert without -o: the text is printed, so they would do nothing', () => {
    expectLine(dualwire(['convert', ...SEED, '--force']), 'convert --force goes with -o <file>; without -o the text itself is printed')
    expectLine(dualwire(['export', ...SEED, '--json']), 'export --json goes with -o <file>; without -o the text itself is printed')
  })
})

describe('--mode is checked per command', () => {
  it('grad and jacobian take forward and reverse, not both; trace takes both', () => {
    expectLine(dualwire(['grad', ...SEED, '--mode', 'both']), "grad takes --mode reverse or forward, not 'both'")
    expectLine(dualwire(['jacobian', ...SEED, '--mode=sideways']), "jacobian takes --mode forward or reverse, not 'sideways'")
    expectLine(dualwire(['trace', ...SEED, '--mode', 'all']), "trace takes --mode both, forward or reverse, not 'all'")
    expect(jsonOf<{ mode: string }>(dualwire(['trace', ...SEED, '--mode', 'both', '--json'])).mode).toBe('both')
  })
})

describe('the parser', () => {
  it('-- ends the options: what follows is a file, even if it looks like one', () => {
    expectLine(dualwire(['eval', '--', '--expr']), '--expr: no such file')
    writeFileSync(join(dir, '-o'), 'x - 1\n')
    expect(jsonOf<{ outputs: { f: { value: number } } }>(dualwire(['eval', '--at', 'x=5', '--json', '--', '-o'], dir)).outputs.f.value).toBe(4)
  })

  it('a flag with a value, a value missing at the end, an option given twice', () => {
    expectLine(dualwire(['eval', ...SEED, '--json=yes']), '--json takes no value')
    expectLine(dualwire(['convert', ...SEED, '-o']), '-o needs a value')
    expectLine(dualwire(['eval', ...SEED, '--output', 'f', '--output', 'f']), '--output is given 2 times')
  })

  it('--at given twice joins its values', () => {
    const run = dualwire(['eval', '--expr', 'x - y', '--at', 'x=5', '--at', 'y=2', '--json'])
    expect(jsonOf<{ outputs: { f: { value: number } } }>(run).outputs.f.value).toBe(3)
  })
})

describe('help', () => {
  it('lists under each command the options it takes, from the same table the checks use', () => {
    const run = dualwire(['--help'])
    expect(run.status).toBe(0)
    const lines = run.stdout.split('\n')
    const after = (command: string) => lines[lines.findIndex((l) => l.startsWith(`  ${command} `)) + 1]
    expect(after('hessian')).toBe('            --expr --at --dir --output --json')
    expect(after('grad')).toBe('            --expr --at --mode reverse|forward --output --json')
    expect(after('trace')).toBe('            --expr --at --mode both|forward|reverse --dir --output --json')
    expect(after('convert')).toBe('            --expr --at -o/--out --force --json')
    expect(run.stdout).toMatch(/^ {2}--force {2,}write -o's file even if it changed on disk while dualwire ran$/m)
  })
})
