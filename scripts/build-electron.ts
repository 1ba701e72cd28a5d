// npm run build:electron: bundles the main process and the preload into dist/electron.
// Both are single CommonJS files. The preload must be: a sandboxed preload gets a bare `require` that
// knows only 'electron' and a few built-ins, so bridge.ts has to be inside it. Main could be ESM, but
// CommonJS runs its top level synchronously, before 'ready', which registering the app:// scheme needs.
import { build, type BuildOptions } from 'esbuild'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

const common: BuildOptions = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  // Electron's own module is provided at run time; it is never a file to bundle.
  external: ['electron'],
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
}

/** `outDir` is relative to the repository root, or absolute (tests build into a temporary folder). */
export async function buildElectron(outDir = 'dist/electron'): Promise<void> {
  await Promise.all([
    build({
      ...common,
      entryPoints: ['electron/main.ts'],
      outfile: join(outDir, 'main.cjs'),
      platform: 'node',
      target: 'node22', // Electron 45 runs Node 22
    }),
    build({
      ...common,
      entryPoints: ['electron/preload.ts'],
      outfile: join(outDir, 'preload.cjs'),
      // The sandbox's `require` has no Node built-ins to offer, so nothing may be resolved as one.
      platform: 'browser',
      target: 'chrome140', // Electron 45's Chromium
    }),
  ])
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildElectron()
}
