import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { OpenedFile } from '../../electron/bridge'
import { commandLineFile, createDocumentState, type DocumentDeps, safeFileName, type Start, windowTitle } from '../../electron/documents'
import { ConflictError, FileTooLargeError, type Fingerprint, ReadOnlyError } from '../../electron/files'
import { createRecentFiles } from '../../electron/recent'

/** Dialogs answered from queues, files in a Map (each write a new fingerprint), errors collected. */
function setUp(options: {
  files?: Record<string, string>; open?: (string | null)[]; save?: (string | null)[]; initial?: string; start?: Start
  conflict?: ('overwrite' | 'save-as' | 'cancel')[]; readOnly?: ('save-as' | 'cancel')[]
} = {}) {
  const files = new Map(Object.entries(options.files ?? {}))
  let writes = 0
  const prints = new Map([...files.keys()].map((p) => [p, { size: files.get(p)!.length, mtimeMs: 1, ino: ++writes }]))
  const openAnswers = [...(options.open ?? [])]
  const saveAnswers = [...(options.save ?? [])]
  const conflictAnswers = [...(options.conflict ?? [])]
  const readOnlyAnswers = [...(options.readOnly ?? [])]
  const errors: string[] = []
  const asked: string[] = []
  const dialogs: { suggested: string; kind: string }[] = []
  const recent = createRecentFiles({
    file: '/user/recent.json', exists: (p) => files.has(p), readText: () => null, writeText: async () => undefined,
  })
  /** Another program writes the file: its fingerprint changes. */
  const touch = (path: string, text: string) => {
    files.set(path, text)
    prints.set(path, { size: text.length, mtimeMs: 2, ino: ++writes })
  }
  const deps: DocumentDeps = {
    chooseOpenPath: async () => openAnswers.shift() ?? null,
    chooseSavePath: async (suggested, kind) => (dialogs.push({ suggested, kind }), saveAnswers.shift() ?? null),
    showError: async (m) => void errors.push(m),
    askConflict: async (name) => (asked.push(`conflict ${name}`), conflictAnswers.shift() ?? 'cancel'),
    askReadOnly: async (name, what) => (asked.push(`read-only ${what} ${name}`), readOnlyAnswers.shift() ?? 'cancel'),
    read: async (path): Promise<{ file: OpenedFile; fingerprint: Fingerprint }> => {
      const text = files.get(path)
      if (text === undefined) throw new Error('ENOENT: no such file')
      if (text === 'HUGE') throw new FileTooLargeError(path, 60 * 1024 * 1024)
      return { file: { path, name: path.split('/').at(-1) ?? path, text }, fingerprint: prints.get(path)! }
    },
    write: async (path, text, expected) => {
      if (path.startsWith('/readonly/')) throw new ReadOnlyError(path, 'file')
      if (path.startsWith('/broken/')) throw new Error('EIO: i/o error')
      const now = prints.get(path) ?? null
      if (expected !== undefined && JSON.stringify(expected) !== JSON.stringify(now)) throw new ConflictError(path)
      touch(path, text)
      return prints.get(path)!
    },
    recent,
    start: options.start ?? (options.initial ? { kind: 'file', path: options.initial } : null),
  }
  const state = createDocumentState(deps)
  // A page that loads every file it is given, and says so (openResult), as the renderer does.
  const loaded = async <T>(file: T): Promise<T> => {
    if (file !== null && !(typeof file === 'object' && 'restored' in (file as object))) await state.openResult(true)
    return file
  }
  const h: typeof state.handlers = {
    ...state.handlers,
    openFile: async () => loaded(await state.handlers.openFile()),
    openRecent: async (path) => loaded(await state.handlers.openRecent(path)),
    initialFile: async () => loaded(await state.handlers.initialFile()),
  }
  return { state, h, files, errors, dialogs, recent, asked, touch }
}

