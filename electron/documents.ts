// What the bridge's file calls do, for one window. Paths come only from the dialogs, the recent list or
// the command line; the renderer hands over text and receives names. Errors are shown here, as dialogs,
// and turn into `null` ("nothing happened") for the renderer, which keeps its document unsaved.
import { basename, resolve } from 'node:path'
import type { OpenedFile, SavedFile } from './bridge'
import type { InvokeHandlers } from './ipc'
import type { RecentFiles } from './recent'

export type SaveKind = 'diagram' | 'module'

export interface DocumentDeps {
  /** The open dialog; null when cancelled. */
  chooseOpenPath(): Promise<string | null>
  /** The save dialog, starting at `suggestedName`; null when cancelled. */
  chooseSavePath(suggestedName: string, kind: SaveKind): Promise<string | null>
  showError(message: string): Promise<void>
  read(path: string): Promise<OpenedFile>
  write(path: string, text: string): Promise<void>
  recent: RecentFiles
  /** A diagram named on the command line, offered once through initialFile(). */
  initialPath: string | null
}

export interface DocumentState {
  readonly handlers: InvokeHandlers
  /** The window's file, where save() writes without asking; null for a new document. */
  currentPath(): string | null
  forgetCurrentPath(): void
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
  let current: string | null = null
  let initial = deps.initialPath

  async function open(path: string): Promise<OpenedFile | null> {
    try {
      const file = await deps.read(path)
      current = file.path
      await deps.recent.add(file.path)
      return file
    } catch (error) {
      await deps.showError(`Could not open ${basename(path)}.\n${errorMessage(error)}`)
      return null
    }
  }

  async function writeTo(path: string, text: string): Promise<SavedFile | null> {
    try {
      await deps.write(path, text)
      return { path, name: basename(path) }
    } catch (error) {
      await deps.showError(`Could not save ${basename(path)}.\n${errorMessage(error)}`)
      return null
    }
  }

  async function saveAs(text: string, suggestedName: string): Promise<SavedFile | null> {
    const path = await deps.chooseSavePath(safeFileName(suggestedName, 'Untitled.dwire.json'), 'diagram')
    if (path === null) return null
    const saved = await writeTo(path, text)
    if (saved !== null) {
      current = saved.path
      await deps.recent.add(saved.path)
    }
    return saved
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
    async initialFile() {
      const path = initial
      initial = null
      return path === null ? null : open(path)
    },
    async save(text) {
      return current === null ? saveAs(text, 'Untitled.dwire.json') : writeTo(current, text)
    },
    saveAs,
    async exportModule(text, suggestedName) {
      // An export is a new file beside the diagram, not the diagram: the window's file stays the same.
      const path = await deps.chooseSavePath(safeFileName(suggestedName, 'diagram.ts'), 'module')
      return path === null ? null : writeTo(path, text)
    },
    async recentFiles() {
      return deps.recent.list()
    },
  }

  return {
    handlers,
    currentPath: () => current,
    forgetCurrentPath: () => {
      current = null
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
