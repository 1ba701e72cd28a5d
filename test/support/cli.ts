import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

// Runs the `dualwire` command as a separate process, exactly as a user would: `node bin/dualwire.mjs ...`.

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const BIN = fileURLToPath(new URL('../../bin/dualwire.mjs', import.meta.url))

export interface Run {
  stdout: string
  stderr: string
  status: number | null
}

export function dualwire(args: string[], cwd: string = ROOT): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 60_000 })
  if (r.error) throw r.error
  return { stdout: r.stdout, stderr: r.stderr, status: r.status }
}

/** A number as the command's JSON writes it: finite numbers as numbers, the others as strings. */
export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity'

/** The JSON on stdout of a run that must have succeeded (exit 0, nothing on stderr). */
export function jsonOf<T>(run: Run): T {
  if (run.status !== 0 || run.stderr !== '') {
    throw new Error(`dualwire exited with ${run.status}: ${run.stderr.trim()}`)
  }
  return JSON.parse(run.stdout) as T
}

/** `name=value,...` for --at and --dir; String(x) reads back as the same double. */
export function assignments(names: readonly string[], values: readonly number[]): string {
  return names.map((n, i) => `${n}=${String(values[i])}`).join(',')
}
