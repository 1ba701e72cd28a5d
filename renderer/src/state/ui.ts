import { reactive, shallowRef } from 'vue'
import type { End, Point } from '../../../core'

// State of the editing session that is not the document: selection, messages, and the actions node and wire
// components call. Rete mounts every node and wire as its own Vue app, so this is plain module state that
// all of them import (app-level provide/inject would not reach them).

export const selection = reactive({ nodes: new Set<string>(), wires: new Set<string>() })

export function select(nodes: Iterable<string>, wires: Iterable<string> = [], add = false): void {
  if (!add) {
    selection.nodes.clear()
    selection.wires.clear()
  }
  for (const n of nodes) selection.nodes.add(n)
  for (const w of wires) selection.wires.add(w)
}

/** Wires with a probe: a floating label that stays with the wire (not an output; not saved with the diagram). */
export const probes = shallowRef(new Set<string>())

export interface Message {
  id: number
  text: string
  kind: 'error' | 'info'
}

export const messages = shallowRef<Message[]>([])
let messageId = 0

/** Shows a message for a few seconds (a refused wire, a file that did not load). */
export function tell(text: string, kind: Message['kind'] = 'error'): void {
  const m = { id: ++messageId, text, kind }
  messages.value = [...messages.value, m].slice(-4)
  setTimeout(() => (messages.value = messages.value.filter((x) => x !== m)), kind === 'error' ? 7000 : 3500)
}

/** What node and wire components may ask for; App fills these in. */
export const actions = {
  /** One wiring gesture: the wires it took away and the wire it made, applied (or refused) as one edit. */
  rewire: (_remove: string[], _wire?: { from: End; to: End }): void => undefined,
  setInputValue: (_id: string, _value: number, _group?: string): void => undefined,
  setConstant: (_id: string, _value: number): void => undefined,
  rename: (_id: string, _name: string): void => undefined,
  setComment: (_id: string, _text: string): void => undefined,
  moved: (_positions: Record<string, Point>): void => undefined,
  selectWire: (_id: string, _add: boolean): void => undefined,
}
