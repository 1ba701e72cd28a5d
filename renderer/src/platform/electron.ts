import type { DualWireBridge } from '../../../electron/bridge'
import type { Platform } from './platform'

// In Electron: every file operation goes through the preload's bridge, and main chooses the paths.

export function electronPlatform(bridge: DualWireBridge): Platform {
  return {
    kind: 'electron',
    open: () => bridge.openFile(),
    initial: () => bridge.initialFile(),
    save: (text) => bridge.save(text),
    saveAs: (text, name) => bridge.saveAs(text, name),
    exportModule: (text, name) => bridge.exportModule(text, name),
    recent: async () =>
      (await bridge.recentFiles()).map((path) => ({ label: path.split(/[\\/]/).pop() ?? path, open: () => bridge.openRecent(path) })),
    forgetFile: () => undefined,
    setDocumentState: (title, dirty) => bridge.setDocumentState({ title, dirty }),
    onCommand: (listener) => bridge.onCommand(listener),
    autosave: () => undefined,
    restore: () => null,
  }
}
