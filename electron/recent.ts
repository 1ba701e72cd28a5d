// The recent-files list, kept in userData/recent.json. It is also the only way besides a dialog that a
// path gets to the main process's file reader: `openRecent` refuses anything not on this list.
import { resolve } from 'node:path'

export const MAX_RECENT = 10

export interface RecentFilesDeps {
  /** The JSON file the list lives in. */
  file: string
  exists(path: string): boolean
  /** The file's text, or null when it cannot be read (first start, permissions). */
  readText(path: string): string | null
  writeText(path: string, text: string): Promise<void>
  /** Called after every change, e.g. to rebuild the Open Recent menu. */
  onChange?(list: readonly string[]): void
  log?(message: string): void
}

export interface RecentFiles {
  /** Most recent first; files deleted since they were added are left out. */
  list(): string[]
  has(path: string): boolean
  add(path: string): Promise<void>
  remove(path: string): Promise<void>
  clear(): Promise<void>
}

/** Puts `path` first, once, and keeps at most MAX_RECENT entries. */
export function withRecent(list: readonly string[], path: string): string[] {
  const key = resolve(path)
  return [key, ...list.filter((p) => p !== key)].slice(0, MAX_RECENT)
}

/** Anything but an array of strings (a hand edit, a torn write by an older version) reads as empty. */
export function parseRecent(text: string | null, exists: (path: string) => boolean): string[] {
  if (text === null) return []
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return []
  }
  if (!Array.isArray(data)) return []
  const paths = data.filter((p): p is string => typeof p === 'string' && p.length > 0 && !p.includes('\0'))
  return paths.filter(exists).reduceRight<string[]>((acc, p) => withRecent(acc, p), [])
}

export function createRecentFiles(deps: RecentFilesDeps): RecentFiles {
  let entries = parseRecent(deps.readText(deps.file), deps.exists)
  // Writes are chained so that two quick changes land on disk in the order they were made.
  let pending: Promise<void> = Promise.resolve()

  function change(next: string[]): Promise<void> {
    entries = next
    deps.onChange?.(entries.slice())
    const text = JSON.stringify(entries, null, 2) + '\n'
    pending = pending.then(() => deps.writeText(deps.file, text)).catch((error: unknown) => {
      // The list is a convenience; failing to store it must not fail the open or save that changed it.
      deps.log?.(`could not store the recent files list: ${String(error)}`)
    })
    return pending
  }

  return {
    list: () => entries.filter(deps.exists),
    has: (path) => entries.includes(resolve(path)),
    add: (path) => change(withRecent(entries, path)),
    remove: (path) => change(entries.filter((p) => p !== resolve(path))),
    clear: () => change([]),
  }
}
