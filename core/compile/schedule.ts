import { brokenReasons } from '../diagram/check'
import { type Diagram, type Problem, problemText } from '../diagram/model'
import { kernelOf } from '../primitives/table'
import { differentiate } from './differentiate'
import { Emitter, Stream } from './emitter'

// A Schedule is a diagram compiled for evaluation: blocks in dependency order, every value a register in one
// flat Float64Array, and the derivative structure as flat edge lists.
//
// Registers hold values (inputs, block outputs, partials, temporaries, constants). Slots are the values that
// carry derivatives: input terminals first, then every number output of every block, in schedule order.
// Each block output slot ("node") has a run of edges, one per number input with a nonzero partial:
// the slot it comes from and the register holding ∂node/∂source. Forward and reverse sweeps are loops over
// these edges; compiled once, a schedule is re-swept for every new input value.

export interface ScheduledTerminal {
  id: string
  name: string
  reg: number
  /** -1 for an output wired straight from a constant block that carries no derivative. */
  slot: number
}

export interface ScheduledBlock {
  id: string
  primitive: string
  outputs: { port: string; reg: number; slot: number }[]
  inputs: { port: string; reg: number; slot: number }[]
  /** Registers of the block's parameters (a constant's number), so a new value needs no recompile. */
  params: { id: string; reg: number }[]
  /** Registers holding 1 where a domain or kink condition of the row holds. */
  domain: { reg: number; message: string }[]
  kinks: { reg: number; message: string }[]
}

export interface ScheduledWire {
  /** The register and slot of the value the wire carries (slot -1 on a Boolean wire). */
  reg: number
  slot: number
  /** The edges the wire feeds: one per output of the block it enters with a nonzero partial. */
  edges: number[]
  /** The output terminal the wire enters, or -1. */
  output: number
}

export interface Schedule {
  diagram: Diagram
  registerCount: number
  initial: Float64Array
  value: Int32Array
  partial: Int32Array
  check: Int32Array
  inputs: ScheduledTerminal[]
  outputs: ScheduledTerminal[]
  blocks: ScheduledBlock[]
  wires: Map<string, ScheduledWire>
  slotCount: number
  slotReg: Int32Array
  /** Node i is slot inputs.length + i; its edges are edgeStart[i] .. edgeStart[i + 1] - 1. */
  edgeStart: Int32Array
  edgeSrc: Int32Array
  edgeDst: Int32Array
  edgePartial: Int32Array
  /** Present when compiled with `second`: ∂²node/∂a∂b for every pair of edges a, b of a node. */
  second?: SecondPartials
}

export interface SecondPartials {
  program: Int32Array
  /** Edge a's pairs are start[a] .. start[a + 1] - 1: the other edge b and the register of ∂²/∂a∂b. */
  start: Int32Array
  edge: Int32Array
  partial: Int32Array
}

export interface CompileOptions {
  /** Also compile second partials, for Hessians. */
  second?: boolean
}

export class BrokenDiagramError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`the diagram cannot run: ${problems.map(problemText).join('; ')}`)
    this.name = 'BrokenDiagramError'
  }
}

/** Blocks in an order where every block comes after the blocks it reads from (Kahn's algorithm). */
function dependencyOrder(d: Diagram): number[] {
  const index = new Map(d.blocks.map((b, i) => [b.id, i]))
  const waiting = new Int32Array(d.blocks.length)
  const readers: number[][] = d.blocks.map(() => [])
  for (const w of d.wires) {
    const from = index.get(w.from.node)
    const to = index.get(w.to.node)
    if (from === undefined || to === undefined) continue
    waiting[to]++
    readers[from].push(to)
  }
  const order: number[] = []
  for (let i = 0; i < d.blocks.length; i++) if (waiting[i] === 0) order.push(i)
  for (let k = 0; k < order.length; k++) {
    for (const r of readers[order[k]]) if (--waiting[r] === 0) order.push(r)
  }
  return order
}

