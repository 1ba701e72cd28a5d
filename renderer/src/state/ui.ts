import { reactive, shallowRef } from 'vue'
import type { Edited, End, Point, Value } from '../../../core'
import type { DocumentStore } from './document'

// State of the editing session that is not the document: selection, messages, which node the keyboard points
// at, the open right-click menu, and the actions node and wire components call. Edits made by a gesture go
// through edit() here, which tells the user why one was refused.

export interface Message {
  id: number
  text: string
  kind: 'error' | 'info'
}

/** An item of a right-click menu (contextMenus.ts builds them; ContextMenu.vue shows them). */
export interface MenuItem {
  label: string
  run?: () => void
  items?: MenuItem[]
  testid?: string
}

export type UiStore = ReturnType<typeof createUiStore>

export function createUiStore(document: DocumentStore) {
  const selection = reactive({ nodes: new Set<string>(), wires: new Set<string>() })

  function select(nodes: Iterable<string>, wires: Iterable<string> = [], add = false): void {
    if (!add) {
      selection.nodes.clear()
      selection.wires.clear()
    }
    for (const n of nodes) selection.nodes.add(n)
    for (const w of wires) selection.wires.add(w)
  }

  /** Wires with a probe: a floating label that stays with the wire (not an output; not saved with the diagram). */
  const probes = shallowRef(new Set<string>())

  const messages = shallowRef<Message[]>([])
  let messageId = 0

  /** Shows a message for a few seconds (a refused wire, a file that did not load). */
  function tell(text: string, kind: Message['kind'] = 'error'): void {
    const m = { id: ++messageId, text, kind }
    messages.value = [...messages.value, m].slice(-4)
    setTimeout(() => (messages.value = messages.value.filter((x) => x !== m)), kind === 'error' ? 7000 : 3500)
  }

  /** Runs an edit; a refused one changes nothing and the user is told why. False when refused. */
  function edit(run: () => Edited, group?: string): boolean {
    const refused = document.tryEdit(run, group)
    if (refused) tell(refused)
    return !refused
  }

  /** Runs an edit as edit() does; gives what it created, wires left out (for selecting), or undefined when refused. */
  function editCreating(run: () => Edited): string[] | undefined {
    let created: string[] = []
    const ok = edit(() => {
      const r = run()
      created = r.created
      return r
    })
    if (!ok) return undefined
    const wires = new Set(document.diagram.value!.wires.map((w) => w.id))
    return created.filter((id) => !wires.has(id))
  }

  /** The node the keyboard points at (editor/keyboard.ts walks them), drawn with a focus ring; null when none. */
  const keyboardFocus = shallowRef<string | null>(null)

  /** A node asked to open its value for editing (Enter on a control or a constant, a new comment). */
  const editRequest = shallowRef<{ id: string; at: number } | null>(null)

  /** The open right-click menu: where on the screen, and its items. */
  const contextMenu = shallowRef<{ x: number; y: number; items: MenuItem[] } | null>(null)
  const closeContextMenu = (): void => void (contextMenu.value = null)

  /** What node and wire components may ask for; App fills these in. */
  const actions = {
    /** One wiring gesture: the wires it took away and the wire it made, applied (or refused) as one edit. */
    rewire: (_remove: string[], _wire?: { from: End; to: End }): void => undefined,
    setInputValue: (_id: string, _value: Value, _group?: string): void => undefined,
    setConstant: (_id: string, _value: Value): void => undefined,
    rename: (_id: string, _name: string): void => undefined,
    setComment: (_id: string, _text: string): void => undefined,
    moved: (_positions: Record<string, Point>): void => undefined,
    selectWire: (_id: string, _add: boolean): void => undefined,
  }

  return { selection, select, probes, messages, tell, edit, editCreating, keyboardFocus, editRequest, contextMenu, closeContextMenu, actions }
}
