import { describe, expect, it } from 'vitest'
import { CHANNELS } from '../../electron/bridge'
import { MAX_FILE_BYTES } from '../../electron/files'
import {
  type FrameLike, type IpcEventLike, type IpcMainLike, type InvokeHandlers, registerIpc, type Route, type SendHandlers,
  senderProblem, type TrustedWindow, validateChannelPayload, validatePayload,
} from '../../electron/ipc'

// What a compromised renderer could send: every channel gets its good payloads through and its bad ones
// refused, and nothing arrives from anywhere but the main window's own top frame on app://.

const contents = { id: 1 }
const mainFrame: FrameLike = { url: 'app://dualwire/index.html', parent: null, processId: 7, routingId: 3 }
const trusted: TrustedWindow = { contents, mainFrame }
const fromMain: IpcEventLike = { sender: contents, senderFrame: mainFrame }

describe('payload validation', () => {
  it('passes well-formed payloads through unchanged', () => {
    expect(validatePayload('openFile', [])).toEqual({ ok: true, name: 'openFile', args: [] })
    expect(validatePayload('recentFiles', [])).toMatchObject({ ok: true, args: [] })
    expect(validatePayload('initialFile', [])).toMatchObject({ ok: true, args: [] })
    expect(validatePayload('newDocument', [])).toMatchObject({ ok: true, args: [] })
    expect(validatePayload('openRecent', ['/home/u/a.dwire.json'])).toMatchObject({ ok: true, args: ['/home/u/a.dwire.json'] })
    expect(validatePayload('save', ['{"format":"dualwire-diagram"}'])).toMatchObject({ ok: true, args: ['{"format":"dualwire-diagram"}'] })
    expect(validatePayload('saveAs', ['{}', 'Seed example.dwire.json'])).toMatchObject({ ok: true, args: ['{}', 'Seed example.dwire.json'] })
    expect(validatePayload('exportModule', ['export {}', 'seed.ts'])).toMatchObject({ ok: true, args: ['export {}', 'seed.ts'] })
    expect(validatePayload('setDocumentState', [{ title: 'Seed', dirty: true }]))
      .toMatchObject({ ok: true, args: [{ title: 'Seed', dirty: true }] })
    expect(validatePayload('closeAfterSave', [false])).toMatchObject({ ok: true, args: [false] })
    expect(validatePayload('restoreResult', [true])).toMatchObject({ ok: true, args: [true] })
    expect(validatePayload('backup', ['{"format":"dualwire-diagram"}'])).toMatchObject({ ok: true, args: ['{"format":"dualwire-diagram"}'] })
    expect(validatePayload('backup', [null])).toMatchObject({ ok: true, args: [null] })
  })

  it('refuses a backup that is not text or null, or larger than a file may be', () => {
    expect(validatePayload('backup', [undefined])).toEqual({ ok: false, reason: 'text must be a string' })
    expect(validatePayload('backup', [{ text: 'x' }])).toEqual({ ok: false, reason: 'text must be a string' })
    expect(validatePayload('backup', ['x'.repeat(MAX_FILE_BYTES + 1)])).toEqual({ ok: false, reason: `text is larger than ${MAX_FILE_BYTES} bytes` })
    expect(validatePayload('backup', [])).toMatchObject({ ok: false })
    expect(validatePayload('restoreResult', ['yes'])).toEqual({ ok: false, reason: 'opened must be a boolean' })
  })

  it('accepts a document of exactly the size limit and refuses one byte more', () => {
    const limit = 'x'.repeat(MAX_FILE_BYTES)
    expect(validatePayload('save', [limit]).ok).toBe(true)
    expect(validatePayload('save', [limit + 'x'])).toEqual({ ok: false, reason: `text is larger than ${MAX_FILE_BYTES} bytes` })
  })

  it('measures text in UTF-8 bytes, as it lands on disk', () => {
    // 20M characters of 3 bytes each: under the limit in characters, 60 MB on disk.
    const wide = '∂'.repeat(20 * 1024 * 1024)
    expect(wide.length).toBeLessThan(MAX_FILE_BYTES)
    expect(validatePayload('save', [wide]).ok).toBe(false)
  })

  it.each([
    ['save', [42], 'text must be a string'],
    ['save', [{ toString: 'x' }], 'text must be a string'],
    ['save', [], 'expected 1 argument(s), got 0'],
    ['save', ['a', 'b'], 'expected 1 argument(s), got 2'],
    ['openFile', ['/etc/passwd'], 'expected 0 argument(s), got 1'],
    ['openRecent', [['/a']], 'path must be a string'],
    ['openRecent', ['/a\0.dwire.json'], 'path contains a NUL character'],
    ['openRecent', ['/'.repeat(5000)], 'path is longer than 4096 characters'],
    ['saveAs', ['{}', 7], 'suggested name must be a string'],
    ['saveAs', ['{}', 'n'.repeat(256)], 'suggested name is longer than 255 characters'],
    ['exportModule', ['x', null], 'suggested name must be a string'],
    ['setDocumentState', ['Seed'], 'state must be an object'],
    ['setDocumentState', [null], 'state must be an object'],
    ['setDocumentState', [[]], 'state must be an object'],
    ['setDocumentState', [{ title: 'Seed' }], 'state must have exactly the fields title and dirty'],
    ['setDocumentState', [{ title: 'Seed', dirty: false, path: '/etc' }], 'state must have exactly the fields title and dirty'],
    ['setDocumentState', [{ title: 'Seed', dirty: 'yes' }], 'dirty must be a boolean'],
    ['setDocumentState', [{ title: 1, dirty: true }], 'title must be a string'],
    ['setDocumentState', [{ title: 't'.repeat(1025), dirty: true }], 'title is longer than 1024 characters'],
    ['closeAfterSave', ['true'], 'saved must be a boolean'],
    ['closeAfterSave', [1], 'saved must be a boolean'],
  ] as const)('%s(%j) is refused: %s', (name, args, reason) => {
    expect(validatePayload(name, args)).toEqual({ ok: false, reason })
  })

  it('refuses unknown channels and the channels main only sends on', () => {
    expect(validateChannelPayload('dualwire:delete-file', ['/home'])).toEqual({ ok: false, reason: 'unknown channel "dualwire:delete-file"' })
    expect(validateChannelPayload(CHANNELS.command, ['save']).ok).toBe(false)
    expect(validateChannelPayload(CHANNELS.openRecentCommand, ['/a']).ok).toBe(false)
    expect(validateChannelPayload('__proto__', []).ok).toBe(false)
    expect(validateChannelPayload(CHANNELS.save, ['{}'])).toMatchObject({ ok: true, name: 'save' })
  })
})

