import { spawn, execFileSync } from 'node:child_process'
import { constants, promises as fsp } from 'node:fs'
import {
  chmodSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BIN, dualwire, type Run } from '../support/cli'

// Files `dualwire` writes (-o), checked byte for byte on disk: the texts, the refusals that leave a file as
// it was, and the way the write itself goes (links, read-only files, changes made while it ran, temp files).
// Every run's working folder is a fresh temporary one, so paths in messages are the short names given.

/** `convert --expr "y = sin(x)" --at x=0.5`: the diagram file format of the README, written out by hand. */
const SIN_FILE = `{
  "format": "dualwire-diagram",
  "version": 1,
  "title": "Formula",
  "inputs": [
    { "id": "i1", "name": "x", "value": 0.5 }
  ],
  "outputs": [
    { "id": "o1", "name": "y" }
  ],
  "blocks": [
    { "id": "b1", "primitive": "sin" }
  ],
  "wires": [
    { "id": "w1", "from": "i1", "to": "b1.x" },
    { "id": "w2", "from": "b1.r", "to": "o1" }
  ],
  "layout": {
    "positions": {
      "b1": [200, 0],
      "i1": [0, 0],
      "o1": [400, 0]
    },
    "ranges": {}
  }
}
`
const SIN = ['--expr', 'y = sin(x)', '--at', 'x=0.5']

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dualwire-writes-'))
})
afterEach(() => {
  chmodSync(dir, 0o755)
  rmSync(dir, { recursive: true, force: true })
})

const at = (name: string) => join(dir, name)
const bytes = (name: string) => readFileSync(at(name))
const run = (...args: string[]) => dualwire(args, dir)

function expectWrote(r: Run, name: string): void {
  expect(r.stderr).toBe('')
  expect(r.stdout).toBe(`wrote ${name}\n`)
  expect(r.status).toBe(0)
}

/** Exit 2, nothing on stdout, and stderr exactly this one line. */
function expectLine(r: Run, line: string): void {
  expect(r.stderr).toBe(`dualwire: ${line}\n`)
  expect(r.stdout).toBe('')
  expect(r.status).toBe(2)
}

describe('convert -o writes the file text', () => {
  it('formula → diagram file: exactly the README format', () => {
    expectWrote(run('convert', ...SIN, '-o', 'sin.dwire.json'), 'sin.dwire.json')
    expect(bytes('sin.dwire.json').toString()).toBe(SIN_FILE)
    expect(readdirSync(dir)).toEqual(['sin.dwire.json'])
  })

  it('diagram file → formula file: one line per output, and --json says what it wrote', () => {
    writeFileSync(at('sin.dwire.json'), SIN_FILE)
    const r = run('convert', 'sin.dwire.json', '-o', 'sin.txt', '--json')
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toEqual({ wrote: 'sin.txt' })
    expect(bytes('sin.txt').toString()).toBe('y = sin(x)\n')
  })

  it('a formula whose names a diagram file may not hold is refused at its column, and no file is written', () => {
    expectLine(run('convert', '--expr', '`a ` + 1', '-o', 'a.dwire.json'), '--expr: the name `a ` must not start or end with a space at column 1')
    expectLine(run('convert', '--expr', `\`${'n'.repeat(201)}\` = 1`, '-o', 'a.dwire.json'), `--expr: the name \`${'n'.repeat(40)}…\` must be at most 200 characters at column 1`)
    expect(readdirSync(dir)).toEqual([])
    // Every file convert writes opens again: the 200-character name is legal, and evaluates.
    expectWrote(run('convert', '--expr', `\`${'n'.repeat(200)}\` = 1`, '-o', 'long.dwire.json'), 'long.dwire.json')
    expect(run('eval', 'long.dwire.json').status).toBe(0)
  })

  it('export -o writes the module beside nothing else', () => {
    expectWrote(run('export', ...SIN, '-o', 'sin.mjs'), 'sin.mjs')
    expect(bytes('sin.mjs').toString()).toMatch(/^\/\/ .*\n/)
    expect(bytes('sin.mjs').toString()).toContain('Math.sin(')
    expect(readdirSync(dir)).toEqual(['sin.mjs'])
  })
})

