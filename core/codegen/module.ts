import { compile } from '../compile/schedule'
import { inferShapes } from '../diagram/shapes'
import type { Diagram } from '../diagram/model'
import { semanticText } from '../diagram/save'
import { sha256Hex } from '../diagram/sha256'
import { arrayModule } from './arrays'
import { numberLiteral } from './literal'
import { live, plan as makePlan } from './plan'
import type { Schedule } from '../compile/schedule'
import type { Plan } from './plan'
import { adj, adjointStmts, inputStmts, instructionStmts, type Program, reg, type Stmt, tan, tangentStmts, type Var } from './programs'
import { arraySlot, CHUNK, renderProgram } from './render'
import { sanitizeAll } from './sanitize'

// A diagram as a dependency-free TypeScript (or JavaScript) module that computes the function and its
// derivatives: evaluate, jvp, vjp, jacobian, and for a diagram with one output gradient and hessian (a
// diagram with arrays is written by arrays.ts, without hessian). The same diagram always gives the same
// bytes: no timestamps, a header naming the DualWire version and the SHA-256 of the diagram's semantic part. Names the user typed appear only as sanitised identifiers,
// numbers only as literals that read back as the same double.
//
// The computation is written once, in pieces that pass values through the module's arrays: the values, the
// local partials and the second partials as straight-line code (where the Math is), and the tangent,
// adjoint and second-order sweeps as the engine's own loops over the module's edge tables (multiply-adds;
// written out straight they were 744 of 1,000 bytes per block and took V8 seconds to optimise). The entry
// points chain them. A diagram small enough for one chunk also gets evaluate, jvp, vjp and gradient as
// single straight-line functions with every value a local, as fast as code written by hand.

export interface ExportOptions {
  /** 'ts' (default) or 'js' (an ES module Node imports as it is). */
  language?: 'ts' | 'js'
  /** The DualWire version named in the header. */
  version: string
}

export function diagramHash(d: Diagram): string {
  return sha256Hex(semanticText(d))
}

