import { clip } from '../clip'
import { cycles } from './cycles'
import type { Diagram, Problem } from './model'
import { endText, nodeIndex } from './ports'
import { inferShapes } from './shapes'

// Why a well-formed diagram cannot run yet, as LabVIEW lists the reasons a VI is broken: unwired inputs,
// two wires into one input, a wire of the wrong type, cycles. The editor shows these live; the compiler
// refuses to run a diagram that has any. A message names at most a few wires or blocks, so that it stays
// readable however many there are.

/** How many wires or blocks a message lists before it says how many more there are. */
const LISTED = 5

function listed(ids: string[], name: (id: string) => string = (id) => clip(id)): string {
  const shown = ids.slice(0, LISTED).map(name).join(', ')
  return ids.length > LISTED ? `${shown} and ${ids.length - LISTED} more` : shown
}

export function brokenReasons(d: Diagram): Problem[] {
  return [...wiringProblems(d), ...inferShapes(d).problems]
}

/**
 * Every reason but lengths: what a formula of the diagram needs, since a formula holds for arrays of any
 * length (and a formula's diagram has no lengths until its inputs get values).
 */
export function wiringProblems(d: Diagram): Problem[] {
  const nodes = nodeIndex(d)
  const problems: Problem[] = []
  const into = new Map<string, string[]>()

  for (const w of d.wires) {
    const from = nodes.get(w.from.node)
    const to = nodes.get(w.to.node)
    const outPort = from?.outs.find((p) => p.id === w.from.port)
    const inPort = to?.ins.find((p) => p.id === w.to.port)
    if (!outPort || !inPort) {
      problems.push({ level: 'broken', wire: w.id, message: `wire '${clip(w.id)}' does not join an output to an input` })
      continue
    }
    const key = `${w.to.node}.${w.to.port}`
    const list = into.get(key)
    if (list) list.push(w.id)
    else into.set(key, [w.id])
    if (outPort.type !== inPort.type) {
      problems.push({
        level: 'broken', wire: w.id, node: w.to.node, port: w.to.port,
        message: `wire '${clip(w.id)}' carries a ${outPort.type === 'boolean' ? 'Boolean' : 'number'} into the ${inPort.type === 'boolean' ? 'Boolean' : 'number'} ${endText(w.to, nodes)}`,
      })
    }
  }

  for (const [id, n] of nodes) {
    for (const port of n.ins) {
      const wires = into.get(`${id}.${port.id}`)
      if (wires?.length === 1) continue
      const place = n.kind === 'block' ? `input '${clip(port.id)}' of ${n.label}` : n.label
      const takes = n.kind === 'block' ? 'an input takes one' : 'a terminal takes one'
      if (!wires) problems.push({ level: 'broken', node: id, port: port.id, message: `${place} is not wired` })
      else problems.push({ level: 'broken', node: id, port: port.id, message: `${place} has ${wires.length} wires (${listed(wires)}); ${takes}` })
    }
  }

  for (const cycle of cycles(d)) {
    const name = (id: string) => nodes.get(id)?.label ?? `'${clip(id)}'`
    const message = cycle.length === 1 ? `${name(cycle[0])} is wired into itself` : `blocks ${listed(cycle, name)} form a cycle`
    problems.push({ level: 'broken', node: cycle[0], message })
  }
  return problems
}
