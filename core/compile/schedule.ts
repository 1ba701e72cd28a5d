import { brokenReasons } from '../diagram/check'
import { type Diagram, type Problem, problemsText, type Wire } from '../diagram/model'
import { nodeIndex } from '../diagram/ports'
import { compareIds } from '../diagram/save'
import { inferShapes, lengthOf } from '../diagram/shapes'
import { INSTRUCTIONS } from '../kernel/machine'
import { type ArrayIo, type ArrayRule, type Ref, SCALAR, type Shape } from '../primitives/array-rule'
import { findPrimitive, kernelOf } from '../primitives/table'
import { differentiate } from './differentiate'
import { emitElementwise, type VectorInstruction } from './elementwise'
import { Emitter, type Instruction, Stream } from './emitter'
import { groupByInstruction } from './order'

// A Schedule is a diagram compiled for evaluation: blocks in dependency order, every value a register in one
// flat Float64Array, and the derivative structure as flat edge lists.
//
// Registers hold values (inputs, block outputs, partials, temporaries, constants). Slots are the values that
// carry derivatives: input terminals first, then every number output of every block, in schedule order.
// Each block output slot ("node") has a run of edges, one per number input with a nonzero partial:
// the slot it comes from and the register holding ∂node/∂source. Forward and reverse sweeps are loops over
// these edges; compiled once, a schedule is re-swept for every new input value.
//
// Registers are numbered inputs first, then the value program's results in order, then the partial program's,
// then the second partials', then constants, so that each program's i-th instruction writes base + i and
// needs no destination word.

export interface ScheduledTerminal {
  id: string
  name: string
  reg: number
  slot: number
  /** SCALAR for a number, else the array's length; an array's elements are at reg, reg + 1, … */
  length: number
}

export interface ScheduledBlock {
  id: string
  primitive: string
  /** Slot -1 on a Boolean output; length SCALAR for a number. */
  outputs: { port: string; reg: number; slot: number; length: number }[]
  inputs: { port: string; reg: number; slot: number; length: number }[]
  /** Registers of the block's parameters (a constant's number), so a new value needs no recompile. */
  params: { id: string; reg: number }[]
  /** An Array palette block's operands, as its rule reads them. */
  io?: ArrayIo
}

export interface ScheduledWire {
  /** The register and slot of the value the wire carries (slot -1 on a Boolean wire). */
  reg: number
  slot: number
  length: number
  /** The edges the wire feeds: one per output of the block it enters, where that partial is not zero. */
  edges: number[]
  /** The output terminal the wire enters, or -1. */
  output: number
}

/**
 * The parameter registers in the order of the diagram's blocks, made once per compile, so that writing a
 * diagram's parameters before a sweep is a walk by index: block i's parameters are start[i] .. start[i + 1]
 * - 1, each named and with its register. (Found by searching the blocks, 1,500 constants among 6,000 blocks
 * took 8.8 ms a sweep, more than the sweep.)
 */
export interface ParamRegisters {
  /** The block ids, in the order of the diagram given to compile. */
  blocks: string[]
  start: Int32Array
  names: string[]
  regs: Int32Array
}

export interface Program {
  code: Int32Array
  /** The register the first instruction writes. */
  base: number
}

export interface Schedule {
  diagram: Diagram
  /**
   * Why the diagram is broken, when compiled `partial`: then only what can run is scheduled (blocks, wires
   * and output terminals whose inputs are all complete). Empty for a whole diagram.
   */
  problems: Problem[]
  registerCount: number
  /** Registers that start with a value: inputs (their stored values), constants, parameters. */
  constRegs: Int32Array
  constValues: Float64Array
  value: Program
  partial: Program
  inputs: ScheduledTerminal[]
  outputs: ScheduledTerminal[]
  blocks: ScheduledBlock[]
  /** Where every block parameter lives, by the index of its block in the diagram as given. */
  params: ParamRegisters
  wires: Map<string, ScheduledWire>
  slotCount: number
  slotReg: Int32Array
  /** Node i is slot inputs.length + i; its edges are edgeStart[i] .. edgeStart[i + 1] - 1. */
  edgeStart: Int32Array
  edgeSrc: Int32Array
  edgePartial: Int32Array
  /** Present when compiled with `second`: ∂²node/∂a∂b for every pair of edges a, b of a node. */
  second?: SecondPartials
  /** Present when the diagram has an array anywhere: what runs after `value` and `partial`, and edge kinds. */
  arrays?: ArrayPart
}

