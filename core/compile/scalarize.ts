import type { Block, Diagram, InputTerminal, OutputTerminal, Wire } from '../diagram/model'
import { inferShapes, lengthOf } from '../diagram/shapes'
import { type ArrayIo, type ArrayRule, type Ref, SCALAR, type ScalarBuilder, type ScalarRef } from '../primitives/array-rule'
import { evaluatePrimitive } from '../primitives/evaluate'
import { findPrimitive } from '../primitives/table'
import { countOf, scheduleOrder } from './schedule'

// An array diagram at one point, as a diagram of numbers: one block per element of each element-by-element
// block, each Array palette row as the blocks its `scalar` gives or, for a rule that is linear where it is
// smooth, as its edges at the point (each output element the sum of the input elements it depends on,
// times their partials). Second and higher derivatives (Hessians, Hessian-vector products, Taylor series)
// are taken on it by the scalar sweeps, so they come from the one table and its conventions, element by
// element. At the point it computes what the array diagram computes: the same operations in the same
// order (test/core/scalarize.test.ts holds it to the bit). What a linear rule reads without differentiating
// it (an index, a rotation, which element is the largest) is fixed at its value there, as its derivative is.
//
// Its terminals are the elements in order (x[0], x[1], …), so a flat point of the array diagram is a point
// of this one, and its outputs are the flat outputs.

/**
 * The most blocks of numbers a diagram is taken apart into: about 1.2 GB while it is compiled with second
 * partials (100,000 elements of Rosenbrock are 800,000 blocks and 0.93 GB), within what Node gives a process.
 */
export const MAX_SCALAR_BLOCKS = 1_000_000

/** Taking the diagram apart would need more blocks than `limit`: refused before memory runs out. */
export class TooManyElementsError extends Error {
  constructor(limit: number) {
    super(`second and higher derivatives of an array diagram are taken element by element, on at most ${limit.toLocaleString('en')} blocks of numbers; this diagram needs more (fewer elements, or the gradient, which has no such limit)`)
    this.name = 'TooManyElementsError'
  }
}

export interface Scalarized {
  diagram: Diagram
  /** Blocks the diagram of numbers has; it grows with the lengths. */
  blockCount: number
}

const elementName = (name: string, n: number, i: number) => (n === SCALAR ? name : `${name}[${i}]`)
const elementId = (id: string, n: number, i: number) => (n === SCALAR ? id : `${id}#${i}`)

export function scalarize(d: Diagram, x: ArrayLike<number>, limit = MAX_SCALAR_BLOCKS): Scalarized {
  const shapes = inferShapes(d)
  if (shapes.problems.length > 0) throw new Error(`cannot take the diagram apart: ${shapes.problems[0].message}`)
  const inputs: InputTerminal[] = []
  const outputs: OutputTerminal[] = []
  const blocks: Block[] = []
  const wires: Wire[] = []
  const wire = (from: ScalarRef, node: string, port: string) =>
    wires.push({ id: `w${wires.length}`, from: { node: from.node, port: from.port }, to: { node, port } })
  /** A block of numbers wired to `args`: each of its outputs, with its value at the point. */
  const place = (id: string, primitive: string, args: ScalarRef[], params: Record<string, number>): ScalarRef[] => {
    if (blocks.length >= limit) throw new TooManyElementsError(limit)
    const spec = findPrimitive(primitive)!
    blocks.push({ id, primitive, params })
    args.forEach((a, i) => wire(a, id, spec.inputs[i].id))
    const values = args.map((a) => a.value)
    return spec.outputs.map((o, k) => ({ node: id, port: o.id, value: evaluatePrimitive(primitive, values, k, params) }))
  }

  let fresh = 0
  const f: ScalarBuilder = {
    op: (primitive, args, params = {}) => place(`s${fresh++}`, primitive, args, params)[0],
    constant: (value) => f.op('constant', [], { value }),
  }

  /** "node.port" → its elements (one for a number). */
  const refs = new Map<string, ScalarRef[]>()
  let at = 0
  for (const t of d.inputs) {
    const n = lengthOf(t.value)
    const elements: ScalarRef[] = []
    for (let i = 0; i < countOf(n); i++) {
      const id = elementId(t.id, n, i)
      inputs.push({ id, name: elementName(t.name, n, i), value: x[at] })
      elements.push({ node: id, port: 'value', value: x[at++] })
    }
    refs.set(`${t.id}.value`, elements)
  }

  const feeding = new Map(d.wires.map((w) => [`${w.to.node}.${w.to.port}`, `${w.from.node}.${w.from.port}`]))
  const byId = new Map(d.blocks.map((b) => [b.id, b]))
  for (const id of scheduleOrder(d)) {
    const b = byId.get(id)!
    const p = findPrimitive(b.primitive)!
    const sources = p.inputs.map((port) => feeding.get(`${id}.${port.id}`)!)
    const ins = sources.map((from) => refs.get(from)!)
    const lengths = sources.map((from) => shapes.lengths.get(from)!)
    const params = p.params.map((q) => b.params[q.id] ?? q.default)
    let outs: ScalarRef[][]
    if (p.holds) outs = [b.value!.map((v) => f.constant(v))]
    else if (!p.array) outs = elementwise(b, ins, lengths)
    else if (p.array.scalar) outs = p.array.scalar(ins, f, params)
    else outs = linear(p.array, ins, lengths, params, f)
    p.outputs.forEach((o, i) => refs.set(`${id}.${o.id}`, outs[i]))
  }

  /** One block per element, a number read by every element; its outputs by port, each its elements. */
  function elementwise(b: Block, ins: ScalarRef[][], lengths: number[]): ScalarRef[][] {
    const n = lengths.reduce((m, l) => (l === SCALAR ? m : l), SCALAR)
    const perElement = Array.from({ length: countOf(n) }, (_, i) =>
      place(elementId(b.id, n, i), b.primitive, ins.map((elements, k) => elements[lengths[k] === SCALAR ? 0 : i]), b.params))
    return findPrimitive(b.primitive)!.outputs.map((_, k) => perElement.map((outs) => outs[k]))
  }

  for (const o of d.outputs) {
    const from = feeding.get(`${o.id}.value`)!
    const elements = refs.get(from)!
    const n = shapes.lengths.get(from)!
    elements.forEach((r, i) => {
      const id = elementId(o.id, n, i)
      outputs.push({ id, name: elementName(o.name, n, i) })
      wire(r, id, 'value')
    })
  }
  const diagram: Diagram = { ...d, inputs, outputs, blocks, wires, layout: { positions: {}, ranges: {} } }
  return { diagram, blockCount: blocks.length }
}