describe('document handlers', () => {
  it('open: reads the chosen file, makes it the window file and a recent file', async () => {
    const { state, h, recent } = setUp({ files: { '/d/a.dwire.json': '{"a":1}' }, open: ['/d/a.dwire.json'] })
    await expect(h.openFile()).resolves.toEqual({ path: '/d/a.dwire.json', name: 'a.dwire.json', text: '{"a":1}' })
    expect(state.currentPath()).toBe('/d/a.dwire.json')
    expect(recent.list()).toEqual(['/d/a.dwire.json'])
  })

  it('a file the page could not load is neither the window file nor a recent file', async () => {
    const { state, recent, dialogs } = setUp({ files: { '/d/bad.dwire.json': 'not a diagram', '/d/a.dwire.json': 'A' }, open: ['/d/a.dwire.json', '/d/bad.dwire.json'], save: [null] })
    await state.handlers.openFile()
    await state.openResult(true)
    await state.handlers.openFile()
    await state.openResult(false)
    expect(recent.list()).toEqual(['/d/a.dwire.json'])
    // The window's file is still the one that loaded: Save writes there, never over the file that did not.
    expect(state.currentPath()).toBe('/d/a.dwire.json')
    const fresh = setUp({ files: { '/d/bad.dwire.json': 'x' }, open: ['/d/bad.dwire.json'], save: [null] })
    await fresh.state.handlers.openFile()
    await fresh.state.openResult(false)
    expect(fresh.state.currentPath()).toBeNull()
    expect(fresh.recent.list()).toEqual([])
    await fresh.state.handlers.save('mine')
    expect(fresh.dialogs).toHaveLength(1)
    expect(fresh.files.get('/d/bad.dwire.json')).toBe('x')
    expect(dialogs).toEqual([])
  })

  it('open cancelled: null, nothing changes', async () => {
    const { state, h } = setUp({ open: [null] })
    await expect(h.openFile()).resolves.toBeNull()
    expect(state.currentPath()).toBeNull()
  })

  it('a file over the limit is refused with a message, and null', async () => {
    const { h, errors, state } = setUp({ files: { '/d/big.dwire.json': 'HUGE' }, open: ['/d/big.dwire.json'] })
    await expect(h.openFile()).resolves.toBeNull()
    expect(errors).toEqual(['Could not open big.dwire.json.\nbig.dwire.json is 60.0 MB; DualWire opens and saves files of at most 50 MB.'])
    expect(state.currentPath()).toBeNull()
  })

  it('openRecent opens only paths on the recent list', async () => {
    const { h, errors } = setUp({ files: { '/d/a.dwire.json': 'A', '/etc/passwd': 'root' }, open: ['/d/a.dwire.json'] })
    await h.openFile()
    await expect(h.openRecent('/d/a.dwire.json')).resolves.toMatchObject({ text: 'A' })
    await expect(h.openRecent('/etc/passwd')).resolves.toBeNull()
    expect(errors).toEqual(['passwd is not in the recent files list.'])
  })

  it('save writes to the window file without asking', async () => {
    const { h, files, dialogs } = setUp({ files: { '/d/a.dwire.json': 'old' }, open: ['/d/a.dwire.json'] })
    await h.openFile()
    await expect(h.save('new')).resolves.toEqual({ path: '/d/a.dwire.json', name: 'a.dwire.json' })
    expect(files.get('/d/a.dwire.json')).toBe('new')
    expect(dialogs).toEqual([])
  })

  it('save of a new document asks for a path; save after newDocument asks again instead of overwriting', async () => {
    const { state, h, files, dialogs } = setUp({ save: ['/d/first.dwire.json', null] })
    await expect(h.save('one')).resolves.toEqual({ path: '/d/first.dwire.json', name: 'first.dwire.json' })
    expect(state.currentPath()).toBe('/d/first.dwire.json')
    state.forgetCurrentPath()
    await expect(h.save('two')).resolves.toBeNull()
    expect(files.get('/d/first.dwire.json')).toBe('one')
    expect(dialogs.map((d) => d.suggested)).toEqual(['Untitled.dwire.json', 'Untitled.dwire.json'])
  })

  it('saveAs always asks, starting from a cleaned-up name, and the new path becomes the window file', async () => {
    const { state, h, dialogs } = setUp({ save: ['/d/b.dwire.json'] })
    await h.saveAs('x', '../../etc/Seed: v2?.dwire.json')
    expect(dialogs).toEqual([{ suggested: 'Seed_ v2_.dwire.json', kind: 'diagram' }])
    expect(state.currentPath()).toBe('/d/b.dwire.json')
  })

  it('a failed write shows the error, returns null and keeps the window file', async () => {
    const { state, h, errors } = setUp({ save: ['/broken/a.dwire.json'] })
    await expect(h.saveAs('x', 'a.dwire.json')).resolves.toBeNull()
    expect(errors).toEqual(['Could not save a.dwire.json.\nEIO: i/o error'])
    expect(state.currentPath()).toBeNull()
  })

  it('a file changed on disk since it was opened is not written over without asking; Cancel changes nothing', async () => {
    const { h, files, asked, touch } = setUp({ files: { '/d/a.dwire.json': 'old' }, open: ['/d/a.dwire.json'], conflict: ['cancel'] })
    await h.openFile()
    touch('/d/a.dwire.json', 'theirs')
    await expect(h.save('mine')).resolves.toBeNull()
    expect(asked).toEqual(['conflict a.dwire.json'])
    expect(files.get('/d/a.dwire.json')).toBe('theirs')
  })

  it('…Overwrite writes it; after that save, the next one goes through without asking', async () => {
    const { h, files, asked, touch } = setUp({ files: { '/d/a.dwire.json': 'old' }, open: ['/d/a.dwire.json'], conflict: ['overwrite'] })
    await h.openFile()
    touch('/d/a.dwire.json', 'theirs')
    await expect(h.save('mine')).resolves.toEqual({ path: '/d/a.dwire.json', name: 'a.dwire.json' })
    await h.save('mine again')
    expect(asked).toEqual(['conflict a.dwire.json'])
    expect(files.get('/d/a.dwire.json')).toBe('mine again')
  })

  it('…Save As keeps both: theirs in the file, mine in the new one, which becomes the window file', async () => {
    const { state, h, files, touch } = setUp({ files: { '/d/a.dwire.json': 'old' }, open: ['/d/a.dwire.json'], conflict: ['save-as'], save: ['/d/mine.dwire.json'] })
    await h.openFile()
    touch('/d/a.dwire.json', 'theirs')
    await h.save('mine')
    expect([files.get('/d/a.dwire.json'), files.get('/d/mine.dwire.json')]).toEqual(['theirs', 'mine'])
    expect(state.currentPath()).toBe('/d/mine.dwire.json')
  })

  it('a read-only file offers Save As, and nothing is written where it may not be', async () => {
    const { state, h, files, asked } = setUp({ save: ['/readonly/a.dwire.json', '/d/copy.dwire.json'], readOnly: ['save-as'] })
    await expect(h.saveAs('mine', 'a.dwire.json')).resolves.toEqual({ path: '/d/copy.dwire.json', name: 'copy.dwire.json' })
    expect(asked).toEqual(['read-only file a.dwire.json'])
    expect(files.has('/readonly/a.dwire.json')).toBe(false)
    expect(state.currentPath()).toBe('/d/copy.dwire.json')
  })

  it('a restored backup saves to its file again, unless that file changed since the backup was made', async () => {
    const backup = { id: 'b-1', name: 'a.dwire.json', title: 'A', path: '/d/a.dwire.json', fingerprint: { size: 3, mtimeMs: 1, ino: 1 }, savedAt: 5, text: 'unsaved' }
    const { state, h, files, asked } = setUp({ files: { '/d/a.dwire.json': 'old' }, start: { kind: 'backup', backup } })
    await expect(h.initialFile()).resolves.toEqual({ restored: true, name: 'a.dwire.json', text: 'unsaved' })
    expect(state.currentPath()).toBe('/d/a.dwire.json')
    await h.save('unsaved')
    expect(files.get('/d/a.dwire.json')).toBe('unsaved')
    expect(asked).toEqual([])

    const changed = setUp({ files: { '/d/a.dwire.json': 'edited elsewhere' }, start: { kind: 'backup', backup: { ...backup, fingerprint: { size: 3, mtimeMs: 0, ino: 9 } } } })
    await changed.h.initialFile()
    await expect(changed.h.save('unsaved')).resolves.toBeNull()
    expect(changed.asked).toEqual(['conflict a.dwire.json'])
    expect(changed.files.get('/d/a.dwire.json')).toBe('edited elsewhere')
  })

  it('a restored backup of a document never saved has no name and no file', async () => {
    const backup = { id: 'b-2', name: null, title: 'Untitled', path: null, fingerprint: null, savedAt: 5, text: 'new work' }
    const { state, h, dialogs } = setUp({ start: { kind: 'backup', backup }, save: [null] })
    await expect(h.initialFile()).resolves.toEqual({ restored: true, name: null, text: 'new work' })
    expect(state.currentPath()).toBeNull()
    await h.save('new work')
    expect(dialogs).toEqual([{ suggested: 'Untitled.dwire.json', kind: 'diagram' }])
  })

  it('exportModule writes through its own dialog and leaves the window file alone', async () => {
    const { state, h, files, dialogs } = setUp({ files: { '/d/a.dwire.json': 'A' }, open: ['/d/a.dwire.json'], save: ['/d/a.ts'] })
    await h.openFile()
    await expect(h.exportModule('export {}', 'a.ts')).resolves.toEqual({ path: '/d/a.ts', name: 'a.ts' })
    expect(files.get('/d/a.ts')).toBe('export {}')
    expect(dialogs).toEqual([{ suggested: 'a.ts', kind: 'module' }])
    expect(state.currentPath()).toBe('/d/a.dwire.json')
  })

  it('initialFile returns the command-line file once', async () => {
    const { h } = setUp({ files: { '/d/cli.dwire.json': 'C' }, initial: '/d/cli.dwire.json' })
    await expect(h.initialFile()).resolves.toMatchObject({ path: '/d/cli.dwire.json', text: 'C' })
    await expect(h.initialFile()).resolves.toBeNull()
  })

  it('initialFile of a missing file shows why and returns null', async () => {
    const { h, errors } = setUp({ initial: '/d/gone.dwire.json' })
    await expect(h.initialFile()).resolves.toBeNull()
    expect(errors).toEqual(['Could not open gone.dwire.json.\nENOENT: no such file'])
  })
})

