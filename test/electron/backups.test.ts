import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type BackupDisk, createBackups } from '../../electron/backups'
import { writeFileAtomic } from '../../electron/files'
import { createKeeper } from '../../electron/keeper'

// Backups of unsaved work: written whole, never removed while their work exists nowhere else, offered after a
// crash, and left alone when they cannot be read.

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

/** The real folder and writer, in a temporary folder. */
function realDisk(): { dir: string; disk: BackupDisk } {
  const dir = mkdtempSync(join(tmpdir(), 'dualwire-backups-'))
  dirs.push(dir)
  return {
    dir,
    disk: {
      list: () => readdir(dir),
      read: (name) => readFile(join(dir, name), 'utf8'),
      write: async (name, text) => void (await writeFileAtomic(join(dir, name), text)),
      remove: (name) => rm(join(dir, name), { force: true }),
    },
  }
}

const file = { name: 'a.dwire.json', title: 'A', path: '/d/a.dwire.json', fingerprint: { size: 10, mtimeMs: 5, ino: 7 } }

describe('backups', () => {
  it('writes a backup that an earlier run’s start finds again, with everything a restore needs', async () => {
    const { dir, disk } = realDisk()
    let now = 1000
    const first = createBackups({ disk, now: () => now, log: () => undefined })
    await first.write({ id: 'w-1', ...file, text: 'old work' })
    now = 2000
    await first.write({ id: 'w-2', name: null, title: 'Untitled', path: null, fingerprint: null, text: 'new work' })
    expect(readdirSync(dir).sort()).toEqual(['w-1.json', 'w-2.json'])
    const next = createBackups({ disk, now: () => 3000, log: () => undefined })
    expect(await next.orphans()).toEqual([
      { id: 'w-2', name: null, title: 'Untitled', path: null, fingerprint: null, savedAt: 2000, text: 'new work' },
      { id: 'w-1', ...file, savedAt: 1000, text: 'old work' },
    ])
  })

  it('leaves a damaged or foreign file where it is, and says so', async () => {
    const { dir, disk } = realDisk()
    const logged: string[] = []
    const b = createBackups({ disk, now: () => 1, log: (m) => void logged.push(m) })
    await disk.write('torn.json', '{"format":"dualwire-backup","version":1,"id":"torn","te')
    await disk.write('notes.txt', 'mine')
    await disk.write('other.json', JSON.stringify({ format: 'dualwire-backup', version: 1, id: 'someone-else', name: null, title: 't', path: null, fingerprint: null, savedAt: 1, text: 'x' }))
    expect(await b.orphans()).toEqual([])
    expect(logged.sort()).toEqual(['the backup other.json is damaged; it is left where it is', 'the backup torn.json is damaged; it is left where it is'])
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'other.json', 'torn.json'])
  })

  it('refuses an id that could name a path', async () => {
    const { disk } = realDisk()
    const b = createBackups({ disk, now: () => 1, log: () => undefined })
    await expect(b.write({ id: '../../etc/x', ...file, text: 't' })).rejects.toThrow('not a backup id')
  })

  it('a removal queued behind a slow write wins: the backup does not come back', async () => {
    const writes: string[] = []
    let release = () => {}
    const disk: BackupDisk = {
      list: async () => [],
      read: async () => '',
      write: (name) => new Promise((resolve) => (release = () => (writes.push(`write ${name}`), resolve()))),
      remove: async (name) => void writes.push(`remove ${name}`),
    }
    const b = createBackups({ disk, now: () => 1, log: () => undefined })
    const w = b.write({ id: 'w-1', ...file, text: 't' })
    const r = b.remove('w-1')
    await new Promise((r) => setTimeout(r, 5))
    release()
    await Promise.all([w, r])
    expect(writes).toEqual(['write w-1.json', 'remove w-1.json'])
  })
})

