import { countOf, instructionsOf, type Program, type Schedule } from '../compile/schedule'
import { INSTRUCTIONS } from '../kernel/machine'
import { CHUNK } from './render'

// Statements of an array module over the register array `reg`: a scalar program one assignment per
// instruction (as run() does it), with the instruction's own printer (INSTRUCTIONS[op].js), so the module
// computes what the engine computes, in the same order; and the functions that hold them. The array
// instructions and the reverse sweep are printed as fused loops (fuse.ts).

/** The name the printed statements give the register array (a local copy of the module's R). */
export const REG = 'reg'

export function scalarStatements(p: Program): string[] {
  return instructionsOf(p).map((ins) => {
    const [a, b, c] = ins.args.map((r) => `${REG}[${r}]`)
    return `${REG}[${ins.dst}] = ${INSTRUCTIONS[ins.op].js(a, b ?? '', c ?? '')}`
  })
}

/**
 * Statements as functions of at most CHUNK statements each (V8 stops optimising long functions; see
 * render.ts), and one function `name` that calls them in order.
 */
export function chunkedFunction(name: string, statements: string[], typed: boolean, locals = [`const ${REG} = R`]): string[] {
  const v = typed ? ': void' : ''
  const indent = (text: string) => text.split('\n').map((l) => `  ${l}`).join('\n')
  const prelude = locals.map((l) => `  ${l}`)
  if (statements.length <= CHUNK) return [`function ${name}()${v} {`, ...prelude, ...statements.map(indent), '}']
  const out: string[] = []
  const calls: string[] = []
  for (let c = 0; c * CHUNK < statements.length; c++) {
    out.push(`function ${name}_${c}()${v} {`, ...prelude, ...statements.slice(c * CHUNK, (c + 1) * CHUNK).map(indent), '}')
    calls.push(`  ${name}_${c}()`)
  }
  return [...out, `function ${name}()${v} {`, ...calls, '}']
}

/**
 * The registers that start with a value a module never changes (constants and parameters: all that start
 * with one but the inputs' own registers, which every entry point writes), by value.
 */
export function fixedRegisters(s: Schedule): Map<number, number> {
  const inputs = new Set<number>()
  for (const t of s.inputs) for (let i = 0; i < countOf(t.length); i++) inputs.add(t.reg + i)
  const out = new Map<number, number>()
  s.constRegs.forEach((r, i) => {
    if (!inputs.has(r)) out.set(r, s.constValues[i])
  })
  return out
}