describe('commandLineFile', () => {
  it('finds the diagram after the app path in development and after the binary when packaged', () => {
    expect(commandLineFile(['/electron', '.', 'a.dwire.json'], true, '/home/u')).toBe(resolve('/home/u/a.dwire.json'))
    expect(commandLineFile(['/opt/DualWire/dualwire', '/d/B.DWIRE.JSON'], false, '/')).toBe(resolve('/d/B.DWIRE.JSON'))
  })

  it('ignores switches, other files and the app path itself', () => {
    expect(commandLineFile(['/electron', '.', '--inspect=x.dwire.json', 'notes.txt'], true, '/')).toBeNull()
    expect(commandLineFile(['/electron', 'app.dwire.json'], true, '/')).toBeNull()
    expect(commandLineFile(['/opt/DualWire/dualwire'], false, '/')).toBeNull()
  })
})

describe('names', () => {
  it('window title: "name — DualWire" with a bullet when dirty', () => {
    expect(windowTitle('Seed example', false)).toBe('Seed example — DualWire')
    expect(windowTitle('Seed example', true)).toBe('• Seed example — DualWire')
    expect(windowTitle('  ', false)).toBe('Untitled — DualWire')
    expect(windowTitle('a\nb\u0007', false)).toBe('a b — DualWire')
  })

  it('suggested file names lose folders and characters file systems refuse', () => {
    expect(safeFileName('C:\\Users\\x\\a.dwire.json', 'f')).toBe('a.dwire.json')
    expect(safeFileName('a<b>|c*?.ts', 'f')).toBe('a_b__c__.ts')
    expect(safeFileName('..', 'fallback.ts')).toBe('fallback.ts')
    expect(safeFileName('', 'fallback.ts')).toBe('fallback.ts')
  })
})
