import { EDGE_WORDS, EdgeKind, instructionsOf, NONE, ONE, type Schedule } from '../compile/schedule'
import { INSTRUCTIONS, VECTOR_WORDS } from '../kernel/machine'
import { fixedRegisters, REG, scalarStatements } from './array-steps'
import { numberLiteral } from './literal'

// Fused loops for an exported module of an array diagram. The engine runs one loop per instruction and per
// derivative edge, each a pass over memory; a module is code for one diagram, so it can do better and
// still compute the engine's bits:
// - values and partials: consecutive array instructions of one length become one loop, each element
//   computed by the same operations in the same order, intermediate elements kept in locals, and only
//   what something else reads stored; a sum of elements made there (a rule that `sums`) is added up in
//   that loop too, in the rule's order from 0;
// - the reverse sweep: consecutive nodes whose edges all map element i to element i (a row of the kernel
//   language reading arrays, or a reduction) become one loop, which for each element runs their edges in
//   the engine's node order. Every adjoint element then receives the same additions in the same order as
//   in the engine, so the sums round alike. A view's edge (element i to element offset + i of a source no
//   other edge of the loop adds to) joins too, adding to memory. Two views of one source whose offsets
//   differ by 1 (x[1:] and x[:-1], a stencil) join as a pair: each iteration adds both terms to one
//   element in the engine's order, the larger offset's from the iteration before (a carried local), and
//   the last element after the loop; adding to memory that the last iteration wrote would chain the
//   iterations. A node whose adjoint only the loop adds to starts at 0 rather than being read; a partial
//   that is a constant is multiplied in as its number. Any other edge that mixes elements (a gather, a scan, a scalar read by every element) ends the loop
//   and is printed as the engine's own loop of its kind.
// Guards are the engine's: zero is strong, a zero adjoint or partial adds nothing.

/** The vector instructions of one step, decoded. */
interface VectorIns {
  op: number
  n: number
  dst: number
  args: { at: number; stride: number }[]
}

/** A rule that `sums`: dst = Σ src[i] over n elements, added in order from 0. */
interface SumIns {
  sum: true
  n: number
  src: number
  dst: number
}

type LoopItem = VectorIns | SumIns

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
function fusedStatements(list: LoopItem[], reads: Map<number, number>): string[] {
  const out: string[] = []
  let run: LoopItem[] = []
  // The sums of the run: complete only after its loop, so an instruction reading one starts a new loop.
  const sums = new Set<number>()
  const flush = () => {
    if (run.length > 0) out.push(...fusedLoop(run, reads))
    run = []
    sums.clear()
  }
  for (const ins of list) {
    if (!('sum' in ins) && ins.n === 1 && ins.args.every((a) => a.stride === 0)) {
      // One number: computed where it stands, before any loop after it reads it.
      flush()
      const args = ins.args.map((a) => `${REG}[${a.at}]`)
      out.push(`${REG}[${ins.dst}] = ${INSTRUCTIONS[ins.op].js(args[0], args[1] ?? '', args[2] ?? '')}`)
      continue
    }
    if (run.length > 0 && (run[0].n !== ins.n || ('sum' in ins ? sums.has(ins.src) : ins.args.some((a) => sums.has(a.at))))) flush()
    run.push(ins)
    if ('sum' in ins) sums.add(ins.dst)
  }
  flush()
  return out
}

