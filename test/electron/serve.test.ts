import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../electron/webFiles'
import { LOOPBACK, serveStatic, type StaticServer } from '../../scripts/serve'

// The development server over real sockets, with raw request targets: a browser or fetch would
// normalise `..` away before it ever reached the server, an attacker's client would not.

let base: string
let server: StaticServer

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'dualwire-serve-'))
  mkdirSync(join(base, 'web', 'assets'), { recursive: true })
  writeFileSync(join(base, 'web', 'index.html'), '<!doctype html><title>DualWire</title>')
  writeFileSync(join(base, 'web', 'assets', 'index-abc.js'), 'export {}')
  writeFileSync(join(base, 'web', 'assets', 'index-abc.css'), 'body{}')
  writeFileSync(join(base, 'secret.txt'), 'secret')
  server = await serveStatic(join(base, 'web'))
})
afterAll(async () => {
  await server.close()
  rmSync(base, { recursive: true, force: true })
})

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

function raw(path: string, options: { method?: string; host?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: LOOPBACK, port: server.port, path, method: options.method ?? 'GET',
      headers: { host: options.host ?? `${LOOPBACK}:${server.port}` },
    }, (res) => {
      let body = ''
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('static server', () => {
  it('listens on 127.0.0.1 only, at the URL it reports', () => {
    const address = server.server.address()
    expect(address).toMatchObject({ address: '127.0.0.1', family: 'IPv4' })
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`)
    expect(server.port).toBeGreaterThan(0)
  })

  it('is not reachable on the machine\'s other addresses', async () => {
    const external = Object.values(networkInterfaces()).flat()
      .find((i) => i !== undefined && i.family === 'IPv4' && !i.internal)
    if (external === undefined) {
      // No network interface besides loopback here: nothing else to connect to, which is the point.
      expect(Object.values(networkInterfaces()).flat().every((i) => i?.internal ?? true)).toBe(true)
      return
    }
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
      const req = request({ host: external.address, port: server.port, path: '/' }, () => resolve(null))
      req.on('error', (e) => resolve(e))
      req.end()
    })
    expect(error?.code).toBe('ECONNREFUSED')
  })

  it('serves index.html at / with the CSP header', async () => {
    const answer = await raw('/')
    expect(answer.status).toBe(200)
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(answer.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
    expect(answer.headers['x-content-type-options']).toBe('nosniff')
    expect(answer.body).toBe('<!doctype html><title>DualWire</title>')
    expect((await raw('/index.html')).body).toBe(answer.body)
  })

  it('serves assets with their MIME types, ignoring the query string', async () => {
    const js = await raw('/assets/index-abc.js?v=2')
    expect([js.status, js.headers['content-type'], js.body]).toEqual([200, 'text/javascript; charset=utf-8', 'export {}'])
    const css = await raw('/assets/index-abc.css')
    expect([css.status, css.headers['content-type'], css.body]).toEqual([200, 'text/css; charset=utf-8', 'body{}'])
    expect(css.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
  })

  it('answers 404 for unknown files and directories (no listing)', async () => {
    for (const path of ['/nope.js', '/assets', '/assets/', '/assets/nope.css']) {
      const answer = await raw(path)
      expect([path, answer.status, answer.body]).toEqual([path, 404, 'not found'])
    }
  })

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/..%5csecret.txt',
    '//etc/passwd',
    '/%2fetc%2fpasswd',
    '/C:%5cWindows%5cwin.ini',
    'http://127.0.0.1/../secret.txt',
  ])('refuses the traversal %s', async (path) => {
    const answer = await raw(path)
    expect(answer.status).toBe(404)
    expect(answer.body).not.toContain('secret')
  })

  it('refuses other methods and other host names', async () => {
    expect((await raw('/', { method: 'POST' })).status).toBe(405)
    expect((await raw('/', { host: 'evil.example' })).status).toBe(421)
    expect((await raw('/', { host: `localhost:${server.port}` })).status).toBe(200)
  })

  it('answers HEAD with headers and no body', async () => {
    const answer = await raw('/assets/index-abc.js', { method: 'HEAD' })
    expect([answer.status, answer.headers['content-type'], answer.body]).toEqual([200, 'text/javascript; charset=utf-8', ''])
  })

  it('takes a given port', async () => {
    const other = await serveStatic(join(base, 'web'), { port: 0 })
    try {
      const again = serveStatic(join(base, 'web'), { port: other.port })
      await expect(again).rejects.toMatchObject({ code: 'EADDRINUSE' })
    } finally {
      await other.close()
    }
  })
})
