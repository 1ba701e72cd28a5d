import { type Diagram, evaluatePrimitive, findPrimitive, ELEMENTWISE } from '../../core'

// A seeded generator of random diagrams whose values are all finite at the point it chooses (the point is
// returned with the diagram). Shared by test/core/sweeps.test.ts and test/export/export.test.ts; its PRNG
// also seeds the benchmark's workloads.

/** A small seeded PRNG, so that every run builds the same diagrams. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A wire source and its value at the generation point (the generator's own plain-JS arithmetic). */
export interface Node {
  node: string
  port: string
  value: number
}

export const OPS = [
  'add', 'sub', 'mul', 'div', 'neg', 'square', 'sqrt', 'exp', 'log', 'sin', 'cos', 'tanh', 'atan', 'hypot', 'pow',
  'max', 'min', 'select', 'sincos', 'maxmin', 'constant',
] as const

export class Generator {
  readonly d: Diagram = { title: 'random', inputs: [], outputs: [], blocks: [], wires: [], layout: { positions: {}, ranges: {} } }
  readonly pool: Node[] = []
  readonly used = new Set<Node>()
  readonly usedOps = new Set<string>()
  private wires = 0

  constructor(readonly rng: () => number) {}

  input(value: number): Node {
    const id = `i${this.d.inputs.length + 1}`
    this.d.inputs.push({ id, name: `x${this.d.inputs.length + 1}`, value })
    const n = { node: id, port: 'value', value }
    this.pool.push(n)
    return n
  }

  private wire(from: { node: string; port: string }, node: string, port: string) {
    this.d.wires.push({ id: `w${++this.wires}`, from: { node: from.node, port: from.port }, to: { node, port } })
  }

  /** A block reading `args` on its ports; returns its outputs with the values given. */
  block(primitive: string, args: Array<{ node: string; port: string }>, ports: string[], outs: Array<[string, number]>, params: Record<string, number> = {}): Node[] {
    const id = `b${this.d.blocks.length + 1}`
    this.d.blocks.push({ id, primitive, params })
    args.forEach((a, i) => {
      this.wire(a, id, ports[i])
      this.used.add(a as Node)
    })
    this.usedOps.add(primitive)
    return outs.map(([port, value]) => ({ node: id, port, value }))
  }

  constant(value: number): Node {
    return this.block('constant', [], [], [['r', value]], { value })[0]
  }

  unary(p: string, a: Node, f: (x: number) => number): Node {
    return this.block(p, [a], ['x'], [['r', f(a.value)]])[0]
  }

  binary(p: string, a: Node, b: Node, f: (x: number, y: number) => number, ports = ['x', 'y']): Node {
    return this.block(p, [a, b], ports, [['r', f(a.value, b.value)]])[0]
  }

  /** Recent nodes are likelier, so diagrams grow deep as well as wide. */
  pick(): Node {
    const n = this.pool.length
    return this.pool[n - 1 - Math.floor(this.rng() ** 2 * n)]
  }

  /** Something clearly positive built from a: a itself, or a² + 1. */
  positive(a: Node): Node {
    if (a.value > 0.3) return a
    return this.binary('add', this.unary('square', a, (x) => x * x), this.constant(1), (x, y) => x + y)
  }

  /** Something in [−1, 1] or so built from a, for exponents. */
  bounded(a: Node): Node {
    return Math.abs(a.value) <= 2 ? a : this.unary('tanh', a, Math.tanh)
  }

  /** Two nodes whose values are well apart (so no kink or select boundary is near the point). */
  apart(): [Node, Node] | undefined {
    for (let tries = 0; tries < 6; tries++) {
      const a = this.pick()
      const b = this.pick()
      if (Math.abs(a.value - b.value) >= 0.1) return [a, b]
    }
    return undefined
  }

