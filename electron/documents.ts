// What the bridge's file calls do, for one window. Paths come only from the dialogs, the recent list or
// the command line; the renderer hands over text and receives names. Errors are shown here, as dialogs,
// and turn into `null` ("nothing happened") for the renderer, which keeps its document unsaved.
import { basename, resolve } from 'node:path'
import type { Backup } from './backups'
import type { OpenedFile, RestoredDocument, SavedFile } from './bridge'
import { ConflictError, type Fingerprint, ReadOnlyError } from './files'
import type { InvokeHandlers } from './ipc'
import type { RecentFiles } from './recent'

export type SaveKind = 'diagram' | 'module'

/** What a window shows first: a file (named on the command line), a backup of unsaved work, or neither. */
export type Start = { kind: 'file'; path: string } | { kind: 'backup'; backup: Backup } | null

export interface DocumentDeps {
  /** The open dialog; null when cancelled. */
  chooseOpenPath(): Promise<string | null>
  /** The save dialog, starting at `suggestedName`; null when cancelled. */
  chooseSavePath(suggestedName: string, kind: SaveKind): Promise<string | null>
  showError(message: string): Promise<void>
  /** The file changed on disk since it was opened or saved: write over it, save elsewhere, or neither. */
  askConflict(name: string): Promise<'overwrite' | 'save-as' | 'cancel'>
  /** The file or its folder cannot be written: save elsewhere, or not at all. */
  askReadOnly(name: string, what: 'file' | 'folder'): Promise<'save-as' | 'cancel'>
  read(path: string): Promise<{ file: OpenedFile; fingerprint: Fingerprint }>
  /** Atomic; refuses with ConflictError when `expected` is given and the file is no longer that. */
  write(path: string, text: string, expected?: Fingerprint | null): Promise<Fingerprint>
  recent: RecentFiles
  /** What initialFile() offers, once. */
  start: Start
}

export interface DocumentState {
  readonly handlers: InvokeHandlers
  /** The window's file, where save() writes without asking; null for a new document. */
  currentPath(): string | null
  /** The file as it was when last read or written here. */
  currentFingerprint(): Fingerprint | null
  forgetCurrentPath(): void
  /** The page loaded the file read last (or could not): only a loaded one becomes current and recent. */
  openResult(opened: boolean): Promise<void>
  /** What the next initialFile() offers: the page is reloading after it died. */
  restart(start: Start): void
}

/** A name the dialog can start from: no folders (the dialog chooses those), no characters file systems refuse. */
export function safeFileName(suggested: string, fallback: string): string {
  const cleaned = basename(suggested.replace(/\\/g, '/')).replace(/[<>:"|?*\u0000-\u001f]/g, '_').trim()
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? fallback : cleaned
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export function createDocumentState(deps: DocumentDeps): DocumentState {
  let current: { path: string; fingerprint: Fingerprint | null } | null = null
  /** The file read last, until the page says whether it loaded: one that did not must not be saved over. */
  let read: { path: string; fingerprint: Fingerprint | null } | null = null
  let start = deps.start

  async function open(path: string): Promise<OpenedFile | null> {
    try {
      const { file, fingerprint } = await deps.read(path)
      read = { path: file.path, fingerprint }
      return file
    } catch (error) {
      await deps.showError(`Could not open ${basename(path)}.\n${errorMessage(error)}`)
      return null
    }
  }

  /**
   * Writes and makes `path` the window's file. `expected` guards a file written over without a dialog
   * (Save): if it changed on disk since, or cannot be written, the user chooses what happens instead.
   */
  async function writeTo(path: string, text: string, expected?: Fingerprint | null): Promise<SavedFile | null> {
    try {
      const fingerprint = await deps.write(path, text, expected)
      current = { path, fingerprint }
      await deps.recent.add(path)
      return { path, name: basename(path) }
    } catch (error) {
      if (error instanceof ConflictError) {
        const choice = await deps.askConflict(basename(path))
        if (choice === 'overwrite') return writeTo(path, text)
        return choice === 'save-as' ? saveAs(text, basename(path)) : null
      }
      if (error instanceof ReadOnlyError) {
        return (await deps.askReadOnly(basename(path), error.what)) === 'save-as' ? saveAs(text, basename(path)) : null
      }
      await deps.showError(`Could not save ${basename(path)}.\n${errorMessage(error)}`)
      return null
    }
  }

  async function saveAs(text: string, suggestedName: string): Promise<SavedFile | null> {
    const path = await deps.chooseSavePath(safeFileName(suggestedName, 'Untitled.dwire.json'), 'diagram')
    // The dialog asked before replacing a file: that answer is the user's, whatever the file holds now.
    return path === null ? null : writeTo(path, text)
  }

  const handlers: InvokeHandlers = {
    async openFile() {
      const path = await deps.chooseOpenPath()
      return path === null ? null : open(path)
    },
    async openRecent(path) {
      // The one path the renderer may name, and only one main put on the list itself.
      if (!deps.recent.has(path)) {
        await deps.showError(`${basename(path)} is not in the recent files list.`)
        return null
      }
      return open(path)
    },
    async initialFile(): Promise<OpenedFile | RestoredDocument | null> {
      const s = start
      start = null
      if (s === null) return null
      if (s.kind === 'file') return open(s.path)
      // Saving a restored document writes its file again, unless that changed on disk since the backup.
      current = s.backup.path === null ? null : { path: s.backup.path, fingerprint: s.backup.fingerprint }
      return { restored: true, name: s.backup.path === null ? null : basename(s.backup.path), text: s.backup.text }
    },
    async save(text) {
      return current === null ? saveAs(text, 'Untitled.dwire.json') : writeTo(current.path, text, current.fingerprint)
    },
    saveAs,
    async exportModule(text, suggestedName) {
      // An export is a new file beside the diagram, not the diagram: the window's file stays the same.
      const path = await deps.chooseSavePath(safeFileName(suggestedName, 'diagram.ts'), 'module')
      if (path === null) return null
      try {
        await deps.write(path, text)
        return { path, name: basename(path) }
      } catch (error) {
        await deps.showError(`Could not save ${basename(path)}.\n${errorMessage(error)}`)
        return null
      }
    },
    async recentFiles() {
      return deps.recent.list()
    },
  }

  return {
    handlers,
    currentPath: () => current?.path ?? null,
    currentFingerprint: () => current?.fingerprint ?? null,
    forgetCurrentPath: () => {
      current = null
    },
    async openResult(opened) {
      const r = read
      read = null
      if (!opened || r === null) return
      current = r
      await deps.recent.add(r.path)
    },
    restart: (next) => {
      start = next
    },
  }
}

/**
 * The diagram named on the command line: `electron . file.dwire.json` in development, `DualWire
 * file.dwire.json` when packaged (`defaultApp` tells which). Switches are skipped, so a stray
 * `--inspect=…` is never taken for a file.
 */
export function commandLineFile(argv: readonly string[], defaultApp: boolean, cwd: string): string | null {
  const args = argv.slice(defaultApp ? 2 : 1)
  const file = args.find((a) => !a.startsWith('-') && a.toLowerCase().endsWith('.dwire.json'))
  return file === undefined ? null : resolve(cwd, file)
}

/** "name — DualWire", with a bullet while there are unsaved changes. */
export function windowTitle(title: string, dirty: boolean): string {
  const name = title.replace(/[\u0000-\u001f\u007f]/g, ' ').trim() || 'Untitled'
  return `${dirty ? '• ' : ''}${name} — DualWire`
}
