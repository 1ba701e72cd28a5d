import * as fs from 'node:fs/promises'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  type FileHandleLike, type FileSystem, FileTooLargeError, MAX_FILE_BYTES, nodeFileSystem, readTextFile, writeFileAtomic,
} from '../../electron/files'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dualwire-files-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** The real file system with one step replaced, to fail a save part-way. */
function failing(step: 'write' | 'sync' | 'rename'): FileSystem {
  return {
    ...nodeFileSystem,
    async open(path, flags, mode) {
      const handle = await nodeFileSystem.open(path, flags, mode)
      const broken: FileHandleLike = {
        stat: () => handle.stat(),
        readFile: () => handle.readFile(),
        async writeFile(data, encoding) {
          if (step === 'write') {
            await handle.writeFile(data.slice(0, 5), encoding) // a torn write, then the disk is full
            throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })
          }
          return handle.writeFile(data, encoding)
        },
        async sync() {
          if (step === 'sync') throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' })
          return handle.sync()
        },
        close: () => handle.close(),
      }
      return broken
    },
    async rename(from, to) {
      if (step === 'rename') throw Object.assign(new Error('EXDEV: cross-device link'), { code: 'EXDEV' })
      return fs.rename(from, to)
    },
  }
}

describe('writeFileAtomic', () => {
  it('creates a new file with the text', async () => {
    const target = join(dir, 'new.dwire.json')
    await writeFileAtomic(target, '{"format":"dualwire-diagram"}\n')
    expect(readFileSync(target, 'utf8')).toBe('{"format":"dualwire-diagram"}\n')
    expect(readdirSync(dir)).toEqual(['new.dwire.json'])
  })

  it('replaces an existing file and leaves no temporary file behind', async () => {
    const target = join(dir, 'a.dwire.json')
    writeFileSync(target, 'old contents that are longer than the new ones')
    await writeFileAtomic(target, 'new ∂ text')
    expect(readFileSync(target, 'utf8')).toBe('new ∂ text')
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
    await expect(writeFileAtomic(target, 'half-written replacement', failing(step))).rejects.toThrow(/ENOSPC|EIO|EXDEV/)
    expect(readFileSync(target, 'utf8')).toBe('the user\'s work')
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
})

describe('readTextFile', () => {
  it('returns path, base name and text', async () => {
    const path = join(dir, 'Seed example.dwire.json')
    writeFileSync(path, '{"title":"Seed ∂"}')
    await expect(readTextFile(path)).resolves.toEqual({ path, name: 'Seed example.dwire.json', text: '{"title":"Seed ∂"}' })
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
