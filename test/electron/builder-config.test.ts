import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { DebugLogger } from 'builder-util'
import { describe, expect, it } from 'vitest'

// `npm run dist` cannot run here (it downloads Electron), so the packaging config is checked the way
// electron-builder checks it first thing, against its own schema, plus the choices that matter.

const root = fileURLToPath(new URL('../..', import.meta.url))

describe('electron-builder.yml', () => {
  it('passes electron-builder\'s schema and locks the fuses down', async () => {
    const config = await getConfig(root, null, null)
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    expect(config.appId).toBe('dev.dualwire.app')
    expect(config.productName).toBe('DualWire')
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    })
    expect(config.files).toEqual([{ filter: ['package.json', 'dist/electron/**', 'dist/web/**', 'docs/THIRD-PARTY-NOTICES.md', 'docs/licenses/**', '!**/*.map', '!node_modules/**'] }])
    // The wire router's libavoid (LGPL) ships as a file beside the archive, where a user can replace it.
    expect(config.asarUnpack).toEqual(['dist/web/assets/libavoid-*.wasm'])
    expect(config.directories?.output).toBe('release') // not dist/, which holds our own build
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.win?.target).toBe('nsis')
    expect(config.mac?.target).toBe('dmg')
  })

  it('package.json points Electron at the bundled main and pins Electron exactly', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      main: string; devDependencies: Record<string, string>
    }
    expect(pkg.main).toBe('dist/electron/main.cjs')
    expect(pkg.devDependencies.electron).toBe('45.5.0')
  })
})