describe('sender check', () => {
  it('admits the main window top frame on app://', () => {
    expect(senderProblem(fromMain, trusted)).toBeNull()
    // A new frame object for the same frame (Electron may hand out another wrapper) is the same sender.
    expect(senderProblem({ sender: contents, senderFrame: { ...mainFrame } }, trusted)).toBeNull()
  })

  it('refuses another window, a subframe, a replaced frame, a gone frame and other origins', () => {
    expect(senderProblem({ sender: { id: 2 }, senderFrame: mainFrame }, trusted)).toBe('the sender is not the window it claims to be')
    const iframe: FrameLike = { url: 'app://dualwire/index.html', parent: mainFrame, processId: 7, routingId: 4 }
    expect(senderProblem({ sender: contents, senderFrame: iframe }, trusted)).toBe('the sender is a subframe')
    const otherTop: FrameLike = { ...mainFrame, routingId: 9 }
    expect(senderProblem({ sender: contents, senderFrame: otherTop }, trusted)).toBe('the sender is not the main frame')
    expect(senderProblem({ sender: contents, senderFrame: null }, trusted)).toBe('the sending frame is gone')
    expect(senderProblem(fromMain, null)).toBe('the sender is not a DualWire window')
    for (const url of ['https://evil.example/', 'file:///home/u/x.html', 'app://evil/index.html',
      'app://dualwire.evil/index.html', 'app://user@dualwire/index.html', 'http://dualwire/', 'about:blank', 'not a url']) {
      const frame: FrameLike = { ...mainFrame, url }
      expect(senderProblem({ sender: contents, senderFrame: frame }, { contents, mainFrame: frame }), url)
        .toBe('the sender is not on the app:// origin')
    }
  })
})