/** What a value sweep runs after the first scalar program, in order. */
export type Step =
  | { kind: 'scalar'; program: Program }
  | { kind: 'vector'; code: Int32Array }
  | { kind: 'rule'; run: ArrayRule['run']; io: ArrayIo; js?: ArrayRule['js']; sums?: true }

/**
 * An array schedule. A slot holds slotLength elements (SCALAR: one) from element slotAt of the tangent and
 * adjoint buffers. Each edge has EDGE_WORDS words of edgeInfo: its kind and
 * - scale:  n (elements of the node), partial stride, source stride   (node[i] += p[i] · src[i])
 * - reduce: n (elements of the source), partial stride                 (node += Σ p[i] · src[i])
 * - gather: start, len, index register or NONE, source start, step     (node[start + i] += src[j(i)])
 * - scan:   n                                                         (node[i] += Σ_{j ≤ i} src[j])
 * An edge's partial register is ONE where it is the constant 1.
 */
export interface ArrayPart {
  valueSteps: Step[]
  /** Array partials, each one block's loops, run after the scalar partial program. */
  partialSteps: Int32Array[]
  slotAt: Int32Array
  slotLength: Int32Array
  elementCount: number
  edgeInfo: Int32Array
}

export const enum EdgeKind {
  scale = 0,
  reduce = 1,
  gather = 2,
  scan = 3,
}

export const EDGE_WORDS = 6
/** The partial register of an edge whose partial is 1; the index register of a gather without one. */
export const ONE = -1_000_000_000
export const NONE = -1_000_000_001

/** The elements of a value of length n: a scalar is one. */
export const countOf = (n: number) => (n === SCALAR ? 1 : n)

/** Where each terminal's first element is in a flat point or result: an array takes one place per element. */
export function firstElements(terminals: readonly { length: number }[]): number[] {
  let at = 0
  return terminals.map((t) => {
    const first = at
    at += countOf(t.length)
    return first
  })
}

interface Source {
  reg: number
  slot: number
  varied: boolean
  n: number
  stage: number
}

type PendingStep =
  | { kind: 'vector'; code: VectorInstruction[] }
  | { kind: 'rule'; view: boolean; run: ArrayRule['run']; js?: ArrayRule['js']; sums?: true; ins: { loc: number; n: number }[]; outs: { loc: number; n: number }[]; aux: { loc: number; n: number }[]; params: number[]; block: number }

export interface SecondPartials {
  program: Program
  /** Edge a's pairs are start[a] .. start[a + 1] - 1: the other edge b and the register of ∂²/∂a∂b. */
  start: Int32Array
  edge: Int32Array
  partial: Int32Array
}

export interface CompileOptions {
  /** Also compile second partials, for Hessians. */
  second?: boolean
  /**
   * Keep derivative edges from values that depend on no input (constant blocks and what they feed), so that
   * their wires show adjoints: ∂f/∂(a constant). The editor wants them; computing derivatives does not.
   */
  constantEdges?: boolean
  /**
   * Compile a broken diagram too, leaving out every block with an input that is unwired, wired twice, of the
   * wrong type or in a cycle, and everything downstream of one: the editor shows what can be computed.
   * Without it a broken diagram is refused (the CLI and the exporter have no partial mode).
   */
  partial?: boolean
}

/** How many reasons the message of a BrokenDiagramError lists (all of them are in `problems`). */
const LISTED_REASONS = 10

export class BrokenDiagramError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`the diagram cannot run: ${problemsText(problems, LISTED_REASONS)}`)
    this.name = 'BrokenDiagramError'
  }
}