describe('never over its own input', () => {
  it('convert d.dwire.json -o d.dwire.json: refused, with or without --force, the file byte-identical', () => {
    writeFileSync(at('d.dwire.json'), SIN_FILE)
    const before = bytes('d.dwire.json')
    expectLine(run('convert', 'd.dwire.json', '-o', 'd.dwire.json'), 'd.dwire.json: cannot write: it is the input file')
    expectLine(run('convert', 'd.dwire.json', '-o', 'd.dwire.json', '--force'), 'd.dwire.json: cannot write: it is the input file')
    expect(bytes('d.dwire.json').equals(before)).toBe(true)
    expect(readdirSync(dir)).toEqual(['d.dwire.json'])
  })

  it('the same file by another spelling, a symlink or a hard link: refused too', () => {
    writeFileSync(at('d.txt'), 'y = sin(x)\n')
    mkdirSync(at('sub'))
    symlinkSync('d.txt', at('link.txt'))
    linkSync(at('d.txt'), at('hard.txt'))
    expectLine(run('convert', 'd.txt', '--at', 'x=1', '-o', 'sub/../d.txt'), 'sub/../d.txt: cannot write: it is the input file d.txt')
    expectLine(run('convert', 'd.txt', '--at', 'x=1', '-o', 'link.txt'), 'link.txt: cannot write: it is the input file d.txt')
    expectLine(run('export', 'hard.txt', '-o', 'd.txt', '--force'), 'd.txt: cannot write: it is the input file hard.txt')
    expect(bytes('d.txt').toString()).toBe('y = sin(x)\n')
    expect(lstatSync(at('link.txt')).isSymbolicLink()).toBe(true)
    expect(statSync(at('hard.txt')).ino).toBe(statSync(at('d.txt')).ino)
  })
})

describe('read-only targets', () => {
  it('a read-only file: refused, unchanged', () => {
    writeFileSync(at('out.dwire.json'), 'keep me', { mode: 0o444 })
    expectLine(run('convert', ...SIN, '-o', 'out.dwire.json'), 'out.dwire.json: cannot write: the file is read-only')
    expectLine(run('convert', ...SIN, '-o', 'out.dwire.json', '--force'), 'out.dwire.json: cannot write: the file is read-only')
    expect(bytes('out.dwire.json').toString()).toBe('keep me')
    expect(readdirSync(dir)).toEqual(['out.dwire.json'])
  })

  it('a read-only folder: refused, nothing created', () => {
    mkdirSync(at('locked'))
    chmodSync(at('locked'), 0o555)
    try {
      expectLine(run('export', ...SIN, '-o', 'locked/f.ts'), 'locked/f.ts: cannot write: the folder is read-only')
      expect(readdirSync(at('locked'))).toEqual([])
    } finally {
      chmodSync(at('locked'), 0o755)
    }
  })
})

describe('how the file is written', () => {
  it('through a symlink: the target gets the text, the link stays a link', () => {
    mkdirSync(at('real'))
    writeFileSync(at('real/out.dwire.json'), 'old')
    symlinkSync('real/out.dwire.json', at('out.dwire.json'))
    expectWrote(run('convert', ...SIN, '-o', 'out.dwire.json'), 'out.dwire.json')
    expect(lstatSync(at('out.dwire.json')).isSymbolicLink()).toBe(true)
    expect(bytes('real/out.dwire.json').toString()).toBe(SIN_FILE)
  })

  it('a hard-linked file: every name sees the new text, no copy is left', () => {
    writeFileSync(at('a.txt'), 'old text')
    linkSync(at('a.txt'), at('b.txt'))
    writeFileSync(at('sin.dwire.json'), SIN_FILE)
    expectWrote(run('convert', 'sin.dwire.json', '-o', 'a.txt'), 'a.txt')
    expect(bytes('b.txt').toString()).toBe('y = sin(x)\n')
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'b.txt', 'sin.dwire.json'])
  })

  it('a temp file a killed save left a minute ago is swept; a fresh one (a save still running) is not', () => {
    const stale = '.out.dwire.json.0123456789ab.tmp'
    const fresh = '.out.dwire.json.ba9876543210.tmp'
    writeFileSync(at(stale), 'torn')
    writeFileSync(at(fresh), 'in progress')
    const old = new Date(Date.now() - 120_000)
    utimesSync(at(stale), old, old)
    expectWrote(run('convert', ...SIN, '-o', 'out.dwire.json'), 'out.dwire.json')
    expect(readdirSync(dir).sort()).toEqual([fresh, 'out.dwire.json'])
  })

  it('a folder that does not exist, and a folder as the file: refused', () => {
    expectLine(run('convert', ...SIN, '-o', 'missing/out.dwire.json'), 'missing/out.dwire.json: cannot write: no such folder')
    mkdirSync(at('out.dwire.json'))
    expectLine(run('convert', ...SIN, '-o', 'out.dwire.json'), 'out.dwire.json: cannot write: it is a folder')
    expect(readdirSync(dir)).toEqual(['out.dwire.json'])
  })
})

