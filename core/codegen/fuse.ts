import { EDGE_WORDS, EdgeKind, instructionsOf, NONE, ONE, type Schedule } from '../compile/schedule'
import { INSTRUCTIONS, VECTOR_WORDS } from '../kernel/machine'
import { REG, scalarStatements } from './array-steps'

// Fused loops for an exported module of an array diagram. The engine runs one loop per instruction and per
// derivative edge, each a pass over memory; a module is code for one diagram, so it can do better and
// still compute the engine's bits:
// - values and partials: consecutive array instructions of one length become one loop, each element
//   computed by the same operations in the same order, intermediate elements kept in locals, and only
//   what something else reads stored;
// - the reverse sweep: consecutive nodes whose edges all map element i to element i (a row of the kernel
//   language reading arrays, or a reduction) become one loop, which for each element runs their edges in
//   the engine's node order. Every adjoint element then receives the same additions in the same order as
//   in the engine, so the sums round alike. An edge that mixes elements (a gather, a scan, a scalar read
//   by every element) ends the loop and is printed as the engine's own loop of its kind.
// Guards are the engine's: zero is strong, a zero adjoint or partial adds nothing.

/** The vector instructions of one step, decoded. */
interface VectorIns {
  op: number
  n: number
  dst: number
  args: { at: number; stride: number }[]
}

function decode(code: Int32Array): VectorIns[] {
  const out: VectorIns[] = []
  for (let k = 0; k < code.length; k += VECTOR_WORDS) {
    const arity = INSTRUCTIONS[code[k]].arity
    out.push({ op: code[k], n: code[k + 1], dst: code[k + 2], args: Array.from({ length: arity }, (_, a) => ({ at: code[k + 3 + 2 * a], stride: code[k + 4 + 2 * a] })) })
  }
  return out
}

/** Every register (an array by its first element) that code outside a group may read. */
function readers(s: Schedule): Map<number, number> {
  const reads = new Map<number, number>()
  const read = (r: number) => reads.set(r, (reads.get(r) ?? 0) + 1)
  for (const p of [s.value, s.partial]) for (const ins of instructionsOf(p)) ins.args.forEach(read)
  for (const step of s.arrays!.valueSteps) {
    if (step.kind === 'scalar') for (const ins of instructionsOf(step.program)) ins.args.forEach(read)
    else if (step.kind === 'vector') for (const ins of decode(step.code)) ins.args.forEach((a) => read(a.at))
    else step.io.in.forEach(read)
  }
  for (const code of s.arrays!.partialSteps) for (const ins of decode(code)) ins.args.forEach((a) => read(a.at))
  s.edgePartial.forEach((r) => r !== ONE && read(r))
  for (let e = 0; e < s.edgeSrc.length; e++) {
    const w = e * EDGE_WORDS
    if (s.arrays!.edgeInfo[w] === EdgeKind.gather && s.arrays!.edgeInfo[w + 3] !== NONE) read(s.arrays!.edgeInfo[w + 3])
  }
  for (const t of s.outputs) read(t.reg)
  return reads
}

/**
 * Instructions as statements: runs of wide instructions of one length as one loop. A scalar instruction
 * (all it reads is one number) comes before the loop it sits in, which keeps its order among scalars.
 */
function fusedStatements(list: VectorIns[], reads: Map<number, number>): string[] {
  const out: string[] = []
  let run: VectorIns[] = []
  const flush = () => {
    if (run.length > 0) out.push(...fusedLoop(run, reads))
    run = []
  }
  for (const ins of list) {
    if (ins.n === 1 && ins.args.every((a) => a.stride === 0)) {
      // One number: computed where it stands, before any loop after it reads it.
      flush()
      const args = ins.args.map((a) => `${REG}[${a.at}]`)
      out.push(`${REG}[${ins.dst}] = ${INSTRUCTIONS[ins.op].js(args[0], args[1] ?? '', args[2] ?? '')}`)
      continue
    }
    if (run.length > 0 && run[0].n !== ins.n) flush()
    run.push(ins)
  }
  flush()
  return out
}

