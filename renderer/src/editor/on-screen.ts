import { shallowRef } from 'vue'

/**
 * The nodes whose wire labels render: beside a node near the view, at a zoom where they can be read.
 * Kept by culling.ts; `version` changes when the set does, and the set itself is plain, read when `version` says so.
 */
export const onScreen = { nodes: new Set<string>(), labels: shallowRef(true), version: shallowRef(0) }

/** Whether a node is near the view; read in a computed, it follows culling (it reads the counter itself). */
export function isOnScreen(id: string): boolean {
  void onScreen.version.value
  return onScreen.nodes.has(id)
}
