// Runs in the sandboxed renderer before the page, in its own JavaScript world. It hands the page exactly
// the DualWireBridge: plain functions over named channels. Never ipcRenderer itself (the page could then
// send anything anywhere) and never an IpcRendererEvent (its `sender` would be ipcRenderer again).
// Bundled with bridge.ts and commands.ts into one CommonJS file, because a sandboxed preload cannot load modules.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { CHANNELS, type DualWireBridge, type OpenedFile, type RestoredDocument, type SavedFile } from './bridge'
import { isCommandId } from './commands'

// The result types are the bridge's promise: main answers these channels with exactly these shapes.
function invoke<T>(channel: string, ...args: unknown[]): Promise<T> {
  return ipcRenderer.invoke(channel, ...args) as Promise<T>
}

function subscribe<T>(channel: string, accept: (value: unknown) => value is T, listener: (value: T) => void): () => void {
  const wrapped = (_event: IpcRendererEvent, value: unknown): void => {
    if (accept(value)) listener(value)
  }
  ipcRenderer.on(channel, wrapped)
  return () => {
    ipcRenderer.removeListener(channel, wrapped)
  }
}

// Required: the optional members of the bridge are optional for fakes, never for the real thing.
const bridge: Required<DualWireBridge> = {
  openFile: () => invoke<OpenedFile | null>(CHANNELS.openFile),
  openRecent: (path) => invoke<OpenedFile | null>(CHANNELS.openRecent, path),
  initialFile: () => invoke<OpenedFile | RestoredDocument | null>(CHANNELS.initialFile),
  restoreResult: (opened) => ipcRenderer.send(CHANNELS.restoreResult, opened),
  openResult: (opened) => ipcRenderer.send(CHANNELS.openResult, opened),
  backup: (text) => ipcRenderer.send(CHANNELS.backup, text),
  save: (text) => invoke<SavedFile | null>(CHANNELS.save, text),
  saveAs: (text, suggestedName) => invoke<SavedFile | null>(CHANNELS.saveAs, text, suggestedName),
  exportModule: (text, suggestedName) => invoke<SavedFile | null>(CHANNELS.exportModule, text, suggestedName),
  recentFiles: () => invoke<string[]>(CHANNELS.recentFiles),
  // Copies only the two fields, so nothing else the page put on the object travels to main.
  setDocumentState: (state) => ipcRenderer.send(CHANNELS.setDocumentState, { title: state.title, dirty: state.dirty }),
  closeAfterSave: (saved) => ipcRenderer.send(CHANNELS.closeAfterSave, saved),
  newDocument: () => ipcRenderer.send(CHANNELS.newDocument),
  onCommand: (listener) => subscribe(CHANNELS.command, isCommandId, listener),
  onOpenRecent: (listener) =>
    subscribe(CHANNELS.openRecentCommand, (v): v is string => typeof v === 'string', listener),
}

contextBridge.exposeInMainWorld('dualwire', bridge)
