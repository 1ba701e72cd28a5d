// Run by `npm test` before the end-to-end tests: finds Chromium (CHROME_PATH, else Debian's
// /usr/bin/chromium), installs Debian's package when running as root, and otherwise stops with one line
// saying what to install. The tests are never skipped silently.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

export const DEBIAN_CHROMIUM = '/usr/bin/chromium'

export function chromiumPath(): string | undefined {
  const fromEnv = process.env.CHROME_PATH
  if (fromEnv && existsSync(fromEnv)) return fromEnv
  return existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined
}

function main(): void {
  if (process.env.CHROME_PATH && !existsSync(process.env.CHROME_PATH)) {
    console.error(`CHROME_PATH is ${process.env.CHROME_PATH}, which does not exist; point it at a Chromium or Chrome binary`)
    process.exit(1)
  }
  if (chromiumPath()) return
  if (process.getuid?.() === 0) {
    console.log('Chromium is missing; installing Debian’s chromium package for the end-to-end tests')
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
    if (chromiumPath()) return
  }
  console.error('the end-to-end tests need Chromium: run `sudo apt-get install chromium`, or set CHROME_PATH to a Chromium or Chrome binary')
  process.exit(1)
}

if (process.argv[1]?.endsWith('ensure-browser.ts')) main()
