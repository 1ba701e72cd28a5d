import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildElectron } from '../../scripts/build-electron'

// What Electron will load: a sandboxed preload can require 'electron' and nothing else, and the main
// bundle must not need node_modules at run time (the package ships without them).

let out: string
beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'dualwire-bundle-'))
  await buildElectron(out)
})
afterAll(() => rmSync(out, { recursive: true, force: true }))

const requires = (file: string): string[] =>
  [...new Set([...readFileSync(join(out, file), 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1] ?? ''))].sort()

describe('electron bundles', () => {
  it('the preload is one CommonJS file that requires only electron', () => {
    expect(requires('preload.cjs')).toEqual(['electron'])
    const text = readFileSync(join(out, 'preload.cjs'), 'utf8')
    expect(text).not.toMatch(/^\s*(import|export)\s/m)
    expect(text).toContain('exposeInMainWorld("dualwire"')
  })

  it('main requires only electron and Node built-ins', () => {
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))
    const external = requires('main.cjs').filter((m) => m !== 'electron' && !builtins.has(m))
    expect(external).toEqual([])
    expect(requires('main.cjs')).toContain('electron')
  })
})