/**
 * Runs `dualwire` with its input a FIFO: the command takes the output's fingerprint, then blocks reading
 * the FIFO. Once our end is open the command is known to be past that point; `meanwhile` changes the
 * output, and then the formula goes in, so the command writes after the change.
 */
async function withChangeWhileRunning(args: string[], meanwhile: () => void): Promise<Run> {
  execFileSync('mkfifo', [at('in.txt')])
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
  const status = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  // Non-blocking, retried: a plain open would wait forever if the command died before opening its end.
  let writer: fsp.FileHandle | null = null
  for (const deadline = Date.now() + 30_000; writer === null; ) {
    writer = await fsp.open(at('in.txt'), constants.O_WRONLY | constants.O_NONBLOCK).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENXIO' || Date.now() > deadline) throw e
      return null
    })
    if (writer === null) await new Promise((resolve) => setTimeout(resolve, 20))
  }
  meanwhile()
  await writer.write('y = sin(x)\n')
  await writer.close()
  const code = await status // before stdout and stderr are read: they are complete only once it closed
  return { stdout, stderr, status: code }
}

describe('a file changed on disk while dualwire ran', () => {
  it('is not overwritten: exit 2, the other writer’s bytes stay', async () => {
    writeFileSync(at('out.dwire.json'), 'version 1')
    const r = await withChangeWhileRunning(['convert', 'in.txt', '--at', 'x=0.5', '-o', 'out.dwire.json'], () => {
      writeFileSync(at('out.dwire.json'), 'version 2, written by someone else')
    })
    expectLine(r, 'out.dwire.json: changed on disk while dualwire ran; use --force to overwrite')
    expect(bytes('out.dwire.json').toString()).toBe('version 2, written by someone else')
  })

  it('created while dualwire ran (there was none at the start): not overwritten either', async () => {
    const r = await withChangeWhileRunning(['export', 'in.txt', '-o', 'out.ts'], () => writeFileSync(at('out.ts'), 'mine'))
    expectLine(r, 'out.ts: changed on disk while dualwire ran; use --force to overwrite')
    expect(bytes('out.ts').toString()).toBe('mine')
  })

  it('with --force: overwritten', async () => {
    writeFileSync(at('out.dwire.json'), 'version 1')
    const r = await withChangeWhileRunning(['convert', 'in.txt', '--at', 'x=0.5', '-o', 'out.dwire.json', '--force'], () => {
      writeFileSync(at('out.dwire.json'), 'version 2, written by someone else')
    })
    expectWrote(r, 'out.dwire.json')
    expect(bytes('out.dwire.json').toString()).toBe(SIN_FILE)
  })

  it('unchanged while it ran: written (the fingerprint taken at the start matches)', async () => {
    writeFileSync(at('out.dwire.json'), 'version 1')
    expectWrote(await withChangeWhileRunning(['convert', 'in.txt', '--at', 'x=0.5', '-o', 'out.dwire.json'], () => undefined), 'out.dwire.json')
    expect(bytes('out.dwire.json').toString()).toBe(SIN_FILE)
    expect(existsSync(at('in.txt'))).toBe(true)
  })
})
