// The Electron main process: windows showing dist/web over app://, and the wiring between Electron's
// APIs and the plain functions beside this file (which is where the decisions are, and the tests).
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, type FileFilter } from 'electron'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, readdir, readFile, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { type Backup, type Backups, createBackups } from './backups'
import { closeChoice, closeQuestion } from './closeGuard'
import { commandLineFile, type SaveKind, type Start, windowTitle } from './documents'
import { readTextFile, sweepStaleTemps, writeFileAtomic } from './files'
import { registerIpc, type Route } from './ipc'
import { buildMenuTemplate } from './menu'
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './protocol'
import {
  conflictChoice, conflictQuestion, pageGoneChoice, pageGoneQuestion, readOnlyChoice, readOnlyQuestion, type Question,
  restoreChoice, restoreQuestion, unresponsiveChoice, unresponsiveQuestion,
} from './questions'
import { createRecentFiles } from './recent'
import { hardenSession, hardenWebContents, mainWindowOptions } from './window'
import { createWindowSession, type WindowSession } from './windowSession'

const log = (message: string): void => console.warn(`[dualwire] ${message}`)

// One DualWire at a time: its backups folder has one writer, and a second launch opens its file here.
if (!app.requestSingleInstanceLock()) app.exit(0)

// Both must happen before 'ready': scheme privileges and the sandbox are fixed when Chromium starts.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])
app.enableSandbox()

app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log))
app.on('window-all-closed', () => app.quit())

const DIAGRAM_FILTERS: FileFilter[] = [{ name: 'DualWire diagram', extensions: ['json'] }]
const MODULE_FILTERS: FileFilter[] = [{ name: 'TypeScript module', extensions: ['ts'] }]