/**
 * Blocks in an order where every block comes after the blocks it reads from (Kahn's algorithm). Ties are
 * broken by id, never by the order of the arrays, so a diagram compiles to the same schedule (and the same
 * bits) however its blocks and wires happen to be stored: the order is not part of its meaning or its hash.
 */
function dependencyOrder(d: Diagram, wires: readonly Wire[], blocked: ReadonlySet<string>): number[] {
  const index = new Map(d.blocks.map((b, i) => [b.id, i]))
  const waiting = new Int32Array(d.blocks.length)
  const readers: number[][] = d.blocks.map(() => [])
  for (const w of wires) {
    const from = index.get(w.from.node)
    const to = index.get(w.to.node)
    if (from === undefined || to === undefined) continue
    waiting[to]++
    readers[from].push(to)
  }
  // A blocked block never becomes ready, so neither does anything that reads it (nor a cycle).
  const ready = (i: number) => waiting[i] === 0 && !blocked.has(d.blocks[i].id)
  const order: number[] = []
  for (let i = 0; i < d.blocks.length; i++) if (ready(i)) order.push(i)
  for (let k = 0; k < order.length; k++) {
    for (const r of readers[order[k]]) if (--waiting[r] === 0 && ready(r)) order.push(r)
  }
  return order
}

/** Block ids in the order a sweep runs them (the editor's Tab order follows it); they need not be wired. */
export function scheduleOrder(d: Diagram): string[] {
  const blocks = [...d.blocks].sort((a, b) => compareIds(a.id, b.id))
  return dependencyOrder({ ...d, blocks }, d.wires, new Set()).map((i) => blocks[i].id)
}

/**
 * The wires a partial compile may follow (each joins existing ports of one type, and is the only wire into
 * its input), and the blocks with an input that has no such wire.
 */
function usableWiring(d: Diagram, broken: Problem[]): { wires: Wire[]; blocked: Set<string> } {
  const nodes = nodeIndex(d)
  const into = new Map<string, number>()
  const joined = d.wires.filter((w) => {
    const ok = nodes.get(w.from.node)?.outs.some((p) => p.id === w.from.port) && nodes.get(w.to.node)?.ins.some((p) => p.id === w.to.port)
    if (ok) into.set(`${w.to.node}.${w.to.port}`, (into.get(`${w.to.node}.${w.to.port}`) ?? 0) + 1)
    return ok
  })
  const wires = joined.filter((w) => {
    const from = nodes.get(w.from.node)!.outs.find((p) => p.id === w.from.port)!
    const to = nodes.get(w.to.node)!.ins.find((p) => p.id === w.to.port)!
    return from.type === to.type && into.get(`${w.to.node}.${w.to.port}`) === 1
  })
  const fed = new Set(wires.map((w) => `${w.to.node}.${w.to.port}`))
  // A block whose lengths do not agree is broken too (shapes.ts); its problem names it.
  const blocked = new Set<string>(broken.filter((p) => p.node !== undefined && p.wire === undefined).map((p) => p.node!))
  for (const b of d.blocks) {
    const p = findPrimitive(b.primitive)
    if (!p || p.inputs.some((i) => !fed.has(`${b.id}.${i.id}`))) blocked.add(b.id)
  }
  return { wires, blocked }
}

