// Backups of unsaved work, kept by the main process in userData/backups: one file per window whose
// document has unsaved changes, written atomically. A backup goes only when its work is safe some other
// way (the document was saved) or the user said to discard it; whatever a crash leaves behind is offered
// at the next start. The folder is reached through BackupDisk, so tests can fail any step.
import type { Fingerprint } from './files'

export interface Backup {
  id: string
  /** The file's base name, or null for a document never saved. */
  name: string | null
  title: string
  /** The file the document was opened from or last saved to, so a restored document saves there again. */
  path: string | null
  /** That file as it was when opened or saved: a restored document notices if it changed since. */
  fingerprint: Fingerprint | null
  /** When the backup was written (ms since the epoch). */
  savedAt: number
  text: string
}

export interface BackupDisk {
  /** File names in the backups folder (none when it does not exist yet). */
  list(): Promise<string[]>
  read(name: string): Promise<string>
  /** Atomic: a crash leaves the old backup or the new one. */
  write(name: string, text: string): Promise<void>
  remove(name: string): Promise<void>
}

export interface BackupDeps {
  disk: BackupDisk
  now(): number
  log(message: string): void
}

export interface Backups {
  write(backup: Omit<Backup, 'savedAt'>): Promise<void>
  remove(id: string): Promise<void>
  /**
   * What earlier runs left behind, newest first (asked once, at start: DualWire runs as a single instance,
   * so no other process is writing here). Unreadable files are logged and left alone.
   */
  orphans(): Promise<Backup[]>
}

const FORMAT = 'dualwire-backup'
const ID = /^[a-z0-9-]{1,64}$/
const fileName = (id: string) => `${id}.json`

export function newBackupId(random: () => number = Math.random): string {
  return `${Date.now().toString(36)}-${Math.floor(random() * 2 ** 48).toString(36)}`
}

function parse(text: string): Backup | null {
  let v: Record<string, unknown>
  try {
    v = JSON.parse(text) as Record<string, unknown>
  } catch {
    return null
  }
  if (v?.format !== FORMAT || v.version !== 1) return null
  const str = (x: unknown) => typeof x === 'string'
  const fp = v.fingerprint as Record<string, unknown> | null
  const fingerprintOk = fp === null || (typeof fp === 'object' && ['size', 'mtimeMs', 'ino'].every((k) => typeof fp[k] === 'number'))
  if (!str(v.id) || !ID.test(v.id as string) || !str(v.text) || !str(v.title) || !(v.name === null || str(v.name)) ||
    !(v.path === null || str(v.path)) || !fingerprintOk || typeof v.savedAt !== 'number') return null
  return {
    id: v.id as string, name: v.name as string | null, title: v.title as string, path: v.path as string | null,
    fingerprint: fp as Fingerprint | null, savedAt: v.savedAt, text: v.text as string,
  }
}

export function createBackups(deps: BackupDeps): Backups {
  // One chain per backup, so that a slow write is never overtaken by the one after it, nor a removal by
  // the write before it.
  const chains = new Map<string, Promise<void>>()
  const queue = (id: string, step: () => Promise<void>): Promise<void> => {
    const next = (chains.get(id) ?? Promise.resolve()).then(step)
    const settled = next.catch(() => undefined)
    chains.set(id, settled)
    void settled.then(() => chains.get(id) === settled && chains.delete(id))
    return next
  }

  return {
    write(b) {
      if (!ID.test(b.id)) return Promise.reject(new Error(`not a backup id: ${b.id.slice(0, 80)}`))
      const record = { format: FORMAT, version: 1, ...b, savedAt: deps.now() }
      return queue(b.id, () => deps.disk.write(fileName(b.id), `${JSON.stringify(record)}\n`))
    },
    remove(id) {
      if (!ID.test(id)) return Promise.resolve()
      return queue(id, () => deps.disk.remove(fileName(id)))
    },
    async orphans() {
      const found: Backup[] = []
      for (const name of await deps.disk.list()) {
        if (!name.endsWith('.json') || !ID.test(name.slice(0, -5))) continue
        let text: string
        try {
          text = await deps.disk.read(name)
        } catch (error) {
          deps.log(`could not read the backup ${name}: ${String(error)}`)
          continue
        }
        const b = parse(text)
        if (b === null || `${b.id}.json` !== name) {
          deps.log(`the backup ${name} is damaged; it is left where it is`)
          continue
        }
        found.push(b)
      }
      return found.sort((a, b) => b.savedAt - a.savedAt)
    },
  }
}