export function exportModule(d: Diagram, options: ExportOptions): string {
  const typed = (options.language ?? 'ts') === 'ts'
  const single = d.outputs.length === 1
  // Second partials (for hessian) are not built through arrays; a diagram with arrays has its own writer.
  const s = compile(d, { second: single && !inferShapes(d).arrays })
  if (s.arrays) return arrayModule(d, s, { typed, version: options.version, hash: diagramHash(d) })
  const p = makePlan(s)
  const n = s.inputs.length
  const m = s.outputs.length
  const forward = n <= m
  const inKeys = sanitizeAll(s.inputs.map((t) => t.name))
  const outKeys = sanitizeAll(s.outputs.map((t) => t.name))
  const literals = new Map([...p.literals].map(([r, text]) => [reg(r), text]))
  const ann = (text: string) => (typed ? text : '')
  const none = () => false

  const outRegs = s.outputs.map((o) => reg(p.resolve(o.reg)))
  const inputAdjoints = s.inputs.map((t) => adj(t.slot))
  const obj = (keys: string[], values: string[]) => `{ ${keys.map((k, i) => `${k}: ${values[i]}`).join(', ')} }`
  const outValues = (ref: (v: Var) => string) => obj(outKeys, outRegs.map(ref))
  const fromArrays = (v: Var) => literals.get(v) ?? arraySlot(v)

  // The instructions each part needs: outputs, and the partials of the edges the sweeps keep.
  const keptPartials: number[] = []
  for (let e = 0; e < s.edgeSrc.length; e++) if (p.keepEdge(e)) keptPartials.push(s.edgePartial[e])
  const keptSeconds: number[] = []
  s.second?.partial.forEach((r, q) => p.keepPair(q) && keptSeconds.push(r))
  const outputRegs = s.outputs.map((o) => o.reg)
  const [values, partials, seconds] = live([p.value, p.partial, p.second], [...outputRegs, ...keptPartials, ...keptSeconds], p.resolve).map((i) => instructionStmts(i))
  const inputsFrom = (param: string) => inputStmts(s, param, inKeys, (i) => reg(s.inputs[i].reg))
  const nodeTangent = (v: Var) => v[0] === 't' && Number(v.slice(1)) >= n
  const tangents = tangentStmts(s, p)
  const adjoints = adjointStmts(s, p)

  const pieces: Program[] = [
    { name: 'values', params: 'inp: Inputs', stmts: [...inputsFrom('inp'), ...values], zeroStart: none, exportAll: true },
    { name: 'partials', params: '', stmts: partials, zeroStart: none, exportAll: true },
  ]
  if (single) pieces.push({ name: 'seconds', params: '', stmts: seconds, zeroStart: none, exportAll: true })
  const tables = edgeTables(s, p, single)

  // Small diagrams: the hot entry points as single functions of locals.
  const fused: Program[] = []
  const small = n + values.length + partials.length + Math.max(adjoints.length + m, tangents.length + n) <= CHUNK
  if (small) {
    const localValues = live([p.value], outputRegs, p.resolve).flatMap((i) => instructionStmts(i))
    const linearized = [...inputsFrom('inp'), ...values, ...partials]
    const seedStmts = (amount: (i: number) => string, guarded: boolean): Stmt[] =>
      s.outputs.map((o, i) => ({ updates: [adj(o.slot)], reads: [], js: (ref) => `${guarded ? `if (${amount(i)} !== 0) ` : ''}${ref(adj(o.slot))} += ${amount(i)}` }))
    fused.push(
      { name: 'evaluate', params: 'inp: Inputs', stmts: [...inputsFrom('inp'), ...localValues], zeroStart: none, exportAll: false, result: { type: 'Outputs', reads: outRegs, js: outValues } },
      {
        name: 'jvp', params: 'inp: Inputs, dir: Inputs', stmts: [...linearized, ...inputStmts(s, 'dir', inKeys, (i) => tan(s.inputs[i].slot)), ...tangents],
        zeroStart: nodeTangent, exportAll: false,
        result: {
          type: '{ value: Outputs; tangent: Outputs }', reads: [...outRegs, ...s.outputs.map((o) => tan(o.slot))],
          js: (ref) => `{ value: ${outValues(ref)}, tangent: ${obj(outKeys, s.outputs.map((o) => ref(tan(o.slot))))} }`,
        },
      },
      {
        name: 'vjp', params: 'inp: Inputs, seed: Outputs', stmts: [...linearized, ...seedStmts((i) => `seed.${outKeys[i]}`, true), ...adjoints],
        zeroStart: (v) => v[0] === 'a', exportAll: false,
        result: {
          type: '{ value: Outputs; adjoint: Inputs }', reads: [...outRegs, ...inputAdjoints],
          js: (ref) => `{ value: ${outValues(ref)}, adjoint: ${obj(inKeys, inputAdjoints.map(ref))} }`,
        },
      },
    )
    if (single) {
      fused.push({
        name: 'gradient', params: 'inp: Inputs', stmts: [...linearized, ...seedStmts(() => '1', false), ...adjoints],
        zeroStart: (v) => v[0] === 'a', exportAll: false,
        result: {
          type: '{ value: number; gradient: Inputs }', reads: [outRegs[0], ...inputAdjoints],
          js: (ref) => `{ value: ${ref(outRegs[0])}, gradient: ${obj(inKeys, inputAdjoints.map(ref))} }`,
        },
      })
    }
  }

  const rendered = new Map([...pieces, ...fused].map((program) => [program.name, renderProgram(program, literals, typed)]))
  /** The statements that run a piece. */
  const run = (name: string, args = '') => (name in SWEEPS ? [`${SWEEPS[name as keyof typeof SWEEPS]}()`] : rendered.get(name)!.calls(args))
  /** The statements that run a fused entry point and return its result. */
  const fusedCall = (name: string, args: string) => rendered.get(name)!.calls(args)
  const has = (name: string) => fused.some((f) => f.name === name)
  const inputsObject = 'inputsFrom(A, 0)'
  const seedOutput = (o: string, amount: string) => `A[OUTPUT_SLOTS[${o}]] += ${amount}`
  const body = (lines: string[]) => lines.map((l) => `  ${l}`).join('\n')
  const indent = (lines: string[]) => lines.map((l) => `  ${l}`)

  const evaluateBody = has('evaluate') ? fusedCall('evaluate', 'inputs') : [...run('values', 'inputs'), `return ${outValues(fromArrays)}`]
  const jvpBody = has('jvp')
    ? fusedCall('jvp', 'inputs, tangents')
    : [
        ...run('values', 'inputs'), ...run('partials'), 'T.fill(0)',
        ...inKeys.map((k, i) => `T[${s.inputs[i].slot}] = tangents.${k}`),
        ...run('tangents'),
        `return { value: ${outValues(fromArrays)}, tangent: ${obj(outKeys, s.outputs.map((o) => `T[${o.slot}]`))} }`,
      ]
  const vjpBody = has('vjp')
    ? fusedCall('vjp', 'inputs, adjoints')
    : [
        ...run('values', 'inputs'), ...run('partials'), 'A.fill(0)',
        ...outKeys.map((k, o) => `if (adjoints.${k} !== 0) ${seedOutput(String(o), `adjoints.${k}`)}`),
        ...run('adjoints'),
        `return { value: ${outValues(fromArrays)}, adjoint: ${inputsObject} }`,
      ]
  const jacobianBody = [
    ...run('values', 'inputs'), ...run('partials'),
    `const J = new Float64Array(${n * m})`,
    ...(forward
      ? [`for (let j = 0; j < ${n}; j++) {`, '  T.fill(0)', '  T[j] = 1', ...indent(run('tangents')), `  for (let o = 0; o < ${m}; o++) J[o * ${n} + j] = T[OUTPUT_SLOTS[o]]`, '}']
      : [`for (let o = 0; o < ${m}; o++) {`, '  A.fill(0)', `  ${seedOutput('o', '1')}`, ...indent(run('adjoints')), `  for (let i = 0; i < ${n}; i++) J[o * ${n} + i] = A[i]`, '}']),
    `return { mode: '${forward ? 'forward' : 'reverse'}', value: ${outValues(fromArrays)}, jacobian: ${obj(outKeys, outKeys.map((_, o) => `inputsFrom(J, ${o * n})`))} }`,
  ]

  const hash = diagramHash(d)
  const parts: string[] = [
    `// Generated by DualWire ${options.version} from the diagram with SHA-256 ${hash}.`,
    `// It computes the diagram's function and its derivatives with plain Math and imports nothing.`,
    `// Regenerate it rather than editing it.`,
    '',
    `export const DUALWIRE_VERSION = '${options.version}'`,
    `export const DIAGRAM_SHA256 = '${hash}'`,
    '',
  ]
  if (typed) {
    parts.push(
      `export interface Inputs {\n${inKeys.map((k) => `  ${k}: number\n`).join('')}}`,
      `export interface Outputs {\n${outKeys.map((k) => `  ${k}: number\n`).join('')}}`,
      `/** Each output's gradient, as the rows of the Jacobian. */\nexport type Jacobian = { [output in keyof Outputs]: Inputs }`,
      ...(single ? [`export type Hessian = { [input in keyof Inputs]: Inputs }`] : []),
      '',
    )
  }
  parts.push(
    `/** The input values stored in the diagram (numbers: a diagram with arrays is refused above). */`,
    `export const defaultInputs${ann(': Inputs')} = ${obj(inKeys, d.inputs.map((t) => numberLiteral(t.value as number)))}`,
    '',
    `const R = new Float64Array(${s.registerCount})`,
    `const T = new Float64Array(${s.slotCount})`,
    `const A = new Float64Array(${s.slotCount})`,
    ...(single ? [`const B = new Float64Array(${s.slotCount})`] : []),
    `const OUTPUT_SLOTS${ann(': number[]')} = [${s.outputs.map((o) => o.slot).join(', ')}]`,
    '',
    ...tables,
    '',
    // A literal, not keys added in a loop: V8 makes a literal from one template, where adding a thousand
    // keys one by one cost more than the whole gradient sweep (W1 of the benchmark).
    `/** The inputs, in order, as values[offset], values[offset + 1], …. */`,
    `function inputsFrom(values${ann(': Float64Array')}, offset${ann(': number')})${ann(': Inputs')} {`,
    `  return ${obj(inKeys, inKeys.map((_, i) => (i === 0 ? 'values[offset]' : `values[offset + ${i}]`)))}`,
    `}`,
    '',
    ...[...rendered.values()].flatMap((r) => r.functions),
    '',
    ...sweeps(typed, single),
    '',
    `/** The value of every output. */`,
    `export function evaluate(inputs${ann(': Inputs')})${ann(': Outputs')} {\n${body(evaluateBody)}\n}`,
    '',
    `/** The outputs and their directional derivatives along \`tangents\` (J·v). */`,
    `export function jvp(inputs${ann(': Inputs')}, tangents${ann(': Inputs')})${ann(': { value: Outputs; tangent: Outputs }')} {\n${body(jvpBody)}\n}`,
    '',
    `/** The outputs and the inputs' adjoints for the output adjoints \`adjoints\` (wᵀ·J). */`,
    `export function vjp(inputs${ann(': Inputs')}, adjoints${ann(': Outputs')})${ann(': { value: Outputs; adjoint: Inputs }')} {\n${body(vjpBody)}\n}`,
    '',
    `/** Every output's gradient, by ${forward ? 'forward mode (inputs ≤ outputs)' : 'reverse mode (inputs > outputs)'}. */`,
    `export function jacobian(inputs${ann(': Inputs')})${ann(`: { mode: '${forward ? 'forward' : 'reverse'}'; value: Outputs; jacobian: Jacobian }`)} {\n${body(jacobianBody)}\n}`,
  )
  if (single) {
    const gradientBody = has('gradient')
      ? fusedCall('gradient', 'inputs')
      : [...run('values', 'inputs'), ...run('partials'), 'A.fill(0)', seedOutput('0', '1'), ...run('adjoints'), `return { value: ${fromArrays(outRegs[0])}, gradient: ${inputsObject} }`]
    const hessianBody = [
      ...run('values', 'inputs'), ...run('partials'), ...run('seconds'),
      `const H = new Float64Array(${n * n})`,
      `for (let j = 0; j < ${n}; j++) {`,
      '  T.fill(0)', '  T[j] = 1', ...indent(run('tangents')),
      '  A.fill(0)', '  B.fill(0)', `  ${seedOutput('0', '1')}`, ...indent(run('secondAdjoints')),
      `  for (let i = 0; i < ${n}; i++) H[i * ${n} + j] = B[i]`,
      '}',
      '// Mixed partials computed in two orders agree to rounding; their mean makes the matrix symmetric.',
      `for (let i = 0; i < ${n}; i++) {`,
      `  for (let j = i + 1; j < ${n}; j++) {`,
      `    const a = H[i * ${n} + j]`,
      `    const b = H[j * ${n} + i]`,
      `    if (a !== b) H[i * ${n} + j] = H[j * ${n} + i] = (a + b) / 2`,
      '  }',
      '}',
      `return { value: ${fromArrays(outRegs[0])}, gradient: ${inputsObject}, hessian: ${obj(inKeys, inKeys.map((_, i) => `inputsFrom(H, ${i * n})`))} }`,
    ]
    parts.push(
      '',
      `/** The output's value and gradient, by reverse mode. */`,
      `export function gradient(inputs${ann(': Inputs')})${ann(': { value: number; gradient: Inputs }')} {\n${body(gradientBody)}\n}`,
      '',
      `/** The output's value, gradient and Hessian, by forward over reverse (exact to rounding). */`,
      `export function hessian(inputs${ann(': Inputs')})${ann(': { value: number; gradient: Inputs; hessian: Hessian }')} {\n${body(hessianBody)}\n}`,
    )
  }
  return `${parts.join('\n')}\n`
}

