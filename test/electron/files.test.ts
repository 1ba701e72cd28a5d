import * as fs from 'node:fs/promises'
import {
  chmodSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync,
  unlinkSync, utimesSync, writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  ConflictError, type FileHandleLike, type FileSystem, FileTooLargeError, fingerprintOf, MAX_FILE_BYTES, nodeFileSystem, readTextFile,
  ReadOnlyError, sweepStaleTemps, writeFileAtomic,
} from '../../electron/files'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dualwire-files-'))
})
afterEach(() => {
  chmodSync(dir, 0o755)
  rmSync(dir, { recursive: true, force: true })
})

const fail = (code: string) => Object.assign(new Error(`${code}: simulated`), { code })

/** A handle that passes every call on, except writeFile when `brokenWrite` says so. */
function handleWith(handle: FileHandleLike, brokenWrite: () => boolean): FileHandleLike {
  return {
    stat: () => handle.stat(),
    readFile: () => handle.readFile(),
    async writeFile(data, encoding) {
      if (!brokenWrite()) return handle.writeFile(data, encoding)
      await handle.writeFile(data.slice(0, 5), encoding) // a torn write, then the disk is full
      throw fail('ENOSPC')
    },
    truncate: (length) => handle.truncate(length),
    sync: () => handle.sync(),
    close: () => handle.close(),
  }
}

/** The real file system with one step replaced, to fail a save part-way. */
function failing(step: 'write' | 'sync' | 'rename'): FileSystem {
  return {
    ...nodeFileSystem,
    async open(path, flags, mode) {
      const handle = await nodeFileSystem.open(path, flags, mode)
      const broken = handleWith(handle, () => step === 'write')
      return {
        ...broken,
        async sync() {
          if (step === 'sync') throw fail('EIO')
          return handle.sync()
        },
      }
    },
    async rename(from, to) {
      if (step === 'rename') throw fail('EXDEV')
      return fs.rename(from, to)
    },
  }
}

const text = (path: string) => readFileSync(path, 'utf8')
const ago = (path: string, ms: number) => utimesSync(path, new Date(Date.now() - ms), new Date(Date.now() - ms))

describe('writeFileAtomic', () => {
  it('creates a new file with the text and returns its fingerprint', async () => {
    const target = join(dir, 'new.dwire.json')
    const written = await writeFileAtomic(target, '{"format":"dualwire-diagram"}\n')
    expect(text(target)).toBe('{"format":"dualwire-diagram"}\n')
    expect(readdirSync(dir)).toEqual(['new.dwire.json'])
    const s = statSync(target)
    expect(written).toEqual({ size: 30, mtimeMs: s.mtimeMs, ino: s.ino })
  })

  it('replaces an existing file and leaves no temporary file behind', async () => {
    const target = join(dir, 'a.dwire.json')
    writeFileSync(target, 'old contents that are longer than the new ones')
    await writeFileAtomic(target, 'new ∂ text')
    expect(text(target)).toBe('new ∂ text')
    expect(readdirSync(dir)).toEqual(['a.dwire.json'])
  })

  it('keeps the permissions of the file it replaces', async () => {
    const target = join(dir, 'private.dwire.json')
    writeFileSync(target, 'old', { mode: 0o600 })
    await writeFileAtomic(target, 'new')
    expect(statSync(target).mode & 0o777).toBe(0o600)
  })

  it.each(['write', 'sync', 'rename'] as const)('a failure at %s leaves the old file intact and no temporary file', async (step) => {
    const target = join(dir, 'a.dwire.json')
    writeFileSync(target, 'the user\'s work')
    await expect(writeFileAtomic(target, 'half-written replacement', { fs: failing(step) })).rejects.toThrow(/ENOSPC|EIO|EXDEV/)
    expect(text(target)).toBe('the user\'s work')
    expect(readdirSync(dir)).toEqual(['a.dwire.json'])
  })

  it('refuses text over the size limit before touching the disk', async () => {
    const target = join(dir, 'big.dwire.json')
    await expect(writeFileAtomic(target, 'x'.repeat(MAX_FILE_BYTES + 1))).rejects.toBeInstanceOf(FileTooLargeError)
    expect(readdirSync(dir)).toEqual([])
  })

  it('fails, without writing, into a folder that does not exist', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'a.dwire.json'), 'x')).rejects.toMatchObject({ code: 'ENOENT' })
    expect(readdirSync(dir)).toEqual([])
  })

  it('refuses a folder as the target and leaves it as it was', async () => {
    mkdirSync(join(dir, 'd.dwire.json'))
    await expect(writeFileAtomic(join(dir, 'd.dwire.json'), 'x')).rejects.toMatchObject({ code: 'EISDIR' })
    expect(readdirSync(dir)).toEqual(['d.dwire.json'])
    expect(readdirSync(join(dir, 'd.dwire.json'))).toEqual([])
  })
})