function fusedLoop(run: VectorIns[], reads: Map<number, number>): string[] {
  // What the loop reads of what it writes itself is a local; each register is stored only if read elsewhere.
  const local = new Map<number, string>()
  const inside = new Map<number, number>()
  for (const ins of run) for (const a of ins.args) if (a.stride === 1) inside.set(a.at, (inside.get(a.at) ?? 0) + 1)
  const scalars = new Map<number, string>()
  const loads: string[] = []
  const body: string[] = []
  // An element read from memory is read once, into a local, where it is first needed.
  const operand = (a: { at: number; stride: number }): string => {
    if (a.stride === 0) {
      if (!scalars.has(a.at)) scalars.set(a.at, `s${scalars.size}`)
      return scalars.get(a.at)!
    }
    const known = local.get(a.at)
    if (known) return known
    const name = `x${loads.length}`
    loads.push(name)
    body.push(`  const ${name} = ${a.stride === 1 ? `${REG}[${a.at} + i]` : `${REG}[${a.at} + i * ${a.stride}]`}`)
    local.set(a.at, name)
    return name
  }
  run.forEach((ins, k) => {
    const args = ins.args.map(operand)
    const name = `v${k}`
    body.push(`  const ${name} = ${INSTRUCTIONS[ins.op].js(args[0], args[1] ?? '', args[2] ?? '')}`)
    local.set(ins.dst, name)
    if ((reads.get(ins.dst) ?? 0) > (inside.get(ins.dst) ?? 0)) body.push(`  ${REG}[${ins.dst} + i] = ${name}`)
  })
  return [
    '{',
    ...[...scalars].map(([at, name]) => `  const ${name} = ${REG}[${at}]`),
    `  for (let i = 0; i < ${run[0].n}; i++) {`,
    ...body.map((l) => `  ${l}`),
    '  }',
    '}',
  ]
}

/**
 * The value sweep and the partials, fused: for values the first scalar program, then each step with array
 * instructions in runs; for partials the scalar program, then the array instructions in runs.
 */
export function fusedSteps(s: Schedule): { values: string[]; partials: string[] } {
  const reads = readers(s)
  return {
    values: valueStatements(s, reads),
    partials: [...scalarStatements(s.partial), ...fusedStatements(s.arrays!.partialSteps.flatMap(decode), reads)],
  }
}

function valueStatements(s: Schedule, reads: Map<number, number>): string[] {
  const out = scalarStatements(s.value)
  let pending: VectorIns[] = []
  const flush = () => {
    out.push(...fusedStatements(pending, reads))
    pending = []
  }
  for (const step of s.arrays!.valueSteps) {
    if (step.kind === 'vector') {
      pending.push(...decode(step.code))
      continue
    }
    flush()
    if (step.kind === 'scalar') out.push(...scalarStatements(step.program))
    else if (step.js) out.push(step.js(step.io, REG))
    else throw new Error('an Array palette rule without js cannot be exported')
  }
  flush()
  return out
}

// ---------------------------------------------------------------------------------------------------------

interface Edge {
  kind: number
  src: number
  pr: number
  info: number[]
}

/** The reverse sweep as statements over `reg` (R) and `adj` (A), nodes in reverse, edges fused in runs. */
export function reverseStatements(s: Schedule): string[] {
  const { edgeStart, edgeSrc, edgePartial } = s
  const { slotAt, edgeInfo } = s.arrays!
  const first = s.inputs.length
  const out: string[] = []
  /** Nodes waiting to be printed as one loop of `n` elements: each node's slot start and edges. */
  let run: { at: number; edges: Edge[] }[] = []
  let runN = -1
  const flush = () => {
    if (run.length > 0) out.push(...fusedReverse(run, runN, slotAt))
    run = []
  }
  for (let i = edgeStart.length - 2; i >= 0; i--) {
    const at = slotAt[first + i]
    const edges: Edge[] = []
    for (let e = edgeStart[i]; e < edgeStart[i + 1]; e++) edges.push({ kind: edgeInfo[e * EDGE_WORDS], src: edgeSrc[e], pr: edgePartial[e], info: Array.from(edgeInfo.subarray(e * EDGE_WORDS, (e + 1) * EDGE_WORDS)) })
    if (edges.length === 0) continue
    // Element i to element i: a scale edge from an array (source stride 1), or a reduction (one adjoint,
    // read by every element of its source); every edge of the node over the same number of elements.
    const n = edges[0].info[1]
    const local = edges.every((e) => ((e.kind === EdgeKind.scale && e.info[3] === 1) || e.kind === EdgeKind.reduce) && e.info[1] === n)
    if (!local) {
      flush()
      for (const e of edges) out.push(edgeLoop(e, at, slotAt[e.src]))
      continue
    }
    if (run.length > 0 && runN !== n) flush()
    runN = n
    run.push({ at, edges })
  }
  flush()
  return out
}

/**
 * `target += p · g` as the engine adds it (core/sweeps/arrays.ts): with no branch per element, a product
 * that is a number is added (a zero one changes nothing, since an adjoint that starts at +0 and is only added
 * to is never −0), and one that is NaN only where `nonZero` (its factors not being 0) holds.
 */
const added = (target: string, p: string, g: string, nonZero: string) => `{ const t = ${p} * ${g}; ${target} += t === t ? t : ${nonZero} ? t : 0 }`