/**
 * The derivative structure as the module's tables: for each node (slot n + i) its edges EDGE_START[i] ..
 * EDGE_START[i + 1] − 1, each edge's source slot and the register of its partial; for Hessians each edge's
 * second-partial pairs. Only the edges the plan keeps; constant partials are preloaded into R.
 */
function edgeTables(s: Schedule, p: Plan, second: boolean): string[] {
  const n = s.inputs.length
  const kept = new Int32Array(s.edgeSrc.length).fill(-1)
  const src: number[] = []
  const partial: number[] = []
  const start: number[] = [0]
  for (let i = 0; i < s.edgeStart.length - 1; i++) {
    for (let e = s.edgeStart[i]; e < s.edgeStart[i + 1]; e++) {
      if (!p.keepEdge(e)) continue
      kept[e] = src.length
      src.push(s.edgeSrc[e])
      partial.push(p.resolve(s.edgePartial[e]))
    }
    start.push(src.length)
  }
  const constants = new Set<number>()
  const list = (name: string, values: number[]) => `const ${name} = new Int32Array([${values.join(', ')}])`
  const lines = [`const NODES = ${s.edgeStart.length - 1}`, `const INPUTS = ${n}`, list('EDGE_START', start), list('EDGE_SRC', src), list('EDGE_PARTIAL', partial)]
  for (const r of partial) if (p.literals.has(r)) constants.add(r)
  if (second && s.second) {
    const pairStart: number[] = [0]
    const pairEdge: number[] = []
    const pairPartial: number[] = []
    for (let e = 0; e < s.edgeSrc.length; e++) {
      if (kept[e] < 0) continue
      for (let q = s.second.start[e]; q < s.second.start[e + 1]; q++) {
        if (!p.keepPair(q)) continue
        pairEdge.push(kept[s.second.edge[q]])
        pairPartial.push(p.resolve(s.second.partial[q]))
      }
      pairStart.push(pairEdge.length)
    }
    for (const r of pairPartial) if (p.literals.has(r)) constants.add(r)
    lines.push(list('PAIR_START', pairStart), list('PAIR_EDGE', pairEdge), list('PAIR_PARTIAL', pairPartial))
  }
  const preload = [...constants].sort((a, b) => a - b).map((r) => `R[${r}] = ${p.literals.get(r)}`)
  return [...lines, ...(preload.length > 0 ? ['// Constant partials the sweeps read from R.', ...preload] : [])]
}