describe('writeFileAtomic through symbolic links', () => {
  it('writes the target and leaves the link a link, pointing where it did', async () => {
    mkdirSync(join(dir, 'real'))
    const target = join(dir, 'real', 'a.dwire.json')
    writeFileSync(target, 'old', { mode: 0o640 })
    const link = join(dir, 'link.dwire.json')
    symlinkSync(target, link)
    const written = await writeFileAtomic(link, 'new')
    expect(lstatSync(link).isSymbolicLink()).toBe(true)
    expect(readlinkSync(link)).toBe(target)
    expect(text(target)).toBe('new')
    expect(statSync(target).mode & 0o777).toBe(0o640)
    expect(written).toEqual(await fingerprintOf(target))
    expect(readdirSync(dir).sort()).toEqual(['link.dwire.json', 'real'])
    expect(readdirSync(join(dir, 'real'))).toEqual(['a.dwire.json'])
  })

  it('follows a chain of relative links, each relative to the folder it is in', async () => {
    mkdirSync(join(dir, 'x'))
    mkdirSync(join(dir, 'y'))
    writeFileSync(join(dir, 'x', 'real.dwire.json'), 'old')
    symlinkSync('../x/real.dwire.json', join(dir, 'y', 'middle.dwire.json'))
    symlinkSync('y/middle.dwire.json', join(dir, 'first.dwire.json'))
    await writeFileAtomic(join(dir, 'first.dwire.json'), 'new')
    expect(text(join(dir, 'x', 'real.dwire.json'))).toBe('new')
    expect(readlinkSync(join(dir, 'first.dwire.json'))).toBe('y/middle.dwire.json')
    expect(readlinkSync(join(dir, 'y', 'middle.dwire.json'))).toBe('../x/real.dwire.json')
    expect(readdirSync(join(dir, 'x'))).toEqual(['real.dwire.json'])
  })

  it('a dangling link: creates the file it points to, and the link stays a link', async () => {
    const link = join(dir, 'link.dwire.json')
    symlinkSync('gone.dwire.json', link)
    await writeFileAtomic(link, 'new')
    expect(lstatSync(link).isSymbolicLink()).toBe(true)
    expect(text(join(dir, 'gone.dwire.json'))).toBe('new')
    expect(readdirSync(dir).sort()).toEqual(['gone.dwire.json', 'link.dwire.json'])
  })

  it('a dangling link into a folder that does not exist: ENOENT, nothing created', async () => {
    const link = join(dir, 'link.dwire.json')
    symlinkSync('nowhere/gone.dwire.json', link)
    await expect(writeFileAtomic(link, 'new')).rejects.toMatchObject({ code: 'ENOENT' })
    expect(readdirSync(dir)).toEqual(['link.dwire.json'])
  })

  it('a loop of links: ELOOP, nothing written', async () => {
    symlinkSync('b', join(dir, 'a'))
    symlinkSync('a', join(dir, 'b'))
    await expect(writeFileAtomic(join(dir, 'a'), 'new')).rejects.toMatchObject({ code: 'ELOOP' })
    expect(readdirSync(dir).sort()).toEqual(['a', 'b'])
  })
})

