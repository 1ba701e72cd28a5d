import { clip } from '../clip'
import { SCALAR } from '../primitives/array-rule'
import { findPrimitive } from '../primitives/table'
import type { Diagram, Problem, Value } from './model'
import { blockLabel } from './ports'

// The length of every value of a diagram (SCALAR for a number), known before it runs: input terminals have
// the length of their value, and each block's outputs follow from its inputs. A row of the kernel language
// works element by element, so its array inputs must have one length (an array with a scalar is fine: the
// scalar is used for every element); LabVIEW would silently stop at the shorter array, DualWire says so on
// the block. An Array palette row's rule gives its own lengths, or the reason it cannot run.

export interface Shapes {
  /** "node.port" → length, for every output whose length is known. */
  lengths: Map<string, number>
  problems: Problem[]
  /** Whether any value is an array: a diagram without one compiles exactly as before arrays existed. */
  arrays: boolean
}

export function lengthOf(v: Value): number {
  return typeof v === 'number' ? SCALAR : v.length
}

export const lengthText = (n: number) => (n === SCALAR ? 'a number' : `an array of ${n}`)

export function inferShapes(d: Pick<Diagram, 'inputs' | 'blocks' | 'wires'>): Shapes {
  const lengths = new Map<string, number>()
  const problems: Problem[] = []
  let arrays = false
  for (const t of d.inputs) {
    const n = lengthOf(t.value)
    if (n !== SCALAR) arrays = true
    lengths.set(`${t.id}.value`, n)
  }
  const feeding = new Map<string, string>()
  const waiting = new Map<string, number>()
  const readers = new Map<string, string[]>()
  const blocks = new Map(d.blocks.map((b) => [b.id, b]))
  for (const w of d.wires) {
    if (!blocks.has(w.to.node)) continue
    feeding.set(`${w.to.node}.${w.to.port}`, `${w.from.node}.${w.from.port}`)
    if (!blocks.has(w.from.node)) continue
    waiting.set(w.to.node, (waiting.get(w.to.node) ?? 0) + 1)
    const list = readers.get(w.from.node)
    if (list) list.push(w.to.node)
    else readers.set(w.from.node, [w.to.node])
  }
  const ready = d.blocks.filter((b) => !waiting.get(b.id)).map((b) => b.id)
  for (let k = 0; k < ready.length; k++) {
    const id = ready[k]
    for (const r of readers.get(id) ?? []) {
      const left = waiting.get(r)! - 1
      waiting.set(r, left)
      if (left === 0) ready.push(r)
    }
    const b = blocks.get(id)!
    const p = findPrimitive(b.primitive)
    if (!p) continue
    const ins = p.inputs.map((i) => lengths.get(feeding.get(`${id}.${i.id}`) ?? ''))
    if (ins.some((n) => n === undefined)) continue
    const given = ins as number[]
    const label = blockLabel(p.labview, id)
    const wrong = p.inputs.findIndex((spec, i) => (spec.shape === 'scalar' && given[i] !== SCALAR) || (spec.shape === 'array' && given[i] === SCALAR))
    if (wrong >= 0) {
      const spec = p.inputs[wrong]
      problems.push({
        level: 'broken', node: id, port: spec.id,
        message: `input '${clip(spec.id)}' of ${label} takes ${spec.shape === 'scalar' ? 'one number' : 'an array'}, not ${lengthText(given[wrong])}`,
      })
      continue
    }
    let outs: number[]
    if (p.holds) {
      outs = [b.value?.length ?? 0]
      arrays = true
    } else if (p.array) {
      const shape = p.array.shape(given, p.params.map((q) => b.params[q.id] ?? q.default))
      if (typeof shape === 'string') {
        problems.push({ level: 'broken', node: id, message: `${label}: ${shape}` })
        continue
      }
      outs = shape.outs
      arrays = true
    } else {
      const sized = given.map((n, i) => ({ n, port: p.inputs[i].id })).filter((x) => x.n !== SCALAR)
      const other = sized.find((x) => x.n !== sized[0].n)
      if (other) {
        problems.push({
          level: 'broken', node: id,
          message: `${label}: '${clip(sized[0].port)}' has ${sized[0].n} elements and '${clip(other.port)}' has ${other.n}; an element-by-element block needs arrays of one length`,
        })
        continue
      }
      const n = sized.length > 0 ? sized[0].n : SCALAR
      outs = p.outputs.map(() => n)
    }
    p.outputs.forEach((o, i) => lengths.set(`${id}.${o.id}`, outs[i]))
  }
  return { lengths, problems, arrays }
}
