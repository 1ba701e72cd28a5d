import { instructionsOf, type Program, type Schedule } from '../compile/schedule'
import { INSTRUCTIONS, VECTOR_WORDS } from '../kernel/machine'
import { CHUNK } from './render'

// The value and partial steps of an array schedule as JavaScript statements over the register array `reg`:
// a scalar program one assignment per instruction (as run() does it), an array instruction one loop (as
// runVector() does it), an Array palette rule the loop its js prints. Every operation is the instruction's
// own printer (INSTRUCTIONS[op].js), so the module computes what the engine computes, in the same order.
// Nothing is folded or dropped: an array schedule is small (one instruction per block, not per element),
// so the module simply runs all of it.

/** The name the printed statements give the register array (a local copy of the module's R). */
export const REG = 'reg'

function scalarStatements(p: Program): string[] {
  return instructionsOf(p).map((ins) => {
    const [a, b, c] = ins.args.map((r) => `${REG}[${r}]`)
    return `${REG}[${ins.dst}] = ${INSTRUCTIONS[ins.op].js(a, b ?? '', c ?? '')}`
  })
}

/** An operand of element i: stride 0 is one number used for every element. */
const element = (at: number, stride: number) => (stride === 0 ? `${REG}[${at}]` : stride === 1 ? `${REG}[${at} + i]` : `${REG}[${at} + i * ${stride}]`)

function vectorStatements(code: Int32Array): string[] {
  const out: string[] = []
  for (let k = 0; k < code.length; k += VECTOR_WORDS) {
    const ins = INSTRUCTIONS[code[k]]
    const args = [0, 1, 2].map((a) => (a < ins.arity ? element(code[k + 3 + 2 * a], code[k + 4 + 2 * a]) : ''))
    out.push(`for (let i = 0; i < ${code[k + 1]}; i++) ${REG}[${code[k + 2]} + i] = ${ins.js(args[0], args[1], args[2])}`)
  }
  return out
}

/** What a value sweep runs: the first scalar program, then each step. */
export function valueStatements(s: Schedule): string[] {
  const out = scalarStatements(s.value)
  for (const step of s.arrays!.valueSteps) {
    if (step.kind === 'scalar') out.push(...scalarStatements(step.program))
    else if (step.kind === 'vector') out.push(...vectorStatements(step.code))
    else if (step.js) out.push(step.js(step.io, REG))
    else throw new Error('an Array palette rule without js cannot be exported')
  }
  return out
}

/** The partials: the scalar program, then the array instructions. */
export function partialStatements(s: Schedule): string[] {
  return [...scalarStatements(s.partial), ...s.arrays!.partialSteps.flatMap(vectorStatements)]
}

/**
 * Statements as functions of at most CHUNK statements each (V8 stops optimising long functions; see
 * render.ts), and one function `name` that calls them in order.
 */
export function chunkedFunction(name: string, statements: string[], typed: boolean): string[] {
  const v = typed ? ': void' : ''
  const indent = (text: string) => text.split('\n').map((l) => `  ${l}`).join('\n')
  if (statements.length <= CHUNK) return [`function ${name}()${v} {`, `  const ${REG} = R`, ...statements.map(indent), '}']
  const out: string[] = []
  const calls: string[] = []
  for (let c = 0; c * CHUNK < statements.length; c++) {
    out.push(`function ${name}_${c}()${v} {`, `  const ${REG} = R`, ...statements.slice(c * CHUNK, (c + 1) * CHUNK).map(indent), '}')
    calls.push(`  ${name}_${c}()`)
  }
  return [...out, `function ${name}()${v} {`, ...calls, '}']
}
