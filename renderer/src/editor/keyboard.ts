import { type Diagram, scheduleOrder } from '../../../core'

// The diagram by keyboard: Tab walks the nodes in the order a sweep computes them (inputs first, then the
// blocks in schedule order, then the outputs), arrows move the node that has the keyboard's focus, Enter
// edits it. The canvas is one focusable element; which node it points at is the ui store's keyboardFocus.

export function tabOrder(d: Diagram): string[] {
  const scheduled = scheduleOrder(d)
  // Blocks in a loop are in no schedule; they still get a turn, after the others.
  const seen = new Set(scheduled)
  return [...d.inputs.map((t) => t.id), ...scheduled, ...d.blocks.filter((b) => !seen.has(b.id)).map((b) => b.id), ...d.outputs.map((t) => t.id)]
}

/** The node after (or before) `from` in Tab order; null past either end, where focus leaves the diagram. */
export function nextInOrder(d: Diagram, from: string | null, back: boolean): string | null {
  const order = tabOrder(d)
  if (order.length === 0) return null
  const i = from === null ? -1 : order.indexOf(from)
  if (i === -1) return back ? order.at(-1)! : order[0]
  return order[i + (back ? -1 : 1)] ?? null
}
