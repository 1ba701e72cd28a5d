import { describe, expect, it } from 'vitest'
import { type Backup, type BackupDisk, createBackups } from '../../electron/backups'
import { CHANNELS } from '../../electron/bridge'
import type { CloseChoice } from '../../electron/closeGuard'
import type { Start } from '../../electron/documents'
import { type Fingerprint } from '../../electron/files'
import { createRecentFiles } from '../../electron/recent'
import { createWindowSession, type WindowLike } from '../../electron/windowSession'

// A window's life with a fake Electron: its page sends unsaved work, crashes, hangs, is reloaded, and the
// window is closed; at every step the work is somewhere (memory, the backup, the file) and a backup goes
// only when the work is saved or the user discarded it.

type Listener = (...args: unknown[]) => void

function fakeWindow() {
  const on = new Map<string, Listener[]>()
  const contentsOn = new Map<string, Listener[]>()
  const log = { reloads: 0, crashes: 0, closes: 0, sent: [] as unknown[][] }
  let destroyed = false
  const emit = (m: Map<string, Listener[]>, event: string, ...args: unknown[]) => (m.get(event) ?? []).forEach((l) => l(...args))
  const win: WindowLike = {
    webContents: {
      mainFrame: { url: 'app://dualwire/index.html', parent: null, processId: 1, routingId: 1 },
      send: (...args: unknown[]) => void log.sent.push(args),
      on: (event: string, l: Listener) => contentsOn.set(event, [...(contentsOn.get(event) ?? []), l]),
      reload: () => void log.reloads++,
      forcefullyCrashRenderer: () => {
        log.crashes++
        emit(contentsOn, 'render-process-gone', {}, { reason: 'killed' })
      },
    },
    on: (event: string, l: Listener) => on.set(event, [...(on.get(event) ?? []), l]),
    close: () => {
      log.closes++
      let prevented = false
      emit(on, 'close', { preventDefault: () => (prevented = true) })
      if (!prevented) {
        destroyed = true
        emit(on, 'closed')
      }
    },
    isDestroyed: () => destroyed,
  } as WindowLike
  return { win, log, emitWindow: (e: string) => emit(on, e), emitPage: (e: string, ...a: unknown[]) => emit(contentsOn, e, ...a), isDestroyed: () => destroyed }
}

function memoryDisk(): { disk: BackupDisk; files: Map<string, string> } {
  const files = new Map<string, string>()
  return {
    files,
    disk: {
      list: async () => [...files.keys()],
      read: async (n) => files.get(n) ?? '',
      write: async (n, t) => void files.set(n, t),
      remove: async (n) => void files.delete(n),
    },
  }
}

const settle = () => new Promise((r) => setTimeout(r, 10))

function setUp(options: { start?: Start; close?: CloseChoice[]; pageGone?: ('reload' | 'close')[]; unresponsive?: 'wait' | 'reload'; save?: (string | null)[] } = {}) {
  const w = fakeWindow()
  const { disk, files: backupFiles } = memoryDisk()
  const backups = createBackups({ disk, now: () => 100, log: () => undefined })
  const files = new Map<string, string>()
  let ino = 0
  const prints = new Map<string, Fingerprint>()
  const errors: string[] = []
  const asked: string[] = []
  const timers: (() => void)[] = []
  const closeAnswers = [...(options.close ?? [])]
  const goneAnswers = [...(options.pageGone ?? [])]
  const saveAnswers = [...(options.save ?? [])]
  let unresponsiveSignal: AbortSignal | null = null
  const session = createWindowSession({
    window: w.win,
    start: options.start ?? null,
    backups,
    files: {
      chooseOpenPath: async () => null,
      chooseSavePath: async () => saveAnswers.shift() ?? null,
      showError: async (m) => void errors.push(m),
      askConflict: async () => 'cancel',
      askReadOnly: async () => 'cancel',
      read: async (path) => ({ file: { path, name: path, text: files.get(path)! }, fingerprint: prints.get(path)! }),
      write: async (path, text) => {
        files.set(path, text)
        prints.set(path, { size: text.length, mtimeMs: 1, ino: ++ino })
        return prints.get(path)!
      },
      recent: createRecentFiles({ file: '/r.json', exists: () => true, readText: () => null, writeText: async () => undefined }),
    },
    askClose: async () => (asked.push('close'), closeAnswers.shift() ?? 'cancel'),
    askPageGone: async (reason, keptAt) => (asked.push(`gone ${reason} ${keptAt}`), goneAnswers.shift() ?? 'close'),
    askUnresponsive: (keptAt, signal) => {
      asked.push(`unresponsive ${keptAt}`)
      unresponsiveSignal = signal
      if (options.unresponsive === 'reload') return Promise.resolve('reload')
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve('wait')))
    },
    showError: async (m) => void errors.push(m),
    onState: () => undefined,
    now: () => 100,
    setTimer: (run) => timers.push(run),
    clearTimer: () => undefined,
    log: () => undefined,
  })
  const page = session.route.send
  const fireTimers = async () => {
    timers.splice(0).forEach((t) => t())
    await settle()
  }
  return { ...w, session, page, backupFiles, files, errors, asked, fireTimers, unresponsive: () => unresponsiveSignal }
}

