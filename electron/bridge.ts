// The one declaration the main process, the preload and the renderer share: what the renderer may ask of
// the main process, and the commands the main process sends back (menus, the close guard). The renderer
// never names a file path to write: main chooses paths only through its dialogs and its own recent list.
import { COMMAND_IDS, type CommandId } from './commands'

/** A diagram file read by the main process. `name` is the file's base name, for the window title. */
export interface OpenedFile {
  path: string
  name: string
  text: string
}

/** Unsaved work from a backup (after a crash): it opens unsaved, under its file's name if it had one. */
export interface RestoredDocument {
  restored: true
  name: string | null
  text: string
}

export interface SavedFile {
  path: string
  name: string
}

/** Menu and window commands, sent from main to the renderer: the ids of the one command table. */
export type MenuCommand = CommandId
export const MENU_COMMANDS: readonly MenuCommand[] = COMMAND_IDS

export interface DualWireBridge {
  /** Shows the open dialog; null when cancelled. */
  openFile(): Promise<OpenedFile | null>
  /** Opens a file from the recent list (main refuses any other path). */
  openRecent(path: string): Promise<OpenedFile | null>
  /** What the window opens with, once: a file given on the command line, or restored unsaved work. */
  initialFile(): Promise<OpenedFile | RestoredDocument | null>
  /** Whether the restored document opened; one that did not keeps its backup for the next start. */
  restoreResult(opened: boolean): void
  /**
   * The document's text while it has unsaved changes, null once it has none (saved, or discarded by the
   * user): main keeps it as the window's backup, and can save it if the page dies.
   */
  backup(text: string | null): void
  /** Saves to the window's current file, or asks for a path when it has none; null when cancelled. */
  save(text: string): Promise<SavedFile | null>
  /** Always asks for a path. */
  saveAs(text: string, suggestedName: string): Promise<SavedFile | null>
  /** Writes an exported module through a save dialog. */
  exportModule(text: string, suggestedName: string): Promise<SavedFile | null>
  recentFiles(): Promise<string[]>
  /** The window title and the unsaved marker; main uses `dirty` for its close guard. */
  setDocumentState(state: { title: string; dirty: boolean }): void
  /** After 'save-then-close': the save succeeded (true) or was cancelled (false). */
  closeAfterSave(saved: boolean): void
  /** Subscribes to menu commands; returns the unsubscribe function. */
  onCommand(listener: (command: MenuCommand) => void): () => void
  // The two members below came after the first adapters and fakes of this interface, so they are optional
  // for whoever implements it; the preload always provides both.
  /**
   * Subscribes to File ▸ Open Recent ▸ <path>: the renderer checks for unsaved changes, then calls
   * openRecent(path). Returns the unsubscribe function.
   */
  onOpenRecent?(listener: (path: string) => void): () => void
  /**
   * The renderer replaced its document with a new, unsaved one: main forgets the window's current file,
   * so the next save() asks for a path instead of overwriting the file that was open before.
   */
  newDocument?(): void
  /**
   * Whether the file openFile, openRecent or initialFile returned last loaded in the page: only one that
   * did becomes the window's file (where Save writes) and joins the recent list.
   */
  openResult?(opened: boolean): void
}

/** IPC channel names, one per bridge call. */
export const CHANNELS = {
  openFile: 'dualwire:open-file',
  openRecent: 'dualwire:open-recent',
  initialFile: 'dualwire:initial-file',
  save: 'dualwire:save',
  saveAs: 'dualwire:save-as',
  exportModule: 'dualwire:export-module',
  recentFiles: 'dualwire:recent-files',
  setDocumentState: 'dualwire:set-document-state',
  closeAfterSave: 'dualwire:close-after-save',
  newDocument: 'dualwire:new-document',
  restoreResult: 'dualwire:restore-result',
  openResult: 'dualwire:open-result',
  backup: 'dualwire:backup',
  command: 'dualwire:command',
  openRecentCommand: 'dualwire:open-recent-command',
} as const

declare global {
  interface Window {
    /** Present in Electron only, put there by the preload. */
    dualwire?: DualWireBridge
  }
}
