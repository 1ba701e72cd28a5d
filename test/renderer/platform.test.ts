// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { browserPlatform } from '../../renderer/src/platform/browser'
import { electronPlatform } from '../../renderer/src/platform/electron'
import { ChangedOnDiskError } from '../../renderer/src/platform/platform'
import { parseSlot, slotText } from '../../renderer/src/platform/sessions'
import fc from 'fast-check'
import type { DualWireBridge, MenuCommand } from '../../electron/bridge'

// The platform adapters: the browser's (downloads, uploads, recent files and the autosave in localStorage)
// and Electron's (every call through the preload's bridge).

describe('the browser platform', () => {
  beforeEach(() => {
    localStorage.clear()
    history.replaceState(null, '', '/?files=download')
  })

  it('saves by downloading a file with the suggested name, and remembers it among the recent files', async () => {
    const clicks: { download: string; href: string }[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push({ download: this.download, href: this.href })
    })
    const p = browserPlatform()
    const saved = await p.save('{"format":"dualwire-diagram"}', 'seed.dwire.json')
    expect(saved).toEqual({ name: 'seed.dwire.json' })
    expect(clicks.map((c) => c.download)).toEqual(['seed.dwire.json'])
    expect(clicks[0].href).toMatch(/^blob:/)
    const recent = await p.recent()
    expect(recent.map((r) => r.label)).toEqual(['seed.dwire.json'])
    expect(await recent[0].open()).toEqual({ name: 'seed.dwire.json', text: '{"format":"dualwire-diagram"}' })
    vi.restoreAllMocks()
  })

  it('keeps at most 8 recent files, newest first, without duplicates', async () => {
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
    const p = browserPlatform()
    for (let i = 0; i < 10; i++) await p.saveAs(`{}`, `d${i}.dwire.json`)
    await p.saveAs('{}', 'd5.dwire.json')
    expect((await p.recent()).map((r) => r.label)).toEqual(['d5', 'd9', 'd8', 'd7', 'd6', 'd4', 'd3', 'd2'].map((n) => `${n}.dwire.json`))
    vi.restoreAllMocks()
  })

  it('keeps the document in this tab’s slot and gives it back, with its name and unsaved state, after a reload', async () => {
    sessionStorage.clear()
    const p = browserPlatform()
    expect(await p.initial()).toBeNull()
    expect(p.keep({ name: 'a.dwire.json', dirty: true, text: () => '{"format":"dualwire-diagram","version":1}' })).toBe(true)
    // A reload: the same tab (its sessionStorage) and a fresh page.
    const again = browserPlatform()
    expect(await again.initial()).toEqual({ name: 'a.dwire.json', text: '{"format":"dualwire-diagram","version":1}', restored: true, dirty: true })
  })

  it('keeps text that did not open apart, where the next keep() cannot write over it', async () => {
    sessionStorage.clear()
    localStorage.setItem('dualwire.session.gone', 'dualwire-slot 1\n{"name":null,"dirty":true,"at":1}\nNOT A DIAGRAM')
    const p = browserPlatform()
    const start = await p.initial()
    expect(start).toEqual({ name: null, text: 'NOT A DIAGRAM', restored: true, dirty: true })
    p.notOpened(start!, 'not valid JSON')
    p.keep({ name: null, dirty: false, text: () => 'SEED' })
    expect(p.keptTexts()).toMatchObject([{ name: 'last session.dwire.json', text: 'NOT A DIAGRAM', message: 'not valid JSON' }])
    p.forgetKept(p.keptTexts()[0].key)
    expect(p.keptTexts()).toEqual([])
  })

  it('when storage is full, drops the texts of recent files (kept elsewhere) to keep unsaved work', async () => {
    sessionStorage.clear()
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
    const p = browserPlatform()
    await p.initial()
    await p.saveAs('{"a":1}', 'old.dwire.json')
    const setItem = localStorage.setItem.bind(localStorage)
    // Full while the recent list still holds a file's text.
    vi.spyOn(localStorage, 'setItem').mockImplementation((k: string, v: string) => {
      if (k.startsWith('dualwire.session.') && localStorage.getItem('dualwire.recent') !== null) throw new DOMException('full', 'QuotaExceededError')
      setItem(k, v)
    })
    expect(p.keep({ name: null, dirty: true, text: () => 'WORK' })).toBe(true)
    expect(await p.recent()).toEqual([])
    vi.restoreAllMocks()
  })

  it('with the File System Access API: save writes the file opened, and refuses (writing nothing) when another program changed it since', async () => {
    history.replaceState(null, '', '/')
    let disk = { text: 'A', lastModified: 1 }
    const handle = {
      name: 'a.dwire.json',
      getFile: async () => new File([disk.text], 'a.dwire.json', { lastModified: disk.lastModified }),
      createWritable: async () => {
        let written = ''
        return { write: async (t: string) => void (written += t), close: async () => void (disk = { text: written, lastModified: disk.lastModified + 1 }) }
      },
    }
    const w = window as unknown as Record<string, unknown>
    w.showOpenFilePicker = async () => [handle]
    const p = browserPlatform()
    const file = await p.open()
    expect(file).toEqual({ name: 'a.dwire.json', text: 'A' })
    // The editor loaded it: only now is it the file Save writes.
    p.openResult(file!, true)
    await p.save('B', 'a.dwire.json')
    expect(disk.text).toBe('B')
    await p.save('C', 'a.dwire.json') // its own save is not someone else's change
    expect(disk.text).toBe('C')
    disk = { text: 'theirs', lastModified: 99 }
    await expect(p.save('D', 'a.dwire.json')).rejects.toThrow(ChangedOnDiskError)
    expect(disk.text).toBe('theirs')
    await p.save('D', 'a.dwire.json', { overwrite: true })
    expect(disk.text).toBe('D')
    delete w.showOpenFilePicker
  })

  it('a file the editor could not load is never written by Save, nor listed as recent', async () => {
    history.replaceState(null, '', '/')
    localStorage.clear()
    let disk = 'not a diagram'
    const handle = {
      name: 'bad.dwire.json',
      getFile: async () => new File([disk], 'bad.dwire.json'),
      createWritable: async () => ({ write: async (t: string) => void (disk = t), close: async () => undefined }),
    }
    const elsewhere: string[] = []
    const w = window as unknown as Record<string, unknown>
    w.showOpenFilePicker = async () => [handle]
    w.showSaveFilePicker = async () => ({ name: 'new.dwire.json', getFile: async () => new File([''], 'new.dwire.json'), createWritable: async () => ({ write: async (t: string) => void elsewhere.push(t), close: async () => undefined }) })
    const p = browserPlatform()
    p.openResult((await p.open())!, false)
    await p.save('mine', 'bad.dwire.json')
    expect(disk).toBe('not a diagram')
    expect(elsewhere).toEqual(['mine'])
    expect((await p.recent()).map((r) => r.label)).toEqual(['new.dwire.json'])
    delete w.showOpenFilePicker
    delete w.showSaveFilePicker
  })

  it('puts the file name and the unsaved marker in the title', () => {
    const p = browserPlatform()
    p.setDocumentState('seed.dwire.json', true)
    expect(document.title).toBe('• seed.dwire.json — DualWire')
    p.setDocumentState('seed.dwire.json', false)
    expect(document.title).toBe('seed.dwire.json — DualWire')
  })
})

