import type { MenuCommand } from '../../../electron/bridge'
import { ChangedOnDiskError, type DocumentFile, type Platform, type RecentEntry, type StartDocument } from './platform'
import { TabSlots } from './sessions'

// In a browser: the File System Access API where it exists (save writes back to the file opened), otherwise
// an upload for Open and a download for Save. Recent documents live in localStorage, and each tab keeps its
// document there too (sessions.ts), so a reload or a crash loses nothing. `?files=download` forces the
// upload/download path (used by the end-to-end tests, whose headless browser cannot answer a native file
// dialog).

interface PickerHandle {
  name: string
  getFile(): Promise<File>
  createWritable(): Promise<{ write(data: string): Promise<void>; close(): Promise<void> }>
}

type PickerWindow = Window & {
  showOpenFilePicker?: (options: object) => Promise<PickerHandle[]>
  showSaveFilePicker?: (options: object) => Promise<PickerHandle>
}

const RECENT_KEY = 'dualwire.recent'
const RECENT_LIMIT = 8
const RECENT_MAX_BYTES = 512 * 1024
const DIAGRAM_TYPES = [{ description: 'DualWire diagram', accept: { 'application/json': ['.dwire.json', '.json'] } }]

function readJson<T>(key: string, fallback: T): T {
  try {
    const text = localStorage.getItem(key)
    return text ? (JSON.parse(text) as T) : fallback
  } catch {
    return fallback
  }
}

function writeJson(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value))
  } catch {
    // Storage full or unavailable: the document is still in memory; nothing else depends on it.
  }
}

/** Drops the oldest recent file's text, to make room for unsaved work; false when there is none left. */
function dropOldestRecent(): boolean {
  const list = readJson<DocumentFile[]>(RECENT_KEY, [])
  if (list.length === 0) return false
  if (list.length === 1) localStorage.removeItem(RECENT_KEY)
  else writeJson(RECENT_KEY, list.slice(0, -1))
  return true
}

function remember(file: DocumentFile): void {
  if (file.text.length > RECENT_MAX_BYTES) return
  const list = readJson<DocumentFile[]>(RECENT_KEY, []).filter((f) => f.name !== file.name)
  writeJson(RECENT_KEY, [file, ...list].slice(0, RECENT_LIMIT))
}

function download(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.style.display = 'none'
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

function upload(): Promise<DocumentFile | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = '.json,.dwire.json,application/json'
    input.style.display = 'none'
    input.dataset.testid = 'open-file-input'
    input.addEventListener('change', async () => {
      const file = input.files?.[0]
      input.remove()
      resolve(file ? { name: file.name, text: await file.text() } : null)
    })
    input.addEventListener('cancel', () => {
      input.remove()
      resolve(null)
    })
    document.body.append(input)
    input.click()
  })
}