export function compile(given: Diagram, options: CompileOptions = {}): Schedule {
  const broken = brokenReasons(given)
  if (broken.length > 0 && !options.partial) throw new BrokenDiagramError(broken)
  // Sorted by id, remembering where each block was given (sortedToGiven), for the parameter registers.
  const sortedToGiven = given.blocks.map((_, i) => i).sort((a, b) => compareIds(given.blocks[a].id, given.blocks[b].id))
  const d: Diagram = {
    ...given,
    blocks: sortedToGiven.map((i) => given.blocks[i]),
    wires: [...given.wires].sort((a, b) => compareIds(a.id, b.id)),
  }
  const { wires: usable, blocked } = broken.length > 0 ? usableWiring(d, broken) : { wires: d.wires, blocked: new Set<string>() }
  const shapes = inferShapes(d)
  if (shapes.arrays && options.second) throw new Error('second partials are compiled for diagrams of numbers: take an array diagram apart first (scalarize.ts)')

  // A location is an emitter register (0 or more), or an array's storage (negative: -1 - its index), which
  // is laid out after the registers once they are numbered.
  const em = new Emitter()
  const vectors: number[] = [] // lengths
  const vector = (n: number): number => -1 - (vectors.push(countOf(n)) - 1)
  // A view is a vector with no storage of its own: elements of another vector from an offset on.
  const views = new Map<number, { of: number; offset: number }>()
  const view = (of: number, offset: number): number => {
    const loc = vector(0)
    views.set(-1 - loc, { of, offset })
    return loc
  }
  const vectorInit = new Map<number, ArrayLike<number>>()
  const source = new Map<string, Source>() // "node.port" → its value
  const slotRegs: number[] = []
  const slotLengths: number[] = []
  const newSlot = (loc: number, n: number) => {
    slotLengths.push(n)
    return slotRegs.push(loc) - 1
  }
  const inputs: ScheduledTerminal[] = d.inputs.map((t) => {
    const n = lengthOf(t.value)
    let reg: number
    if (typeof t.value === 'number') reg = em.allocate(t.value)
    else vectorInit.set((reg = vector(n)), t.value)
    const slot = newSlot(reg, n)
    source.set(`${t.id}.value`, { reg, slot, varied: true, n, stage: 0 })
    return { id: t.id, name: t.name, reg, slot, length: n }
  })
  const feeding = new Map<string, string>() // "block.port" → "node.port" of the wire into it
  for (const w of usable) feeding.set(`${w.to.node}.${w.to.port}`, `${w.from.node}.${w.from.port}`)

  const edgeStart: number[] = [0]
  const edgeSrc: number[] = []
  const edgePartial: number[] = []
  const edgeInfo: number[] = [] // EDGE_WORDS per edge: its kind and the numbers the kind needs
  const edgesInto = new Map<string, number[]>() // "block.port" → the edges its wire feeds
  const secondStart: number[] = [0]
  const secondEdge: number[] = []
  const secondPartial: number[] = []
  const addEdge = (into: string, src: number, partial: number, info: number[]) => {
    const list = edgesInto.get(into)
    if (list) list.push(edgeSrc.length)
    else edgesInto.set(into, [edgeSrc.length])
    edgeSrc.push(src)
    edgePartial.push(partial)
    edgeInfo.push(...info, ...new Array<number>(EDGE_WORDS - info.length).fill(0))
  }

  // Values run in stages: scalar instructions of even stages as one program each, array blocks at odd
  // stages one after another; a block's stage is the first of its kind after every stage it reads from,
  // so a diagram without arrays is one program, as it always was.
  const valueStage: number[] = []
  const arraySteps: { stage: number; step: PendingStep }[] = []
  const partialVectors: VectorInstruction[][] = []

  const blocks: ScheduledBlock[] = []
  /** By the block's index in the diagram as given; undefined for a block a partial compile leaves out. */
  const paramsOfGiven: (ScheduledBlock['params'] | undefined)[] = new Array(given.blocks.length)
  for (const bi of dependencyOrder(d, usable, blocked)) {
    const b = d.blocks[bi]
    const k = kernelOf(b.primitive)
    const p = k.primitive
    em.beginBlock()
    const ins = k.inputs.map((port) => ({ port, ...source.get(feeding.get(`${b.id}.${port}`)!)! }))
    const varied = ins.some((i) => i.varied && i.slot >= 0)
    const params = new Map(k.params.map((q) => [q, em.allocate(b.params[q] ?? p.params.find((x) => x.id === q)!.default)]))
    const inputEnv = (name: string): number => {
      const i = k.inputs.indexOf(name)
      if (i >= 0) return ins[i].reg
      const reg = params.get(name)
      if (reg === undefined) throw new Error(`${b.primitive}: unbound name '${name}'`)
      return reg
    }
    const block: ScheduledBlock = {
      id: b.id, primitive: b.primitive, outputs: [], params: [...params].map(([id, reg]) => ({ id, reg })),
      inputs: ins.map(({ port, reg, slot, n }) => ({ port, reg, slot, length: n })),
    }
    const widest = ins.reduce((n, i) => Math.max(n, i.n), SCALAR)
    const isArray = p.array !== undefined || widest !== SCALAR
    const maxStage = ins.reduce((st, i) => Math.max(st, i.stage), 0)
    const stage = isArray ? maxStage | 1 : maxStage + (maxStage & 1)
    const usedEdge = (i: number) => ins[i].slot >= 0 && (ins[i].varied || options.constantEdges)
    const fresh = em.programs[Stream.value].length

    if (p.holds) {
      // An Array Constant: its elements start in their place, like an input's, and nothing is computed.
      const value = b.value ?? []
      const reg = vector(value.length)
      vectorInit.set(reg, value)
      const slot = newSlot(reg, value.length)
      source.set(`${b.id}.${k.outputs[0].id}`, { reg, slot, varied: false, n: value.length, stage: 0 })
      block.outputs.push({ port: k.outputs[0].id, reg, slot, length: value.length })
      edgeStart.push(edgeSrc.length)
    } else if (p.array) {
      const paramValues = p.params.map((q) => b.params[q.id] ?? q.default)
      const shape = p.array.shape(ins.map((i) => i.n), paramValues) as Shape
      const copied = viewOf(shape, ins)
      const outs = copied ? [view(ins[copied.from].reg, copied.offset)] : shape.outs.map((n) => vector(n))
      const aux = shape.aux.map((n) => vector(n))
      arraySteps.push({ stage, step: { kind: 'rule', view: copied !== undefined, run: p.array.run, js: p.array.js, sums: p.array.sums, ins: ins.map((i) => ({ loc: i.reg, n: i.n })), outs: shape.outs.map((n, o) => ({ loc: outs[o], n })), aux: shape.aux.map((n, a) => ({ loc: aux[a], n })), params: paramValues, block: blocks.length } })
      const refAt = (ref: Ref): { loc: number; stride: number } =>
        ref === 'one' ? { loc: ONE, stride: 0 } : 'in' in ref ? { loc: ins[ref.in].reg, stride: ins[ref.in].n === SCALAR ? 0 : 1 } : { loc: aux[ref.aux], stride: shape.aux[ref.aux] === SCALAR ? 0 : 1 }
      k.outputs.forEach((out, oi) => {
        const n = shape.outs[oi]
        const slot = newSlot(outs[oi], n)
        source.set(`${b.id}.${out.id}`, { reg: outs[oi], slot, varied, n, stage })
        block.outputs.push({ port: out.id, reg: outs[oi], slot, length: n })
        for (const e of shape.edges) {
          if (e.to !== oi || !usedEdge(e.from)) continue
          const into = `${b.id}.${k.inputs[e.from]}`
          const src = ins[e.from]
          if (e.kind === 'scale') {
            const q = refAt(e.p)
            addEdge(into, src.slot, q.loc, [EdgeKind.scale, countOf(n), q.stride, src.n === SCALAR ? 0 : 1])
          } else if (e.kind === 'reduce') {
            const q = refAt(e.p)
            addEdge(into, src.slot, q.loc, [EdgeKind.reduce, countOf(src.n), q.stride])
          } else if (e.kind === 'gather') {
            addEdge(into, src.slot, ONE, [EdgeKind.gather, e.start, e.len, e.index === undefined ? NONE : aux[e.index], e.srcStart ?? 0, e.step ?? 1])
          } else {
            addEdge(into, src.slot, ONE, [EdgeKind.scan, countOf(src.n)])
          }
        }
        edgeStart.push(edgeSrc.length)
      })
    } else if (isArray) {
      const operands = ins.map((i) => ({ loc: i.reg, stride: i.n === SCALAR ? 0 : 1 }))
      const ew = emitElementwise(k, operands, params, widest, vector, (v) => em.constant(v))
      arraySteps.push({ stage, step: { kind: 'vector', code: ew.value } })
      partialVectors.push(ew.partial)
      k.outputs.forEach((out, oi) => {
        const reg = ew.outputs[oi]
        if (out.type === 'boolean') {
          source.set(`${b.id}.${out.id}`, { reg, slot: -1, varied: false, n: widest, stage })
          block.outputs.push({ port: out.id, reg, slot: -1, length: widest })
          return
        }
        const slot = newSlot(reg, widest)
        source.set(`${b.id}.${out.id}`, { reg, slot, varied, n: widest, stage })
        block.outputs.push({ port: out.id, reg, slot, length: widest })
        ew.partials[oi].forEach((q, i) => {
          if (!q || !usedEdge(i)) return
          const [loc, stride] = q === 'one' ? [ONE, 0] : [q.loc, q.stride]
          addEdge(`${b.id}.${k.inputs[i]}`, ins[i].slot, loc, [EdgeKind.scale, widest, stride, ins[i].n === SCALAR ? 0 : 1])
        })
        edgeStart.push(edgeSrc.length)
      })
    } else {
      for (const out of k.outputs) {
        let reg: number
        if (out.native !== undefined) {
          reg = em.op(Stream.value, out.native, ins.map((i) => i.reg), em.allocate())
        } else if (out.value!.kind === 'name' && params.has(out.value!.name)) {
          reg = params.get(out.value!.name)! // a constant block's number lives in its own register
        } else if (out.value!.kind !== 'call') {
          reg = em.allocate(em.constantValue(em.expr(Stream.value, out.value!, inputEnv))!)
        } else {
          reg = em.expr(Stream.value, out.value!, inputEnv, em.allocate())
        }
        if (out.type === 'boolean') {
          source.set(`${b.id}.${out.id}`, { reg, slot: -1, varied: false, n: SCALAR, stage })
          block.outputs.push({ port: out.id, reg, slot: -1, length: SCALAR })
          continue
        }
        const slot = newSlot(reg, SCALAR)
        source.set(`${b.id}.${out.id}`, { reg, slot, varied, n: SCALAR, stage })
        block.outputs.push({ port: out.id, reg, slot, length: SCALAR })
        const withOutput = (name: string) => (name === 'r' ? reg : inputEnv(name))
        const used: number[] = [] // input indices that got an edge
        out.partials.forEach((q, i) => {
          if (!q || !usedEdge(i)) return
          const partial = em.expr(Stream.partial, q, withOutput)
          if (em.constantValue(partial) === 0) return
          addEdge(`${b.id}.${k.inputs[i]}`, ins[i].slot, partial, [EdgeKind.scale, 1, 0, 0])
          used.push(i)
        })
        if (options.second) {
          const first = edgeStart[edgeStart.length - 1]
          for (const a of used) {
            used.forEach((bIndex, j) => {
              const d2 = differentiate(out.partials[a]!, k.inputs[bIndex], out.partials[bIndex]!)
              const reg2 = em.expr(Stream.second, d2, withOutput)
              if (em.constantValue(reg2) === 0) return
              secondEdge.push(first + j)
              secondPartial.push(reg2)
            })
            secondStart.push(secondEdge.length)
          }
        }
        edgeStart.push(edgeSrc.length)
      }
    }
    for (let i = fresh; i < em.programs[Stream.value].length; i++) valueStage[i] = stage
    blocks.push(block)
    paramsOfGiven[sortedToGiven[bi]] = block.params
  }

  // Number registers so that each program writes consecutive ones: inputs, values (stage by stage),
  // partials, seconds, the rest; arrays after them all.
  const valueByStage = new Map<number, Instruction[]>()
  em.programs[Stream.value].forEach((ins, i) => {
    const list = valueByStage.get(valueStage[i])
    if (list) list.push(ins)
    else valueByStage.set(valueStage[i], [ins])
  })
  const stages = [...new Set([0, ...valueByStage.keys(), ...arraySteps.map((x) => x.stage)])].sort((a, b) => a - b)
  const scalarStages = stages.filter((st) => (st & 1) === 0)
  const programs = [...scalarStages.map((st) => valueByStage.get(st) ?? []), em.programs[Stream.partial], em.programs[Stream.second]].map(groupByInstruction)
  const renumber = new Int32Array(em.registerCount).fill(-1)
  let next = 0
  for (const t of inputs) if (t.reg >= 0) renumber[t.reg] = next++
  const bases = programs.map((program) => {
    const base = next
    for (const ins of program) renumber[ins.dst] = next++
    return base
  })
  for (let r = 0; r < em.registerCount; r++) if (renumber[r] < 0) renumber[r] = next++
  const vectorAt: number[] = []
  const at = (r: number) => (r >= 0 ? renumber[r] : r === ONE || r === NONE ? r : vectorAt[-1 - r])
  vectors.forEach((n, v) => {
    const seen = views.get(v)
    // A view comes after the vector it shows, which is placed by then.
    vectorAt.push(seen ? at(seen.of) + seen.offset : next)
    next += n
  })
  const registerCount = next
  const encode = (program: Instruction[], base: number): Program => {
    const code: number[] = []
    for (const ins of program) code.push(ins.op, ...ins.args.map(at))
    return { code: Int32Array.from(code), base }
  }
  const encodeVector = (program: VectorInstruction[]): Int32Array => {
    const code: number[] = []
    for (const ins of program) {
      code.push(ins.op, ins.n, at(ins.dst))
      for (let a = 0; a < 3; a++) code.push(ins.args[a] ? at(ins.args[a].loc) : 0, ins.args[a]?.stride ?? 0)
    }
    return Int32Array.from(code)
  }
  const constRegs: number[] = []
  const constValues: number[] = []
  const written = new Set(em.programs.flatMap((program) => program.map((ins) => ins.dst)))
  em.initial.forEach((v, r) => {
    if (!written.has(r)) {
      constRegs.push(at(r))
      constValues.push(v)
    }
  })
  for (const [loc, values] of vectorInit) {
    for (let i = 0; i < values.length; i++) {
      constRegs.push(at(loc) + i)
      constValues.push(values[i])
    }
  }
  for (const t of inputs) t.reg = at(t.reg)
  for (const b of blocks) {
    for (const list of [b.outputs, b.inputs, b.params]) for (const x of list) x.reg = at(x.reg)
  }

  const paramStart = new Int32Array(given.blocks.length + 1)
  const paramNames: string[] = []
  const paramRegs: number[] = []
  for (let i = 0; i < given.blocks.length; i++) {
    for (const p of paramsOfGiven[i] ?? []) {
      paramNames.push(p.id)
      paramRegs.push(p.reg)
    }
    paramStart[i + 1] = paramRegs.length
  }

  const outputs: ScheduledTerminal[] = []
  for (const t of d.outputs) {
    const src = source.get(feeding.get(`${t.id}.value`) ?? '')
    if (src) outputs.push({ id: t.id, name: t.name, reg: at(src.reg), slot: src.slot, length: src.n })
  }
  const outputIndex = new Map(outputs.map((t, i) => [t.id, i]))
  const wires = new Map<string, ScheduledWire>()
  for (const w of d.wires) {
    // In a partial schedule, a wire whose source does not run carries nothing.
    const src = source.get(`${w.from.node}.${w.from.port}`)
    if (!src) continue
    wires.set(w.id, { reg: at(src.reg), slot: src.slot, length: src.n, edges: edgesInto.get(`${w.to.node}.${w.to.port}`) ?? [], output: outputIndex.get(w.to.node) ?? -1 })
  }

  let arrays: ArrayPart | undefined
  if (shapes.arrays) {
    const slotAt = new Int32Array(slotLengths.length)
    let elements = 0
    slotLengths.forEach((n, i) => {
      slotAt[i] = elements
      elements += countOf(n)
    })
    const info = Int32Array.from(edgeInfo)
    for (let e = 0; e < edgeSrc.length; e++) if (info[e * EDGE_WORDS] === EdgeKind.gather) info[e * EDGE_WORDS + 3] = at(info[e * EDGE_WORDS + 3])
    let scalarStage = 1
    const valueSteps: Step[] = []
    for (const st of stages) {
      if (st === 0) continue
      if ((st & 1) === 0) {
        valueSteps.push({ kind: 'scalar', program: encode(programs[scalarStage], bases[scalarStage]) })
        scalarStage++
        continue
      }
      for (const { step } of arraySteps.filter((x) => x.stage === st)) {
        if (step.kind === 'vector') {
          valueSteps.push({ kind: 'vector', code: encodeVector(step.code) })
          continue
        }
        const io: ArrayIo = {
          in: Int32Array.from(step.ins, (x) => at(x.loc)), inN: Int32Array.from(step.ins, (x) => x.n),
          out: Int32Array.from(step.outs, (x) => at(x.loc)), outN: Int32Array.from(step.outs, (x) => x.n),
          aux: Int32Array.from(step.aux, (x) => at(x.loc)), auxN: Int32Array.from(step.aux, (x) => x.n),
          params: Float64Array.from(step.params),
        }
        blocks[step.block].io = io
        if (!step.view) valueSteps.push({ kind: 'rule', run: step.run, io, js: step.js, sums: step.sums })
      }
    }
    arrays = {
      valueSteps,
      partialSteps: partialVectors.filter((v) => v.length > 0).map(encodeVector),
      slotAt,
      slotLength: Int32Array.from(slotLengths),
      elementCount: elements,
      edgeInfo: info,
    }
  }
  const partialIndex = scalarStages.length

  return {
    diagram: given,
    problems: broken,
    registerCount,
    constRegs: Int32Array.from(constRegs),
    constValues: Float64Array.from(constValues),
    value: encode(programs[0], bases[0]),
    partial: encode(programs[partialIndex], bases[partialIndex]),
    inputs,
    outputs,
    blocks,
    params: { blocks: given.blocks.map((b) => b.id), start: paramStart, names: paramNames, regs: Int32Array.from(paramRegs) },
    wires,
    slotCount: slotRegs.length,
    slotReg: Int32Array.from(slotRegs, at),
    edgeStart: Int32Array.from(edgeStart),
    edgeSrc: Int32Array.from(edgeSrc),
    edgePartial: Int32Array.from(edgePartial, at),
    arrays,
    second: options.second
      ? {
          program: encode(programs[partialIndex + 1], bases[partialIndex + 1]),
          start: Int32Array.from(secondStart),
          edge: Int32Array.from(secondEdge),
          partial: Int32Array.from(secondPartial, at),
        }
      : undefined,
  }
}