  /** Appends one operation's blocks; returns the new number nodes (none if it gave up). */
  step(op: (typeof OPS)[number]): Node[] {
    const a = this.pick()
    const b = this.pick()
    switch (op) {
      case 'add': return [this.binary('add', a, b, (x, y) => x + y)]
      case 'sub': return [this.binary('sub', a, b, (x, y) => x - y)]
      case 'mul': return Math.abs(a.value * b.value) <= 1e3 ? [this.binary('mul', a, b, (x, y) => x * y)] : []
      case 'div': return Math.abs(b.value) >= 0.3 && Math.abs(a.value / b.value) <= 1e3 ? [this.binary('div', a, b, (x, y) => x / y)] : []
      case 'neg': return [this.unary('neg', a, (x) => -x)]
      case 'square': return Math.abs(a.value) <= 30 ? [this.unary('square', a, (x) => x * x)] : []
      case 'sqrt': return [this.unary('sqrt', this.positive(a), Math.sqrt)]
      case 'exp': return [this.unary('exp', this.bounded(a), Math.exp)]
      case 'log': return [this.unary('log', this.positive(a), Math.log)]
      case 'sin': return [this.unary('sin', a, Math.sin)]
      case 'cos': return [this.unary('cos', a, Math.cos)]
      case 'tanh': return [this.unary('tanh', a, Math.tanh)]
      case 'atan': return [this.unary('atan', a, Math.atan)]
      case 'hypot': return Math.hypot(a.value, b.value) >= 0.3 ? [this.binary('hypot', a, b, Math.hypot)] : []
      case 'pow': {
        const base = this.positive(a)
        const exponent = this.bounded(b)
        const r = base.value ** exponent.value
        return Math.abs(r) <= 1e3 ? [this.binary('pow', base, exponent, (x, y) => x ** y)] : []
      }
      case 'max':
      case 'min': {
        const pair = this.apart()
        return pair ? [this.binary(op, pair[0], pair[1], op === 'max' ? Math.max : Math.min)] : []
      }
      case 'maxmin': {
        const pair = this.apart()
        if (!pair) return []
        const [x, y] = pair
        return this.block('maxmin', [x, y], ['x', 'y'], [['max', Math.max(x.value, y.value)], ['min', Math.min(x.value, y.value)]])
      }
      case 'sincos':
        return this.block('sincos', [a], ['x'], [['sin', Math.sin(a.value)], ['cos', Math.cos(a.value)]])
      case 'select': {
        // a comparison of a with a constant or another node, at least 0.1 from its boundary
        const kind = (['gt', 'ge', 'lt', 'le'] as const)[Math.floor(this.rng() * 4)]
        let other: Node
        if (this.rng() < 0.5) {
          const shift = (0.1 + this.rng()) * (this.rng() < 0.5 ? -1 : 1)
          other = this.constant(Math.round((a.value + shift) * 8) / 8)
        } else {
          other = this.pick()
        }
        if (Math.abs(a.value - other.value) < 0.1) return []
        const truth = { gt: a.value > other.value, ge: a.value >= other.value, lt: a.value < other.value, le: a.value <= other.value }[kind]
        const test = this.block(kind, [a, other], ['x', 'y'], [['r', truth ? 1 : 0]])[0]
        const t = this.pick()
        const f = this.pick()
        return [this.block('select', [test, t, f], ['s', 't', 'f'], [['r', truth ? t.value : f.value]])[0]]
      }
      case 'constant':
        return [this.constant(Math.round((this.rng() * 4 - 2) * 64) / 64)]
    }
  }
}

export interface Random {
  d: Diagram
  x: number[]
  ops: Set<string>
}

/**
 * A diagram of 2–6 inputs (or `inputs` of them) and about 5–60 blocks (or about `blocks` of them), with 1–3
 * outputs; all values finite.
 */
export function generate(seed: number, inputs?: number, blocks?: number): Random {
  const rng = mulberry32(seed)
  const g = new Generator(rng)
  const n = inputs ?? 2 + Math.floor(rng() * 5)
  const x = Array.from({ length: n }, () => Math.round((rng() * 4 - 2) * 1024) / 1024)
  x.forEach((v) => g.input(v))
  const drawn = 5 + Math.floor(rng() * 56) // drawn even when `blocks` is given, so the rest of the stream is the same
  const target = blocks ?? drawn
  while (g.d.blocks.length < target - 8) {
    const op = OPS[Math.floor(rng() * OPS.length)]
    for (const node of g.step(op)) {
      // keep values moderate: squash a large one through atan
      g.pool.push(Math.abs(node.value) <= 1e3 && Number.isFinite(node.value) ? node : g.unary('atan', node, Math.atan))
    }
  }
  // The first output sums the nodes nothing reads (so no block is dead), the others are random nodes.
  const sinks = g.pool.filter((node) => !g.used.has(node) && node.node.startsWith('b')).slice(-6)
  let total = sinks.length > 0 ? sinks[0] : g.pool[g.pool.length - 1]
  for (const s of sinks.slice(1)) total = g.binary('add', total, s, (p, q) => p + q)
  const outs = [total]
  const more = Math.floor(rng() * 3)
  for (let k = 0; k < more; k++) outs.push(g.pool[Math.floor(rng() * g.pool.length)])
  outs.forEach((o, k) => {
    g.d.outputs.push({ id: `o${k + 1}`, name: `f${k + 1}` })
    g.d.wires.push({ id: `wo${k + 1}`, from: { node: o.node, port: o.port }, to: { node: `o${k + 1}`, port: 'value' } })
  })
  return { d: g.d, x, ops: g.usedOps }
}

