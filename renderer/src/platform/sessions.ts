// Where a browser tab keeps its document between reloads and after a crash, in localStorage. Each tab owns
// one slot: its id lives in sessionStorage (which survives a reload of that tab, not a new tab), and the tab
// holds a Web Lock named after it for as long as it lives, so another tab can tell a slot whose tab is gone
// (an orphan, to be adopted) from one still in use (never to be touched). Nothing here writes over the only
// copy of someone's work: a slot is written only by its own tab, and text that could not be opened is moved
// to a key of its own before anything may write the slot again.

export interface Slot {
  /** The file's name, or null for a document never saved. */
  name: string | null
  text: string
  /** Unsaved changes: the slot is then the only copy of them. */
  dirty: boolean
  /** When the slot was written (ms since the epoch). */
  at: number
}

/** Text the editor could not open, kept until the user downloads or deletes it. */
export interface Unopened {
  key: string
  name: string
  text: string
  message: string
  at: number
}

const SLOT_PREFIX = 'dualwire.session.'
const UNOPENED_PREFIX = 'dualwire.unopened.'
/** The one autosave of the versions before slots: read once, as an orphan. */
const LEGACY_KEY = 'dualwire.autosave'
const TAB_KEY = 'dualwire.tab'
const LOCK_PREFIX = 'dualwire.tab.'

type Locks = {
  request(name: string, options: { ifAvailable: boolean }, hold: (lock: unknown) => Promise<void>): Promise<void>
  query(): Promise<{ held?: { name?: string }[] }>
}

const locks = (): Locks | undefined => (navigator as Navigator & { locks?: Locks }).locks

/** Holds the lock named `name` until the page goes away; false when another tab holds it. */
async function hold(name: string): Promise<boolean> {
  const l = locks()
  if (!l) return true
  return new Promise<boolean>((resolve) => {
    void l.request(name, { ifAvailable: true }, (lock) => {
      resolve(lock !== null)
      return lock === null ? Promise.resolve() : new Promise<void>(() => {})
    })
  })
}

async function heldNames(): Promise<Set<string>> {
  const l = locks()
  if (!l) return new Set()
  const state = await l.query()
  return new Set((state.held ?? []).map((h) => h.name ?? ''))
}

/**
 * A slot is a header line, one line of JSON about the document, and then the document's text as it is:
 * escaping a large text into a JSON string cost the page a frame on every write.
 */
const SLOT_HEADER = 'dualwire-slot 1\n'

export function slotText(slot: Slot): string {
  return `${SLOT_HEADER}${JSON.stringify({ name: slot.name, dirty: slot.dirty, at: slot.at })}\n${slot.text}`
}

export function parseSlot(raw: string | null): Slot | 'unreadable' | null {
  if (raw === null) return null
  const end = raw.indexOf('\n', SLOT_HEADER.length)
  if (!raw.startsWith(SLOT_HEADER) || end < 0) return 'unreadable'
  try {
    const v = JSON.parse(raw.slice(SLOT_HEADER.length, end)) as Partial<Slot>
    return { name: typeof v.name === 'string' ? v.name : null, text: raw.slice(end + 1), dirty: v.dirty === true, at: typeof v.at === 'number' ? v.at : 0 }
  } catch {
    return 'unreadable'
  }
}

/** The autosave of earlier versions: a JSON object holding the text. */
function parseLegacy(raw: string | null): Slot | 'unreadable' | null {
  if (raw === null) return null
  try {
    const v = JSON.parse(raw) as { text?: unknown }
    return typeof v?.text === 'string' ? { name: null, text: v.text, dirty: true, at: 0 } : 'unreadable'
  } catch {
    return 'unreadable'
  }
}

const parseKey = (key: string): Slot | 'unreadable' | null => (key === LEGACY_KEY ? parseLegacy : parseSlot)(localStorage.getItem(key))

function keys(prefix: string): string[] {
  const found: string[] = []
  for (let i = 0; i < localStorage.length; i++) {
    const k = localStorage.key(i)
    if (k?.startsWith(prefix)) found.push(k)
  }
  return found
}