describe('writeFileAtomic on a hard-linked file', () => {
  it('writes in place: every link sees the new text, the inode and link count stay, no copy is left', async () => {
    const a = join(dir, 'a.dwire.json')
    const b = join(dir, 'b.dwire.json')
    writeFileSync(a, 'the old text, longer than the new one')
    linkSync(a, b)
    const ino = statSync(a).ino
    const written = await writeFileAtomic(a, 'new ∂')
    expect(text(a)).toBe('new ∂')
    expect(text(b)).toBe('new ∂')
    expect(statSync(b).ino).toBe(ino)
    expect(statSync(a).nlink).toBe(2)
    expect(written).toEqual({ size: Buffer.byteLength('new ∂'), mtimeMs: statSync(a).mtimeMs, ino })
    expect(readdirSync(dir).sort()).toEqual(['a.dwire.json', 'b.dwire.json'])
  })

  it('while it writes, the old text waits in a flushed copy beside it that a sweep does not touch', async () => {
    const a = join(dir, 'a.dwire.json')
    writeFileSync(a, 'old')
    linkSync(a, join(dir, 'b.dwire.json'))
    let seen: { files: string[]; swept: string[]; copy: string } | null = null
    const watching: FileSystem = {
      ...nodeFileSystem,
      async open(path, flags, mode) {
        if (path === a && flags === 'r+' && seen === null) {
          const files = readdirSync(dir).sort()
          const copy = files.find((f) => f.startsWith('a.dwire.json.dualwire-backup-')) ?? ''
          seen = { files, swept: await sweepStaleTemps(dir, { olderThanMs: 0 }), copy: text(join(dir, copy)) }
        }
        return nodeFileSystem.open(path, flags, mode)
      },
    }
    await writeFileAtomic(a, 'new', { fs: watching })
    expect(seen).not.toBeNull()
    const { files, swept, copy } = seen!
    expect(files).toHaveLength(3)
    expect(files[0]).toBe('a.dwire.json')
    expect(files[1]).toMatch(/^a\.dwire\.json\.dualwire-backup-[0-9a-f]{12}$/)
    expect(files[2]).toBe('b.dwire.json')
    expect(swept).toEqual([])
    expect(copy).toBe('old')
    expect(readdirSync(dir).sort()).toEqual(['a.dwire.json', 'b.dwire.json'])
  })

  it('a failed copy (a full disk) stops the save before the file is touched, and leaves no half-made copy', async () => {
    const a = join(dir, 'a.dwire.json')
    writeFileSync(a, 'the user\'s work')
    linkSync(a, join(dir, 'b.dwire.json'))
    const full: FileSystem = {
      ...nodeFileSystem,
      async copyFile(_from, to) {
        writeFileSync(to, 'the u') // part of the copy, then the disk is full
        throw fail('ENOSPC')
      },
    }
    await expect(writeFileAtomic(a, 'new', { fs: full })).rejects.toMatchObject({ code: 'ENOSPC' })
    expect(text(a)).toBe('the user\'s work')
    expect(readdirSync(dir).sort()).toEqual(['a.dwire.json', 'b.dwire.json'])
  })

  it('a failed write puts the old text back under every name and removes the copy', async () => {
    const a = join(dir, 'a.dwire.json')
    writeFileSync(a, 'the user\'s work')
    linkSync(a, join(dir, 'b.dwire.json'))
    let writes = 0
    const fullOnce: FileSystem = {
      ...nodeFileSystem,
      async open(path, flags, mode) {
        return handleWith(await nodeFileSystem.open(path, flags, mode), () => path === a && ++writes === 1)
      },
    }
    await expect(writeFileAtomic(a, 'half-written replacement', { fs: fullOnce })).rejects.toMatchObject({ code: 'ENOSPC' })
    expect(writes).toBe(2)
    expect(text(a)).toBe('the user\'s work')
    expect(text(join(dir, 'b.dwire.json'))).toBe('the user\'s work')
    expect(readdirSync(dir).sort()).toEqual(['a.dwire.json', 'b.dwire.json'])
  })

  it('when even putting it back fails, the copy stays and the error says where it is', async () => {
    const a = join(dir, 'a.dwire.json')
    writeFileSync(a, 'the user\'s work')
    linkSync(a, join(dir, 'b.dwire.json'))
    const full: FileSystem = {
      ...nodeFileSystem,
      async open(path, flags, mode) {
        if (path.includes('dualwire-backup') && flags === 'r') throw fail('EIO') // the copy cannot be read back
        return handleWith(await nodeFileSystem.open(path, flags, mode), () => path === a)
      },
    }
    const error = (await writeFileAtomic(a, 'half-written replacement', { fs: full }).catch((e: unknown) => e)) as Error
    const copy = readdirSync(dir).find((f) => f.startsWith('a.dwire.json.dualwire-backup-'))
    expect(copy).toBeDefined()
    expect(text(join(dir, copy!))).toBe('the user\'s work')
    expect(error.message).toBe(`ENOSPC: simulated The text from before this save is in ${join(dir, copy!)}.`)
    expect(text(a)).toBe('half-ser\'s work') // torn, as an in-place write can be: hence the copy
  })
})

