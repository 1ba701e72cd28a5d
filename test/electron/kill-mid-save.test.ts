import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { sweepStaleTemps } from '../../electron/files'
import { ROOT } from '../support/cli'
import { killTestText } from './save-loop-texts'

// A save killed at any moment (SIGKILL: no handler runs, no finally) leaves the file as it was before or
// after, never torn or missing, and at worst a temp file that a sweep removes. The saver is a real process
// running writeFileAtomic on the real disk; kills land at random moments of its loop.

const CHILD = fileURLToPath(new URL('./save-loop.cjs', import.meta.url))
// Megabytes, so a write and its flush take long enough that many kills land inside one.
const SIZE_A = 3 * 1024 * 1024
const SIZE_B = 2 * 1024 * 1024 + 12345
const A = killTestText('A', SIZE_A)
const B = killTestText('B', SIZE_B)
const LANES = 3 // savers run side by side, each on its own folder, to fit 60 process starts in the time
const KILLS_PER_LANE = 20
const MAX_DELAY_MS = 200

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

/** A small seeded generator: the same kill delays on every run (the disk supplies the rest of the chance). */
function random(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0
    return s / 2 ** 32
  }
}

const temps = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'))

/** Starts a saver, kills it `delay` ms after it is ready, and waits for it to be gone. */
async function killMidSave(file: string, delay: number): Promise<void> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', CHILD, file, String(SIZE_A), String(SIZE_B)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)))
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => (chunk.toString().includes('ready') ? resolve() : undefined))
    child.once('exit', (code) => reject(new Error(`the saver exited (${code}) before it was ready`)))
  })
  await new Promise((resolve) => setTimeout(resolve, delay))
  child.kill('SIGKILL')
  expect(await exited).toBe('SIGKILL')
}

interface LaneResult { kills: number; midWrite: number; sawA: number; sawB: number; swept: number }

async function lane(seed: number): Promise<LaneResult> {
  const dir = mkdtempSync(join(tmpdir(), 'dualwire-kill-'))
  dirs.push(dir)
  const file = join(dir, 'd.dwire.json')
  writeFileSync(file, A)
  const next = random(seed)
  const result: LaneResult = { kills: 0, midWrite: 0, sawA: 0, sawB: 0, swept: 0 }
  for (let k = 0; k < KILLS_PER_LANE; k++) {
    const before = new Set(temps(dir))
    await killMidSave(file, Math.floor(next() * MAX_DELAY_MS))
    result.kills++
    if (temps(dir).some((t) => !before.has(t))) result.midWrite++
    const text = readFileSync(file, 'utf8') // throws if the file is missing
    const which = text === A ? 'A' : text === B ? 'B' : `torn (${text.length} characters)`
    expect(which, `after kill ${k + 1}`).toMatch(/^[AB]$/)
    if (which === 'A') result.sawA++
    else result.sawB++
  }
  const left = temps(dir).map((t) => join(dir, t))
  const swept = await sweepStaleTemps(dir, { olderThanMs: 0 })
  expect(swept.sort()).toEqual(left.sort())
  expect(readdirSync(dir)).toEqual(['d.dwire.json'])
  result.swept = swept.length
  return result
}

describe('a save killed with SIGKILL at random moments', () => {
  it(`leaves the file exactly A or B after each of ${LANES * KILLS_PER_LANE} kills, and only temp files the sweep removes`, async () => {
    const results = await Promise.all(Array.from({ length: LANES }, (_, i) => lane(20240601 + i)))
    const total = results.reduce((t, r) => ({
      kills: t.kills + r.kills, midWrite: t.midWrite + r.midWrite, sawA: t.sawA + r.sawA, sawB: t.sawB + r.sawB, swept: t.swept + r.swept,
    }))
    console.log(`kill test: ${total.kills} kills, ${total.midWrite} mid-write (a temp file left), ` +
      `${total.swept} temp files swept; the file was A ${total.sawA} times and B ${total.sawB} times`)
    expect(total.kills).toBe(LANES * KILLS_PER_LANE)
    // Without kills inside a write, and saves completed between kills, the test would show nothing.
    expect(total.midWrite).toBeGreaterThan(0)
    expect(total.sawA).toBeGreaterThan(0)
    expect(total.sawB).toBeGreaterThan(0)
  }, 60_000)
})