function fusedLoop(run: LoopItem[], reads: Map<number, number>): string[] {
  // What the loop reads of what it writes itself is a local; each register is stored only if read elsewhere.
  const local = new Map<number, string>()
  const inside = new Map<number, number>()
  const readInside = (at: number) => inside.set(at, (inside.get(at) ?? 0) + 1)
  for (const ins of run) {
    if ('sum' in ins) readInside(ins.src)
    else for (const a of ins.args) if (a.stride === 1) readInside(a.at)
  }
  const scalars = new Map<number, string>()
  const sums: string[] = []
  const after: string[] = []
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
    if ('sum' in ins) {
      const name = `acc${sums.length}`
      sums.push(name)
      body.push(`  ${name} += ${operand({ at: ins.src, stride: 1 })}`)
      after.push(`  ${REG}[${ins.dst}] = ${name}`)
      return
    }
    const args = ins.args.map(operand)
    const name = `v${k}`
    body.push(`  const ${name} = ${INSTRUCTIONS[ins.op].js(args[0], args[1] ?? '', args[2] ?? '')}`)
    local.set(ins.dst, name)
    if ((reads.get(ins.dst) ?? 0) > (inside.get(ins.dst) ?? 0)) body.push(`  ${REG}[${ins.dst} + i] = ${name}`)
  })
  return [
    '{',
    ...[...scalars].map(([at, name]) => `  const ${name} = ${REG}[${at}]`),
    ...sums.map((name) => `  let ${name} = 0`),
    `  for (let i = 0; i < ${run[0].n}; i++) {`,
    ...body.map((l) => `  ${l}`),
    '  }',
    ...after,
    '}',
  ]
}

/**
 * The value sweep and the partials, fused: for values the first scalar program, then each step with array
 * instructions in runs; for partials the scalar program, then the array instructions in runs.
 */
export function fusedSteps(s: Schedule): { values: string[]; valuesAndPartials: string[] } {
  const reads = readers(s)
  const arrayPartials = s.arrays!.partialSteps.flatMap(decode)
  // Array partials read values and constants, never the scalar partials, which a scalar block's partial
  // program makes; so they can join the last loop of values, and the scalar partials follow. Checked, not
  // assumed: otherwise both come after the values, as in the engine.
  const scalarPartials = new Set(instructionsOf(s.partial).map((ins) => ins.dst))
  const independent = arrayPartials.every((ins) => ins.args.every((a) => !scalarPartials.has(a.at)))
  const values = valueStatements(s, reads)
  return {
    values,
    valuesAndPartials: independent
      ? [...valueStatements(s, reads, arrayPartials), ...scalarStatements(s.partial)]
      : [...values, ...scalarStatements(s.partial), ...fusedStatements(arrayPartials, reads)],
  }
}