describe('writeFileAtomic refuses read-only targets, writing nothing', () => {
  it('a file without write permission: ReadOnlyError (file)', async () => {
    const target = join(dir, 'a.dwire.json')
    writeFileSync(target, 'old')
    chmodSync(target, 0o444)
    const error = await writeFileAtomic(target, 'new').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ReadOnlyError)
    expect(error).toMatchObject({ path: target, what: 'file', message: 'a.dwire.json is read-only.' })
    expect(text(target)).toBe('old')
    expect(readdirSync(dir)).toEqual(['a.dwire.json'])
  })

  it('a folder without write permission: ReadOnlyError (folder), for a new file and an existing one', async () => {
    const existing = join(dir, 'a.dwire.json')
    writeFileSync(existing, 'old')
    chmodSync(dir, 0o555)
    for (const target of [existing, join(dir, 'new.dwire.json')]) {
      const error = await writeFileAtomic(target, 'new').catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ReadOnlyError)
      expect(error).toMatchObject({ path: target, what: 'folder' })
    }
    expect(text(existing)).toBe('old')
    expect(readdirSync(dir)).toEqual(['a.dwire.json'])
  })

  it('a file access() says is not writable, though its mode has write bits (another owner, a read-only mount)', async () => {
    const target = join(dir, 'a.dwire.json')
    writeFileSync(target, 'old', { mode: 0o644 })
    const denied: FileSystem = {
      ...nodeFileSystem,
      async access(path, mode) {
        if (path === target) throw fail('EROFS')
        return nodeFileSystem.access(path, mode)
      },
    }
    await expect(writeFileAtomic(target, 'new', { fs: denied })).rejects.toMatchObject({ what: 'file' })
    expect(text(target)).toBe('old')
  })

  it('a read-only file behind a symlink is refused too, and the link is left alone', async () => {
    const target = join(dir, 'a.dwire.json')
    writeFileSync(target, 'old', { mode: 0o444 })
    symlinkSync('a.dwire.json', join(dir, 'link.dwire.json'))
    await expect(writeFileAtomic(join(dir, 'link.dwire.json'), 'new')).rejects.toMatchObject({ what: 'file' })
    expect(text(target)).toBe('old')
    expect(lstatSync(join(dir, 'link.dwire.json')).isSymbolicLink()).toBe(true)
  })
})

