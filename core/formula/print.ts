import { INFIX, type InfixOperator, PRECEDENCE, PREFIX_MINUS, SINGLETON, SQUARE } from '../expr/ast'
import { wiringProblems } from '../diagram/check'
import { type Diagram, problemsText, TERMINAL_PORT } from '../diagram/model'
import { findPrimitive } from '../primitives/table'
import { isPlainName } from './names'
import { sliceText } from './slices'

// Prints a diagram as formulas that parse back to the same function: one `name = ...` line per output, in
// order. A block output read in more than one place gets a `let` line of its own, so shared work stays
// shared and the text stays linear in the size of the diagram. Blocks with two outputs print as the two
// one-output functions they combine (sincos.cos as cos(x)).

const OPERATOR_OF = new Map<string, InfixOperator>(Object.entries(INFIX).map(([op, id]) => [id, op as InfixOperator]))

interface Printed {
  text: string
  /** Binding strength of the outermost operator; Infinity for atoms and calls. */
  strength: number
  /** A Build Array printed as a literal: its elements, so that the Build Array reading it extends the list. */
  items?: string[]
}

export function printName(name: string): string {
  return isPlainName(name) ? name : `\`${name}\``
}

function printNumber(v: number): Printed {
  const text = String(v)
  return Object.is(v, -0) || v < 0 ? { text: `-${String(-v)}`, strength: PRECEDENCE.neg } : { text, strength: Infinity }
}

function wrap(p: Printed, min: number): string {
  return p.strength < min ? `(${p.text})` : p.text
}

export function diagramToFormula(d: Diagram): string {
  const broken = wiringProblems(d)
  if (broken.length > 0) {
    throw new Error(`a broken diagram has no formula: ${problemsText(broken, 3)}`)
  }
  const blocks = new Map(d.blocks.map((b) => [b.id, b]))
  const inputs = new Map(d.inputs.map((t) => [t.id, t]))
  const feeding = new Map(d.wires.map((w) => [`${w.to.node}.${w.to.port}`, w.from]))
  const readers = new Map<string, number>()
  for (const w of d.wires) readers.set(`${w.from.node}.${w.from.port}`, (readers.get(`${w.from.node}.${w.from.port}`) ?? 0) + 1)

  const taken = new Set([...d.inputs, ...d.outputs].map((t) => t.name))
  let counter = 0
  const freshName = () => {
    let name: string
    do name = `t${++counter}`
    while (taken.has(name))
    taken.add(name)
    return name
  }

  const lines: string[] = []
  const done = new Map<string, Printed>() // "node.port" → its text (a name once bound)

  // Depth-first without recursion: a chain of 100,000 blocks must not overflow the stack.
  const print = (key: string): Printed => {
    const stack = [key]
    while (stack.length > 0) {
      const top = stack[stack.length - 1]
      if (done.has(top)) {
        stack.pop()
        continue
      }
      const [node, port] = top.split('.')
      const input = inputs.get(node)
      if (input) {
        done.set(top, { text: printName(input.name), strength: Infinity })
        stack.pop()
        continue
      }
      const block = blocks.get(node)!
      const p = findPrimitive(block.primitive)!
      if (p.array && p.outputs.length > 1) throw new Error(`${p.labview} (block ${block.id}) has no formula yet`)
      const args = p.inputs.map((i) => feeding.get(`${node}.${i.id}`)!).map((e) => `${e.node}.${e.port}`)
      const missing = args.filter((a) => !done.has(a))
      if (missing.length > 0) {
        stack.push(...missing)
        continue
      }
      stack.pop()
      let printed = printBlock(block.primitive, port, args.map((a) => done.get(a)!), block.params, block.value)
      // Atoms (numbers, pi) read twice are just written twice; anything computed gets a name.
      if ((readers.get(top) ?? 0) > 1 && p.inputs.length > 0) {
        const name = freshName()
        lines.push(`let ${name} = ${printed.text}`)
        printed = { text: name, strength: Infinity }
      }
      done.set(top, printed)
    }
    return done.get(key)!
  }

  for (const out of d.outputs) {
    const from = feeding.get(`${out.id}.value`)!
    const printed = print(`${from.node}.${from.port}`)
    lines.push(`${printName(out.name)} = ${printed.text}`)
    // Later outputs that read the same value say so by name.
    done.set(`${from.node}.${from.port}`, { text: printName(out.name), strength: Infinity })
  }
  // What no output reads is still part of the function: a block nothing reads (a let never used) still
  // reads its inputs, and an input nothing reads is still an argument. Each gets a let line of its own.
  for (const b of d.blocks) {
    for (const o of findPrimitive(b.primitive)!.outputs) {
      const key = `${b.id}.${o.id}`
      if (done.has(key) || readers.has(key)) continue
      const text = print(key).text
      lines.push(`let ${freshName()} = ${text}`)
    }
  }
  for (const t of d.inputs) if (!done.has(`${t.id}.${TERMINAL_PORT}`)) lines.push(`let ${freshName()} = ${printName(t.name)}`)
  return lines.join('\n')
}

function printBlock(primitive: string, port: string, args: Printed[], params: Record<string, number>, value?: number[]): Printed {
  const p = findPrimitive(primitive)!
  if (p.holds) return { text: value!.length > 0 ? `[${value!.map((v) => printNumber(v).text).join(', ')}]` : 'init(0, 0)', strength: Infinity }
  if (p.inputs.length === 0 && p.params.length > 0) return printNumber(params.value)
  if (p.inputs.length === 0) return { text: primitive, strength: Infinity }
  if (p.array) return printArrayBlock(primitive, args, p.params.map((q) => params[q.id] ?? q.default))
  // A part of a two-output block prints as the one-output row it came from.
  const fn = p.outputs.length > 1 ? port : primitive
  const op = OPERATOR_OF.get(fn)
  if (op) {
    const s = PRECEDENCE[op]
    const right = op === '^'
    const [a, b] = args
    const gap = right ? '' : ' ' // x^2, but a + b
    return { text: `${wrap(a, right ? s + 1 : s)}${gap}${op}${gap}${wrap(b, right ? s : s + 1)}`, strength: s }
  }
  if (fn === SQUARE.primitive) return { text: `${wrap(args[0], PRECEDENCE['^'] + 1)}^${SQUARE.exponent}`, strength: PRECEDENCE['^'] }
  if (fn === PREFIX_MINUS) return { text: `-${wrap(args[0], PRECEDENCE.neg + 1)}`, strength: PRECEDENCE.neg }
  return { text: `${fn}(${args.map((a) => a.text).join(', ')})`, strength: Infinity }
}

/** Array palette rows: brackets where they read back as the same block, else a call with its parameters last. */
function printArrayBlock(primitive: string, args: Printed[], params: number[]): Printed {
  const atom = (a: Printed) => wrap(a, Infinity)
  if (primitive === 'index') return { text: `${atom(args[0])}[${args[1].text}]`, strength: Infinity }
  if (primitive === 'subset') {
    const slice = sliceText(params[0], params[1])
    if (slice !== undefined) return { text: `${atom(args[0])}${slice}`, strength: Infinity }
  }
  if (primitive === 'build') {
    const items = [...(args[0].items ?? [args[0].text]), args[1].text]
    return { text: `[${items.join(', ')}]`, strength: Infinity, items }
  }
  if (primitive === SINGLETON.primitive && params[0] === SINGLETON.length) return { text: `[${args[0].text}]`, strength: Infinity }
  return { text: `${primitive}(${[...args.map((a) => a.text), ...params.map((v) => printNumber(v).text)].join(', ')})`, strength: Infinity }
}