/** The value steps, and `after` them the array instructions given (fused with the last loop where they fit). */
function valueStatements(s: Schedule, reads: Map<number, number>, after: VectorIns[] = []): string[] {
  const out = scalarStatements(s.value)
  let pending: LoopItem[] = []
  const flush = () => {
    out.push(...fusedStatements(pending, reads))
    pending = []
  }
  for (const step of s.arrays!.valueSteps) {
    if (step.kind === 'vector') {
      pending.push(...decode(step.code))
      continue
    }
    // A sum joins the loop that makes its elements (or, with nothing pending of its length, is its own).
    if (step.kind === 'rule' && step.sums && pending.length > 0 && pending[pending.length - 1].n === step.io.inN[0]) {
      pending.push({ sum: true, n: step.io.inN[0], src: step.io.in[0], dst: step.io.out[0] })
      continue
    }
    flush()
    if (step.kind === 'scalar') out.push(...scalarStatements(step.program))
    else if (step.js) out.push(step.js(step.io, REG))
    else throw new Error('an Array palette rule without js cannot be exported')
  }
  pending.push(...after)
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

/**
 * The reverse sweep as statements over `reg` (R) and `adj` (A), nodes in reverse, edges fused in runs; and
 * the slots whose adjoints it never reads from A (nodes that start their loop at 0), which the caller need
 * not clear before it.
 */
export function reverseStatements(s: Schedule): { statements: string[]; unread: number[] } {
  const { edgeStart, edgeSrc, edgePartial } = s
  const { slotAt, edgeInfo } = s.arrays!
  const first = s.inputs.length
  const out: string[] = []
  const known = fixedRegisters(s)
  // How many edges add to each slot's adjoint, and which slots the caller seeds: a node of a loop whose
  // every edge is in the loop, and that is not seeded, starts the loop at 0.
  const feeds = new Int32Array(slotAt.length)
  for (const src of edgeSrc) feeds[src]++
  const seeded = new Set(s.outputs.map((t) => t.slot))
  const unread: number[] = []
  /** Nodes waiting to be printed as one loop of `n` elements: each node's slot start and edges. */
  let run: { at: number; slot: number; edges: Edge[] }[] = []
  let runN = -1
  // The slots the run's edges add to: by element i (locals) or through a view's offset (memory).
  const locals = new Set<number>()
  const viewed = new Map<number, number[]>() // by slot, the offsets of the run's views of it
  /** Whether a node's edges can join the run as it stands (each view checked against those before it). */
  const fits = (slot: number, edges: Edge[]): boolean => {
    if (viewed.has(slot)) return false
    const offsets = new Map(viewed)
    const added = new Set(locals)
    return edges.every((e) => {
      if (!isView(e)) {
        added.add(e.src)
        return !offsets.has(e.src)
      }
      const before = offsets.get(e.src) ?? []
      offsets.set(e.src, [...before, e.info[4]])
      const pairs = before.length === 0 || (before.length === 1 && Math.abs(before[0] - e.info[4]) === 1)
      return pairs && !added.has(e.src) && !run.some((node) => node.at === slotAt[e.src])
    })
  }
  const flush = () => {
    if (run.length > 0) {
      const inside = new Int32Array(slotAt.length)
      for (const node of run) for (const e of node.edges) inside[e.src]++
      const starting = run.filter((node) => !seeded.has(node.slot) && inside[node.slot] === feeds[node.slot])
      // A reduction's edge reads its node's adjoint from A, before the loop.
      unread.push(...starting.filter((node) => node.edges.every((e) => e.kind !== EdgeKind.reduce)).map((node) => node.slot))
      out.push(...fusedReverse(run, runN, slotAt, known, new Set(starting.map((node) => node.at))))
    }
    run = []
    locals.clear()
    viewed.clear()
  }
  for (let i = edgeStart.length - 2; i >= 0; i--) {
    const at = slotAt[first + i]
    const edges: Edge[] = []
    for (let e = edgeStart[i]; e < edgeStart[i + 1]; e++) edges.push({ kind: edgeInfo[e * EDGE_WORDS], src: edgeSrc[e], pr: edgePartial[e], info: Array.from(edgeInfo.subarray(e * EDGE_WORDS, (e + 1) * EDGE_WORDS)) })
    if (edges.length === 0) continue
    // Element i to element i: a scale edge from an array (source stride 1), or a reduction (one adjoint,
    // read by every element of its source); every edge of the node over the same number of elements.
    const n = isView(edges[0]) ? edges[0].info[2] : edges[0].info[1]
    const local = edges.every((e) => (((e.kind === EdgeKind.scale && e.info[3] === 1) || e.kind === EdgeKind.reduce) && e.info[1] === n) || (isView(e) && e.info[2] === n))
    if (run.length > 0 && (!local || runN !== n || !fits(first + i, edges))) flush()
    if (!local || !fits(first + i, edges)) {
      for (const e of edges) out.push(edgeLoop(e, at, slotAt[e.src]))
      continue
    }
    runN = n
    run.push({ at, slot: first + i, edges })
    for (const e of edges) {
      if (isView(e)) viewed.set(e.src, [...(viewed.get(e.src) ?? []), e.info[4]])
      else locals.add(e.src)
    }
  }
  flush()
  return { statements: out, unread }
}

/** A gather of a run of the source in order into the whole node: a view's edge (schedule.ts, viewOf). */
const isView = (e: Edge) => e.kind === EdgeKind.gather && e.info[1] === 0 && e.info[3] === NONE && e.info[5] === 1

/**
 * `target += p · g` as the engine adds it (core/sweeps/arrays.ts): with no branch per element, a product
 * that is a number is added (a zero one changes nothing, since an adjoint that starts at +0 and is only added
 * to is never −0), and one that is NaN only where `nonZero` (its factors not being 0) holds.
 */
const added = (target: string, p: string, g: string, nonZero: string) => `{ const t = ${p} * ${g}; ${target} += t === t ? t : ${nonZero} ? t : 0 }`

const partialOf = (e: Edge, el: string) => (e.pr === ONE ? '1' : e.info[2] === 0 ? `${REG}[${e.pr}]` : e.info[2] === 1 ? `${REG}[${e.pr} + ${el}]` : `${REG}[${e.pr} + ${el} * ${e.info[2]}]`)

function fusedReverse(run: { at: number; edges: Edge[] }[], n: number, slotAt: Int32Array, known: Map<number, number>, zero: Set<number>): string[] {
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
  const after: string[] = []
  const written = new Set<number>()
  const views = new Map<number, { e: Edge; node: number }[]>() // by source slot, in the engine's order
  for (const node of run) for (const e of node.edges) if (isView(e)) views.set(e.src, [...(views.get(e.src) ?? []), { e, node: node.at }])
  const adjoint = (slot: number) => {
    if (!locals.has(slot)) {
      locals.set(slot, `a${locals.size}`)
      body.push(`  let a${locals.size - 1} = ${zero.has(slot) ? '0' : `adj[${slot} + i]`}`)
    }
    return locals.get(slot)!
  }
  for (const node of run) {
    for (const e of node.edges) {
      const from = slotAt[e.src]
      if (isView(e)) {
        // As the engine's gather: added with no test, a zero adding nothing.
        const pair = views.get(e.src)!
        if (pair.length === 1) body.push(`  adj[${from + e.info[4]} + i] += ${adjoint(node.at)}`)
        else if (pair[1].e === e) {
          // Element lo + i gets the lower view's term of this iteration and the higher's of the last (0 at
          // first: adding 0 changes no adjoint, which is never −0), in the engine's order.
          const lo = Math.min(pair[0].e.info[4], pair[1].e.info[4])
          const carry = `c${before.length}`
          before.push(`let ${carry} = 0`)
          const terms = pair.map((v) => (v.e.info[4] === lo ? adjoint(v.node) : carry))
          body.push(`  adj[${from + lo} + i] = adj[${from + lo} + i] + ${terms[0]} + ${terms[1]}`)
          body.push(`  ${carry} = ${adjoint(pair.find((v) => v.e.info[4] !== lo)!.node)}`)
          if (n > 0) after.push(`  adj[${from + lo + n}] += ${carry}`)
        }
        continue
      }
      const g = e.kind === EdgeKind.reduce ? hoist(`adj[${node.at}]`) : adjoint(node.at)
      const target = adjoint(from)
      written.add(from)
      // A partial of 1 multiplies out: 1 · g is g, to the bit.
      const c = e.info[2] === 0 ? known.get(e.pr) : undefined
      if (e.pr === ONE || c === 1) body.push(`  ${target} += ${g}`)
      else if (c === -1) body.push(`  ${target} -= ${g}`)
      else if (c === 0) continue
      else if (c !== undefined && Number.isFinite(c)) {
        // A finite constant that is not 0: the product is NaN only where g is, which the engine adds too.
        body.push(`  ${target} += ${numberLiteral(c)} * ${g}`)
      } else {
        const p = e.info[2] === 0 ? hoist(`${REG}[${e.pr}]`) : partialOf(e, 'i')
        body.push(`  { const p = ${p}; ${added(target, 'p', g, `${g} !== 0 && p !== 0`)} }`)
      }
    }
  }
  for (const slot of written) if (!nodes.has(slot)) body.push(`  adj[${slot} + i] = ${locals.get(slot)}`)
  return ['{', ...before.map((l) => `  ${l}`), `  for (let i = 0; i < ${n}; i++) {`, ...body.map((l) => `  ${l}`), '  }', ...after, '}']
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