describe('writeFileAtomic with an expected fingerprint', () => {
  it('saves over the file it read, and again with the fingerprint each save returns', async () => {
    const target = join(dir, 'a.dwire.json')
    writeFileSync(target, 'v1')
    const { fingerprint } = await readTextFile(target)
    const second = await writeFileAtomic(target, 'v2, longer', { expected: fingerprint })
    const third = await writeFileAtomic(target, 'v3', { expected: second })
    expect(text(target)).toBe('v3')
    expect(third).toEqual(await fingerprintOf(target))
  })

  it('a file changed since it was read: ConflictError, and the other writer’s text stays', async () => {
    const target = join(dir, 'a.dwire.json')
    writeFileSync(target, 'v1')
    const { fingerprint } = await readTextFile(target)
    writeFileSync(target, 'someone else’s edit')
    const error = await writeFileAtomic(target, 'mine', { expected: fingerprint }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConflictError)
    expect(error).toMatchObject({ path: target, message: 'a.dwire.json changed on disk since it was last opened or saved.' })
    expect(text(target)).toBe('someone else’s edit')
    expect(readdirSync(dir)).toEqual(['a.dwire.json'])
  })

  it('only the modification time changed (same size): a conflict', async () => {
    const target = join(dir, 'a.dwire.json')
    writeFileSync(target, 'v1')
    const { fingerprint } = await readTextFile(target)
    ago(target, 5_000)
    await expect(writeFileAtomic(target, 'mine', { expected: fingerprint })).rejects.toBeInstanceOf(ConflictError)
    expect(text(target)).toBe('v1')
  })

  it('only the inode changed (replaced by a rename, same size and time, as git checkout does): a conflict', async () => {
    const target = join(dir, 'a.dwire.json')
    const time = new Date('2024-05-01T12:00:00Z') // whole seconds: exactly representable by utimes
    writeFileSync(target, 'v1')
    utimesSync(target, time, time)
    const { fingerprint } = await readTextFile(target)
    const other = join(dir, 'other')
    writeFileSync(other, 'v2')
    utimesSync(other, time, time)
    renameSync(other, target)
    const now = (await fingerprintOf(target))!
    expect([now.size, now.mtimeMs]).toEqual([fingerprint.size, fingerprint.mtimeMs])
    expect(now.ino).not.toBe(fingerprint.ino)
    await expect(writeFileAtomic(target, 'mine', { expected: fingerprint })).rejects.toBeInstanceOf(ConflictError)
    expect(text(target)).toBe('v2')
  })

  it('expected null (no file then) and a file there now: a conflict; no file now: written', async () => {
    const target = join(dir, 'a.dwire.json')
    const written = await writeFileAtomic(target, 'mine', { expected: null })
    expect(written).toEqual(await fingerprintOf(target))
    await expect(writeFileAtomic(target, 'again', { expected: null })).rejects.toBeInstanceOf(ConflictError)
    expect(text(target)).toBe('mine')
  })

  it('a file deleted since it was read: a conflict too (the deletion is someone else’s change)', async () => {
    const target = join(dir, 'a.dwire.json')
    writeFileSync(target, 'v1')
    const { fingerprint } = await readTextFile(target)
    unlinkSync(target)
    await expect(writeFileAtomic(target, 'mine', { expected: fingerprint })).rejects.toBeInstanceOf(ConflictError)
    expect(readdirSync(dir)).toEqual([])
  })

  it('is checked on the target of a symlink', async () => {
    const target = join(dir, 'a.dwire.json')
    writeFileSync(target, 'v1')
    symlinkSync('a.dwire.json', join(dir, 'link'))
    const before = (await fingerprintOf(join(dir, 'link')))!
    expect(before).toEqual(await fingerprintOf(target))
    writeFileSync(target, 'v2, changed')
    await expect(writeFileAtomic(join(dir, 'link'), 'mine', { expected: before })).rejects.toBeInstanceOf(ConflictError)
  })
})

