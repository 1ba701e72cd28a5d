import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROOT } from './cli'

// Exported modules as a user meets them: TypeScript files checked by `tsc --strict`, JavaScript files
// imported by Node's own ES module loader.
//
// Vitest runs every file outside node_modules through its own module runner (a transform and a function
// wrapper); files under a folder named node_modules it leaves to Node. So the JavaScript modules go into
// `<work>/node_modules/`, and `importNative` checks on first use that Node's loader really imported them.

export interface Folder {
  /** TypeScript modules and the tsconfig.json that checks them. */
  ts: string
  /** JavaScript modules, imported by Node itself. */
  js: string
}

export function moduleFolder(prefix: string): Folder {
  const work = mkdtempSync(join(tmpdir(), prefix))
  const folder = { ts: join(work, 'ts'), js: join(work, 'node_modules') }
  mkdirSync(folder.ts)
  mkdirSync(folder.js)
  return folder
}

let checkedNative = false

/** Writes `text` as `<folder.js>/<name>.mjs` and imports it with Node's loader. */
export async function importNative<T>(folder: Folder, name: string, text: string): Promise<T> {
  if (!checkedNative) {
    const probe = join(folder.js, 'native-probe.mjs')
    writeFileSync(probe, 'export const stack = new Error().stack\n')
    const { stack } = (await import(pathToFileURL(probe).href)) as { stack: string }
    // Node's loader runs a module's body from its ModuleJob; Vitest's runner from its own evaluator.
    const caller = stack.split('\n')[2] ?? ''
    if (!/^\s*at ModuleJob\.run \(node:internal/.test(caller)) throw new Error(`modules in ${folder.js} are not imported by Node itself:\n${stack}`)
    checkedNative = true
  }
  const file = join(folder.js, `${name}.mjs`)
  writeFileSync(file, text)
  return (await import(pathToFileURL(file).href)) as T
}

export interface TscResult {
  /** Diagnostics by file name (basename), each line as tsc prints it. */
  errors: Map<string, string[]>
  /** Every file name (basename) in the program tsc checked. */
  checked: Set<string>
  /** Lines tsc printed that name no file (it found no input, a bad option, …). */
  other: string[]
  exitCode: number
  ms: number
}

/**
 * One `tsc --strict --noEmit` over every .ts file in folder.ts, with a tsconfig written there (strict, target
 * ES2022, module ESNext, moduleResolution Bundler, lib ES2022, types []).
 */
export function typecheck(folder: Folder): Promise<TscResult> {
  writeFileSync(
    join(folder.ts, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022'], types: [], noEmit: true },
      include: ['*.ts'],
    }),
  )
  const tsc = join(ROOT, 'node_modules', '.bin', 'tsc')
  const started = performance.now()
  return new Promise((resolve) => {
    execFile(tsc, ['-p', join(folder.ts, 'tsconfig.json'), '--noEmit', '--strict', '--pretty', 'false', '--listFiles'], { maxBuffer: 1 << 28 }, (err, stdout) => {
      const errors = new Map<string, string[]>()
      const checked = new Set<string>()
      const other: string[] = []
      let last: string | undefined
      for (const line of stdout.split('\n')) {
        if (line.trim() === '') continue
        const diagnostic = /^(.*?\.ts)\(\d+,\d+\): error /.exec(line)
        if (diagnostic) {
          last = basename(diagnostic[1])
          errors.set(last, [...(errors.get(last) ?? []), line])
        } else if (/^\s/.test(line) && last !== undefined) {
          errors.get(last)!.push(line) // the rest of a multi-line message
        } else if (line.startsWith('/') && line.endsWith('.ts')) {
          checked.add(basename(line))
        } else {
          other.push(line)
        }
      }
      const exitCode = err ? (typeof err.code === 'number' ? err.code : -1) : 0
      resolve({ errors, checked, other, exitCode, ms: performance.now() - started })
    })
  })
}