/** The sweep functions, named apart from jvp's parameter `tangents` and vjp's `adjoints`. */
const SWEEPS = { tangents: 'sweepTangents', adjoints: 'sweepAdjoints', secondAdjoints: 'sweepSecondAdjoints' }

/**
 * The sweeps of core/sweeps/, with one tangent direction, over the tables above. Each first copies the
 * module's bindings into locals: a top-level binding read inside a loop is checked on every read (measured:
 * the adjoint sweep of a 10,000-block diagram took 102 µs reading them directly, 45 µs through locals).
 */
function sweeps(typed: boolean, second: boolean): string[] {
  const v = typed ? ': void' : ''
  const locals = (names: string) => `  const ${names.split(' ').map((x) => `${x.toLowerCase()} = ${x}`).join(', ')}`
  const text = [
    `/** Forward sweep: each node's tangent is the sum of partial × source tangent; zero is strong. */`,
    `function ${SWEEPS.tangents}()${v} {`,
    locals('R T EDGE_START EDGE_SRC EDGE_PARTIAL'),
    '  for (let i = 0; i < NODES; i++) {',
    '    let sum = 0',
    '    for (let e = edge_start[i]; e < edge_start[i + 1]; e++) {',
    '      const p = r[edge_partial[e]]',
    '      if (p === 0) continue',
    '      const u = t[edge_src[e]]',
    '      if (u !== 0) sum += p * u',
    '    }',
    '    t[INPUTS + i] = sum',
    '  }',
    '}',
    `/** Reverse sweep: nodes in reverse, each adding partial × its adjoint into its sources. */`,
    `function ${SWEEPS.adjoints}()${v} {`,
    locals('R A EDGE_START EDGE_SRC EDGE_PARTIAL'),
    '  for (let i = NODES - 1; i >= 0; i--) {',
    '    const g = a[INPUTS + i]',
    '    if (g === 0) continue',
    '    for (let e = edge_start[i]; e < edge_start[i + 1]; e++) {',
    '      const p = r[edge_partial[e]]',
    '      if (p !== 0) a[edge_src[e]] += p * g',
    '    }',
    '  }',
    '}',
  ]
  if (second) {
    text.push(
      `/** Second-order reverse sweep along the tangent direction in T (see core/sweeps/second.ts). */`,
      `function ${SWEEPS.secondAdjoints}()${v} {`,
      locals('R T A B EDGE_START EDGE_SRC EDGE_PARTIAL PAIR_START PAIR_EDGE PAIR_PARTIAL'),
      '  for (let i = NODES - 1; i >= 0; i--) {',
      '    const y = INPUTS + i',
      '    const g = a[y]',
      '    const gj = b[y]',
      '    for (let e = edge_start[i]; e < edge_start[i + 1]; e++) {',
      '      const p = r[edge_partial[e]]',
      '      const src = edge_src[e]',
      '      if (g !== 0 && p !== 0) a[src] += p * g',
      '      let acc = 0',
      '      if (p !== 0 && gj !== 0) acc += p * gj',
      '      if (g !== 0) {',
      '        for (let q = pair_start[e]; q < pair_start[e + 1]; q++) {',
      '          const h = r[pair_partial[q]]',
      '          const u = t[edge_src[pair_edge[q]]]',
      '          if (h !== 0 && u !== 0) acc += g * h * u',
      '        }',
      '      }',
      '      if (acc !== 0) b[src] += acc',
      '    }',
      '  }',
      '}',
    )
  }
  return text
}
