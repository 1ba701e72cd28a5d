import type { DualWireBridge } from '../../../electron/bridge'
import { COMMANDS, menuBoundKeys } from '../../../electron/commands'
import type { Platform } from './platform'

// In Electron: every file operation goes through the preload's bridge, and main chooses the paths. The
// native menu binds the keys of the command table (electron/commands.ts); the page leaves those keys to
// it, so a command never runs twice.

export function electronPlatform(bridge: DualWireBridge): Platform {
  return {
    kind: 'electron',
    open: () => bridge.openFile(),
    openResult: (_file, loaded) => bridge.openResult?.(loaded),
    async initial() {
      const file = await bridge.initialFile()
      if (file === null) return null
      return 'restored' in file ? { name: file.name, text: file.text, restored: true, dirty: true } : { name: file.name, text: file.text, restored: false, dirty: false }
    },
    opened: (doc) => {
      if (doc.restored) bridge.restoreResult(true)
      else bridge.openResult?.(true)
    },
    // Main keeps the backup the page could not open, and offers it again at the next start.
    notOpened: (doc) => {
      if (doc.restored) bridge.restoreResult(false)
      else bridge.openResult?.(false)
    },
    keep(doc) {
      if (!doc.dirty) {
        bridge.backup(null)
        return true
      }
      const text = doc.text()
      if (text !== null) bridge.backup(text)
      return text !== null
    },
    keptTexts: () => [],
    forgetKept: () => undefined,
    downloadKept: () => undefined,
    startNotes: () => [],
    save: (text) => bridge.save(text),
    saveAs: (text, name) => bridge.saveAs(text, name),
    exportModule: (text, name) => bridge.exportModule(text, name),
    recent: async () =>
      (await bridge.recentFiles()).map((path) => ({ label: path.split(/[\\/]/).pop() ?? path, open: () => bridge.openRecent(path) })),
    // Main remembers the window's file; after New, the next Save must ask for a path, not overwrite it.
    forgetFile: () => bridge.newDocument?.(),
    setDocumentState: (title, dirty) => bridge.setDocumentState({ title, dirty }),
    onCommand: (listener) => bridge.onCommand(listener),
    onOpenRecent: (listener) =>
      bridge.onOpenRecent?.((path) => listener({ label: path, open: () => bridge.openRecent(path) })) ?? (() => undefined),
    // Delete, Backspace, Escape and ? are shown in menus but not bound by them (text fields need them).
    menuKeys: new Set(COMMANDS.flatMap(menuBoundKeys)),
  }
}
