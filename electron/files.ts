// Reading and writing files: the one writer both the Electron main process and the `dualwire` CLI use,
// which is why nothing here may import Electron. The file system comes in as a parameter so tests can
// make any step fail and check that the user's old file survives.
import * as nodeFs from 'node:fs/promises'
import { constants } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { basename, dirname, join, resolve } from 'node:path'
import type { OpenedFile } from './bridge'

/** A diagram this large is far beyond anything the editor can show; refusing it keeps the UI alive. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024

/** A temp file older than this belongs to a writer that died: no live save stays this long between its writes. */
export const STALE_TEMP_MS = 60_000

export class FileTooLargeError extends Error {
  constructor(readonly path: string, readonly bytes: number) {
    super(`${basename(path)} is ${(bytes / 1024 / 1024).toFixed(1)} MB; DualWire opens and saves files ` +
      `of at most ${MAX_FILE_BYTES / 1024 / 1024} MB.`)
    this.name = 'FileTooLargeError'
  }
}

/** The file changed on disk (another editor, a `git pull`) since the writer last read or wrote it. */
export class ConflictError extends Error {
  constructor(readonly path: string) {
    super(`${basename(path)} changed on disk since it was last opened or saved.`)
    this.name = 'ConflictError'
  }
}

export class ReadOnlyError extends Error {
  constructor(readonly path: string, readonly what: 'file' | 'folder') {
    super(what === 'file' ? `${basename(path)} is read-only.` : `The folder ${basename(path)} is in is read-only.`)
    this.name = 'ReadOnlyError'
  }
}

/** What tells a file apart from the same path after someone else wrote it: a rename changes ino, an edit size or mtime. */
export interface Fingerprint {
  size: number
  mtimeMs: number
  ino: number
}

export interface FileStats extends Fingerprint {
  mode: number
  nlink: number
  isFile(): boolean
  isDirectory(): boolean
  isSymbolicLink(): boolean
}

export interface FileHandleLike {
  stat(): Promise<FileStats>
  readFile(): Promise<Buffer>
  writeFile(data: string | Uint8Array, encoding?: 'utf8'): Promise<void>
  truncate(length: number): Promise<void>
  sync(): Promise<void>
  close(): Promise<void>
}

/** The few calls these functions make; node:fs/promises satisfies it. */
export interface FileSystem {
  open(path: string, flags: string, mode?: number): Promise<FileHandleLike>
  stat(path: string): Promise<FileStats>
  lstat(path: string): Promise<FileStats>
  readlink(path: string): Promise<string>
  realpath(path: string): Promise<string>
  access(path: string, mode?: number): Promise<void>
  readdir(path: string): Promise<string[]>
  copyFile(from: string, to: string, mode?: number): Promise<void>
  rename(from: string, to: string): Promise<void>
  rm(path: string, options: { force: boolean }): Promise<void>
}

export const nodeFileSystem: FileSystem = nodeFs

export interface WriteOptions {
  fs?: FileSystem
  /** The file when last read or written; null: it did not exist then. Omitted: overwrite whatever is there. */
  expected?: Fingerprint | null
}

const errorCode = (error: unknown): unknown => (error as NodeJS.ErrnoException | null)?.code

const fingerprint = (s: Fingerprint): Fingerprint => ({ size: s.size, mtimeMs: s.mtimeMs, ino: s.ino })

const same = (a: Fingerprint | null, b: Fingerprint | null): boolean =>
  a === null || b === null ? a === b : a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino

/** Stats following links; null when nothing is there (ENOTDIR: a path component is a file, so no file either). */
async function statOrNull(path: string, fs: FileSystem): Promise<FileStats | null> {
  try {
    return await fs.stat(path)
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return null
    throw error
  }
}

/** null: there is no file at path. */
export async function fingerprintOf(path: string, fs: FileSystem = nodeFileSystem): Promise<Fingerprint | null> {
  const s = await statOrNull(path, fs)
  return s === null ? null : fingerprint(s)
}

