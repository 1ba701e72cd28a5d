import fc from 'fast-check'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMMANDS } from '../../cli/commands'
import { main } from '../../cli/main'
import { GLOBAL_OPTIONS, OPTIONS, optionLabel, type OptionName } from '../../cli/options'

// The parser and the dispatch, in process: whatever the arguments, dualwire answers with a result (exit 0),
// check's documented disagreement (exit 1, nothing on stderr) or one line naming a mistake (exit 2), and
// never an internal error. Runs happen in a temporary folder, so any file an argument names is there.

interface Outcome { code: number; stdout: string; stderr: string }

async function run(argv: string[]): Promise<Outcome> {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) })
  return { code, stdout, stderr }
}

let dir: string
const home = process.cwd()
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dualwire-argv-'))
  writeFileSync(join(dir, 'in.txt'), 'x^2 + y\n')
  writeFileSync(join(dir, 'floor.txt'), 'floor(x)\n')
  writeFileSync(join(dir, 'ro.txt'), 'x\n', { mode: 0o444 })
  writeFileSync(join(dir, 'bad.dwire.json'), '{ "format": "dualwire-diagram", "version": 1, "inputs": [,] }\n')
  process.chdir(dir)
})
afterAll(() => {
  process.chdir(home)
  chmodSync(join(dir, 'ro.txt'), 0o644)
  rmSync(dir, { recursive: true, force: true })
})

const PROTOTYPE_KEYS = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty']
const LONG_NAMES = [...OPTIONS.keys()].map((n) => `--${n}`)
const ODD = ['-', '--', '--=', '-o', '=', '-x', '---', '--expr=', '--at=', '-o=f']
const VALUES = [
  'x^2', 'x*y + sin(y)', 'y = sin(x)', 'floor(x)', 'abs(x)', 'r = hypot(x, y); t = atan2(y, x)', 'x +', '1/0',
  'x=1', 'x=1,y=2', 'x=0', 'y=-3', 'x=abc', 'x', 'forward', 'reverse', 'both', '3', '0', '21', 'f', 'r',
  'in.txt', 'floor.txt', 'ro.txt', 'bad.dwire.json', 'out.dwire.json', 'out.ts', 'out.mjs', 'out.cjs', 'out.txt', '.', '..', 'missing/x.ts',
]

/** Random text that cannot name a path outside the temporary folder (no separators). */
const noSlashes = (s: string) => s.replace(/[/\\]/g, '_')
const randomText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 2000, maxLength: 5000 }),
  fc.constantFrom('\uD800', 'x\u0000y', 'a\nb', '\u2028', '\u001b[31m', '🙂', 'ß', 'İ'),
).map(noSlashes)

const token = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...COMMANDS.keys(), 'help', '') },
  { weight: 8, arbitrary: fc.constantFrom(...LONG_NAMES.filter((n) => n !== '--help' && n !== '--version'), '-o') },
  { weight: 1, arbitrary: fc.constantFrom('--help', '-h', '--version', '-v') },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...LONG_NAMES), fc.oneof(fc.constantFrom(...VALUES), randomText)).map(([n, v]) => `${n}=${v}`) },
  { weight: 4, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS, ...PROTOTYPE_KEYS.map((k) => `--${k}`), '-constructor', '--toString=1', '--__proto__=x') },
  { weight: 3, arbitrary: fc.constantFrom(...ODD) },
  { weight: 8, arbitrary: fc.constantFrom(...VALUES) },
  { weight: 3, arbitrary: randomText },
)

const EXTRAS: [OptionName, string[]][] = [
  ['json', ['--json']], ['mode', ['--mode', 'forward']], ['mode', ['--mode', 'both']], ['output', ['--output', 'f']], ['output', ['--output', 'r']],
  ['order', ['--order', '3']], ['dir', ['--dir', 'x=1']], ['out', ['-o', 'out.dwire.json']], ['out', ['-o', 'out.txt']],
  ['out', ['--out', 'out.ts']], ['out', ['-o', 'out.mjs']], ['force', ['--force']], ['js', ['--js']],
]

