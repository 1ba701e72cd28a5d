import { shallowRef } from 'vue'
import { cells } from '../state/cells'

/**
 * The nodes whose wire labels render: beside a node near the view, at a zoom where they can be read.
 * Kept by culling.ts, which calls `changed()` after changing the set: a pan that brings ten nodes into view
 * tells the views of those ten, not every view on screen.
 */
const nodes = new Set<string>()
const near = cells((id) => nodes.has(id))

export const onScreen = { nodes, labels: shallowRef(true), changed: () => near.refresh() }

/** Whether a node is near the view; read in a computed, it follows culling. */
export function isOnScreen(id: string): boolean {
  return near.read(id)
}
