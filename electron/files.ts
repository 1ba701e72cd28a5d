// Reading and writing diagram files for the main process. The file system comes in as a parameter so
// tests can make any step fail and check that the user's old file survives.
import * as nodeFs from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { basename, dirname, join } from 'node:path'
import type { OpenedFile } from './bridge'

/** A diagram this large is far beyond anything the editor can show; refusing it keeps the UI alive. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024

export class FileTooLargeError extends Error {
  constructor(readonly path: string, readonly bytes: number) {
    super(`${basename(path)} is ${(bytes / 1024 / 1024).toFixed(1)} MB; DualWire opens and saves files ` +
      `of at most ${MAX_FILE_BYTES / 1024 / 1024} MB.`)
    this.name = 'FileTooLargeError'
  }
}

export interface FileHandleLike {
  stat(): Promise<{ size: number; isFile(): boolean }>
  readFile(): Promise<Buffer>
  writeFile(data: string, encoding: 'utf8'): Promise<void>
  sync(): Promise<void>
  close(): Promise<void>
}

/** The few calls these functions make; node:fs/promises satisfies it. */
export interface FileSystem {
  open(path: string, flags: string, mode?: number): Promise<FileHandleLike>
  stat(path: string): Promise<{ mode: number }>
  rename(from: string, to: string): Promise<void>
  rm(path: string, options: { force: boolean }): Promise<void>
}

export const nodeFileSystem: FileSystem = nodeFs

/** Reads a text file, checking the size on the open handle so a file swapped in meanwhile is caught too. */
export async function readTextFile(path: string, fs: FileSystem = nodeFileSystem): Promise<OpenedFile> {
  const handle = await fs.open(path, 'r')
  try {
    const info = await handle.stat()
    if (!info.isFile()) throw new Error(`${basename(path)} is not a file.`)
    if (info.size > MAX_FILE_BYTES) throw new FileTooLargeError(path, info.size)
    const bytes = await handle.readFile()
    if (bytes.length > MAX_FILE_BYTES) throw new FileTooLargeError(path, bytes.length)
    return { path, name: basename(path), text: bytes.toString('utf8') }
  } finally {
    await handle.close()
  }
}

/**
 * Replaces `path` with `text` so that a crash or a full disk leaves either the old file or the new one,
 * never a torn mix: the text goes to a temporary file in the same folder (a rename is only atomic within
 * one file system), is flushed to disk, and only then renamed over the target.
 */
export async function writeFileAtomic(path: string, text: string, fs: FileSystem = nodeFileSystem): Promise<void> {
  const bytes = Buffer.byteLength(text, 'utf8')
  if (bytes > MAX_FILE_BYTES) throw new FileTooLargeError(path, bytes)
  // Keep the target's permissions: an atomic save must not quietly make a private file readable.
  const mode = await fs.stat(path).then((s) => s.mode & 0o777, () => 0o666)
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  let handle: FileHandleLike | null = null
  try {
    handle = await fs.open(temp, 'wx', mode) // wx: never write through a file someone else put there
    await handle.writeFile(text, 'utf8')
    await handle.sync()
    await handle.close()
    handle = null
    await fs.rename(temp, path)
  } catch (error) {
    if (handle !== null) await handle.close().catch(() => undefined)
    await fs.rm(temp, { force: true }).catch(() => undefined)
    throw error
  }
  await syncDirectory(dirname(path), fs)
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
