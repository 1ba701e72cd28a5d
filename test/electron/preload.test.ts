import { beforeAll, describe, expect, it, vi } from 'vitest'
import { CHANNELS, type DualWireBridge, type MenuCommand } from '../../electron/bridge'

// The preload against a stand-in for Electron's renderer modules: what it exposes, and what reaches the
// page when main sends something.

type Listener = (event: unknown, ...args: unknown[]) => void

const fake = vi.hoisted(() => {
  const exposed = new Map<string, unknown>()
  const listeners = new Map<string, Set<Listener>>()
  const invoked: unknown[][] = []
  const sent: unknown[][] = []
  return {
    exposed, listeners, invoked, sent,
    emit(channel: string, ...args: unknown[]) {
      for (const l of listeners.get(channel) ?? []) l({ sender: 'the ipcRenderer itself' }, ...args)
    },
  }
})

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => fake.exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => (fake.invoked.push(args), `answer to ${String(args[0])}`),
    send: (...args: unknown[]) => void fake.sent.push(args),
    on: (channel: string, l: Listener) => {
      const set = fake.listeners.get(channel) ?? new Set<Listener>()
      set.add(l)
      fake.listeners.set(channel, set)
    },
    removeListener: (channel: string, l: Listener) => void fake.listeners.get(channel)?.delete(l),
  },
}))

let bridge: Required<DualWireBridge>
beforeAll(async () => {
  await import('../../electron/preload')
  bridge = fake.exposed.get('dualwire') as Required<DualWireBridge>
})

describe('preload', () => {
  it('exposes exactly one global, dualwire, holding exactly the bridge functions', () => {
    expect([...fake.exposed.keys()]).toEqual(['dualwire'])
    expect(Object.keys(bridge).sort()).toEqual(['backup', 'closeAfterSave', 'exportModule', 'initialFile', 'newDocument',
      'onCommand', 'onOpenRecent', 'openFile', 'openRecent', 'openResult', 'recentFiles', 'restoreResult', 'save', 'saveAs', 'setDocumentState'])
    expect(Object.values(bridge).every((v) => typeof v === 'function')).toBe(true)
  })

  it('maps each request to its channel with exactly its arguments', async () => {
    await expect(bridge.openFile()).resolves.toBe(`answer to ${CHANNELS.openFile}`)
    await bridge.openRecent('/d/a.dwire.json')
    await bridge.initialFile()
    await bridge.save('{}')
    await bridge.saveAs('{}', 'a.dwire.json')
    await bridge.exportModule('export {}', 'a.ts')
    await bridge.recentFiles()
    expect(fake.invoked).toEqual([
      [CHANNELS.openFile], [CHANNELS.openRecent, '/d/a.dwire.json'], [CHANNELS.initialFile], [CHANNELS.save, '{}'],
      [CHANNELS.saveAs, '{}', 'a.dwire.json'], [CHANNELS.exportModule, 'export {}', 'a.ts'], [CHANNELS.recentFiles],
    ])
  })

  it('sends one-way messages, copying only the document state fields', () => {
    const state = { title: 'Seed', dirty: true, extra: 'not for main' }
    bridge.setDocumentState(state)
    bridge.closeAfterSave(true)
    bridge.newDocument()
    bridge.restoreResult(false)
    bridge.openResult(true)
    bridge.backup('{}')
    bridge.backup(null)
    expect(fake.sent).toEqual([
      [CHANNELS.setDocumentState, { title: 'Seed', dirty: true }], [CHANNELS.closeAfterSave, true], [CHANNELS.newDocument],
      [CHANNELS.restoreResult, false], [CHANNELS.openResult, true], [CHANNELS.backup, '{}'], [CHANNELS.backup, null],
    ])
  })

  it('delivers menu commands without the IPC event, drops unknown ones, and unsubscribes', () => {
    const got: unknown[][] = []
    const off = bridge.onCommand((...args: unknown[]) => void got.push(args))
    fake.emit(CHANNELS.command, 'save')
    fake.emit(CHANNELS.command, 'format-disk')
    fake.emit(CHANNELS.command, 42)
    fake.emit(CHANNELS.command, 'save-then-close')
    off()
    fake.emit(CHANNELS.command, 'undo')
    expect(got).toEqual([['save'], ['save-then-close']] satisfies MenuCommand[][])
    expect(fake.listeners.get(CHANNELS.command)?.size).toBe(0)
  })

  it('delivers Open Recent paths as strings only', () => {
    const got: unknown[][] = []
    const off = bridge.onOpenRecent((...args: unknown[]) => void got.push(args))
    fake.emit(CHANNELS.openRecentCommand, '/d/a.dwire.json')
    fake.emit(CHANNELS.openRecentCommand, { path: '/d' })
    off()
    fake.emit(CHANNELS.openRecentCommand, '/d/b.dwire.json')
    expect(got).toEqual([['/d/a.dwire.json']])
  })
})
