import { edgeDestinations, instructionsOf, type Schedule } from '../compile/schedule'
import { apply, Op } from '../kernel/machine'
import { numberLiteral } from './literal'

// What an exported module has to compute, once the diagram is frozen:
// - constant blocks are now constants, so instructions on constants fold to literals and a select whose
//   condition is constant becomes the branch it takes (the engine computes the same values at run time,
//   by the same operations, so no result changes by a bit);
// - only derivatives with respect to the inputs are returned, so edges from slots that depend on no
//   input, or into slots no output depends on, are dropped (their terms are exactly zero in the engine);
// - an instruction nobody reads is dropped.

export interface Instr {
  op: Op
  dst: number
  args: number[]
}

export interface Plan {
  /** Registers whose value is a constant: their JavaScript literal. */
  literals: Map<number, string>
  /** Registers that are another register (a select on a constant condition). */
  alias: Map<number, number>
  value: Instr[]
  partial: Instr[]
  second: Instr[]
  /** Edges the derivative sweeps keep, and second-partial pairs. */
  keepEdge: (e: number) => boolean
  keepPair: (q: number) => boolean
  resolve: (r: number) => number
}

export function plan(s: Schedule): Plan {
  const streams = [instructionsOf(s.value), instructionsOf(s.partial), s.second ? instructionsOf(s.second.program) : []]
  const inputRegs = new Set(s.inputs.map((t) => t.reg))
  const constant = new Map<number, number>()
  s.constRegs.forEach((r, i) => inputRegs.has(r) || constant.set(r, s.constValues[i]))

  const alias = new Map<number, number>()
  const resolve = (r: number): number => {
    let x = r
    while (alias.has(x)) x = alias.get(x)!
    return x
  }
  const folded = streams.map((stream) =>
    stream.flatMap((ins): Instr[] => {
      const args = ins.args.map(resolve)
      const values = args.map((a) => constant.get(a))
      if (values.every((v) => v !== undefined)) {
        constant.set(ins.dst, apply(ins.op, values[0]!, values[1], values[2]))
        return []
      }
      if (ins.op === Op.select && values[0] !== undefined) {
        alias.set(ins.dst, values[0] !== 0 ? args[1] : args[2])
        return []
      }
      return [{ op: ins.op, dst: ins.dst, args }]
    }),
  )
  const isZero = (r: number) => constant.get(resolve(r)) === 0

  // Activity: slots that depend on an input, and slots an output depends on.
  const varied = new Uint8Array(s.slotCount)
  const useful = new Uint8Array(s.slotCount)
  const dst = edgeDestinations(s)
  s.inputs.forEach((t) => (varied[t.slot] = 1))
  for (let e = 0; e < s.edgeSrc.length; e++) if (varied[s.edgeSrc[e]] && !isZero(s.edgePartial[e])) varied[dst[e]] = 1
  s.outputs.forEach((t) => t.slot >= 0 && (useful[t.slot] = 1))
  for (let e = s.edgeSrc.length - 1; e >= 0; e--) if (useful[dst[e]] && !isZero(s.edgePartial[e])) useful[s.edgeSrc[e]] = 1
  const keepEdge = (e: number) => varied[s.edgeSrc[e]] === 1 && useful[dst[e]] === 1 && !isZero(s.edgePartial[e])
  const keepPair = (q: number) => s.second !== undefined && keepEdge(s.second.edge[q]) && !isZero(s.second.partial[q])

  const literals = new Map<number, string>()
  for (const [r, v] of constant) {
    const text = numberLiteral(v)
    literals.set(r, text.startsWith('-') ? `(${text})` : text) // so that -x never prints as --2
  }
  return { literals, alias, value: folded[0], partial: folded[1], second: folded[2], keepEdge, keepPair, resolve }
}

/** Drops instructions whose results nobody needs: `needed` are the registers read from outside. */
export function live(instructions: Instr[][], needed: Iterable<number>, resolve: (r: number) => number): Instr[][] {
  const want = new Set<number>([...needed].map(resolve))
  const kept = instructions.map(() => [] as Instr[])
  for (let p = instructions.length - 1; p >= 0; p--) {
    for (let i = instructions[p].length - 1; i >= 0; i--) {
      const ins = instructions[p][i]
      if (!want.has(ins.dst)) continue
      kept[p].push(ins)
      for (const a of ins.args) want.add(a)
    }
    kept[p].reverse()
  }
  return kept
}
