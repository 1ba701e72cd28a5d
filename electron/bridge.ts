// The one declaration the main process, the preload and the renderer share: what the renderer may ask of
// the main process, and the commands the main process sends back (menus, the close guard). The renderer
// never names a file path to write: main chooses paths only through its dialogs and its own recent list.

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

/** Menu and window commands, sent from main to the renderer. */
export type MenuCommand =
  | 'new' | 'open' | 'save' | 'save-as' | 'export-typescript'
  | 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'delete' | 'select-all'
  | 'zoom-fit' | 'zoom-actual' | 'zoom-in' | 'zoom-out' | 'toggle-minimap'
  | 'mode-forward' | 'mode-reverse' | 'mode-both' | 'check-fd'
  | 'shortcuts' | 'about'
  /** The window is closing with unsaved changes and the user chose Save: save, then call closeAfterSave. */
  | 'save-then-close'

export const MENU_COMMANDS: readonly MenuCommand[] = [
  'new', 'open', 'save', 'save-as', 'export-typescript',
  'undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'select-all',
  'zoom-fit', 'zoom-actual', 'zoom-in', 'zoom-out', 'toggle-minimap',
  'mode-forward', 'mode-reverse', 'mode-both', 'check-fd',
  'shortcuts', 'about', 'save-then-close',
]

/**
 * The keys of each menu command, in Electron's accelerator syntax (`CmdOrCtrl` is ⌘ on macOS, Ctrl
 * elsewhere), the same keys as the renderer's command table. The Electron menu is built from this; the
 * first key is the one a menu shows, the others work too, except Delete and Backspace, which the menu
 * leaves to the page. Electron gives the page the first look at a key: a keydown the page handles
 * (preventDefault) or a text field consumes never reaches the menu.
 */
export const MENU_ACCELERATORS: { readonly [C in MenuCommand]?: readonly string[] } = {
  'new': ['CmdOrCtrl+N'],
  'open': ['CmdOrCtrl+O'],
  'save': ['CmdOrCtrl+S'],
  'save-as': ['CmdOrCtrl+Shift+S'],
  'export-typescript': ['CmdOrCtrl+E'],
  'undo': ['CmdOrCtrl+Z'],
  'redo': ['CmdOrCtrl+Shift+Z', 'CmdOrCtrl+Y'],
  'cut': ['CmdOrCtrl+X'],
  'copy': ['CmdOrCtrl+C'],
  'paste': ['CmdOrCtrl+V'],
  'delete': ['Delete', 'Backspace'],
  'select-all': ['CmdOrCtrl+A'],
  'zoom-fit': ['CmdOrCtrl+0'],
  'zoom-actual': ['CmdOrCtrl+1'],
  'zoom-in': ['CmdOrCtrl+='],
  'zoom-out': ['CmdOrCtrl+-'],
  'toggle-minimap': ['CmdOrCtrl+M'],
  'mode-forward': ['Alt+1'],
  'mode-reverse': ['Alt+2'],
  'mode-both': ['Alt+3'],
  'check-fd': ['CmdOrCtrl+K'],
  'shortcuts': ['F1'],
}

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
