import { type Expr, postorder } from '../expr/ast'
import { parseExpressionText } from '../expr/parser'
import { Op, OP_BY_NAME, INSTRUCTIONS } from '../kernel/machine'
import { arrays } from './array'
import { comparison } from './comparison'
import { constants } from './constants'
import { exponential } from './exponential'
import { hyperbolic } from './hyperbolic'
import { internal } from './internal'
import { numeric } from './numeric'
import { trigonometric } from './trigonometric'
import { NATIVE, type Category, type PortType, type Primitive } from './types'

// The assembled table: every row parsed and checked once, when the module loads.

export const PRIMITIVES: readonly Primitive[] = [...numeric, ...trigonometric, ...hyperbolic, ...exponential, ...comparison, ...arrays, ...constants, ...internal]

export const CATEGORIES: readonly Category[] = ['numeric', 'trigonometric', 'hyperbolic', 'exponential', 'comparison', 'array', 'constants']

/** The blocks a user can place (and the functions a formula can call): every row but the internal ones. */
export const PALETTE: readonly Primitive[] = PRIMITIVES.filter((p) => p.category !== 'internal')

/** The palette's rows of the kernel language: each works on numbers, and element by element on arrays. */
export const ELEMENTWISE: readonly Primitive[] = PALETTE.filter((p) => !p.array && !p.holds)

/** Names the kernel language reads as numbers rather than as ports. */
export const KERNEL_CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E, nan: NaN, inf: Infinity }

/** The name a row's partials, domain and kinks use for its own output. */
export const OUTPUT_NAME = 'r'

const byId = new Map(PRIMITIVES.map((p) => [p.id, p]))
const paletteIds = new Set(PALETTE.map((p) => p.id))

export function findPrimitive(id: string): Primitive | undefined {
  return byId.get(id)
}

export function isPaletteId(id: string): boolean {
  return paletteIds.has(id)
}

export interface KernelOutput {
  id: string
  type: PortType
  /** The instruction computing this output, when the row says `native`. */
  native?: Op
  /** Otherwise the expression. */
  value?: Expr
  /** By input index; undefined where the partial is zero (or the input is Boolean). */
  partials: (Expr | undefined)[]
}

export interface KernelCondition {
  when: Expr
  message: string
}

export interface DomainCondition extends KernelCondition {
  breaks: 'value' | 'derivative'
}

/** A row in the form the compiler and the sweeps read. */
export interface Kernel {
  primitive: Primitive
  inputs: string[]
  params: string[]
  outputs: KernelOutput[]
  domain: DomainCondition[]
  kinks: KernelCondition[]
}

const kernels = new Map<string, Kernel>()

export function kernelOf(id: string): Kernel {
  const k = kernels.get(id)
  if (!k) throw new Error(`no primitive '${id}'`)
  return k
}

function isZero(e: Expr): boolean {
  return e.kind === 'num' && e.value === 0
}

function build(p: Primitive, problems: string[]): Kernel {
  const inputs = p.inputs.map((i) => i.id)
  const params = p.params.map((q) => q.id)
  // An Array palette row is its rule, and an Array Constant its elements: nothing to parse.
  if (p.array || p.holds) return { primitive: p, inputs, params, outputs: p.outputs.map((o) => ({ id: o.id, type: o.type, partials: [] })), domain: [], kinks: [] }
  const check = (text: string, what: string, withOutput: boolean): Expr => {
    let e: Expr
    try {
      e = parseExpressionText(text)
    } catch (err) {
      problems.push(`${p.id} ${what}: ${(err as Error).message}`)
      return { kind: 'num', value: NaN, at: { line: 1, column: 1 } }
    }
    for (const node of postorder(e)) {
      if (node.kind === 'name') {
        const known = inputs.includes(node.name) || params.includes(node.name) || node.name in KERNEL_CONSTANTS || (withOutput && node.name === OUTPUT_NAME)
        if (!known) problems.push(`${p.id} ${what}: unknown name '${node.name}'`)
      } else if (node.kind === 'call') {
        const callee = byId.get(node.fn)
        if (!callee) problems.push(`${p.id} ${what}: unknown primitive '${node.fn}'`)
        else if (callee.outputs.length !== 1) problems.push(`${p.id} ${what}: '${node.fn}' has several outputs and cannot be called`)
        else if (callee.inputs.length !== node.args.length) problems.push(`${p.id} ${what}: '${node.fn}' takes ${callee.inputs.length} arguments`)
      }
    }
    return e
  }
  const outputs = p.outputs.map((o): KernelOutput => {
    let native: Op | undefined
    let value: Expr | undefined
    if (o.value === NATIVE || o.value.startsWith(`${NATIVE}:`)) {
      const name = o.value === NATIVE ? p.id : o.value.slice(NATIVE.length + 1)
      native = OP_BY_NAME.get(name)
      if (native === undefined) problems.push(`${p.id}: no instruction '${name}'`)
      else if (INSTRUCTIONS[native].arity !== inputs.length) problems.push(`${p.id}: instruction '${name}' takes ${INSTRUCTIONS[native].arity} arguments`)
    } else {
      value = check(o.value, `value of ${o.id}`, false)
      if (value.kind === 'name' && !(value.name in KERNEL_CONSTANTS) && !params.includes(value.name)) {
        problems.push(`${p.id}: a value must compute something, not rename an input`)
      }
    }
    for (const input of Object.keys(o.partials)) {
      if (!inputs.includes(input)) problems.push(`${p.id}: partial for unknown input '${input}'`)
    }
    const partials = p.inputs.map((input) => {
      const text = o.partials[input.id]
      if (input.type === 'boolean' || o.type === 'boolean') return undefined
      if (text === undefined) {
        problems.push(`${p.id}: output ${o.id} has no partial for input ${input.id} (write '0' if it is zero)`)
        return undefined
      }
      const e = check(text, `∂${o.id}/∂${input.id}`, true)
      return isZero(e) ? undefined : e
    })
    return { id: o.id, type: o.type, native, value, partials }
  })
  const withOutput = p.outputs.length === 1
  return {
    primitive: p,
    inputs,
    params,
    outputs,
    domain: p.domain.map((c) => ({ when: check(c.when, 'domain', withOutput), message: c.message, breaks: c.breaks ?? 'value' })),
    kinks: p.kinks.map((c) => ({ when: check(c.when, 'kink', withOutput), message: c.message })),
  }
}

/** A value that calls itself, directly or through other rows, would never finish compiling. */
function selfCalls(problems: string[]): void {
  const state = new Map<string, 'open' | 'done'>()
  const visit = (id: string, path: string[]) => {
    if (state.get(id) === 'done') return
    if (state.get(id) === 'open') {
      problems.push(`values call each other in a loop: ${[...path, id].join(' → ')}`)
      return
    }
    state.set(id, 'open')
    for (const out of kernels.get(id)?.outputs ?? []) {
      if (!out.value) continue
      for (const node of postorder(out.value)) if (node.kind === 'call') visit(node.fn, [...path, id])
    }
    state.set(id, 'done')
  }
  for (const p of PRIMITIVES) visit(p.id, [])
}

{
  const problems: string[] = []
  if (byId.size !== PRIMITIVES.length) problems.push('two rows share an id')
  for (const p of PRIMITIVES) kernels.set(p.id, build(p, problems))
  selfCalls(problems)
  if (problems.length > 0) throw new Error(`the primitive table is inconsistent:\n${problems.join('\n')}`)
}
