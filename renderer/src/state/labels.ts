import { shallowRef, watch } from 'vue'
import type { Diagram, Wire } from '../../../core'
import type { DocumentStore } from './document'

// A wire that branches is one wire, as in LabVIEW: it gets one label, at its source port, drawn by the
// first of its branches. Which wire draws each source's label, and what name the label starts with.

export interface LabelPlace {
  /** Text before the value: the terminal's name. */
  prefix: string
  /** Under the input terminal the wire starts at, under the indicator it ends at, or beside the block output. */
  anchor: 'input' | 'indicator' | 'port'
}

function samePlaces(a: Map<string, LabelPlace>, b: Map<string, LabelPlace>): boolean {
  if (a.size !== b.size) return false
  for (const [id, p] of a) {
    const q = b.get(id)
    if (!q || q.prefix !== p.prefix || q.anchor !== p.anchor) return false
  }
  return true
}

function places(d: Diagram | null): Map<string, LabelPlace> {
  const owners = new Map<string, LabelPlace>()
  if (!d) return owners
  const inputs = new Map(d.inputs.map((t) => [t.id, t.name]))
  const outputNames = new Map(d.outputs.map((t) => [t.id, t.name]))
  const bySource = new Map<string, string[]>()
  for (const w of d.wires) {
    const key = `${w.from.node}.${w.from.port}`
    const list = bySource.get(key)
    if (list) list.push(w.id)
    else bySource.set(key, [w.id])
  }
  const target = new Map(d.wires.map((w) => [w.id, w.to.node]))
  for (const [key, wires] of bySource) {
    const node = key.slice(0, key.lastIndexOf('.'))
    const intoOutput = wires.find((w) => outputNames.has(target.get(w)!))
    if (inputs.has(node)) owners.set([...wires].sort()[0], { prefix: inputs.get(node)!, anchor: 'input' })
    else if (intoOutput) owners.set(intoOutput, { prefix: outputNames.get(target.get(intoOutput)!)!, anchor: 'indicator' })
    else owners.set([...wires].sort()[0], { prefix: '', anchor: 'port' })
  }
  return owners
}

export type LabelStore = ReturnType<typeof createLabelStore>

export function createLabelStore(document: DocumentStore) {
  const { diagram } = document
  /**
   * A ref set by a watcher rather than a computed: a computed over the diagram would tell every wire to check
   * its label on every change (a new value, a move), and a large diagram has thousands. The places are
   * worked out again only when the wires or the terminals' names change, and the ref set only when they differ.
   */
  const labelOwners = shallowRef(new Map<string, LabelPlace>())

  let basis: { wires: readonly Wire[]; names: string } = { wires: [], names: '' }

  watch(
    diagram,
    (d) => {
      const now = { wires: d?.wires ?? [], names: d ? [...d.inputs, ...d.outputs].map((t) => `${t.id}=${t.name}`).join() : '' }
      // An edit copies the list but keeps the wires it did not touch.
      if (now.names === basis.names && now.wires.length === basis.wires.length && now.wires.every((w, i) => w === basis.wires[i])) return
      basis = now
      const owners = places(d)
      if (!samePlaces(owners, labelOwners.value)) labelOwners.value = owners
    },
    { immediate: true, flush: 'sync' },
  )

  return { labelOwners }
}