/** A keeper over a real folder, with a timer the test fires by hand. */
function keeperSetUp() {
  const { dir, disk } = realDisk()
  const backups = createBackups({ disk, now: () => 42, log: () => undefined })
  let pending: (() => void) | null = null
  const errors: unknown[] = []
  const keeper = createKeeper({
    backups, id: 'win-1', describe: () => file, delayMs: 1000, now: () => 42,
    setTimer: (run) => ((pending = run), 'timer'), clearTimer: () => void (pending = null),
    onWriteError: (e) => void errors.push(e),
  })
  const fire = async () => {
    const run = pending
    pending = null
    run?.()
    await new Promise((r) => setTimeout(r, 20))
  }
  const onDisk = () => readdirSync(dir).filter((n) => n.endsWith('.json')).sort()
  const text = (name: string) => (JSON.parse(readFileSync(join(dir, name), 'utf8')) as { text: string }).text
  return { dir, backups, keeper, fire, onDisk, text, errors, isPending: () => pending !== null }
}

describe('keeper', () => {
  it('holds the latest text at once and writes it after the delay, once for many changes', async () => {
    const { keeper, fire, onDisk, text } = keeperSetUp()
    await keeper.update('one')
    await keeper.update('two')
    expect(keeper.latest()).toEqual({ text: 'two', at: 42 })
    expect(onDisk()).toEqual([])
    await fire()
    expect(onDisk()).toEqual(['win-1.json'])
    expect(text('win-1.json')).toBe('two')
  })

  it('flush writes what is pending now (the window hid, the page died)', async () => {
    const { keeper, onDisk, text, isPending } = keeperSetUp()
    await keeper.update('work')
    await keeper.flush()
    expect(isPending()).toBe(false)
    expect(text('win-1.json')).toBe('work')
    expect(onDisk()).toEqual(['win-1.json'])
  })

  it('removes its backup only when the page says the work is safe (null), pending write included', async () => {
    const { keeper, fire, onDisk } = keeperSetUp()
    await keeper.update('work')
    await fire()
    await keeper.update('more work')
    await keeper.update(null)
    await fire()
    expect(onDisk()).toEqual([])
    expect(keeper.latest()).toBeNull()
  })

  it('an adopted backup of an earlier run goes once this window’s own backup holds its work', async () => {
    const { backups, keeper, fire, onDisk } = keeperSetUp()
    await backups.write({ id: 'crashed-1', ...file, text: 'restored work' })
    keeper.adopt('crashed-1')
    expect(onDisk()).toEqual(['crashed-1.json'])
    await keeper.update('restored work')
    expect(onDisk()).toEqual(['crashed-1.json']) // not before this window's backup is on disk
    await fire()
    expect(onDisk()).toEqual(['win-1.json'])
  })

  it('…or once the restored work is saved or discarded', async () => {
    const { backups, keeper, onDisk } = keeperSetUp()
    await backups.write({ id: 'crashed-1', ...file, text: 'restored work' })
    keeper.adopt('crashed-1')
    await keeper.update(null)
    expect(onDisk()).toEqual([])
  })

  it('a failing disk is said once, and the text stays in memory for a save', async () => {
    const errors: unknown[] = []
    let pending: (() => void) | null = null
    const keeper = createKeeper({
      backups: { write: async () => { throw new Error('ENOSPC: no space left on device') }, remove: async () => undefined, orphans: async () => [] },
      id: 'w', describe: () => file, delayMs: 1, now: () => 1,
      setTimer: (run) => ((pending = run), 1), clearTimer: () => void (pending = null), onWriteError: (e) => void errors.push(e),
    })
    for (const t of ['a', 'b', 'c']) {
      await keeper.update(t)
      pending!()
      await new Promise((r) => setTimeout(r, 5))
    }
    expect(errors.map(String)).toEqual(['Error: ENOSPC: no space left on device'])
    expect(keeper.latest()?.text).toBe('c')
  })
})
