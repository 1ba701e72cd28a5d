import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, createAppProtocolHandler, isAppUrl } from '../../electron/protocol'
import { CONTENT_SECURITY_POLICY, mimeType, resolveWebPath } from '../../electron/webFiles'

// A dist/web of our own, with a secret beside it that no URL may reach.
let base: string
let web: string
let handler: (request: Request) => Promise<Response>

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'dualwire-protocol-'))
  web = join(base, 'web')
  mkdirSync(join(web, 'assets'), { recursive: true })
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>DualWire</title>')
  writeFileSync(join(web, 'assets', 'index-abc.js'), 'export const x = 1')
  writeFileSync(join(web, 'assets', 'index-abc.css'), 'body{}')
  writeFileSync(join(web, 'assets', 'logo.svg'), '<svg/>')
  writeFileSync(join(web, 'assets', 'elk.worker.wasm'), 'wasm')
  writeFileSync(join(web, 'assets', 'data.bin'), 'bytes')
  writeFileSync(join(web, 'assets', 'with space.json'), '{}')
  writeFileSync(join(base, 'secret.txt'), 'secret')
  handler = createAppProtocolHandler(web)
})
afterAll(() => rmSync(base, { recursive: true, force: true }))

const get = (url: string, method = 'GET') => handler(new Request(url, { method }))

describe('app:// protocol handler', () => {
  it('serves the entry page with the CSP header', async () => {
    const res = await get(APP_ENTRY_URL)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await res.text()).toBe('<!doctype html><title>DualWire</title>')
  })

  it('serves the root as the index page', async () => {
    expect(await (await get('app://dualwire/')).text()).toContain('<title>DualWire</title>')
  })

  it.each([
    ['assets/index-abc.js', 'text/javascript; charset=utf-8', 'export const x = 1'],
    ['assets/index-abc.css', 'text/css; charset=utf-8', 'body{}'],
    ['assets/logo.svg', 'image/svg+xml', '<svg/>'],
    ['assets/elk.worker.wasm', 'application/wasm', 'wasm'],
    ['assets/data.bin', 'application/octet-stream', 'bytes'],
    ['assets/with%20space.json', 'application/json; charset=utf-8', '{}'],
  ])('serves %s as %s', async (path, type, body) => {
    const res = await get(`app://dualwire/${path}?v=1#top`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(type)
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(await res.text()).toBe(body)
  })

  it('answers HEAD without a body', async () => {
    const res = await get('app://dualwire/assets/index-abc.js', 'HEAD')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await res.text()).toBe('')
  })

  it.each([
    'app://dualwire/../secret.txt',
    'app://dualwire/assets/../../secret.txt',
    'app://dualwire/%2e%2e/secret.txt',
    'app://dualwire/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://dualwire/..%2fsecret.txt',
    'app://dualwire/..%5csecret.txt',
    'app://dualwire/%2fetc%2fpasswd',
    'app://dualwire//etc/passwd',
    'app://dualwire/C:%5cWindows%5cwin.ini',
    'app://dualwire/assets%00.js',
    'app://dualwire/%E0%A4%A',
  ])('refuses %s', async (url) => {
    const res = await get(url)
    expect(res.status).toBe(404)
    expect(await res.text()).toBe('not found')
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
  })

  it('lists no directories and finds no missing files', async () => {
    expect((await get('app://dualwire/assets')).status).toBe(404)
    expect((await get('app://dualwire/assets/')).status).toBe(404)
    expect((await get('app://dualwire/nope.js')).status).toBe(404)
  })

  it('serves only its own host and only reads', async () => {
    expect((await get('app://other/index.html')).status).toBe(404)
    expect((await get('app://dualwire:8080/index.html')).status).toBe(404)
    expect((await get(APP_ENTRY_URL, 'POST')).status).toBe(405)
    expect((await get(APP_ENTRY_URL, 'DELETE')).status).toBe(405)
  })

  it('registers the scheme as standard and secure, without bypassing CSP or opening CORS', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    })
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true)
  })
})

describe('shared web file rules', () => {
  it('the CSP header is the policy of the meta tag in renderer/index.html', () => {
    const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1]
    expect(meta).toBe(CONTENT_SECURITY_POLICY)
    // WebAssembly (the wire router's libavoid) and nothing else beyond our own scripts: no eval.
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self' 'wasm-unsafe-eval';")
    expect(CONTENT_SECURITY_POLICY).toContain("style-src 'self' 'unsafe-inline';")
  })

  it('maps paths under the root only', () => {
    expect(resolveWebPath('/srv/web', '/')).toBe('/srv/web/index.html')
    expect(resolveWebPath('/srv/web', '/a/b.js')).toBe('/srv/web/a/b.js')
    expect(resolveWebPath('/srv/web', '/a/%2e%2e/b.js')).toBeNull()
    expect(resolveWebPath('/srv/web', 'a.js')).toBeNull()
    expect(resolveWebPath('/srv/web', '')).toBeNull()
  })

  it('knows the types a Vite build produces, case-insensitively', () => {
    expect(mimeType('/x/INDEX.HTML')).toBe('text/html; charset=utf-8')
    expect(mimeType('/x/a.mjs')).toBe('text/javascript; charset=utf-8')
    expect(mimeType('/x/font.woff2')).toBe('font/woff2')
    expect(mimeType('/x.d/README')).toBe('application/octet-stream')
  })
})