describe('a tab’s slot', () => {
  it('reads back exactly what was written, whatever the text and name hold', () => {
    fc.assert(fc.property(fc.record({ name: fc.option(fc.string()), text: fc.string({ unit: 'binary' }), dirty: fc.boolean(), at: fc.nat() }), (slot) => {
      expect(parseSlot(slotText(slot))).toEqual(slot)
    }), { seed: 11, numRuns: 500 })
  })

  it('anything else is unreadable, never a document', () => {
    for (const raw of ['', '{"text":"x"}', 'dualwire-slot 1\n', 'dualwire-slot 1\n{"name":\nx', 'dualwire-slot 2\n{}\nx']) expect(parseSlot(raw)).toBe('unreadable')
    expect(parseSlot(null)).toBeNull()
  })
})

describe('the Electron platform', () => {
  it('passes every call to the bridge and never a path to write to', async () => {
    const calls: unknown[][] = []
    let listener: ((c: MenuCommand) => void) | null = null
    const bridge: DualWireBridge = {
      openFile: async () => (calls.push(['openFile']), { path: '/p/a.dwire.json', name: 'a.dwire.json', text: '{}' }),
      openRecent: async (path) => (calls.push(['openRecent', path]), null),
      initialFile: async () => null,
      restoreResult: (opened) => void calls.push(['restoreResult', opened]),
      backup: (text) => void calls.push(['backup', text]),
      save: async (text) => (calls.push(['save', text]), { path: '/p/a.dwire.json', name: 'a.dwire.json' }),
      saveAs: async (text, name) => (calls.push(['saveAs', text, name]), null),
      exportModule: async (text, name) => (calls.push(['exportModule', text, name]), { path: '/p/a.ts', name: 'a.ts' }),
      recentFiles: async () => ['/p/a.dwire.json', 'C:\\q\\b.dwire.json'],
      setDocumentState: (s) => void calls.push(['setDocumentState', s]),
      closeAfterSave: () => undefined,
      onCommand: (l) => ((listener = l), () => (listener = null)),
    }
    const p = electronPlatform(bridge)
    expect(await p.open()).toMatchObject({ name: 'a.dwire.json', text: '{}' })
    expect(await p.save('TEXT', 'ignored.dwire.json')).toMatchObject({ name: 'a.dwire.json' })
    expect(await p.saveAs('TEXT', 'x.dwire.json')).toBeNull()
    await p.exportModule('MODULE', 'x.ts')
    const recent = await p.recent()
    expect(recent.map((r) => r.label)).toEqual(['a.dwire.json', 'b.dwire.json'])
    await recent[1].open()
    p.setDocumentState('a.dwire.json', true)
    p.keep({ name: null, dirty: true, text: () => 'WORK' })
    p.keep({ name: null, dirty: false, text: () => { throw new Error('a clean document needs no backup') } })
    const seen: MenuCommand[] = []
    const stop = p.onCommand((c) => seen.push(c))
    listener!('undo')
    stop()
    expect(listener).toBeNull()
    expect(seen).toEqual(['undo'])
    expect(calls).toEqual([
      ['openFile'],
      ['save', 'TEXT'],
      ['saveAs', 'TEXT', 'x.dwire.json'],
      ['exportModule', 'MODULE', 'x.ts'],
      ['openRecent', 'C:\\q\\b.dwire.json'],
      ['setDocumentState', { title: 'a.dwire.json', dirty: true }],
      ['backup', 'WORK'],
      ['backup', null],
    ])
  })

  it('opens restored work unsaved, and tells main whether it opened', async () => {
    const sent: unknown[][] = []
    const bridge = {
      initialFile: async () => ({ restored: true as const, name: 'a.dwire.json', text: 'T' }),
      restoreResult: (opened: boolean) => void sent.push(['restoreResult', opened]),
    } as unknown as DualWireBridge
    const p = electronPlatform(bridge)
    const start = await p.initial()
    expect(start).toEqual({ name: 'a.dwire.json', text: 'T', restored: true, dirty: true })
    p.opened(start!)
    p.notOpened(start!, 'bad')
    p.opened({ ...start!, restored: false })
    expect(sent).toEqual([['restoreResult', true], ['restoreResult', false]])
  })
})
