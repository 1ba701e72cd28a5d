import { computed } from 'vue'
import { diagram } from '../state/document'

// A wire that branches is one wire, as in LabVIEW: it gets one label, at its source port, drawn by the
// first of its branches. Which wire draws each source's label, and what name the label starts with.

export const labelOwners = computed(() => {
  const owners = new Map<string, { wire: string; prefix: string; underTerminal: boolean }>()
  const d = diagram.value
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
  for (const [key, wires] of bySource) {
    const node = key.slice(0, key.lastIndexOf('.'))
    const intoOutput = d.wires.find((w) => wires.includes(w.id) && outputNames.has(w.to.node))
    const prefix = inputs.get(node) ?? (intoOutput ? outputNames.get(intoOutput.to.node)! : '')
    owners.set(wires.sort()[0], { wire: wires[0], prefix, underTerminal: inputs.has(node) })
  }
  return owners
})
