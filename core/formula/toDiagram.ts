import { clip } from '../clip'
import { type Expr, placeText, postorder, SQUARE, type Statement } from '../expr/ast'
import { FormulaError } from '../expr/lexer'
import { parseFormula } from '../expr/parser'
import { type Block, type Diagram, type End, emptyDiagram, TERMINAL_PORT, type Value, type Wire } from '../diagram/model'
import { compareIds } from '../diagram/save'
import { findPrimitive, isPaletteId } from '../primitives/table'
import type { PortType } from '../primitives/types'
import { FORMULA_CONSTANTS, isReserved, KEYWORD, suggestFunction } from './names'
import { subsetParams } from './slices'

// A formula becomes a diagram: every call a block, every number a constant block, every other name an input
// terminal, every `name = ...` an output terminal. A subexpression written twice becomes one block whose
// output feeds several wires. Blocks are laid out left to right by depth.

const GRID_X = 200
const GRID_Y = 130

interface Source {
  end: End
  type: PortType
  depth: number
}

export interface FormulaOptions {
  title?: string
  /** Values for the inputs; an input left out starts at 0. */
  values?: Record<string, Value>
}

export function formulaToDiagram(text: string, options: FormulaOptions = {}): Diagram {
  const statements = parseFormula(text)
  const d = emptyDiagram(options.title ?? 'Formula')
  const defined = new Map<string, { statement: Statement; source?: Source }>()
  const multiline = statements.some((s) => s.nameAt.line > 1)
  for (const s of statements) {
    const earlier = defined.get(s.name)
    if (earlier) {
      const first = placeText(earlier.statement.nameAt, multiline)
      if (s.kind === 'bare' && earlier.statement.kind === 'bare') {
        throw new FormulaError('a second unnamed expression', s.nameAt, `; name each output, as in f = ...; g = ...`)
      }
      if (s.kind === 'bare') throw new FormulaError(`an unnamed expression is the output 'f', which is already defined at ${first}`, s.nameAt)
      throw new FormulaError(`'${clip(s.name)}' is defined twice (first at ${first})`, s.nameAt)
    }
    if (!s.quoted && s.name === KEYWORD) throw new FormulaError(`'${KEYWORD}' is a keyword and cannot be a name`, s.nameAt)
    if (!s.quoted && isReserved(s.name)) throw new FormulaError(`'${s.name}' is a function or constant and cannot be a name`, s.nameAt, `; write \`${s.name}\` to use it as a name`)
    defined.set(s.name, { statement: s })
  }
  if (!statements.some((s) => s.kind !== 'local')) throw new FormulaError('the formula defines no output', statements[0].nameAt, '; write f = ... or a bare expression')

  const inputs = new Map<string, Source>()
  const shared = new Map<string, Source>() // one block per distinct subexpression
  const ids = { block: 0, wire: 0, input: 0, output: 0 }
  const wire = (from: End, to: End) => d.wires.push({ id: `w${++ids.wire}`, from, to } satisfies Wire)

  const addBlock = (primitive: string, args: Source[], params: Record<string, number> = {}, value?: number[]): Source => {
    const numbers = [...Object.entries(params), ...(value ?? []).map((v, i) => [`[${i}]`, v] as const)].map(([k, v]) => `${k}=${Object.is(v, -0) ? '-0' : String(v)}`).join(',')
    const key = `${primitive}(${args.map((a) => `${a.end.node}.${a.end.port}`).join(',')})${numbers}`
    const seen = shared.get(key)
    if (seen) return seen
    const p = findPrimitive(primitive)!
    const block: Block = value ? { id: `b${++ids.block}`, primitive, params, value } : { id: `b${++ids.block}`, primitive, params }
    d.blocks.push(block)
    args.forEach((a, i) => wire(a.end, { node: block.id, port: p.inputs[i].id }))
    const source = { end: { node: block.id, port: p.outputs[0].id }, type: p.outputs[0].type, depth: 1 + Math.max(0, ...args.map((a) => a.depth)) }
    shared.set(key, source)
    return source
  }

  // Inputs are the names nobody defines, in natural order (x2 before x10), whatever order they appear in.
  const inputNames = new Set<string>()
  for (const s of statements) {
    for (const e of postorder(s.expr)) {
      if (e.kind === 'name' && !defined.has(e.name) && (e.quoted || !isReserved(e.name))) inputNames.add(e.name)
    }
  }
  for (const name of [...inputNames].sort(compareIds)) {
    const id = `i${++ids.input}`
    const given = options.values && Object.hasOwn(options.values, name) ? options.values[name] : 0
    d.inputs.push({ id, name, value: given })
    inputs.set(name, { end: { node: id, port: TERMINAL_PORT }, type: 'number', depth: 0 })
  }
  const input = (name: string): Source => inputs.get(name)!

  const resolve = (e: Extract<Expr, { kind: 'name' }>): Source => {
    if (!e.quoted && FORMULA_CONSTANTS.has(e.name)) return addBlock(e.name, [])
    if (!e.quoted && e.name === KEYWORD) throw new FormulaError(`'${KEYWORD}' is a keyword`, e.at, `; write let t = ... at the start of a statement`)
    if (!e.quoted && isPaletteId(e.name)) throw new FormulaError(`'${e.name}' is a function; call it as ${e.name}(...)`, e.at)
    const def = defined.get(e.name)
    if (def) {
      if (!def.source) throw new FormulaError(`'${clip(e.name)}' is used before it is defined`, e.at)
      return def.source
    }
    return input(e.name)
  }

  const call = (e: Extract<Expr, { kind: 'call' }>, args: Source[]): Source => {
    const p = isPaletteId(e.fn) ? findPrimitive(e.fn) : undefined
    if (!p) {
      const hint = suggestFunction(e.fn)
      throw new FormulaError(`unknown function '${clip(e.fn)}'`, e.at, hint ? `; did you mean '${hint}'?` : '')
    }
    if (p.outputs.length > 1) {
      const parts = p.outputs.map((o) => `${o.id}(...)`).join(' and ')
      throw new FormulaError(`'${p.id}' has ${p.outputs.length} outputs; call ${parts} instead`, e.at)
    }
    if (p.holds) {
      const bad = e.args.find((a) => a.kind !== 'num')
      if (bad) throw new FormulaError(`the elements of an Array Constant are numbers written out`, bad.at, `; write [a, b, c] to build an array of computed values`)
      return addBlock(p.id, [], {}, e.args.map((a) => (a as Extract<Expr, { kind: 'num' }>).value))
    }
    if (p.inputs.length === 0 && p.params.length > 0) throw new FormulaError(`'${p.id}' is written as a number`, e.at)
    if (p.inputs.length === 0) throw new FormulaError(`'${p.id}' is a constant`, e.at, `; write ${p.id} without parentheses`)
    const arity = e.slice ? p.inputs.length : p.inputs.length + p.params.length
    if (e.args.length !== arity) {
      const ports = [...p.inputs, ...p.params].map((i) => i.id).join(', ')
      throw new FormulaError(`'${p.id}' takes ${arity} argument${arity === 1 ? '' : 's'} (${ports}) but is given ${e.args.length}`, e.at)
    }
    // A parameter decides the length of a result, which must be known before the diagram runs: a number
    // written out, never a value computed from the inputs.
    const params: Record<string, number> = e.slice ? subsetParams(e.slice, e.at) : {}
    if (!e.slice) {
      p.params.forEach((q, k) => {
        const arg = e.args[p.inputs.length + k]
        if (arg.kind !== 'num') throw new FormulaError(`the '${q.id}' argument of '${p.id}' must be a number written out, not computed`, arg.at, `; it fixes a length before the diagram runs`)
        params[q.id] = arg.value
      })
    }
    args.forEach((a, i) => {
      const want = p.inputs[i].type
      if (a.type !== want) {
        const what = e.infix ? `'${e.infix}'` : `'${p.id}'`
        const message = want === 'boolean'
          ? `the ${ordinal(i)} argument of ${what} must be a comparison such as x > 0`
          : `a comparison is true or false, not a number; it can only choose the branch of select (${ordinal(i)} argument of ${what})`
        throw new FormulaError(message, e.args[i].at)
      }
    })
    return addBlock(p.id, args.slice(0, p.inputs.length), params)
  }

  for (const s of statements) {
    for (const e of postorder(s.expr)) {
      const [, exponent] = e.kind === 'call' && e.infix === '^' ? e.args : []
      if (e.kind === 'call' && exponent?.kind === 'num' && exponent.value === SQUARE.exponent) {
        e.fn = SQUARE.primitive
        e.args = [e.args[0]]
      }
    }
    // The numbers that are parameters of the call they sit in (init(v, 3)'s 3) become no constant block.
    const literal = new Set<Expr>()
    for (const e of postorder(s.expr)) {
      const p = e.kind === 'call' && !e.slice && isPaletteId(e.fn) ? findPrimitive(e.fn) : undefined
      if (e.kind !== 'call' || !p || (p.inputs.length === 0 && !p.holds)) continue
      for (const arg of e.args.slice(p.inputs.length)) if (arg.kind === 'num') literal.add(arg)
    }
    const made = new Map<Expr, Source>()
    for (const e of postorder(s.expr)) {
      if (literal.has(e)) continue
      if (e.kind === 'num') {
        if (!Number.isFinite(e.value)) throw new FormulaError(`the number is too large for a double`, e.at)
        made.set(e, addBlock('constant', [], { value: e.value }))
      } else if (e.kind === 'name') {
        made.set(e, resolve(e))
      } else {
        made.set(e, call(e, e.args.map((a) => made.get(a)!).filter((a) => a !== undefined)))
      }
    }
    const source = made.get(s.expr)!
    if (s.kind !== 'local' && source.type !== 'number') {
      throw new FormulaError(`output '${clip(s.name)}' is a comparison (true or false); outputs are numbers: use select(...)`, s.expr.at)
    }
    defined.get(s.name)!.source = source
    if (s.kind !== 'local') {
      const id = `o${++ids.output}`
      d.outputs.push({ id, name: s.name })
      wire(source.end, { node: id, port: TERMINAL_PORT })
    }
  }
  layOut(d, inputs, shared)
  return d
}

function ordinal(i: number): string {
  return ['first', 'second', 'third'][i] ?? `${i + 1}th`
}

function layOut(d: Diagram, inputs: Map<string, Source>, blocks: Map<string, Source>): void {
  const perColumn = new Map<number, number>()
  const place = (id: string, depth: number) => {
    const row = perColumn.get(depth) ?? 0
    perColumn.set(depth, row + 1)
    d.layout.positions[id] = { x: depth * GRID_X, y: row * GRID_Y }
  }
  for (const s of inputs.values()) place(s.end.node, 0)
  let deepest = 0
  for (const s of blocks.values()) {
    place(s.end.node, s.depth)
    deepest = Math.max(deepest, s.depth)
  }
  for (const t of d.outputs) place(t.id, deepest + 1)
}