export function compile(d: Diagram, options: CompileOptions = {}): Schedule {
  const broken = brokenReasons(d)
  if (broken.length > 0) throw new BrokenDiagramError(broken)

  const em = new Emitter()
  const source = new Map<string, { reg: number; slot: number }>() // "node.port" → where its value lives
  const slotRegs: number[] = []
  const inputs: ScheduledTerminal[] = d.inputs.map((t) => {
    const reg = em.allocate(t.value)
    const slot = slotRegs.push(reg) - 1
    source.set(`${t.id}.value`, { reg, slot })
    return { id: t.id, name: t.name, reg, slot }
  })
  const feeding = new Map<string, string>() // "block.port" → "node.port" of the wire into it
  for (const w of d.wires) feeding.set(`${w.to.node}.${w.to.port}`, `${w.from.node}.${w.from.port}`)

  const edgeStart: number[] = [0]
  const edgeSrc: number[] = []
  const edgeDst: number[] = []
  const edgePartial: number[] = []
  const edgesInto = new Map<string, number[]>() // "block.port" → the edges its wire feeds
  const secondStart: number[] = [0]
  const secondEdge: number[] = []
  const secondPartial: number[] = []

  const blocks: ScheduledBlock[] = []
  for (const bi of dependencyOrder(d)) {
    const b = d.blocks[bi]
    const k = kernelOf(b.primitive)
    em.beginBlock()
    const ins = k.inputs.map((port) => ({ port, ...source.get(feeding.get(`${b.id}.${port}`)!)! }))
    const params = new Map(k.params.map((p) => [p, em.allocate(b.params[p] ?? 0)]))
    const inputEnv = (name: string): number => {
      const i = k.inputs.indexOf(name)
      if (i >= 0) return ins[i].reg
      const reg = params.get(name)
      if (reg === undefined) throw new Error(`${b.primitive}: unbound name '${name}'`)
      return reg
    }
    const block: ScheduledBlock = {
      id: b.id, primitive: b.primitive, outputs: [], inputs: ins, domain: [], kinks: [],
      params: [...params].map(([id, reg]) => ({ id, reg })),
    }

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
        source.set(`${b.id}.${out.id}`, { reg, slot: -1 })
        block.outputs.push({ port: out.id, reg, slot: -1 })
        continue
      }
      const slot = slotRegs.push(reg) - 1
      source.set(`${b.id}.${out.id}`, { reg, slot })
      block.outputs.push({ port: out.id, reg, slot })
      const withOutput = (name: string) => (name === 'r' ? reg : inputEnv(name))
      const used: number[] = [] // input indices that got an edge
      out.partials.forEach((p, i) => {
        if (!p || ins[i].slot < 0) return
        const partial = em.expr(Stream.partial, p, withOutput)
        if (em.constantValue(partial) === 0) return
        const key = `${b.id}.${k.inputs[i]}`
        edgesInto.set(key, [...(edgesInto.get(key) ?? []), edgeSrc.length])
        edgeSrc.push(ins[i].slot)
        edgeDst.push(slot)
        edgePartial.push(partial)
        used.push(i)
      })
      if (options.second) {
        const first = edgeStart[edgeStart.length - 1]
        used.forEach((a) => {
          used.forEach((bIndex, j) => {
            const d2 = differentiate(out.partials[a]!, k.inputs[bIndex], out.partials[bIndex]!)
            const reg2 = em.expr(Stream.second, d2, withOutput)
            if (em.constantValue(reg2) === 0) return
            secondEdge.push(first + j)
            secondPartial.push(reg2)
          })
          secondStart.push(secondEdge.length)
        })
      }
      edgeStart.push(edgeSrc.length)
    }
    const conditionEnv = (name: string) => (name === 'r' ? block.outputs[0].reg : inputEnv(name))
    block.domain = k.domain.map((c) => ({ reg: em.expr(Stream.check, c.when, conditionEnv), message: c.message }))
    block.kinks = k.kinks.map((c) => ({ reg: em.expr(Stream.check, c.when, conditionEnv), message: c.message }))
    blocks.push(block)
  }

  const outputs: ScheduledTerminal[] = d.outputs.map((t) => {
    const src = source.get(feeding.get(`${t.id}.value`)!)!
    return { id: t.id, name: t.name, reg: src.reg, slot: src.slot }
  })
  const outputIndex = new Map(d.outputs.map((t, i) => [t.id, i]))
  const wires = new Map<string, ScheduledWire>()
  for (const w of d.wires) {
    const src = source.get(`${w.from.node}.${w.from.port}`)!
    const edges = edgesInto.get(`${w.to.node}.${w.to.port}`) ?? []
    wires.set(w.id, { reg: src.reg, slot: src.slot, edges, output: outputIndex.get(w.to.node) ?? -1 })
  }

  return {
    diagram: d,
    registerCount: em.registerCount,
    initial: Float64Array.from(em.initial),
    value: Int32Array.from(em.programs[Stream.value]),
    partial: Int32Array.from(em.programs[Stream.partial]),
    check: Int32Array.from(em.programs[Stream.check]),
    inputs,
    outputs,
    blocks,
    wires,
    slotCount: slotRegs.length,
    slotReg: Int32Array.from(slotRegs),
    edgeStart: Int32Array.from(edgeStart),
    edgeSrc: Int32Array.from(edgeSrc),
    edgeDst: Int32Array.from(edgeDst),
    edgePartial: Int32Array.from(edgePartial),
    second: options.second
      ? {
          program: Int32Array.from(em.programs[Stream.second]),
          start: Int32Array.from(secondStart),
          edge: Int32Array.from(secondEdge),
          partial: Int32Array.from(secondPartial),
        }
      : undefined,
  }
}