export function browserPlatform(): Platform {
  const w = window as PickerWindow
  const native = !new URLSearchParams(location.search).has('files') && typeof w.showOpenFilePicker === 'function'
  let handle: PickerHandle | null = null
  /** The file as this tab last read or wrote it: a save notices another program's changes since. */
  let stamp: { lastModified: number; size: number } | null = null
  /** The file open() read last, which becomes the current file only once it has loaded (fileOpened). */
  let candidate: { file: DocumentFile; handle: PickerHandle; stamp: { lastModified: number; size: number } } | null = null
  const listeners = new Set<(c: MenuCommand) => void>()
  const slots = new TabSlots()
  const notes: string[] = []

  const stampOf = (f: File) => ({ lastModified: f.lastModified, size: f.size })
  const writeTo = async (h: PickerHandle, text: string) => {
    const stream = await h.createWritable()
    await stream.write(text)
    await stream.close()
    stamp = stampOf(await h.getFile())
  }
  const cancelled = (err: unknown) => err instanceof DOMException && err.name === 'AbortError'

  const saveAs = async (text: string, suggestedName: string) => {
    if (native && w.showSaveFilePicker) {
      try {
        const h = await w.showSaveFilePicker({ suggestedName, types: DIAGRAM_TYPES })
        await writeTo(h, text)
        handle = h
        remember({ name: h.name, text })
        return { name: h.name }
      } catch (err) {
        if (cancelled(err)) return null
        throw err
      }
    }
    download(text, suggestedName, 'application/json')
    remember({ name: suggestedName, text })
    return { name: suggestedName }
  }

  return {
    kind: 'browser',
    async open() {
      if (native) {
        try {
          const [h] = await w.showOpenFilePicker!({ types: DIAGRAM_TYPES })
          const opened = await h.getFile()
          const file = { name: h.name, text: await opened.text() }
          candidate = { file, handle: h, stamp: stampOf(opened) }
          return file
        } catch (err) {
          if (cancelled(err)) return null
          throw err
        }
      }
      candidate = null
      return upload()
    },
    openResult(file, loaded) {
      const c = candidate
      candidate = null
      if (!loaded) return
      if (c?.file === file) ({ handle, stamp } = c)
      remember(file)
    },
    async initial(): Promise<StartDocument | null> {
      const claimed = await slots.claim()
      if (claimed.unreadable) notes.push('The browser’s copy of the last session was damaged; its text is kept below for you to download.')
      if (claimed.waiting > 0) {
        notes.push(`${claimed.waiting} more diagram${claimed.waiting === 1 ? '' : 's'} with unsaved changes from other tabs ${claimed.waiting === 1 ? 'is' : 'are'} kept; each new DualWire tab opens one.`)
      }
      return claimed.slot && { name: claimed.slot.name, text: claimed.slot.text, restored: true, dirty: claimed.slot.dirty }
    },
    opened: () => undefined,
    notOpened(doc, message) {
      // The slot may be written again only once its text is safe under a key of its own.
      if (!slots.keepUnopened({ name: doc.name ?? 'last session.dwire.json', text: doc.text, message })) slots.freeze()
    },
    keep(doc) {
      const text = doc.text()
      if (text === null) return false
      return slots.write({ name: doc.name, text, dirty: doc.dirty, at: Date.now() }, dropOldestRecent)
    },
    keptTexts: () => slots.unopened(),
    forgetKept: (key) => slots.forgetUnopened(key),
    downloadKept: (k) => download(k.text, /\.json$/.test(k.name) ? k.name : `${k.name}.dwire.json`, 'application/json'),
    startNotes: () => notes.splice(0),
    async save(text, suggestedName, options = {}) {
      if (handle) {
        const now = stampOf(await handle.getFile())
        if (!options.overwrite && stamp && (now.lastModified !== stamp.lastModified || now.size !== stamp.size)) throw new ChangedOnDiskError(handle.name)
        await writeTo(handle, text)
        remember({ name: handle.name, text })
        return { name: handle.name }
      }
      return saveAs(text, suggestedName)
    },
    saveAs,
    async exportModule(text, suggestedName) {
      if (native && w.showSaveFilePicker) {
        try {
          const h = await w.showSaveFilePicker({ suggestedName, types: [{ description: 'TypeScript', accept: { 'text/plain': ['.ts'] } }] })
          await writeTo(h, text)
          return { name: h.name }
        } catch (err) {
          if (cancelled(err)) return null
          throw err
        }
      }
      download(text, suggestedName, 'text/plain')
      return { name: suggestedName }
    },
    recent: async (): Promise<RecentEntry[]> =>
      readJson<DocumentFile[]>(RECENT_KEY, []).map((f) => ({ label: f.name, open: async () => ({ ...f }) })),
    forgetFile: () => {
      handle = null
    },
    setDocumentState: (title, dirty) => {
      document.title = `${dirty ? '• ' : ''}${title} — DualWire`
    },
    onCommand: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    onOpenRecent: () => () => undefined,
    menuKeys: new Set(),
  }
}