/**
 * A rule that is linear wherever it is smooth, as its edges at the point: each output element is the sum of
 * its terms, partial × input element (a partial of 1 is the element itself); an element no edge reaches
 * (a length, an index) is the constant run gives it.
 */
function linear(rule: ArrayRule, ins: ScalarRef[][], lengths: number[], params: number[], f: ScalarBuilder): ScalarRef[][] {
  const shape = rule.shape(lengths, params)
  if (typeof shape === 'string') throw new Error(shape)
  // The rule runs once on its own small register file, for its outputs and the partials its edges read.
  let size = 0
  const place = (ns: number[]) => Int32Array.from(ns, (n) => ((size += countOf(n)), size - countOf(n)))
  const io: ArrayIo = {
    in: place(lengths), inN: Int32Array.from(lengths),
    out: place(shape.outs), outN: Int32Array.from(shape.outs),
    aux: place(shape.aux), auxN: Int32Array.from(shape.aux),
    params: Float64Array.from(params),
  }
  const R = new Float64Array(size)
  ins.forEach((elements, k) => elements.forEach((r, i) => (R[io.in[k] + i] = r.value)))
  rule.run(R, io)

  const terms: { ref: ScalarRef; p: number }[][][] = shape.outs.map((n) => Array.from({ length: countOf(n) }, () => []))
  const partial = (p: Ref, i: number): number => {
    if (p === 'one') return 1
    if ('aux' in p) return R[io.aux[p.aux] + (io.auxN[p.aux] === SCALAR ? 0 : i)]
    throw new Error('a rule whose partial is one of its inputs is not linear: give it `scalar`')
  }
  const scanned: ScalarRef[][] = []
  for (const e of shape.edges) {
    const from = ins[e.from]
    const to = terms[e.to]
    const broadcast = lengths[e.from] === SCALAR
    if (e.kind === 'scale') to.forEach((list, i) => list.push({ ref: from[broadcast ? 0 : i], p: partial(e.p, i) }))
    else if (e.kind === 'reduce') from.forEach((ref, i) => to[0].push({ ref, p: partial(e.p, i) }))
    else if (e.kind === 'gather') {
      for (let i = 0; i < e.len; i++) {
        const j = e.index === undefined ? e.srcStart! + i * e.step! : R[io.aux[e.index] + i]
        if (j >= 0) to[e.start + i].push({ ref: from[j], p: 1 })
      }
    } else {
      let s: ScalarRef | undefined
      scanned.push(from.map((ref) => (s = s ? f.op('add', [s, ref]) : ref)))
      scanned[scanned.length - 1].forEach((ref, i) => to[i].push({ ref, p: 1 }))
    }
  }
  return terms.map((elements, o) =>
    elements.map((list, i) => {
      // A zero partial adds nothing (zero is strong), so an untaken element never reaches the output.
      const kept = list.filter((t) => t.p !== 0)
      if (kept.length === 0) return f.constant(R[io.out[o] + i])
      const scaled = kept.map((t) => (t.p === 1 ? t.ref : f.op('mul', [f.constant(t.p), t.ref])))
      return scaled.slice(1).reduce((s, t) => f.op('add', [s, t]), scaled[0])
    }),
  )
}