describe('a window session', () => {
  it('backs up the page’s unsaved work after a delay, and at once when the window hides', async () => {
    const s = setUp()
    s.page.setDocumentState({ title: 'Seed', dirty: true })
    s.page.backup('work 1')
    await settle()
    expect(s.backupFiles.size).toBe(0)
    s.emitWindow('blur')
    await settle()
    expect([...s.backupFiles.values()].map((t) => JSON.parse(t).text)).toEqual(['work 1'])
    s.page.backup(null) // saved
    await settle()
    expect(s.backupFiles.size).toBe(0)
  })

  it('a crashed page: its work is flushed to the backup, and Reload opens it again, unsaved', async () => {
    const s = setUp({ pageGone: ['reload'] })
    s.page.setDocumentState({ title: 'Seed', dirty: true })
    s.page.backup('unsaved work')
    s.emitPage('render-process-gone', {}, { reason: 'crashed' })
    await settle()
    expect(s.asked).toEqual(['gone crashed 100'])
    expect([...s.backupFiles.values()].map((t) => JSON.parse(t).text)).toEqual(['unsaved work'])
    expect(s.log.reloads).toBe(1)
    await expect(s.session.route.invoke.initialFile()).resolves.toEqual({ restored: true, name: null, text: 'unsaved work' })
    s.page.restoreResult(true)
    s.emitPage('did-finish-load')
    // The backup is still there until the page says the work is safe.
    expect(s.backupFiles.size).toBe(1)
  })

  it('a crashed page with a file and no unsaved changes reloads that file', async () => {
    const s = setUp({ pageGone: ['reload'], start: { kind: 'file', path: '/d/a.dwire.json' } })
    s.files.set('/d/a.dwire.json', 'A')
    await s.session.route.invoke.initialFile()
    s.page.openResult(true)
    await settle()
    s.emitPage('render-process-gone', {}, { reason: 'oom' })
    await settle()
    await expect(s.session.route.invoke.initialFile()).resolves.toMatchObject({ path: '/d/a.dwire.json', text: 'A' })
  })

  it('closing a window whose page died: Save writes the work main kept to the file, removes the backup and closes', async () => {
    const s = setUp({ pageGone: ['close'], close: ['save'], save: ['/d/saved.dwire.json'] })
    s.page.setDocumentState({ title: 'Seed', dirty: true })
    s.page.backup('unsaved work')
    s.emitPage('render-process-gone', {}, { reason: 'crashed' })
    await settle()
    await settle()
    expect(s.files.get('/d/saved.dwire.json')).toBe('unsaved work')
    expect(s.backupFiles.size).toBe(0)
    expect(s.isDestroyed()).toBe(true)
    expect(s.log.sent).toEqual([]) // the dead page was never asked
  })

  it('…and when the page died before sending anything, Save says why and the window stays open', async () => {
    const s = setUp({ pageGone: ['close'], close: ['save'] })
    s.page.setDocumentState({ title: 'Seed', dirty: true })
    s.emitPage('render-process-gone', {}, { reason: 'crashed' })
    await settle()
    await settle()
    expect(s.errors[0]).toMatch(/^DualWire cannot save this diagram: its page stopped before it sent its unsaved changes/)
    expect(s.isDestroyed()).toBe(false)
  })

  it('Don’t Save removes the backup: the user discarded the work', async () => {
    const s = setUp({ close: ['discard'] })
    s.page.setDocumentState({ title: 'Seed', dirty: true })
    s.page.backup('unsaved work')
    await s.fireTimers()
    expect(s.backupFiles.size).toBe(1)
    s.win.close()
    await settle()
    expect(s.isDestroyed()).toBe(true)
    expect(s.backupFiles.size).toBe(0)
  })

  it('a page that stops answering: Wait ends by itself when it answers again; nothing is lost meanwhile', async () => {
    const s = setUp()
    s.page.setDocumentState({ title: 'Seed', dirty: true })
    s.page.backup('work')
    s.emitPage('unresponsive')
    await settle()
    expect(s.asked).toEqual(['unresponsive 100'])
    expect(s.backupFiles.size).toBe(1) // flushed when it stopped answering
    s.emitPage('responsive')
    await settle()
    expect(s.unresponsive()?.aborted).toBe(true)
    expect(s.log.crashes).toBe(0)
  })

  it('…Reload ends the page and opens its kept work again, without a second question', async () => {
    const s = setUp({ unresponsive: 'reload' })
    s.page.setDocumentState({ title: 'Seed', dirty: true })
    s.page.backup('work')
    s.emitPage('unresponsive')
    await settle()
    expect(s.log).toMatchObject({ crashes: 1, reloads: 1 })
    expect(s.asked).toEqual(['unresponsive 100'])
    await expect(s.session.route.invoke.initialFile()).resolves.toEqual({ restored: true, name: null, text: 'work' })
  })

  const crashed: Backup = { id: 'old-1', name: 'a.dwire.json', title: 'A', path: '/d/a.dwire.json', fingerprint: { size: 1, mtimeMs: 1, ino: 1 }, savedAt: 5, text: 'old work' }

  it('restoring an earlier run’s backup: it goes once this window has backed the work up again', async () => {
    const s = setUp({ start: { kind: 'backup', backup: crashed } })
    s.backupFiles.set('old-1.json', 'the crash left this')
    await expect(s.session.route.invoke.initialFile()).resolves.toEqual({ restored: true, name: 'a.dwire.json', text: 'old work' })
    s.page.restoreResult(true)
    s.page.setDocumentState({ title: 'a.dwire.json', dirty: true })
    s.page.backup('old work')
    expect(s.backupFiles.has('old-1.json')).toBe(true)
    await s.fireTimers()
    expect([...s.backupFiles.keys()].filter((k) => k === 'old-1.json')).toEqual([])
    expect(s.backupFiles.size).toBe(1)
  })

  it('a backup the page could not open is never removed or written over by this window', async () => {
    const s = setUp({ start: { kind: 'backup', backup: crashed } })
    s.backupFiles.set('old-1.json', 'the crash left this')
    await s.session.route.invoke.initialFile()
    s.page.restoreResult(false)
    s.page.backup(null) // the example that opened instead is clean
    s.page.backup('new work on the example')
    await s.fireTimers()
    s.page.backup(null)
    await settle()
    expect(s.backupFiles.get('old-1.json')).toBe('the crash left this')
    expect(s.session.documents.currentPath()).toBeNull()
  })

  it('a same-run restore that fails keeps the window’s old backup, and backs up to a new one', async () => {
    const s = setUp({ pageGone: ['reload'] })
    s.page.setDocumentState({ title: 'Seed', dirty: true })
    s.page.backup('work before the crash')
    s.emitPage('render-process-gone', {}, { reason: 'crashed' })
    await settle()
    const [before] = [...s.backupFiles.keys()]
    await s.session.route.invoke.initialFile()
    s.page.restoreResult(false)
    s.page.backup(null)
    s.page.backup('other work')
    await s.fireTimers()
    expect(JSON.parse(s.backupFiles.get(before)!).text).toBe('work before the crash')
    expect(s.backupFiles.size).toBe(2)
  })

  it('menu commands and Open Recent go to this window’s page', () => {
    const s = setUp()
    s.session.send('save')
    s.session.openRecent('/d/a.dwire.json')
    expect(s.log.sent).toEqual([[CHANNELS.command, 'save'], [CHANNELS.openRecentCommand, '/d/a.dwire.json']])
  })
})