describe('registerIpc', () => {
  type Listener = (event: IpcEventLike, ...args: unknown[]) => unknown

  function setUp() {
    const handles = new Map<string, Listener>()
    const ons = new Map<string, Listener>()
    const ipcMain: IpcMainLike = {
      handle: (channel, listener) => void handles.set(channel, listener),
      on: (channel, listener) => ons.set(channel, listener),
    }
    const calls: unknown[][] = []
    const logged: string[] = []
    const invoke: InvokeHandlers = {
      openFile: async () => (calls.push(['openFile']), null),
      openRecent: async (path) => (calls.push(['openRecent', path]), null),
      initialFile: async () => (calls.push(['initialFile']), null),
      save: async (text) => (calls.push(['save', text]), { path: '/d/a.dwire.json', name: 'a.dwire.json' }),
      saveAs: async (text, name) => (calls.push(['saveAs', text, name]), null),
      exportModule: async (text, name) => (calls.push(['exportModule', text, name]), null),
      recentFiles: async () => (calls.push(['recentFiles']), ['/d/a.dwire.json']),
    }
    const send: SendHandlers = {
      setDocumentState: (state) => void calls.push(['setDocumentState', state]),
      closeAfterSave: (saved) => void calls.push(['closeAfterSave', saved]),
      newDocument: () => void calls.push(['newDocument']),
      restoreResult: (opened) => void calls.push(['restoreResult', opened]),
      openResult: (opened) => void calls.push(['openResult', opened]),
      backup: (text) => void calls.push(['backup', text]),
    }
    // A second window: its calls reach its own handlers, never the first window's.
    const secondContents = { id: 2 }
    const secondCalls: unknown[][] = []
    const second: Route = {
      trusted: { contents: secondContents, mainFrame: { ...mainFrame, processId: 8 } },
      invoke: { ...invoke, save: async (text) => (secondCalls.push(['save', text]), null) },
      send: { ...send, backup: (text) => void secondCalls.push(['backup', text]) },
    }
    const route = (sender: unknown): Route | null =>
      sender === contents ? { trusted, invoke, send } : sender === secondContents ? second : null
    registerIpc(ipcMain, { route, log: (m) => void logged.push(m) })
    return { handles, ons, calls, logged, secondContents, secondCalls }
  }

  it('registers a handler for every bridge channel, invoke or send, and none for main-to-renderer channels', () => {
    const { handles, ons } = setUp()
    expect([...handles.keys()].sort()).toEqual([CHANNELS.openFile, CHANNELS.openRecent, CHANNELS.initialFile,
      CHANNELS.save, CHANNELS.saveAs, CHANNELS.exportModule, CHANNELS.recentFiles].sort())
    expect([...ons.keys()].sort()).toEqual([CHANNELS.setDocumentState, CHANNELS.closeAfterSave, CHANNELS.newDocument,
      CHANNELS.restoreResult, CHANNELS.openResult, CHANNELS.backup].sort())
  })

  it('hands validated calls from the main frame to the handlers and returns their answers', async () => {
    const { handles, ons, calls } = setUp()
    await expect(handles.get(CHANNELS.save)?.(fromMain, '{"a":1}')).resolves.toEqual({ path: '/d/a.dwire.json', name: 'a.dwire.json' })
    await expect(handles.get(CHANNELS.recentFiles)?.(fromMain)).resolves.toEqual(['/d/a.dwire.json'])
    ons.get(CHANNELS.setDocumentState)?.(fromMain, { title: 'Seed', dirty: true })
    ons.get(CHANNELS.closeAfterSave)?.(fromMain, true)
    expect(calls).toEqual([['save', '{"a":1}'], ['recentFiles'], ['setDocumentState', { title: 'Seed', dirty: true }],
      ['closeAfterSave', true]])
  })

  it('rejects a bad invoke without calling the handler, and logs why', () => {
    const { handles, calls, logged } = setUp()
    expect(() => handles.get(CHANNELS.save)?.(fromMain, 12)).toThrow('DualWire refused this request')
    expect(() => handles.get(CHANNELS.openRecent)?.({ sender: contents, senderFrame: { ...mainFrame, url: 'https://evil.example/' } }, '/a'))
      .toThrow('DualWire refused this request')
    expect(calls).toEqual([])
    expect(logged).toEqual([
      'refused dualwire:save: text must be a string',
      'refused dualwire:open-recent: the sender is not on the app:// origin',
    ])
  })

  it('drops a bad send from another frame or with a bad payload', () => {
    const { ons, calls, logged } = setUp()
    const iframe: FrameLike = { ...mainFrame, parent: mainFrame, routingId: 5 }
    ons.get(CHANNELS.closeAfterSave)?.({ sender: contents, senderFrame: iframe }, true)
    ons.get(CHANNELS.setDocumentState)?.(fromMain, { title: 'x', dirty: 1 })
    expect(calls).toEqual([])
    expect(logged).toEqual([
      'refused dualwire:close-after-save: the sender is a subframe',
      'refused dualwire:set-document-state: dirty must be a boolean',
    ])
  })

  it('routes each window’s calls to that window’s handlers, and refuses a webContents that is no DualWire window', async () => {
    const { handles, ons, calls, secondContents, secondCalls, logged } = setUp()
    const secondFrame: FrameLike = { ...mainFrame, processId: 8 }
    await handles.get(CHANNELS.save)?.({ sender: secondContents, senderFrame: secondFrame }, 'two')
    ons.get(CHANNELS.backup)?.({ sender: secondContents, senderFrame: secondFrame }, 'kept')
    ons.get(CHANNELS.backup)?.(fromMain, null)
    expect(secondCalls).toEqual([['save', 'two'], ['backup', 'kept']])
    expect(calls).toEqual([['backup', null]])
    expect(() => handles.get(CHANNELS.save)?.({ sender: { id: 3 }, senderFrame: mainFrame }, 'x')).toThrow('DualWire refused this request')
    // The second window's frame cannot speak for the first window.
    ons.get(CHANNELS.backup)?.({ sender: contents, senderFrame: secondFrame }, 'forged')
    expect(calls).toEqual([['backup', null]])
    expect(logged).toEqual(['refused dualwire:save: the sender is not a DualWire window', 'refused dualwire:backup: the sender is not the main frame'])
  })
})
