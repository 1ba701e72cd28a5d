// One window and the document in it, as main sees them: its file (documents.ts), its unsaved work and
// backup (keeper.ts), its close guard, and what happens when its page dies or stops answering. Electron's
// window comes in through WindowLike, so tests drive crashes, hangs and closes with a fake.
import type { Backups } from './backups'
import { newBackupId } from './backups'
import type { MenuCommand } from './bridge'
import { CHANNELS } from './bridge'
import { type CloseChoice, createCloseGuard } from './closeGuard'
import { isCommandId } from './commands'
import { createDocumentState, type DocumentDeps, type DocumentState, type Start } from './documents'
import type { FrameLike, Route } from './ipc'
import { createKeeper, type Keeper } from './keeper'

export interface ContentsLike {
  readonly mainFrame: FrameLike
  send(channel: string, ...args: unknown[]): void
  on(event: 'render-process-gone', listener: (event: unknown, details: { reason: string }) => void): unknown
  on(event: 'unresponsive' | 'responsive' | 'did-finish-load', listener: () => void): unknown
  reload(): void
  forcefullyCrashRenderer(): void
}

export interface WindowLike {
  readonly webContents: ContentsLike
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown
  on(event: 'blur' | 'hide' | 'minimize' | 'closed', listener: () => void): unknown
  close(): void
  isDestroyed(): boolean
}

export interface SessionDeps {
  window: WindowLike
  /** The file side of the window: dialogs, reading and writing, the recent list. */
  files: Omit<DocumentDeps, 'start'>
  backups: Backups
  start: Start
  askClose(title: string): Promise<CloseChoice>
  askPageGone(reason: string, keptAt: number | null): Promise<'reload' | 'close'>
  /** Resolves 'wait' by itself when `signal` aborts (the page answered again). */
  askUnresponsive(keptAt: number | null, signal: AbortSignal): Promise<'wait' | 'reload'>
  showError(message: string): Promise<void>
  /** The window title and unsaved marker changed. */
  onState(title: string, dirty: boolean): void
  now(): number
  setTimer(run: () => void, ms: number): unknown
  clearTimer(timer: unknown): void
  log(message: string): void
}

export interface WindowSession {
  readonly route: Route
  readonly documents: DocumentState
  send(command: MenuCommand): void
  /** File › Open Recent › path: the page asks about unsaved changes, then opens it. */
  openRecent(path: string): void
}

/** How long main waits after the page's last change before writing the backup. */
export const BACKUP_DELAY_MS = 1000

export function createWindowSession(deps: SessionDeps): WindowSession {
  const { window: win } = deps
  const contents = win.webContents
  let title = 'Untitled'
  let dirty = false
  let pageAlive = true
  let closing = false
  let reloadOnGone = false
  let started: Start = deps.start

  const documents = createDocumentState({ ...deps.files, start: deps.start })
  const makeKeeper = (): Keeper =>
    createKeeper({
      backups: deps.backups,
      id: newBackupId(),
      describe: () => {
        const path = documents.currentPath()
        return { name: path === null ? null : path.split(/[\\/]/).pop() ?? path, title, path, fingerprint: documents.currentFingerprint() }
      },
      delayMs: BACKUP_DELAY_MS,
      now: deps.now,
      setTimer: deps.setTimer,
      clearTimer: deps.clearTimer,
      onWriteError: (error) => {
        deps.log(`could not write a backup: ${String(error)}`)
        void deps.showError(`DualWire could not back up this window's unsaved changes.\n${error instanceof Error ? error.message : String(error)}\nSave your work to keep it safe.`)
      },
    })
  let keeper = makeKeeper()

  const send = (command: MenuCommand): void => {
    // Only what the command table names ever travels: the type says so, this says so at run time too.
    if (!isCommandId(command)) return
    if (!win.isDestroyed()) contents.send(CHANNELS.command, command)
  }

  const guard = createCloseGuard({
    isDirty: () => dirty,
    ask: () => deps.askClose(title),
    pageAlive: () => pageAlive,
    send,
    async saveKept() {
      const kept = keeper.latest()
      if (kept === null) {
        await deps.showError('DualWire cannot save this diagram: its page stopped before it sent its unsaved changes. Choose Don’t Save to close the window.')
        return false
      }
      const saved = await documents.handlers.save(kept.text)
      if (saved !== null) {
        dirty = false
        await keeper.update(null)
      }
      return saved !== null
    },
    discard: () => void keeper.update(null),
    close: () => {
      closing = true
      win.close()
    },
  })

  /** The page comes back with its unsaved work, or its file, or as it starts. */
  function reload(): void {
    const kept = keeper.latest()
    const path = documents.currentPath()
    started = kept !== null
      ? { kind: 'backup', backup: { id: keeper.id, name: null, title, path, fingerprint: documents.currentFingerprint(), savedAt: kept.at, text: kept.text } }
      : path !== null ? { kind: 'file', path } : null
    documents.restart(started)
    contents.reload()
  }

  win.on('close', (event) => guard.onClose(event))
  win.on('closed', () => void keeper.flush())
  for (const hidden of ['blur', 'hide', 'minimize'] as const) win.on(hidden, () => void keeper.flush())

  contents.on('render-process-gone', (_event, details) => {
    pageAlive = false
    void keeper.flush()
    guard.onPageLost()
    if (reloadOnGone) {
      reloadOnGone = false
      reload()
      return
    }
    if (closing || win.isDestroyed()) return
    void deps.askPageGone(details.reason, keeper.latest()?.at ?? null).then((choice) => {
      if (win.isDestroyed()) return
      if (choice === 'reload') reload()
      else win.close()
    })
  })
  contents.on('did-finish-load', () => {
    pageAlive = true
  })

  let unanswered: AbortController | null = null
  contents.on('unresponsive', () => {
    if (unanswered !== null) return
    pageAlive = false
    void keeper.flush()
    guard.onPageLost()
    const controller = new AbortController()
    unanswered = controller
    void deps.askUnresponsive(keeper.latest()?.at ?? null, controller.signal).then((choice) => {
      unanswered = null
      if (choice === 'reload' && !win.isDestroyed()) {
        reloadOnGone = true
        contents.forcefullyCrashRenderer()
      }
    })
  })
  contents.on('responsive', () => {
    pageAlive = true
    unanswered?.abort()
  })

  const route: Route = {
    trusted: { contents, mainFrame: contents.mainFrame },
    invoke: documents.handlers,
    send: {
      setDocumentState(state) {
        title = state.title
        dirty = state.dirty
        deps.onState(state.title, state.dirty)
      },
      closeAfterSave: (saved) => guard.onSaveResult(saved),
      newDocument: () => documents.forgetCurrentPath(),
      restoreResult(opened) {
        const s = started
        started = null
        if (s?.kind !== 'backup') return
        if (opened) {
          keeper.adopt(s.backup.id)
          return
        }
        // The page could not open it: it keeps its backup, and nothing this window does later may
        // replace or remove that file. The window backs up to a fresh one from now on.
        documents.forgetCurrentPath()
        keeper = makeKeeper()
      },
      openResult: (opened) => void documents.openResult(opened),
      backup: (text) => void keeper.update(text),
    },
  }

  const openRecent = (path: string): void => {
    if (!win.isDestroyed()) contents.send(CHANNELS.openRecentCommand, path)
  }
  return { route, documents, send, openRecent }
}