describe('stale temp files', () => {
  const temp = (name: string, hex = 'a1b2c3d4e5f6') => `.${name}.${hex}.tmp`

  it('a save removes its target’s temp files older than a minute and nothing else', async () => {
    const keep = [
      temp('a.dwire.json', '000000000001'), // a save of a.dwire.json that may still be running
      temp('b.dwire.json'), // another file's
      '.a.dwire.json.tmp', // not our pattern
      '.a.dwire.json.A1B2C3D4E5F6.tmp',
      '.a.dwire.json.a1b2c3d4e5.tmp',
      'a.dwire.json.dualwire-backup-a1b2c3d4e5f6', // a hard link's old text: for the user to recover
    ]
    for (const name of keep) writeFileSync(join(dir, name), 'x')
    for (const name of keep.slice(1)) ago(join(dir, name), 3_600_000)
    ago(join(dir, keep[0]), 30_000)
    writeFileSync(join(dir, temp('a.dwire.json')), 'torn')
    ago(join(dir, temp('a.dwire.json')), 61_000)
    await writeFileAtomic(join(dir, 'a.dwire.json'), 'new')
    expect(readdirSync(dir).sort()).toEqual([...keep, 'a.dwire.json'].sort())
  })

  it('sweepStaleTemps: by name, by age, returning the paths it removed', async () => {
    for (const name of [temp('a'), temp('b'), temp('a', 'ffffffffffff'), 'plain.tmp']) writeFileSync(join(dir, name), 'x')
    mkdirSync(join(dir, temp('a', '0123456789ab'))) // a folder by that name is not ours
    const now = Date.now() + 10 * 60_000
    expect(await sweepStaleTemps(dir, { name: 'a', olderThanMs: 20 * 60_000, now })).toEqual([])
    expect((await sweepStaleTemps(dir, { name: 'a', now })).sort()).toEqual([join(dir, temp('a')), join(dir, temp('a', 'ffffffffffff'))].sort())
    expect(await sweepStaleTemps(dir, { olderThanMs: 0, now: Date.now() + 1000 })).toEqual([join(dir, temp('b'))])
    expect(readdirSync(dir).sort()).toEqual([temp('a', '0123456789ab'), 'plain.tmp'])
  })

  it('a temp it cannot remove is skipped, and the others are still removed', async () => {
    for (const name of [temp('a', '000000000001'), temp('a', '000000000002')]) writeFileSync(join(dir, name), 'x')
    const stuck = join(dir, temp('a', '000000000001'))
    const partly: FileSystem = {
      ...nodeFileSystem,
      async rm(path, options) {
        if (path === stuck) throw fail('EPERM')
        return nodeFileSystem.rm(path, options)
      },
    }
    // A second ahead: a file's mtime can fall a fraction of a millisecond after Date.now() (one run in many).
    expect(await sweepStaleTemps(dir, { fs: partly, olderThanMs: 0, now: Date.now() + 1000 })).toEqual([join(dir, temp('a', '000000000002'))])
    expect(readdirSync(dir)).toEqual([temp('a', '000000000001')])
  })

  it('a sweep that fails does not fail the save', async () => {
    const unreadable: FileSystem = { ...nodeFileSystem, readdir: async () => { throw fail('EACCES') } }
    await writeFileAtomic(join(dir, 'a.dwire.json'), 'new', { fs: unreadable })
    expect(text(join(dir, 'a.dwire.json'))).toBe('new')
  })
})

describe('fingerprintOf', () => {
  it('is null where there is no file, and size, mtime and inode where there is', async () => {
    expect(await fingerprintOf(join(dir, 'none'))).toBeNull()
    expect(await fingerprintOf(join(dir, 'none', 'deeper'))).toBeNull()
    writeFileSync(join(dir, 'file'), 'four')
    expect(await fingerprintOf(join(dir, 'file', 'under-a-file'))).toBeNull()
    const s = statSync(join(dir, 'file'))
    expect(await fingerprintOf(join(dir, 'file'))).toEqual({ size: 4, mtimeMs: s.mtimeMs, ino: s.ino })
  })
})

describe('readTextFile', () => {
  it('returns path, base name, text and the fingerprint', async () => {
    const path = join(dir, 'Seed example.dwire.json')
    writeFileSync(path, '{"title":"Seed ∂"}')
    const s = statSync(path)
    await expect(readTextFile(path)).resolves.toEqual({
      file: { path, name: 'Seed example.dwire.json', text: '{"title":"Seed ∂"}' },
      fingerprint: { size: 20, mtimeMs: s.mtimeMs, ino: s.ino },
    })
  })

  it('refuses a file over 50 MB with a message naming it and the limit', async () => {
    const path = join(dir, 'huge.dwire.json')
    await fs.writeFile(path, '')
    await fs.truncate(path, MAX_FILE_BYTES + 1) // sparse: no 50 MB actually written
    const error = await readTextFile(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FileTooLargeError)
    expect((error as Error).message).toBe('huge.dwire.json is 50.0 MB; DualWire opens and saves files of at most 50 MB.')
  })

  it('refuses a directory and a missing file', async () => {
    await expect(readTextFile(dir)).rejects.toThrow(/is not a file|EISDIR/)
    await expect(readTextFile(join(dir, 'nope.dwire.json'))).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
