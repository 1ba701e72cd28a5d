import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

// npm start where Electron's binary cannot be had (this machine): one line saying so, then the web build
// served on 127.0.0.1 with its Content Security Policy, until stopped.

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

it('says in one line that Electron is missing, serves the editor on a loopback port, and stops on SIGINT', { timeout: 90_000 }, async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PORT: '0' } })
  let out = ''
  let err = ''
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c))
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = out.match(/DualWire: (http:\/\/127\.0\.0\.1:\d+\/)/)
      if (m) {
        clearInterval(timer)
        resolve(m[1])
      }
    }, 100)
    child.on('exit', () => reject(new Error(`start exited early: ${out}${err}`)))
  })
  const lines = out.trim().split('\n').filter((l) => !/^(vite|transforming|rendering|computing|dist\/|✓|building)/i.test(l.trim()) && l.trim() !== '')
  expect(lines.filter((l) => l.includes('Electron'))).toEqual([expect.stringMatching(/^Electron's binary is missing \(.+\), so DualWire serves the web build in a browser instead\.$/)])
  const page = await fetch(url)
  expect(page.status).toBe(200)
  expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
  expect(await page.text()).toContain('<div id="app"></div>')
  child.kill('SIGINT')
  const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? s)))
  expect([0, 'SIGINT', 130]).toContain(code)
  expect(err).not.toMatch(/Error|at .*\.js:\d+/)
})