/**
 * Where a rule's one output is a run of one input's elements (its one derivative edge gathers them in order,
 * as Array Subset's does), the input and the offset: such a block is a view, its output registers are its
 * input's, and it runs no loop. Its value is that same gather, since a copy is its own derivative.
 * Registers are written once a sweep, so sharing them is safe; tangents and adjoints keep a slot of their own.
 */
export function viewOf(shape: Shape, ins: readonly { n: number }[]): { from: number; offset: number } | undefined {
  if (shape.outs.length !== 1 || shape.aux.length !== 0 || shape.edges.length !== 1 || shape.outs[0] === SCALAR) return undefined
  const e = shape.edges[0]
  if (e.kind !== 'gather' || e.index !== undefined || (e.step ?? 1) !== 1 || e.start !== 0 || e.len !== shape.outs[0]) return undefined
  return ins[e.from].n === SCALAR ? undefined : { from: e.from, offset: e.srcStart ?? 0 }
}

/** The slot each edge feeds (derived: schedules do not store it). */
export function edgeDestinations(s: Schedule): Int32Array {
  const dst = new Int32Array(s.edgeSrc.length)
  const n = s.inputs.length
  for (let i = 0; i < s.edgeStart.length - 1; i++) dst.fill(n + i, s.edgeStart[i], s.edgeStart[i + 1])
  return dst
}

/** Decodes a program into instructions with their destinations (for the exporter and tests). */
export function instructionsOf(p: Program): Instruction[] {
  const out: Instruction[] = []
  let d = p.base
  for (let k = 0; k < p.code.length; d++) {
    const op = p.code[k]
    const arity = INSTRUCTIONS[op].arity
    out.push({ op, dst: d, args: Array.from(p.code.subarray(k + 1, k + 1 + arity)) })
    k += 1 + arity
  }
  return out
}
