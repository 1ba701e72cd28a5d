import { type Diagram, emptyDiagram, evaluatePrimitive, formulaToDiagram, findPrimitive, TERMINAL_PORT } from '../../core'
import { mulberry32 } from '../support/random-diagrams'

// The benchmark workloads of the export issue, each with a hand-written primal (the code a person would write
// for the same function, with no derivatives) to measure against.

/** W1: extended Rosenbrock, Σ 100(x_{i+1} − x_i²)² + (1 − x_i)². */
export function rosenbrock(n: number): { diagram: Diagram; x: number[]; primal: (x: Float64Array) => number } {
  const terms = Array.from({ length: n - 1 }, (_, i) => `100*(x${i + 2} - x${i + 1}^2)^2 + (1 - x${i + 1})^2`) // ^2: Square blocks
  const diagram = formulaToDiagram(terms.join(' + '))
  const x = Array.from({ length: n }, (_, i) => 0.5 + 0.01 * (i % 17))
  return { diagram, x, primal: rosenbrockPrimal }
}

/** W1's value as a person would write it: one loop. */
export function rosenbrockPrimal(v: Float64Array): number {
  let s = 0
  for (let i = 0; i < v.length - 1; i++) {
    const a = v[i + 1] - v[i] * v[i]
    const b = 1 - v[i]
    s += 100 * a * a + b * b
  }
  return s
}

const W2_OPS = ['add', 'sub', 'mul', 'div', 'sin', 'cos', 'exp', 'log', 'sqrt', 'tanh'] as const

/**
 * W2: a seeded random diagram of `blocks` blocks over `inputs` inputs mixing + − × ÷ sin cos exp log sqrt tanh,
 * one output. Each block reads recent values; an operation that would leave the range where everything is
 * finite and of moderate size at the benchmark point is drawn again. Blocks nobody reads are summed into the
 * output, so every block counts.
 */
export function randomDiagram(blocks: number, inputs: number, seed = 7): { diagram: Diagram; x: number[] } {
  const rnd = mulberry32(seed)
  const d = emptyDiagram('W2')
  const x = Array.from({ length: inputs }, () => 0.2 + rnd())
  const nodes: { end: { node: string; port: string }; value: number; readers: number }[] = []
  for (let i = 0; i < inputs; i++) {
    d.inputs.push({ id: `i${i + 1}`, name: `x${i + 1}`, value: x[i] })
    nodes.push({ end: { node: `i${i + 1}`, port: TERMINAL_PORT }, value: x[i], readers: 0 })
  }
  let wires = 0
  let open = 0 // blocks nobody reads yet
  const add = (primitive: string, args: number[]) => {
    const id = `b${d.blocks.length + 1}`
    d.blocks.push({ id, primitive, params: {} })
    const p = findPrimitive(primitive)!
    args.forEach((a, k) => {
      d.wires.push({ id: `w${++wires}`, from: nodes[a].end, to: { node: id, port: p.inputs[k].id } })
      if (a >= inputs && nodes[a].readers === 0) open--
      nodes[a].readers++
    })
    open++
    nodes.push({ end: { node: id, port: 'r' }, value: evaluatePrimitive(primitive, args.map((a) => nodes[a].value)), readers: 0 })
    return nodes.length - 1
  }
  // One argument in five is an input, so that every input matters; the rest are recent values.
  const pick = () => (rnd() < 0.2 ? Math.floor(rnd() * inputs) : Math.max(0, nodes.length - 1 - Math.floor(rnd() * Math.min(nodes.length, 40))))
  // Random blocks until those plus the adds that sum the unread ones make the count.
  while (d.blocks.length + Math.max(0, open - 1) < blocks) {
    for (let attempt = 0; ; attempt++) {
      const op = attempt < 8 ? W2_OPS[Math.floor(rnd() * W2_OPS.length)] : 'tanh'
      const args = findPrimitive(op)!.inputs.map(pick)
      const v = evaluatePrimitive(op, args.map((a) => nodes[a].value))
      if (Number.isFinite(v) && Math.abs(v) < 1e3 && Math.abs(v) > 1e-6) {
        add(op, args)
        break
      }
    }
  }
  let acc = -1
  for (let i = inputs; i < nodes.length; i++) {
    if (nodes[i].readers > 0 || i === acc) continue
    acc = acc < 0 ? i : add('add', [acc, i])
  }
  d.outputs.push({ id: 'o1', name: 'f' })
  d.wires.push({ id: `w${++wires}`, from: nodes[acc].end, to: { node: 'o1', port: TERMINAL_PORT } })
  return { diagram: d, x }
}

/** W3: f(x1, x2) = x1·x2 + log(x1²). */
export const W3_FORMULA = 'x1*x2 + log(x1^2)'

/** W3 by hand, taking and returning what the exported module does. */
export function w3Primal(p: { x1: number; x2: number }): number {
  return p.x1 * p.x2 + Math.log(p.x1 * p.x1)
}