/** Reads a text file, checking the size on the open handle so a file swapped in meanwhile is caught too. */
export async function readTextFile(path: string, fs: FileSystem = nodeFileSystem): Promise<{ file: OpenedFile; fingerprint: Fingerprint }> {
  const handle = await fs.open(path, 'r')
  try {
    // Taken before reading: if the file changes during the read, the next save sees a different file and
    // reports a conflict instead of trusting a text that may be torn.
    const info = await handle.stat()
    if (!info.isFile()) throw new Error(`${basename(path)} is not a file.`)
    if (info.size > MAX_FILE_BYTES) throw new FileTooLargeError(path, info.size)
    const bytes = await handle.readFile()
    if (bytes.length > MAX_FILE_BYTES) throw new FileTooLargeError(path, bytes.length)
    return { file: { path, name: basename(path), text: bytes.toString('utf8') }, fingerprint: fingerprint(info) }
  } finally {
    await handle.close()
  }
}

/**
 * The file a save of `path` must change: a symlink is followed (a chain of them too) so the link stays a
 * link. A dangling link yields its target, which the save then creates: the link was made to point there,
 * and writing through it is what a shell's `>` does too.
 */
async function resolveLinks(path: string, fs: FileSystem): Promise<string> {
  let current = path
  for (let hops = 0; hops <= 40; hops++) {
    let info: FileStats
    try {
      info = await fs.lstat(current)
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return current
      throw error
    }
    if (!info.isSymbolicLink()) return current
    // Relative to the folder the link is really in: `..` in a link inside a linked folder means the real parent.
    current = resolve(await fs.realpath(dirname(current)), await fs.readlink(current))
  }
  throw Object.assign(new Error(`${basename(path)}: too many levels of symbolic links.`), { code: 'ELOOP' })
}

/** Root passes every access() check, so a path with no write bit at all counts as read-only as well. */
async function readOnly(path: string, mode: number, fs: FileSystem): Promise<boolean> {
  if ((mode & 0o222) === 0) return true
  try {
    await fs.access(path, constants.W_OK)
    return false
  } catch (error) {
    return ['EACCES', 'EPERM', 'EROFS'].includes(errorCode(error) as string)
  }
}

