import type { MenuCommand } from '../../../electron/bridge'

// Files, recent documents and menus, the same to the rest of the renderer whether it runs in Electron
// (through the preload's bridge) or in a browser (File System Access, or uploads and downloads).

/** Save found the file changed on disk (another program wrote it) since it was opened or last saved. */
export class ChangedOnDiskError extends Error {
  constructor(readonly fileName: string) {
    super(`${fileName} has changed on disk since you opened or last saved it.`)
    this.name = 'ChangedOnDiskError'
  }
}

export interface DocumentFile {
  name: string
  text: string
}

/** What the editor opens with: a file named at start (Electron), or the work the last session left. */
export interface StartDocument {
  /** The file's name; null for a document never saved (it shows its title). */
  name: string | null
  text: string
  /** From a backup or the browser's copy of the last session, not from a file the user named. */
  restored: boolean
  /** The last session left unsaved changes: the document opens unsaved. */
  dirty: boolean
}

/** The document as it is now, for keep(): `text` is asked for only when it is needed. */
export interface KeptDocument {
  name: string | null
  dirty: boolean
  /** The file text, or null when it would not open again (the user has been told). */
  text: () => string | null
}

/** Text that could not be opened, kept apart for the user to download or delete. */
export interface KeptText {
  key: string
  name: string
  text: string
  message: string
}

export interface RecentEntry {
  label: string
  open: () => Promise<DocumentFile | null>
}

export interface Platform {
  kind: 'electron' | 'browser'
  open(): Promise<DocumentFile | null>
  /**
   * Whether a file from open() or the recent list loaded: one that did becomes the file Save writes, and
   * joins the recent list; one that did not does neither.
   */
  openResult(file: DocumentFile, loaded: boolean): void
  /** What opens first, once: a file the app was started with, or the last session's document. */
  initial(): Promise<StartDocument | null>
  /** The start document opened: what it was restored from may now be replaced. */
  opened(doc: StartDocument): void
  /**
   * The start document did not open: its text is kept apart, where nothing the editor does later can
   * write over it, and the user is offered it with `message`.
   */
  notOpened(doc: StartDocument, message: string): void
  /**
   * Keeps the document where a reload or a crash cannot lose it (the browser's storage, or main's backup).
   * False when it could not be kept.
   */
  keep(doc: KeptDocument): boolean
  /** Texts kept by notOpened, for the user to download or delete (the browser; Electron keeps its backups). */
  keptTexts(): KeptText[]
  forgetKept(key: string): void
  /** Hands a kept text to the user as a file. */
  downloadKept(kept: KeptText): void
  /**
   * Saves to the current file, or asks where when there is none; null when cancelled. Throws
   * ChangedOnDiskError, writing nothing, when the file changed since it was opened or saved, unless
   * `overwrite` (the user said so). Electron's main process asks that question itself.
   */
  save(text: string, suggestedName: string, options?: { overwrite?: boolean }): Promise<{ name: string } | null>
  saveAs(text: string, suggestedName: string): Promise<{ name: string } | null>
  exportModule(text: string, suggestedName: string): Promise<{ name: string } | null>
  recent(): Promise<RecentEntry[]>
  /** Forgets the current file (New). */
  forgetFile(): void
  setDocumentState(title: string, dirty: boolean): void
  onCommand(listener: (command: MenuCommand) => void): () => void
  /** The native menu's File › Open Recent (Electron): the renderer checks for unsaved changes first. */
  onOpenRecent(listener: (entry: RecentEntry) => void): () => void
  /** Keys the native menu handles itself (Electron), as the command table writes them; the page leaves them to it. */
  menuKeys: ReadonlySet<string>
  /** Extra start-up news for the user (the browser: unsaved work of other sessions still waiting). */
  startNotes(): string[]
}
