// npm start: builds the renderer and the Electron bundles, then opens the desktop app. Where Electron's
// binary cannot be had (no download possible, as on a locked-down build machine), it serves the same
// build to a browser instead, so `npm start` always ends with DualWire running somewhere.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build as buildWeb } from 'vite'
import { buildElectron } from './build-electron'
import { serveStatic } from './serve'

const root = fileURLToPath(new URL('..', import.meta.url))

type ElectronBinary = { path: string } | { missing: string }

/**
 * The binary path from `require('electron')`. That require downloads the binary on first use and, when
 * the download fails, prints a stack trace straight to the terminal from a child of its own. Running it
 * in a child whose output we hold keeps a failure to one line here, while a machine with a network still
 * gets the download (announced if it takes a while).
 */
async function findElectron(): Promise<ElectronBinary> {
  let entry: string
  try {
    entry = createRequire(import.meta.url).resolve('electron')
  } catch {
    return { missing: 'the electron package is not installed' }
  }
  const probe = `process.stdout.write('\\n' + JSON.stringify(require(${JSON.stringify(entry)})))`
  const child = spawn(process.execPath, ['-e', probe], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  const slow = setTimeout(() => console.log('Downloading Electron (first start only)…'), 3000)
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
  child.stderr.resume()
  const code = await new Promise<number | null>((resolve) => {
    child.on('error', () => resolve(null))
    child.on('close', resolve)
  })
  clearTimeout(slow)
  if (code !== 0) return { missing: 'it is not downloaded and could not be fetched' }
  let path: unknown
  try {
    path = JSON.parse(out.slice(out.lastIndexOf('\n') + 1))
  } catch {
    path = null
  }
  if (typeof path !== 'string' || !existsSync(path)) return { missing: 'it is not where the electron package says' }
  return { path }
}

function launch(binary: string): Promise<'exited' | 'missing'> {
  const env = { ...process.env }
  delete env.ELECTRON_RUN_AS_NODE // set, it would make the binary a plain Node and ignore the app
  // npm runs scripts from the package root; a file named on `npm start -- x.dwire.json` is relative to
  // where the user typed it (INIT_CWD).
  const from = process.env.INIT_CWD ?? process.cwd()
  const args = process.argv.slice(2).map((a) => (a.startsWith('-') ? a : resolve(from, a)))
  const app = spawn(binary, ['.', ...args], { cwd: root, stdio: 'inherit', env })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.kill(signal))
  return new Promise((resolve) => {
    app.on('error', () => resolve('missing'))
    app.on('exit', (code, signal) => {
      process.exitCode = code ?? (signal === null ? 1 : 0)
      resolve('exited')
    })
  })
}

function requestedPort(): number {
  const text = process.env.PORT ?? '0'
  const port = Number(text)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT=${text} is not a port number`)
  return port
}

async function serveInstead(reason: string): Promise<void> {
  console.log(`Electron's binary is missing (${reason}), so DualWire serves the web build in a browser instead.`)
  const server = await serveStatic(join(root, 'dist', 'web'), { port: requestedPort() })
  console.log(`DualWire: ${server.url}  (Ctrl+C stops it)`)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void server.close().finally(() => process.exit(0))
    })
  }
}

// Quiet unless something is wrong: warnings still print, the file list and the bundler's timing report
// (printed whenever a build is slow, as on a busy 2-core machine) do not.
await buildWeb({
  configFile: join(root, 'vite.config.ts'),
  logLevel: 'warn',
  build: { rolldownOptions: { checks: { bundlerTimings: false } } },
})
await buildElectron(join(root, 'dist', 'electron'))
const electron = await findElectron()
if ('path' in electron) {
  if ((await launch(electron.path)) === 'missing') await serveInstead('it would not start')
} else {
  await serveInstead(electron.missing)
}
