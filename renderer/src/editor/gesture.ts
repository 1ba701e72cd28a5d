import { shallowRef } from 'vue'

/**
 * True while a wire is being dragged from a port. Nodes make Rete's port targets only when the pointer
 * comes near them (see BlockNode.vue); during a drag every node on screen makes them, so that the drop
 * lands wherever the wire is let go.
 */
export const wiring = shallowRef(false)
