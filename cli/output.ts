// The file a command writes (-o): through the app's own writer, never over the command's input, and never
// over a change someone made while the command ran unless --force says so.
import { realpath, stat } from 'node:fs/promises'
import { ConflictError, FileTooLargeError, type Fingerprint, fingerprintOf, ReadOnlyError, writeFileAtomic } from '../electron/files'
import { type Args, option, UsageError } from './args'

export interface OutputFile {
  path: string
  /** The file as the command found it when it started; undefined with --force: overwrite whatever is there. */
  expected: Fingerprint | null | undefined
}

const REASONS = new Map([
  ['ENOENT', 'no such folder'],
  ['ENOTDIR', 'a part of the path is not a folder'],
  ['EISDIR', 'it is a folder'],
  ['EACCES', 'permission denied'],
  ['EPERM', 'permission denied'],
  ['EROFS', 'the file system is read-only'],
  ['ELOOP', 'too many levels of symbolic links'],
  ['ENAMETOOLONG', 'the name is too long'],
  ['ENOSPC', 'no space left on the device'],
])

function cannotWrite(path: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code
  const why = (code !== undefined && REASONS.get(code)) || (error as Error).message
  return new UsageError(`${path}: cannot write: ${why}`)
}

/** Both name one file: the same real path, or (a hard link) the same device and inode. */
async function sameFile(a: string, b: string): Promise<boolean> {
  const [ra, rb] = await Promise.all([realpath(a).catch(() => null), realpath(b).catch(() => null)])
  if (ra !== null && ra === rb) return true
  const [sa, sb] = await Promise.all([stat(a).catch(() => null), stat(b).catch(() => null)])
  return sa !== null && sb !== null && sa.dev === sb.dev && sa.ino === sb.ino
}

/**
 * Called first thing by a command that writes: the -o file's fingerprint now, so that a change made while the
 * command computes is caught at the write. Writing over the input is refused here, --force or not: the
 * input would be gone before anyone could compare the two.
 */
export async function startOutput(args: Args): Promise<OutputFile | undefined> {
  const path = option(args, 'out')
  if (path === undefined) return undefined
  if (args.file !== undefined && (await sameFile(args.file, path))) {
    throw new UsageError(`${path}: cannot write: it is the input file${path === args.file ? '' : ` ${args.file}`}`)
  }
  let found: Fingerprint | null
  try {
    found = await fingerprintOf(path)
  } catch (error) {
    throw cannotWrite(path, error)
  }
  return { path, expected: args.flags.has('force') ? undefined : found }
}

export async function writeOutput(out: OutputFile, text: string): Promise<void> {
  try {
    await writeFileAtomic(out.path, text, { expected: out.expected })
  } catch (error) {
    if (error instanceof ConflictError) throw new UsageError(`${out.path}: changed on disk while dualwire ran; use --force to overwrite`)
    if (error instanceof ReadOnlyError) throw new UsageError(`${out.path}: cannot write: the ${error.what} is read-only`)
    if (error instanceof FileTooLargeError) throw new UsageError(`${out.path}: cannot write: ${error.message}`)
    throw cannotWrite(out.path, error)
  }
}