const partialOf = (e: Edge, el: string) => (e.pr === ONE ? '1' : e.info[2] === 0 ? `${REG}[${e.pr}]` : e.info[2] === 1 ? `${REG}[${e.pr} + ${el}]` : `${REG}[${e.pr} + ${el} * ${e.info[2]}]`)

function fusedReverse(run: { at: number; edges: Edge[] }[], n: number, slotAt: Int32Array): string[] {
  // Each adjoint element the loop touches is a local for the iteration: read once, added to in the engine's
  // order, and written back unless it is a node of the loop (whose adjoint nothing after the loop reads).
  // What every element reads alike (a reduction's adjoint, a partial that is one number) is read once,
  // before the loop: partials are fixed during a reverse sweep, and a reduction's adjoint is complete
  // before the loop starts (all that feeds it comes later in the schedule, so earlier in this sweep).
  const nodes = new Set(run.map((node) => node.at))
  const before: string[] = []
  const hoisted = new Map<string, string>()
  const hoist = (text: string) => {
    if (!hoisted.has(text)) {
      hoisted.set(text, `h${hoisted.size}`)
      before.push(`const h${hoisted.size - 1} = ${text}`)
    }
    return hoisted.get(text)!
  }
  const locals = new Map<number, string>()
  const body: string[] = []
  const written = new Set<number>()
  const adjoint = (slot: number) => {
    if (!locals.has(slot)) {
      locals.set(slot, `a${locals.size}`)
      body.push(`  let a${locals.size - 1} = adj[${slot} + i]`)
    }
    return locals.get(slot)!
  }
  for (const node of run) {
    for (const e of node.edges) {
      const from = slotAt[e.src]
      const g = e.kind === EdgeKind.reduce ? hoist(`adj[${node.at}]`) : adjoint(node.at)
      const target = adjoint(from)
      written.add(from)
      // A partial of 1 multiplies out: 1 · g is g, to the bit.
      if (e.pr === ONE) body.push(`  ${target} += ${g}`)
      else {
        const p = e.info[2] === 0 ? hoist(`${REG}[${e.pr}]`) : partialOf(e, 'i')
        body.push(`  { const p = ${p}; ${added(target, 'p', g, `${g} !== 0 && p !== 0`)} }`)
      }
    }
  }
  for (const slot of written) if (!nodes.has(slot)) body.push(`  adj[${slot} + i] = ${locals.get(slot)}`)
  return ['{', ...before.map((l) => `  ${l}`), `  for (let i = 0; i < ${n}; i++) {`, ...body.map((l) => `  ${l}`), '  }', '}']
}

/** One edge's transpose, the engine's loop (core/sweeps/arrays.ts, reverseEdge) with its numbers printed. */
function edgeLoop(e: Edge, at: number, from: number): string {
  const [, a, b, c, d, f] = e.info
  switch (e.kind) {
    case EdgeKind.scale:
      if (c === 1) {
        if (e.pr === ONE) return `for (let el = 0; el < ${a}; el++) adj[${from} + el] += adj[${at} + el]`
        if (b === 0) return `{ const p = ${REG}[${e.pr}]; if (p !== 0) for (let el = 0; el < ${a}; el++) { const g = adj[${at} + el]; ${added(`adj[${from} + el]`, 'p', 'g', 'g !== 0')} } }`
        return `for (let el = 0; el < ${a}; el++) { const g = adj[${at} + el]; const p = ${REG}[${e.pr} + el]; ${added(`adj[${from} + el]`, 'p', 'g', 'g !== 0 && p !== 0')} }`
      }
      return `for (let el = 0; el < ${a}; el++) { const g = adj[${at} + el]; if (g === 0) continue; const p = ${partialOf(e, 'el')}; if (p !== 0) adj[${from} + el * ${c}] += p * g }`
    case EdgeKind.reduce:
      if (e.pr === ONE) return `{ const g = adj[${at}]; if (g !== 0) for (let el = 0; el < ${a}; el++) adj[${from} + el] += g }`
      return `{ const g = adj[${at}]; if (g !== 0) for (let el = 0; el < ${a}; el++) { const p = ${partialOf(e, 'el')}; ${added(`adj[${from} + el]`, 'p', 'g', 'p !== 0')} } }`
    case EdgeKind.gather:
      if (c === NONE) return `for (let el = 0; el < ${b}; el++) adj[${from + d} + el * ${f}] += adj[${at + a} + el]`
      return `for (let el = 0; el < ${b}; el++) { const g = adj[${at + a} + el]; const se = ${REG}[${c} + el]; if (g !== 0 && se >= 0) adj[${from} + se] += g }`
    default:
      return `{ let acc = 0; for (let el = ${a - 1}; el >= 0; el--) { acc += adj[${at} + el]; if (acc !== 0) adj[${from} + el] += acc } }`
  }
}