/** A random diagram with 5–60 blocks: the seed's, or the next derived seed's if it came out too small or big. */
export function randomDiagram(seed: number, inputs?: number): Random {
  for (let attempt = 0; ; attempt++) {
    const r = generate(seed + attempt * 1_000_003, inputs)
    if (r.d.blocks.length >= 5 && r.d.blocks.length <= 60) return r
  }
}

// ---------------------------------------------------------------------------------------------------
// Every primitive of the palette

/** Constants worth meeting: signed zeros, the smallest and largest doubles, the usual suspects. */
export const INTERESTING_CONSTANTS = [0, -0, 1, -1, 0.5, -0.5, 2, 3, 10, 0.1, 1e-300, -1e-300, 5e-324, 1e300, 1.7976931348623157e308, Math.PI] as const

/**
 * A diagram of `blocks` blocks drawn from the whole palette (two-output blocks, comparisons feeding select,
 * constants among them) over `inputs` inputs, with `outputs` outputs. A block whose value at the generation
 * point would not be finite or would exceed 1e6 in size is drawn again, so every wire is finite there (the
 * point is returned); near it, a domain may well be left. The first output sums the values nothing reads,
 * so no block is dead.
 */
export function paletteDiagram(seed: number, inputs: number, blocks: number, outputs: number): { d: Diagram; x: number[]; ops: Set<string> } {
  const rng = mulberry32(seed)
  const d: Diagram = { title: `palette ${seed}`, inputs: [], outputs: [], blocks: [], wires: [], layout: { positions: {}, ranges: {} } }
  const ops = new Set<string>()
  const numbers: Node[] = []
  const booleans: Node[] = []
  const unread = new Map<string, Node>() // block outputs nothing reads yet, by "node.port"
  let wires = 0
  const x = Array.from({ length: inputs }, () => Math.round((rng() * 4 - 2) * 1024) / 1024)
  x.forEach((value, i) => {
    d.inputs.push({ id: `i${i + 1}`, name: `x${i + 1}`, value })
    numbers.push({ node: `i${i + 1}`, port: 'value', value })
  })
  const recent = <T>(pool: T[]): T => pool[pool.length - 1 - Math.floor(rng() ** 2 * pool.length)]
  const add = (primitive: string, args: Node[], params: Record<string, number> = {}): Node[] | undefined => {
    const p = findPrimitive(primitive)!
    const values = p.outputs.map((_, k) => evaluatePrimitive(primitive, args.map((a) => a.value), k, params))
    if (p.outputs.some((o, k) => o.type === 'number' && !(Number.isFinite(values[k]) && Math.abs(values[k]) <= 1e6))) return undefined
    const id = `b${d.blocks.length + 1}`
    d.blocks.push({ id, primitive, params })
    args.forEach((a, k) => {
      d.wires.push({ id: `w${++wires}`, from: { node: a.node, port: a.port }, to: { node: id, port: p.inputs[k].id } })
      unread.delete(`${a.node}.${a.port}`)
    })
    ops.add(primitive)
    return p.outputs.map((o, k) => {
      const node = { node: id, port: o.id, value: values[k] }
      if (o.type === 'boolean') {
        booleans.push(node)
      } else {
        numbers.push(node)
        unread.set(`${id}.${o.id}`, node)
      }
      return node
    })
  }
  // Random blocks until those plus the adds that sum the unread values make the count.
  while (d.blocks.length + Math.max(0, unread.size - 1) < blocks) {
    let done = false
    for (let attempt = 0; attempt < 20 && !done; attempt++) {
      const p = ELEMENTWISE[Math.floor(rng() * ELEMENTWISE.length)]
      if (p.inputs.some((i) => i.type === 'boolean') && booleans.length === 0) continue
      const args = p.inputs.map((i) => (i.type === 'boolean' ? recent(booleans) : recent(numbers)))
      const params: Record<string, number> = p.id === 'constant' ? { value: INTERESTING_CONSTANTS[Math.floor(rng() * INTERESTING_CONSTANTS.length)] } : {}
      done = add(p.id, args, params) !== undefined
    }
    if (!done) add('tanh', [recent(numbers)])
  }
  const sinks = [...unread.values()]
  let total: Node = sinks[0] ?? numbers[numbers.length - 1]
  for (const n of sinks.slice(1)) total = (add('add', [total, n]) ?? add('add', [add('atan', [total])![0], add('atan', [n])![0]])!)[0]
  const outs = [total]
  while (outs.length < outputs) outs.push(recent(numbers))
  outs.forEach((o, k) => {
    d.outputs.push({ id: `o${k + 1}`, name: `f${k + 1}` })
    d.wires.push({ id: `w${++wires}`, from: { node: o.node, port: o.port }, to: { node: `o${k + 1}`, port: 'value' } })
  })
  return { d, x, ops }
}