async function start(): Promise<void> {
  await app.whenReady()
  const appRoot = app.getAppPath()
  protocol.handle(APP_SCHEME, createAppProtocolHandler(join(appRoot, 'dist', 'web')))
  hardenSession(session.defaultSession, log)

  const sessions = new Map<BrowserWindow, WindowSession>()
  const focused = (): WindowSession | undefined => {
    const win = BrowserWindow.getFocusedWindow() ?? [...sessions.keys()].at(-1)
    return win ? sessions.get(win) : undefined
  }

  const backupsDir = join(app.getPath('userData'), 'backups')
  const backups = createBackups({
    disk: {
      list: () => readdir(backupsDir).catch(() => []),
      read: (name) => readFile(join(backupsDir, name), 'utf8'),
      write: async (name, text) => {
        await mkdir(backupsDir, { recursive: true })
        await writeFileAtomic(join(backupsDir, name), text)
      },
      remove: (name) => rm(join(backupsDir, name), { force: true }),
    },
    now: Date.now,
    log,
  })

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
    writeText: async (path, text) => void (await writeFileAtomic(path, text)),
    onChange: () => rebuildMenu(),
    log,
  })

  // A save killed between writing its temporary file and renaming it leaves that file behind; nothing else
  // names it, so it is swept where DualWire writes: the backups folder and the folders of recent files.
  for (const dir of new Set([backupsDir, ...recent.list().map((p) => dirname(p))])) {
    void sweepStaleTemps(dir).then((gone) => gone.forEach((p) => log(`removed a stale temporary file ${p}`)), () => undefined)
  }

  function rebuildMenu(): void {
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate({
      send: (command) => focused()?.send(command),
      openRecent: (path) => focused()?.openRecent(path),
      clearRecent: () => void recent.clear(),
      recent: recent.list(),
      platform: process.platform,
    })))
  }

  const ask = async (win: BrowserWindow, q: Question, signal?: AbortSignal): Promise<number> =>
    (await dialog.showMessageBox(win, { ...q, ...(signal ? { signal } : {}) })).response

  function openWindow(startWith: Start): void {
    const win = new BrowserWindow(
      mainWindowOptions(join(appRoot, 'dist', 'electron', 'preload.cjs'), { devTools: !app.isPackaged }),
    )
    const windowSession: WindowSession = createWindowSession({
      window: win,
      start: startWith,
      backups,
      files: {
        async chooseOpenPath() {
          const result = await dialog.showOpenDialog(win, { properties: ['openFile'], filters: DIAGRAM_FILTERS })
          return result.canceled ? null : result.filePaths[0] ?? null
        },
        async chooseSavePath(suggestedName: string, kind: SaveKind) {
          const current = windowSession.documents.currentPath()
          const folder = current === null ? app.getPath('documents') : dirname(current)
          const result = await dialog.showSaveDialog(win, {
            defaultPath: join(folder, suggestedName),
            filters: kind === 'diagram' ? DIAGRAM_FILTERS : MODULE_FILTERS,
            properties: ['createDirectory', 'showOverwriteConfirmation'],
          })
          return result.canceled || !result.filePath ? null : result.filePath
        },
        showError: (message) => showError(win, message),
        askConflict: async (name) => conflictChoice(await ask(win, conflictQuestion(name))),
        askReadOnly: async (name, what) => readOnlyChoice(await ask(win, readOnlyQuestion(name, what))),
        read: (path) => readTextFile(path),
        write: (path, text, expected) => writeFileAtomic(path, text, { expected }),
        recent,
      },
      askClose: async (title) => closeChoice(await ask(win, closeQuestion(title))),
      askPageGone: async (reason, keptAt) => pageGoneChoice(await ask(win, pageGoneQuestion(reason, keptAt))),
      askUnresponsive: async (keptAt, signal) => {
        try {
          return unresponsiveChoice(await ask(win, unresponsiveQuestion(keptAt), signal))
        } catch {
          return 'wait' // the box was closed because the page answered again
        }
      },
      showError: (message) => showError(win, message),
      onState(title, dirty) {
        win.setTitle(windowTitle(title, dirty))
        if (process.platform === 'darwin') {
          win.setDocumentEdited(dirty)
          win.setRepresentedFilename(windowSession.documents.currentPath() ?? '')
        }
      },
      now: Date.now,
      setTimer: (run, ms) => setTimeout(run, ms),
      clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
      log,
    })
    sessions.set(win, windowSession)
    win.on('closed', () => sessions.delete(win))
    // The title is main's (name, unsaved marker); the page's <title> must not overwrite it.
    win.on('page-title-updated', (event) => event.preventDefault())
    win.once('ready-to-show', () => win.show())
    void win.loadURL(APP_ENTRY_URL)
  }

  const routeOf = (sender: unknown): Route | null => {
    for (const [win, s] of sessions) if (!win.isDestroyed() && win.webContents === sender) return s.route
    return null
  }
  registerIpc(ipcMain, { route: routeOf, log })

  app.on('second-instance', (_event, argv, cwd) => {
    const path = commandLineFile(argv, process.defaultApp === true, cwd)
    if (path !== null) return openWindow({ kind: 'file', path })
    const win = [...sessions.keys()].at(-1)
    if (win) {
      if (win.isMinimized()) win.restore()
      win.focus()
    }
  })

  rebuildMenu()
  const named = commandLineFile(process.argv, process.defaultApp === true, process.cwd())
  const restored = await offerRestore(await backups.orphans(), backups)
  if (named !== null || restored.length === 0) openWindow(named === null ? null : { kind: 'file', path: named })
  for (const b of restored) openWindow({ kind: 'backup', backup: b })
}

/** What an earlier run left: restored into windows of their own, discarded, or kept for later. */
async function offerRestore(found: Backup[], backups: Backups): Promise<Backup[]> {
  if (found.length === 0) return []
  const choice = restoreChoice((await dialog.showMessageBox(restoreQuestion(found, Date.now()))).response)
  if (choice === 'restore') return found
  if (choice === 'discard') await Promise.all(found.map((b) => backups.remove(b.id)))
  return []
}

async function showError(win: BrowserWindow, message: string): Promise<void> {
  if (!win.isDestroyed()) await dialog.showMessageBox(win, { type: 'error', message, buttons: ['OK'], noLink: true })
}

start().catch((error: unknown) => {
  dialog.showErrorBox('DualWire could not start', error instanceof Error ? error.stack ?? error.message : String(error))
  app.exit(1)
})

