// The Electron main process: one window showing dist/web over app://, and the wiring between Electron's
// APIs and the plain functions beside this file (which is where the decisions are, and the tests).
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, type FileFilter } from 'electron'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { CHANNELS, type MenuCommand } from './bridge'
import { closeChoice, closeQuestion, createCloseGuard } from './closeGuard'
import { commandLineFile, createDocumentState, windowTitle, type SaveKind } from './documents'
import { readTextFile, writeFileAtomic } from './files'
import { registerIpc } from './ipc'
import { buildMenuTemplate } from './menu'
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './protocol'
import { createRecentFiles } from './recent'
import { hardenSession, hardenWebContents, mainWindowOptions } from './window'

const log = (message: string): void => console.warn(`[dualwire] ${message}`)

// Both must happen before 'ready': scheme privileges and the sandbox are fixed when Chromium starts.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])
app.enableSandbox()

app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log))

// One document, one window: closing it ends the app on every platform, so there is never a window-less
// app whose IPC handlers would need a second window to be registered again.
app.on('window-all-closed', () => app.quit())

const DIAGRAM_FILTERS: FileFilter[] = [{ name: 'DualWire diagram', extensions: ['json'] }]
const MODULE_FILTERS: FileFilter[] = [{ name: 'TypeScript module', extensions: ['ts'] }]

async function start(): Promise<void> {
  await app.whenReady()
  const appRoot = app.getAppPath()
  protocol.handle(APP_SCHEME, createAppProtocolHandler(join(appRoot, 'dist', 'web')))
  hardenSession(session.defaultSession, log)

  const win = new BrowserWindow(
    mainWindowOptions(join(appRoot, 'dist', 'electron', 'preload.cjs'), { devTools: !app.isPackaged }),
  )
  const send = (command: MenuCommand): void => {
    if (!win.isDestroyed()) win.webContents.send(CHANNELS.command, command)
  }

  const recent = createRecentFiles({
    file: join(app.getPath('userData'), 'recent.json'),
    exists: existsSync,
    readText: (path) => {
      try {
        return readFileSync(path, 'utf8')
      } catch {
        return null
      }
    },
    writeText: async (path, text) => { await writeFileAtomic(path, text) },
    onChange: () => rebuildMenu(),
    log,
  })

  function rebuildMenu(): void {
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate({
      send,
      openRecent: (path) => {
        if (!win.isDestroyed()) win.webContents.send(CHANNELS.openRecentCommand, path)
      },
      clearRecent: () => void recent.clear(),
      recent: recent.list(),
      platform: process.platform,
    })))
  }

  const documents = createDocumentState({
    async chooseOpenPath() {
      const result = await dialog.showOpenDialog(win, { properties: ['openFile'], filters: DIAGRAM_FILTERS })
      return result.canceled ? null : result.filePaths[0] ?? null
    },
    async chooseSavePath(suggestedName: string, kind: SaveKind) {
      const current = documents.currentPath()
      const folder = current === null ? app.getPath('documents') : dirname(current)
      const result = await dialog.showSaveDialog(win, {
        defaultPath: join(folder, suggestedName),
        filters: kind === 'diagram' ? DIAGRAM_FILTERS : MODULE_FILTERS,
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      })
      return result.canceled || !result.filePath ? null : result.filePath
    },
    async showError(message) {
      await dialog.showMessageBox(win, { type: 'error', message, buttons: ['OK'], noLink: true })
    },
    read: async (path) => (await readTextFile(path)).file,
    write: async (path, text) => { await writeFileAtomic(path, text) },
    recent,
    initialPath: commandLineFile(process.argv, process.defaultApp === true, process.cwd()),
  })

  let title = 'Untitled'
  let dirty = false
  const guard = createCloseGuard({
    isDirty: () => dirty,
    ask: async () => closeChoice((await dialog.showMessageBox(win, closeQuestion(title))).response),
    send,
    close: () => win.close(),
  })
  win.on('close', (event) => guard.onClose(event))

  registerIpc(ipcMain, {
    invoke: documents.handlers,
    send: {
      setDocumentState(state) {
        title = state.title
        dirty = state.dirty
        win.setTitle(windowTitle(state.title, state.dirty))
        if (process.platform === 'darwin') {
          win.setDocumentEdited(state.dirty)
          win.setRepresentedFilename(documents.currentPath() ?? '')
        }
      },
      closeAfterSave: (saved) => guard.onSaveResult(saved),
      newDocument: () => documents.forgetCurrentPath(),
    },
    trustedWindow: () => (win.isDestroyed() ? null : { contents: win.webContents, mainFrame: win.webContents.mainFrame }),
    log,
  })

  rebuildMenu()
  // The title is main's (name, dirty marker); the page's <title> must not overwrite it.
  win.on('page-title-updated', (event) => event.preventDefault())
  win.once('ready-to-show', () => win.show())
  await win.loadURL(APP_ENTRY_URL)
}

start().catch((error: unknown) => {
  dialog.showErrorBox('DualWire could not start', error instanceof Error ? error.stack ?? error.message : String(error))
  app.exit(1)
})
