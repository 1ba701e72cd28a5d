import { effectScope, onScopeDispose, shallowRef, watch } from 'vue'
import { type Diagram, diagramFileText, type FileText } from '../../../core'
import type { KeptText, Platform } from '../platform/platform'
import type { DocumentStore } from './document'
import { fileTextOffThread } from './file-text'
import type { UiStore } from './ui'

// Never lose work: the document is kept by the platform (the browser's storage, or main's backup) shortly
// after every change and at once when the page is hidden or closed; a browser tab with unsaved changes asks
// before it closes. What the platform kept but could not open is listed for the user to download or delete.

/**
 * The document is kept once the user has paused this long (no change, no pointer, wheel or key): a slider
 * drag is one write, not hundreds, and the write (tens of milliseconds for a large diagram) never lands in
 * the middle of a pan. It waits for such a pause at most KEEP_WAIT_MS after a change.
 */
export const KEEP_DELAY_MS = 300
const KEEP_WAIT_MS = 5000
/** What counts as the user being busy: the document waits for a pause in these. */
const ACTIVITY = ['pointermove', 'pointerdown', 'wheel', 'keydown'] as const

/** What recovery asks of the platform. */
export type Keeper = Pick<Platform, 'kind' | 'keep' | 'keptTexts' | 'forgetKept' | 'downloadKept'>

/** Where nothing can be kept (unit tests, which never start recovery): nothing is kept, and nothing was. */
export const keepsNothing: Keeper = { kind: 'browser', keep: () => false, keptTexts: () => [], forgetKept: () => {}, downloadKept: () => {} }

export type RecoveryStore = ReturnType<typeof createRecoveryStore>

export function createRecoveryStore(document: DocumentStore, ui: UiStore, platform: Keeper) {
  const { diagram, dirty, fileName } = document
  const { tell } = ui
  /** followRecovery's watchers and listeners; a child of the scope the store is made in, so they stop with it. */
  const scope = effectScope()

  /** Texts that did not open, shown until the user downloads or deletes them. */
  const keptTexts = shallowRef<KeptText[]>([])

  /** Diagrams whose file text is known already (the text they were loaded from): nothing to write or check. */
  const loadedFrom = new WeakMap<Diagram, string>()

  /** `d` was loaded from `text`: keeping it needs no work (it opens again: it just did). */
  function loadedFromText(d: Diagram, text: string): void {
    loadedFrom.set(d, text)
  }

  const known = (d: Diagram): FileText | null => {
    const text = loadedFrom.get(d)
    return text === undefined ? null : { ok: true, text }
  }

  let timer: ReturnType<typeof setTimeout> | undefined
  /** Changes since the document was last kept. */
  let pending = false
  let firstChangeAt = 0
  let lastActivityAt = 0
  let warned = ''

  function schedule(): void {
    if (!pending) firstChangeAt = performance.now()
    pending = true
    lastActivityAt = performance.now()
    clearTimeout(timer)
    timer = setTimeout(whenPaused, KEEP_DELAY_MS)
  }

  function whenPaused(): void {
    const now = performance.now()
    const quietFor = now - lastActivityAt
    if (quietFor < KEEP_DELAY_MS && now - firstChangeAt < KEEP_WAIT_MS) {
      timer = setTimeout(whenPaused, KEEP_DELAY_MS - quietFor)
      return
    }
    timer = undefined
    void keepLater()
  }

  const active = (): void => {
    lastActivityAt = performance.now()
  }

  /** The text is made off the page's thread; the document is kept unless it changed again meanwhile. */
  async function keepLater(): Promise<void> {
    const d = diagram.value
    if (!d) return
    const file = dirty.value || platform.kind === 'browser' ? known(d) ?? (await fileTextOffThread(d)) : null
    if (diagram.value !== d || !pending) return // changed again (kept on its own schedule), or flushed meanwhile
    keep(file)
  }

  /** Writes what is pending now, on the page's thread: the page is being hidden, reloaded or closed. */
  function flush(): void {
    if (!pending || !diagram.value) return
    clearTimeout(timer)
    keep(dirty.value || platform.kind === 'browser' ? known(diagram.value) ?? diagramFileText(diagram.value) : null)
  }

  function keep(file: FileText | null): void {
    pending = false
    const kept = platform.keep({
      name: fileName.value,
      dirty: dirty.value,
      text: () => {
        if (file?.ok) return file.text
        if (file) warnOnce(`Unsaved changes are not being kept: ${file.message}`)
        return null
      },
    })
    if (!kept && dirty.value) warnOnce('Unsaved changes could not be kept for a reload (the browser’s storage is full or turned off): save the diagram to a file.')
  }

  /** One message per cause: a warning repeated on every keystroke would drown everything else. */
  function warnOnce(message: string): void {
    if (message === warned) return
    warned = message
    tell(message)
  }

  /** Starts keeping the document; called once the start document has opened. dispose() of the stores stops it. */
  function followRecovery(): void {
    scope.run(() => {
      watch([diagram, dirty, fileName], schedule)
      const hidden = () => globalThis.document.visibilityState === 'hidden' && flush()
      // Electron's main asks about unsaved changes itself, and a page that vetoes its unload there would only
      // stop the window from closing without a word.
      const beforeUnload = (e: BeforeUnloadEvent) => {
        flush()
        if (!dirty.value) return
        e.preventDefault()
        e.returnValue = ''
      }
      for (const input of ACTIVITY) window.addEventListener(input, active, { capture: true, passive: true })
      window.addEventListener('pagehide', flush)
      globalThis.document.addEventListener('visibilitychange', hidden)
      if (platform.kind === 'browser') window.addEventListener('beforeunload', beforeUnload)
      onScopeDispose(() => {
        clearTimeout(timer)
        for (const input of ACTIVITY) window.removeEventListener(input, active, { capture: true })
        window.removeEventListener('pagehide', flush)
        globalThis.document.removeEventListener('visibilitychange', hidden)
        window.removeEventListener('beforeunload', beforeUnload)
      })
    })
    refreshKept()
    // What opened is kept at once: an adopted copy of an earlier version's autosave moves into this tab's slot.
    pending = true
    flush()
  }

  function refreshKept(): void {
    keptTexts.value = platform.keptTexts()
  }

  function downloadKept(k: KeptText): void {
    platform.downloadKept(k)
  }

  function deleteKept(k: KeptText): void {
    platform.forgetKept(k.key)
    refreshKept()
    // What opened is kept at once: an adopted copy of an earlier version's autosave moves into this tab's slot.
    pending = true
    flush()
  }

  return { keptTexts, loadedFromText, followRecovery, refreshKept, downloadKept, deleteKept }
}
