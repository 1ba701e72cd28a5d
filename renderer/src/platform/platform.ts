import type { MenuCommand } from '../../../electron/bridge'

// Files, recent documents and menus, the same to the rest of the renderer whether it runs in Electron
// (through the preload's bridge) or in a browser (File System Access, or uploads and downloads).

export interface DocumentFile {
  name: string
  text: string
}

export interface RecentEntry {
  label: string
  open: () => Promise<DocumentFile | null>
}

export interface Platform {
  kind: 'electron' | 'browser'
  open(): Promise<DocumentFile | null>
  /** A file the app was started with (Electron's command line), once. */
  initial(): Promise<DocumentFile | null>
  /** Saves to the current file, or asks where when there is none; null when cancelled. */
  save(text: string, suggestedName: string): Promise<{ name: string } | null>
  saveAs(text: string, suggestedName: string): Promise<{ name: string } | null>
  exportModule(text: string, suggestedName: string): Promise<{ name: string } | null>
  recent(): Promise<RecentEntry[]>
  /** Forgets the current file (New). */
  forgetFile(): void
  setDocumentState(title: string, dirty: boolean): void
  onCommand(listener: (command: MenuCommand) => void): () => void
  /** The native menu's File › Open Recent (Electron): the renderer checks for unsaved changes first. */
  onOpenRecent(listener: (entry: RecentEntry) => void): () => void
  /** Keys the native menu handles itself (Electron); the page leaves them to it. */
  menuKeys: ReadonlySet<string>
  /** Browser only: the document kept across reloads. */
  autosave(text: string): void
  restore(): DocumentFile | null
}
