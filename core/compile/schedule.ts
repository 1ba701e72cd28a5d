import { brokenReasons } from '../diagram/check'
import { type Diagram, type Problem, problemsText, type Wire } from '../diagram/model'
import { nodeIndex } from '../diagram/ports'
import { compareIds } from '../diagram/save'
import { INSTRUCTIONS } from '../kernel/machine'
import { findPrimitive, kernelOf } from '../primitives/table'
import { differentiate } from './differentiate'
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
}

export interface ScheduledBlock {
  id: string
  primitive: string
  /** Slot -1 on a Boolean output. */
  outputs: { port: string; reg: number; slot: number }[]
  inputs: { port: string; reg: number; slot: number }[]
  /** Registers of the block's parameters (a constant's number), so a new value needs no recompile. */
  params: { id: string; reg: number }[]
}

export interface ScheduledWire {
  /** The register and slot of the value the wire carries (slot -1 on a Boolean wire). */
  reg: number
  slot: number
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
}

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
function usableWiring(d: Diagram): { wires: Wire[]; blocked: Set<string> } {
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
  const blocked = new Set<string>()
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
  const { wires: usable, blocked } = broken.length > 0 ? usableWiring(d) : { wires: d.wires, blocked: new Set<string>() }

  const em = new Emitter()
  const source = new Map<string, { reg: number; slot: number; varied: boolean }>() // "node.port" → its value
  const slotRegs: number[] = []
  const inputs: ScheduledTerminal[] = d.inputs.map((t) => {
    const reg = em.allocate(t.value)
    const slot = slotRegs.push(reg) - 1
    source.set(`${t.id}.value`, { reg, slot, varied: true })
    return { id: t.id, name: t.name, reg, slot }
  })
  const feeding = new Map<string, string>() // "block.port" → "node.port" of the wire into it
  for (const w of usable) feeding.set(`${w.to.node}.${w.to.port}`, `${w.from.node}.${w.from.port}`)

  const edgeStart: number[] = [0]
  const edgeSrc: number[] = []
  const edgePartial: number[] = []
  const edgesInto = new Map<string, number[]>() // "block.port" → the edges its wire feeds
  const secondStart: number[] = [0]
  const secondEdge: number[] = []
  const secondPartial: number[] = []

  const blocks: ScheduledBlock[] = []
  /** By the block's index in the diagram as given; undefined for a block a partial compile leaves out. */
  const paramsOfGiven: (ScheduledBlock['params'] | undefined)[] = new Array(given.blocks.length)
  for (const bi of dependencyOrder(d, usable, blocked)) {
    const b = d.blocks[bi]
    const k = kernelOf(b.primitive)
    em.beginBlock()
    const ins = k.inputs.map((port) => ({ port, ...source.get(feeding.get(`${b.id}.${port}`)!)! }))
    const varied = ins.some((i) => i.varied && i.slot >= 0)
    const params = new Map(k.params.map((p) => [p, em.allocate(b.params[p] ?? 0)]))
    const inputEnv = (name: string): number => {
      const i = k.inputs.indexOf(name)
      if (i >= 0) return ins[i].reg
      const reg = params.get(name)
      if (reg === undefined) throw new Error(`${b.primitive}: unbound name '${name}'`)
      return reg
    }
    const block: ScheduledBlock = {
      id: b.id, primitive: b.primitive, outputs: [], params: [...params].map(([id, reg]) => ({ id, reg })),
      inputs: ins.map(({ port, reg, slot }) => ({ port, reg, slot })),
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
        source.set(`${b.id}.${out.id}`, { reg, slot: -1, varied: false })
        block.outputs.push({ port: out.id, reg, slot: -1 })
        continue
      }
      const slot = slotRegs.push(reg) - 1
      source.set(`${b.id}.${out.id}`, { reg, slot, varied })
      block.outputs.push({ port: out.id, reg, slot })
      const withOutput = (name: string) => (name === 'r' ? reg : inputEnv(name))
      const used: number[] = [] // input indices that got an edge
      out.partials.forEach((p, i) => {
        if (!p || ins[i].slot < 0 || (!ins[i].varied && !options.constantEdges)) return
        const partial = em.expr(Stream.partial, p, withOutput)
        if (em.constantValue(partial) === 0) return
        const key = `${b.id}.${k.inputs[i]}`
        const into = edgesInto.get(key)
        if (into) into.push(edgeSrc.length)
        else edgesInto.set(key, [edgeSrc.length])
        edgeSrc.push(ins[i].slot)
        edgePartial.push(partial)
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
    blocks.push(block)
    paramsOfGiven[sortedToGiven[bi]] = block.params
  }

  // Number registers so that each program writes consecutive ones: inputs, values, partials, seconds, the rest.
  const programs = em.programs.map(groupByInstruction)
  const renumber = new Int32Array(em.registerCount).fill(-1)
  let next = 0
  for (const t of inputs) renumber[t.reg] = next++
  const bases = programs.map((program) => {
    const base = next
    for (const ins of program) renumber[ins.dst] = next++
    return base
  })
  for (let r = 0; r < em.registerCount; r++) if (renumber[r] < 0) renumber[r] = next++
  const at = (r: number) => renumber[r]
  const encode = (program: Instruction[], base: number): Program => {
    const code: number[] = []
    for (const ins of program) code.push(ins.op, ...ins.args.map(at))
    return { code: Int32Array.from(code), base }
  }
  const constRegs: number[] = []
  const constValues: number[] = []
  const written = new Set(programs.flatMap((program) => program.map((ins) => ins.dst)))
  em.initial.forEach((v, r) => {
    if (!written.has(r)) {
      constRegs.push(at(r))
      constValues.push(v)
    }
  })
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
    if (src) outputs.push({ id: t.id, name: t.name, reg: at(src.reg), slot: src.slot })
  }
  const outputIndex = new Map(outputs.map((t, i) => [t.id, i]))
  const wires = new Map<string, ScheduledWire>()
  for (const w of d.wires) {
    // In a partial schedule, a wire whose source does not run carries nothing.
    const src = source.get(`${w.from.node}.${w.from.port}`)
    if (!src) continue
    wires.set(w.id, { reg: at(src.reg), slot: src.slot, edges: edgesInto.get(`${w.to.node}.${w.to.port}`) ?? [], output: outputIndex.get(w.to.node) ?? -1 })
  }

  return {
    diagram: given,
    problems: broken,
    registerCount: em.registerCount,
    constRegs: Int32Array.from(constRegs),
    constValues: Float64Array.from(constValues),
    value: encode(programs[Stream.value], bases[Stream.value]),
    partial: encode(programs[Stream.partial], bases[Stream.partial]),
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
    second: options.second
      ? {
          program: encode(programs[Stream.second], bases[Stream.second]),
          start: Int32Array.from(secondStart),
          edge: Int32Array.from(secondEdge),
          partial: Int32Array.from(secondPartial, at),
        }
      : undefined,
  }
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