const newId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`

/** setItem that says whether it worked (a full or disabled storage throws). */
function store(key: string, value: string): boolean {
  try {
    localStorage.setItem(key, value)
    return true
  } catch {
    return false
  }
}

export interface Claimed {
  /** What this tab opens with: its own slot after a reload, else an orphan's, else nothing. */
  slot: Slot | null
  /** A slot whose wrapper could not even be read, already moved to an Unopened key. */
  unreadable: boolean
  /** Orphans with unsaved work still waiting for a tab of their own. */
  waiting: number
}

export class TabSlots {
  private id = ''
  /** Keys this tab adopted: removed once its own slot holds their work. */
  private adopted: string[] = []
  /** Set when text that could not be opened could not be kept apart either: the slot is its only copy. */
  private frozen = false

  freeze(): void {
    this.frozen = true
  }

  /** Finds this tab's slot. Called once, before the first write. */
  async claim(): Promise<Claimed> {
    const own = sessionStorage.getItem(TAB_KEY)
    if (own && localStorage.getItem(SLOT_PREFIX + own) !== null && (await hold(LOCK_PREFIX + own))) {
      this.id = own
      return this.read(SLOT_PREFIX + own, 0)
    }
    const held = await heldNames()
    const orphans = [...keys(SLOT_PREFIX), ...(localStorage.getItem(LEGACY_KEY) !== null ? [LEGACY_KEY] : [])]
      .filter((k) => !held.has(LOCK_PREFIX + k.slice(SLOT_PREFIX.length)))
      .map((k) => ({ key: k, slot: parseKey(k) }))
    const at = (s: Slot | 'unreadable' | null) => (s && s !== 'unreadable' ? s.at : 0)
    // Unsaved work first, newest first: that is what a user opening a tab after a crash is looking for.
    orphans.sort((a, b) => Number(b.slot !== 'unreadable' && b.slot?.dirty) - Number(a.slot !== 'unreadable' && a.slot?.dirty) || at(b.slot) - at(a.slot))
    for (const o of orphans) {
      const id = o.key === LEGACY_KEY ? newId() : o.key.slice(SLOT_PREFIX.length)
      if (!(await hold(LOCK_PREFIX + id))) continue // another tab adopted it meanwhile
      this.id = id
      sessionStorage.setItem(TAB_KEY, id)
      if (o.key !== SLOT_PREFIX + id) this.adopted.push(o.key)
      // The old autosave knew neither the file's name nor whether it was saved: unsaved is the safe guess.
      const claimed = this.read(o.key, 0)
      // Orphans without unsaved work hold nothing that is not elsewhere: they would only pile up.
      for (const other of orphans) {
        if (other !== o && other.slot !== 'unreadable' && other.slot !== null && !other.slot.dirty && !held.has(LOCK_PREFIX + other.key.slice(SLOT_PREFIX.length))) {
          localStorage.removeItem(other.key)
        }
      }
      claimed.waiting = orphans.filter((x) => x !== o && x.slot !== null && (x.slot === 'unreadable' || x.slot.dirty)).length
      return claimed
    }
    this.id = newId()
    sessionStorage.setItem(TAB_KEY, this.id)
    await hold(LOCK_PREFIX + this.id)
    return { slot: null, unreadable: false, waiting: 0 }
  }

  private read(key: string, waiting: number): Claimed {
    const slot = parseKey(key)
    if (slot !== 'unreadable') return { slot, unreadable: false, waiting }
    // Not even the wrapper reads: keep the raw text apart before this tab may write its slot.
    const raw = localStorage.getItem(key) ?? ''
    const kept = this.keepUnopened({ name: 'autosave', text: raw, message: 'the browser’s copy of the last session is damaged' })
    if (kept && key.startsWith(SLOT_PREFIX)) localStorage.removeItem(key)
    if (!kept) this.frozen = true
    return { slot: null, unreadable: true, waiting }
  }

  /**
   * Writes this tab's slot; false when the storage is full even after dropping what is only a convenience
   * (the texts of recent files, which are files the user has elsewhere).
   */
  write(slot: Slot, dropConveniences: () => boolean): boolean {
    if (!this.id || this.frozen) return false
    const text = slotText(slot)
    let ok = store(SLOT_PREFIX + this.id, text)
    while (!ok && dropConveniences()) ok = store(SLOT_PREFIX + this.id, text)
    if (ok) {
      // The adopted slot's work is in this tab's own slot now.
      for (const k of this.adopted) localStorage.removeItem(k)
      this.adopted = []
    }
    return ok
  }

  /** Moves text the editor could not open to a key of its own; false when even that did not fit. */
  keepUnopened(u: Omit<Unopened, 'key' | 'at'>): boolean {
    const key = UNOPENED_PREFIX + newId()
    return store(key, JSON.stringify({ name: u.name, text: u.text, message: u.message, at: Date.now() }))
  }

  unopened(): Unopened[] {
    return keys(UNOPENED_PREFIX)
      .map((key) => {
        try {
          const v = JSON.parse(localStorage.getItem(key) ?? '') as Omit<Unopened, 'key'>
          return typeof v.text === 'string' ? { key, name: String(v.name), text: v.text, message: String(v.message), at: Number(v.at) } : null
        } catch {
          return null
        }
      })
      .filter((u): u is Unopened => u !== null)
      .sort((a, b) => b.at - a.at)
  }

  forgetUnopened(key: string): void {
    if (key.startsWith(UNOPENED_PREFIX)) localStorage.removeItem(key)
  }
}