// Temp files are `.<name>.<12 hex digits>.tmp` beside their target; nothing else is ever swept.
const TEMP = /^\.(.+)\.[0-9a-f]{12}\.tmp$/
const tempPath = (target: string) => join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`)
// The copy a hard-linked file's old text waits in; deliberately outside TEMP, so a sweep never takes it.
const backupPath = (target: string) => join(dirname(target), `${basename(target)}.dualwire-backup-${randomBytes(6).toString('hex')}`)

/** Removes temp files of our own naming pattern in dir (optionally only those of one file name) older than olderThanMs; returns what it removed. */
export async function sweepStaleTemps(
  dir: string,
  options: { fs?: FileSystem; name?: string; olderThanMs?: number; now?: number } = {},
): Promise<string[]> {
  const { fs = nodeFileSystem, name, olderThanMs = STALE_TEMP_MS, now = Date.now() } = options
  const removed: string[] = []
  for (const entry of await fs.readdir(dir)) {
    const match = TEMP.exec(entry)
    if (match === null || (name !== undefined && match[1] !== name)) continue
    const path = join(dir, entry)
    const info = await fs.lstat(path).catch(() => null)
    if (info === null || !info.isFile() || now - info.mtimeMs < olderThanMs) continue
    // One temp that cannot be removed (another owner) must not keep the others.
    if (await fs.rm(path, { force: true }).then(() => true, () => false)) removed.push(path)
  }
  return removed
}

/**
 * Writes `text` to `path` and returns the file's new fingerprint.
 *
 * Refused before anything is written: text over MAX_FILE_BYTES, a folder, a read-only file or folder
 * (ReadOnlyError), and, when `expected` is given, a file that is no longer the one expected (ConflictError).
 * The check and the write are separate steps, so a change in the milliseconds between them goes unseen.
 *
 * A symlink's target is written and the link left alone. A hard-linked file is written in place (see
 * writeInPlace); every other file is replaced atomically (see replaceAtomically). Temp files of this target
 * that a killed writer left behind are swept first.
 */
export async function writeFileAtomic(path: string, text: string, options: WriteOptions = {}): Promise<Fingerprint> {
  const fs = options.fs ?? nodeFileSystem
  const bytes = Buffer.byteLength(text, 'utf8')
  if (bytes > MAX_FILE_BYTES) throw new FileTooLargeError(path, bytes)
  const target = await resolveLinks(path, fs)
  const existing = await statOrNull(target, fs)
  if (existing?.isDirectory()) throw Object.assign(new Error(`${basename(path)} is a folder.`), { code: 'EISDIR' })
  if (existing !== null && !existing.isFile()) throw new Error(`${basename(path)} is not a regular file.`)
  if (options.expected !== undefined && !same(existing === null ? null : fingerprint(existing), options.expected)) {
    throw new ConflictError(path)
  }
  if (existing !== null && (await readOnly(target, existing.mode, fs))) throw new ReadOnlyError(path, 'file')
  const folder = dirname(target)
  const folderInfo = await statOrNull(folder, fs)
  if (folderInfo !== null && (await readOnly(folder, folderInfo.mode, fs))) throw new ReadOnlyError(path, 'folder')
  // A failed sweep must not fail the save it precedes; the next save tries again.
  await sweepStaleTemps(folder, { fs, name: basename(target) }).catch(() => undefined)
  if (existing !== null && existing.nlink > 1) await writeInPlace(target, text, fs)
  // Keep the target's permissions: an atomic save must not quietly make a private file readable.
  else await replaceAtomically(target, text, existing === null ? 0o666 : existing.mode & 0o777, fs)
  return fingerprint(await fs.stat(target))
}

/**
 * Replaces `target` so that a crash or a full disk leaves either the old file or the new one, never a torn
 * mix: the text goes to a temp file in the same folder (a rename is only atomic within one file system), is
 * flushed to disk, and only then renamed over the target.
 */
async function replaceAtomically(target: string, text: string, mode: number, fs: FileSystem): Promise<void> {
  const temp = tempPath(target)
  let handle: FileHandleLike | null = null
  try {
    handle = await fs.open(temp, 'wx', mode) // wx: never write through a file someone else put there
    await handle.writeFile(text, 'utf8')
    await handle.sync()
    await handle.close()
    handle = null
    await fs.rename(temp, target)
  } catch (error) {
    if (handle !== null) await handle.close().catch(() => undefined)
    await fs.rm(temp, { force: true }).catch(() => undefined)
    throw error
  }
  await syncDirectory(dirname(target), fs)
}

/**
 * A rename would give this name a new file and leave the other hard links with the old text, so a
 * hard-linked file is overwritten in place. That is not atomic: a crash mid-write leaves a torn file under
 * every name. The old text is therefore first copied, flushed, beside it (`<name>.dualwire-backup-<hex>`,
 * a name the sweep never removes), and the copy is deleted only once the new text is on disk. A failed
 * write puts the old text back; if even that fails, the error says where the copy is.
 */
async function writeInPlace(target: string, text: string, fs: FileSystem): Promise<void> {
  const backup = backupPath(target)
  try {
    await fs.copyFile(target, backup, constants.COPYFILE_EXCL)
    await syncFile(backup, fs)
    await syncDirectory(dirname(target), fs)
  } catch (error) {
    // Nothing has touched the target yet; a half-made copy is only clutter.
    await fs.rm(backup, { force: true }).catch(() => undefined)
    throw error
  }
  try {
    await overwrite(target, text, fs)
  } catch (error) {
    const restored = await fs.open(backup, 'r')
      .then(async (h) => { try { return await h.readFile() } finally { await h.close() } })
      .then((old) => overwrite(target, old, fs))
      .then(() => true, () => false)
    if (!restored) {
      if (error instanceof Error) error.message += ` The text from before this save is in ${backup}.`
      throw error
    }
    await fs.rm(backup, { force: true }).catch(() => undefined)
    throw error
  }
  await fs.rm(backup, { force: true })
}

async function overwrite(path: string, data: string | Uint8Array, fs: FileSystem): Promise<void> {
  const handle = await fs.open(path, 'r+')
  try {
    // A fresh handle writes from offset 0; the truncate drops the old text's tail when the new one is shorter.
    await handle.writeFile(data, 'utf8')
    await handle.truncate(typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.length)
    await handle.sync()
  } finally {
    await handle.close()
  }
}

async function syncFile(path: string, fs: FileSystem): Promise<void> {
  const handle = await fs.open(path, 'r+')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Makes the rename itself durable. Windows cannot open a directory for this, and nothing is lost there. */
async function syncDirectory(dir: string, fs: FileSystem): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    // The file is already in place; a directory that cannot be flushed does not make the save fail.
  }
}
