// One window's unsaved work, as main holds it: the page sends its document text whenever it has unsaved
// changes (null when it has none), main keeps the latest in memory, so a dead page can still be saved, and
// writes it as the window's backup on a debounce and whenever the window hides. The backup goes only when
// the page says the work is safe (saved) or the user discards it.
import type { Backups } from './backups'
import type { Fingerprint } from './files'

export interface KeeperDeps {
  backups: Backups
  /** This window's backup id. */
  id: string
  /** The document's file as it stands when a backup is written. */
  describe(): { name: string | null; title: string; path: string | null; fingerprint: Fingerprint | null }
  delayMs: number
  now(): number
  setTimer(run: () => void, ms: number): unknown
  clearTimer(timer: unknown): void
  /** A backup could not be written: said once until a write succeeds again. */
  onWriteError(error: unknown): void
}

export interface Keeper {
  /** The backup this keeper writes. */
  readonly id: string
  /** The page's latest text; null: it has no unsaved changes (saved, or discarded by the user). */
  update(text: string | null): Promise<void>
  /** Writes the pending backup now: the window hides, or its page died. */
  flush(): Promise<void>
  /**
   * A backup of an earlier run whose work this window now holds: it goes once this window's own backup is
   * on disk, or once the work is saved or discarded.
   */
  adopt(id: string): void
  /** The latest text main holds, and when it arrived. */
  latest(): { text: string; at: number } | null
}

export function createKeeper(deps: KeeperDeps): Keeper {
  let latest: { text: string; at: number } | null = null
  let timer: unknown = null
  let failing = false
  let adopted: string[] = []

  const dropAdopted = async () => {
    const gone = adopted
    adopted = []
    await Promise.all(gone.map((id) => deps.backups.remove(id)))
  }

  async function write(): Promise<void> {
    if (timer !== null) deps.clearTimer(timer)
    timer = null
    const work = latest
    if (work === null) return
    try {
      await deps.backups.write({ id: deps.id, ...deps.describe(), text: work.text })
      failing = false
      await dropAdopted()
    } catch (error) {
      if (!failing) deps.onWriteError(error)
      failing = true
    }
  }

  return {
    id: deps.id,
    async update(text) {
      if (text === null) {
        if (timer !== null) deps.clearTimer(timer)
        timer = null
        latest = null
        // Queued behind any write still under way, so that write cannot bring the backup back.
        await Promise.all([deps.backups.remove(deps.id), dropAdopted()])
        return
      }
      latest = { text, at: deps.now() }
      if (timer === null) timer = deps.setTimer(() => void write(), deps.delayMs)
    },
    flush: () => (timer !== null ? write() : Promise.resolve()),
    adopt(id) {
      if (id !== deps.id) adopted.push(id)
    },
    latest: () => latest,
  }
}
