import type { Schedule } from '../compile/schedule'
import { INSTRUCTIONS } from '../kernel/machine'
import type { Instr, Plan } from './plan'

// The exporter's intermediate form: the schedule's programs and sweeps unrolled into straight-line
// statements over named variables (r: registers, t: tangents, a: adjoints, b: second adjoints, by slot).
// Each statement performs exactly the operations the engine's loops perform, in the same order, so the
// exported module computes the same bits.

export type Var = string

export interface Stmt {
  /** The variable this statement declares (a register, assigned once). */
  defines?: Var
  /** Accumulators it adds to. */
  updates: Var[]
  reads: Var[]
  js: (ref: (v: Var) => string) => string
}

export interface Program {
  name: string
  /** The chunk functions' parameter list, e.g. `inp: Inputs`. */
  params: string
  stmts: Stmt[]
  /** Accumulators that start this program at zero (the rest are read from their array). */
  zeroStart: (v: Var) => boolean
  /** Store every variable written, for later programs to read. */
  exportAll: boolean
  result?: { type: string; reads: Var[]; js: (ref: (v: Var) => string) => string }
}

export const reg = (r: number): Var => `r${r}`
export const tan = (slot: number): Var => `t${slot}`
export const adj = (slot: number): Var => `a${slot}`
export const sec = (slot: number): Var => `b${slot}`

/** One statement per instruction. */
export function instructionStmts(instructions: Instr[]): Stmt[] {
  return instructions.map((ins) => {
    const js = INSTRUCTIONS[ins.op].js
    const args = ins.args.map(reg)
    return { defines: reg(ins.dst), updates: [], reads: args, js: (ref) => js(ref(args[0]), args[1] ? ref(args[1]) : '', args[2] ? ref(args[2]) : '') }
  })
}

export function inputStmts(s: Schedule, param: string, keys: string[], space: (i: number) => Var): Stmt[] {
  return s.inputs.map((_, i) => ({ defines: space(i), updates: [], reads: [], js: () => `${param}.${keys[i]}` }))
}

/** ref() of a constant register is its literal; guards on a literal need no test. */
const isLiteral = (text: string) => /^\(|^-?[0-9]|^-?Infinity$|^NaN$/.test(text)

/** The forward sweep: each node's tangent is the sum over its edges of partial × source tangent. */
export function tangentStmts(s: Schedule, plan: Plan): Stmt[] {
  const out: Stmt[] = []
  const n = s.inputs.length
  for (let i = 0; i < s.edgeStart.length - 1; i++) {
    const dst = tan(n + i)
    for (let e = s.edgeStart[i]; e < s.edgeStart[i + 1]; e++) {
      if (!plan.keepEdge(e)) continue
      const p = reg(plan.resolve(s.edgePartial[e]))
      const src = tan(s.edgeSrc[e])
      out.push({
        updates: [dst], reads: [p, src],
        js: (ref) => {
          const P = ref(p)
          const guard = isLiteral(P) ? `${ref(src)} !== 0` : `${P} !== 0 && ${ref(src)} !== 0`
          return `if (${guard}) ${ref(dst)} += ${P} * ${ref(src)}`
        },
      })
    }
  }
  return out
}

/** The reverse sweep: nodes in reverse, each adding partial × its adjoint into its sources. */
export function adjointStmts(s: Schedule, plan: Plan): Stmt[] {
  const out: Stmt[] = []
  const n = s.inputs.length
  const partial = (e: number) => reg(plan.resolve(s.edgePartial[e]))
  for (let i = s.edgeStart.length - 2; i >= 0; i--) {
    const y = adj(n + i)
    const edges = Array.from({ length: s.edgeStart[i + 1] - s.edgeStart[i] }, (_, k) => s.edgeStart[i] + k).filter(plan.keepEdge)
    if (edges.length === 0) continue
    out.push({
      updates: edges.map((e) => adj(s.edgeSrc[e])), reads: [y, ...edges.map(partial)],
      js: (ref) => {
        const g = ref(y)
        const body = edges.map((e) => {
          const P = ref(partial(e))
          const update = `${ref(adj(s.edgeSrc[e]))} += ${P} * ${g}`
          return isLiteral(P) ? update : `if (${P} !== 0) ${update}`
        })
        return `if (${g} !== 0) { ${body.join('; ')} }`
      },
    })
  }
  return out
}