export function w3Gradient(p: { x1: number; x2: number }): { value: number; gradient: { x1: number; x2: number } } {
  const { x1, x2 } = p
  return { value: x1 * x2 + Math.log(x1 * x1), gradient: { x1: x2 + 2 / x1, x2: x1 } }
}

const JS: Record<string, (a: string, b: string) => string> = {
  add: (a, b) => `${a} + ${b}`, sub: (a, b) => `${a} - ${b}`, mul: (a, b) => `${a} * ${b}`, div: (a, b) => `${a} / ${b}`,
  sin: (a) => `Math.sin(${a})`, cos: (a) => `Math.cos(${a})`, exp: (a) => `Math.exp(${a})`, log: (a) => `Math.log(${a})`,
  sqrt: (a) => `Math.sqrt(${a})`, tanh: (a) => `Math.tanh(${a})`,
}

/**
 * The straight-line primal a person would write for a random diagram, as an ES module: one `const` per block,
 * split into functions of 300 lines that pass values through one array (one long function is never optimised).
 */
export function straightLinePrimal(d: Diagram): string {
  const index = new Map<string, number>()
  d.inputs.forEach((t, i) => index.set(t.id, i))
  d.blocks.forEach((b, i) => index.set(b.id, d.inputs.length + i))
  const into = new Map(d.wires.map((w) => [`${w.to.node}.${w.to.port}`, w.from.node]))
  const chunks: string[] = []
  const size = 300
  for (let c = 0; c * size < d.blocks.length; c++) {
    const lines: string[] = []
    const local = new Set<number>()
    const ref = (id: string) => {
      const k = index.get(id)!
      return local.has(k) ? `v${k}` : `V[${k}]`
    }
    const mine = d.blocks.slice(c * size, (c + 1) * size)
    for (const b of mine) {
      const p = findPrimitive(b.primitive)!
      const args = p.inputs.map((i) => ref(into.get(`${b.id}.${i.id}`)!))
      const k = index.get(b.id)!
      lines.push(`  const v${k} = ${JS[b.primitive](args[0], args[1])}`)
      lines.push(`  V[${k}] = v${k}`)
      local.add(k)
    }
    chunks.push(`function c${c}(V) {\n${lines.join('\n')}\n}`)
  }
  const out = index.get(into.get(`${d.outputs[0].id}.${TERMINAL_PORT}`)!)!
  return `${chunks.join('\n')}
const V = new Float64Array(${d.inputs.length + d.blocks.length})
export function primal(x) {
  for (let i = 0; i < ${d.inputs.length}; i++) V[i] = x[i]
${chunks.map((_, c) => `  c${c}(V)`).join('\n')}
  return V[${out}]
}
`
}

/**
 * The editor's case for parameters: `blocks` blocks of which `constants` are numeric constants, over 100
 * inputs. Each constant scales the sine of an input (constant, sin, mul) and the products are summed.
 */
export function constantsDiagram(blocks: number, constants: number): { diagram: Diagram; x: number[] } {
  const d = emptyDiagram('constants')
  const inputs = 100
  const x = Array.from({ length: inputs }, (_, i) => 0.1 + 0.01 * i)
  x.forEach((v, i) => d.inputs.push({ id: `i${i + 1}`, name: `x${i + 1}`, value: v }))
  let wires = 0
  const wire = (from: string, to: string, port: string) => d.wires.push({ id: `w${++wires}`, from: { node: from, port: from.startsWith('i') ? TERMINAL_PORT : 'r' }, to: { node: to, port } })
  const block = (primitive: string, params: Record<string, number> = {}) => {
    const id = `b${d.blocks.length + 1}`
    d.blocks.push({ id, primitive, params })
    return id
  }
  const terms: string[] = []
  for (let k = 0; k < constants; k++) {
    const c = block('constant', { value: 1 + k / constants })
    const s = block('sin')
    wire(`i${(k % inputs) + 1}`, s, 'x')
    const m = block('mul')
    wire(c, m, 'x')
    wire(s, m, 'y')
    terms.push(m)
  }
  // Cosines of the inputs fill the count, and everything is summed.
  for (let k = 0; d.blocks.length + terms.length < blocks; k++) {
    const c = block('cos')
    wire(`i${(k % inputs) + 1}`, c, 'x')
    terms.push(c)
  }
  let acc = terms[0]
  for (const t of terms.slice(1)) {
    const a = block('add')
    wire(acc, a, 'x')
    wire(t, a, 'y')
    acc = a
  }
  if (d.blocks.length < blocks) {
    const n = block('neg')
    wire(acc, n, 'x')
    acc = n
  }
  d.outputs.push({ id: 'o1', name: 'f' })
  wire(acc, 'o1', TERMINAL_PORT)
  return { diagram: d, x }
}