/** Mostly a command with a formula or file, a point and options it takes, then random tokens: so runs reach the commands' work. */
const plausible = fc.constantFrom(...COMMANDS.keys()).chain((c) => {
  const takes = EXTRAS.filter(([o]) => COMMANDS.get(c)!.options.includes(o)).map(([, a]) => a)
  return fc.tuple(
    fc.constant(c),
    fc.oneof(
      fc.constantFrom('x^2', 'x*y + sin(y)', 'floor(x)', 'abs(x)', 'r = hypot(x, y); t = atan2(y, x)').map((f) => ['--expr', f]),
      fc.constantFrom('in.txt', 'floor.txt', 'ro.txt', 'bad.dwire.json', 'out.dwire.json', 'out.txt').map((f) => [f]),
    ),
    fc.constantFrom([], ['--at', 'x=1'], ['--at', 'x=1,y=2'], ['--at', 'x=0.5,y=0'], ['--at=x=3', '--at', 'y=4']),
    takes.length === 0 ? fc.constant([]) : fc.array(fc.constantFrom(...takes), { maxLength: 2 }),
    fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(token, { maxLength: 3 }) }),
  )
}).map(([c, source, at, extras, rest]) => [c, ...source, ...at, ...extras.flat(), ...rest])

/** The one documented exit 1: check at the jump of floor. */
const disagreement = fc.tuple(
  fc.constantFrom(['--expr', 'floor(x)'], ['floor.txt']),
  fc.constantFrom([], ['--json'], ['--output', 'f']),
  fc.oneof(fc.constant([]), fc.array(token, { maxLength: 2 })),
).map(([source, extra, rest]) => ['check', ...source, '--at', 'x=1', ...extra, ...rest])

const argv = fc.oneof(
  { weight: 5, arbitrary: plausible },
  { weight: 1, arbitrary: disagreement },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...COMMANDS.keys()), fc.array(token, { maxLength: 9 })).map(([c, rest]) => [c, ...rest]) },
  { weight: 2, arbitrary: fc.array(token, { maxLength: 9 }) },
)

const RUNS = 3000
const SEED = 20240611

const ONE_LINE = /^dualwire: [^\n\r\u2028\u2029]*\n$/

describe('random arguments', () => {
  it(`never give an internal error: exit 0, check’s exit 1, or exit 2 with one line (${RUNS} runs, seed ${SEED})`, async () => {
    const seen = { 0: 0, 1: 0, 2: 0 }
    await fc.assert(
      fc.asyncProperty(argv, async (args) => {
        const { code, stdout, stderr } = await run(args)
        if (code === 0) {
          expect(stderr).toBe('')
        } else if (code === 1) {
          expect(stderr).toBe('')
          expect(stdout).toMatch(/AD and central differences disagree|"ok": false/)
        } else {
          expect(code).toBe(2)
          expect(stderr).toMatch(ONE_LINE)
          expect(stdout).toBe('')
        }
        seen[code as 0 | 1 | 2]++
      }),
      { seed: SEED, numRuns: RUNS },
    )
    console.log(`argv property: ${RUNS} runs; exit 0: ${seen[0]}, exit 1 (check disagrees): ${seen[1]}, exit 2: ${seen[2]}`)
    // The draws must reach every outcome, or the property says less than it seems to.
    expect(Math.min(seen[0], seen[1], seen[2])).toBeGreaterThan(0)
  }, 120_000)
})

describe('the COMMANDS table', () => {
  it('names only known options, and gives --mode values exactly where it lists --mode', () => {
    for (const [name, c] of COMMANDS) {
      for (const o of c.options) expect(OPTIONS.has(o), `${name}: ${o}`).toBe(true)
      expect(c.options.includes('mode'), name).toBe(c.modes !== undefined)
    }
  })

  it('every command refuses every option it does not list, naming it and what the command takes', async () => {
    let checked = 0
    for (const [name, c] of COMMANDS) {
      for (const o of OPTIONS.keys()) {
        if (c.options.includes(o) || GLOBAL_OPTIONS.includes(o)) continue
        const as = `--${o}`
        const point = c.options.length === 0 ? [] : ['--expr', 'x', '--at', 'x=1']
        const r = await run([name, ...point, ...(OPTIONS.get(o)!.takesValue ? [as, 'v'] : [as])])
        const takes = c.options.length === 0 ? 'it takes no options' : `its options: ${c.options.map((x: OptionName) => optionLabel(x)).join(', ')}`
        expect(r).toEqual({ code: 2, stdout: '', stderr: `dualwire: ${name} takes no ${as} (${takes})\n` })
        checked++
      }
    }
    expect(checked).toBe(54) // 10 options, less those each command takes: 6+5+5+5+4+6+4+4+5+10
  })
})
