import { compile } from '../compile/schedule'
import type { Diagram } from '../diagram/model'
import { semanticText } from '../diagram/save'
import { sha256Hex } from '../diagram/sha256'
import { numberLiteral } from './literal'
import { type Instr, live, plan as makePlan } from './plan'
import { adj, adjointStmts, inputStmts, instructionStmts, type Program, reg, secondAdjointStmts, type Stmt, tan, tangentStmts, type Var } from './programs'
import { arraySlot, renderProgram } from './render'
import { sanitizeAll } from './sanitize'

// A diagram as a dependency-free TypeScript (or JavaScript) module that computes the function and its
// derivatives: evaluate, jvp, vjp, jacobian, and for a diagram with one output gradient and hessian. The
// same diagram always gives the same bytes: no timestamps, a header naming the DualWire version and the
// SHA-256 of the diagram's semantic part. Names the user typed appear only as sanitised identifiers,
// numbers only as literals that read back as the same double.

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
  const s = compile(d, { second: single })
  const p = makePlan(s)
  const n = s.inputs.length
  const m = s.outputs.length
  const forward = n <= m
  const inKeys = sanitizeAll(s.inputs.map((t) => t.name))
  const outKeys = sanitizeAll(s.outputs.map((t) => t.name))
  const literals = new Map([...p.literals].map(([r, text]) => [reg(r), text]))
  const ann = (text: string) => (typed ? text : '')

  const outRegs = s.outputs.map((o) => reg(p.resolve(o.reg)))
  const inputAdjoints = s.inputs.map((t) => adj(t.slot))
  const obj = (keys: string[], values: string[]) => `{ ${keys.map((k, i) => `${k}: ${values[i]}`).join(', ')} }`
  const outValues = (ref: (v: Var) => string) => obj(outKeys, outRegs.map(ref))

  // Which instructions each program needs: outputs, and the partials of the edges its sweeps keep.
  const keptPartials: number[] = []
  for (let e = 0; e < s.edgeSrc.length; e++) if (p.keepEdge(e)) keptPartials.push(s.edgePartial[e])
  const keptSeconds: number[] = []
  s.second?.partial.forEach((r, q) => p.keepPair(q) && keptSeconds.push(r))
  const outputRegs = s.outputs.map((o) => o.reg)
  const code = (streams: Instr[][], needed: number[]): Stmt[] => live(streams, needed, p.resolve).flatMap(instructionStmts)
  const valuesOnly = code([p.value], outputRegs)
  const linearized = code([p.value, p.partial], [...outputRegs, ...keptPartials])

  const inputsFrom = (param: string) => inputStmts(s, param, inKeys, (i) => reg(s.inputs[i].reg))
  const nodeTangent = (v: Var) => v[0] === 't' && Number(v.slice(1)) >= n
  const seeds = (amount: (i: number) => string, guarded: boolean): Stmt[] =>
    s.outputs.flatMap((o, i) =>
      o.slot < 0 ? [] : [{ updates: [adj(o.slot)], reads: [], js: (ref: (v: Var) => string) => `${guarded ? `if (${amount(i)} !== 0) ` : ''}${ref(adj(o.slot))} += ${amount(i)}` }],
    )

  const programs: Program[] = [
    {
      name: 'evaluate', params: 'inp: Inputs', stmts: [...inputsFrom('inp'), ...valuesOnly], zeroStart: () => false, exportAll: false,
      result: { type: 'Outputs', reads: outRegs, js: outValues },
    },
    {
      name: 'jvp', params: 'inp: Inputs, dir: Inputs',
      stmts: [...inputsFrom('inp'), ...linearized, ...inputStmts(s, 'dir', inKeys, (i) => tan(s.inputs[i].slot)), ...tangentStmts(s, p)],
      zeroStart: nodeTangent, exportAll: false,
      result: {
        type: '{ value: Outputs; tangent: Outputs }', reads: [...outRegs, ...s.outputs.map((o) => tan(o.slot))],
        js: (ref) => `{ value: ${outValues(ref)}, tangent: ${obj(outKeys, s.outputs.map((o) => ref(tan(o.slot))))} }`,
      },
    },
    {
      name: 'vjp', params: 'inp: Inputs, seed: Outputs',
      stmts: [...inputsFrom('inp'), ...linearized, ...seeds((i) => `seed.${outKeys[i]}`, true), ...adjointStmts(s, p)],
      zeroStart: (v) => v[0] === 'a', exportAll: false,
      result: {
        type: '{ value: Outputs; adjoint: Inputs }', reads: [...outRegs, ...inputAdjoints],
        js: (ref) => `{ value: ${outValues(ref)}, adjoint: ${obj(inKeys, inputAdjoints.map(ref))} }`,
      },
    },
    { name: 'linearize', params: 'inp: Inputs', stmts: [...inputsFrom('inp'), ...linearized], zeroStart: () => false, exportAll: true },
  ]
  if (forward || single) programs.push({ name: 'tangents', params: '', stmts: tangentStmts(s, p), zeroStart: nodeTangent, exportAll: true })
  if (!forward) programs.push({ name: 'adjoints', params: '', stmts: adjointStmts(s, p), zeroStart: () => false, exportAll: true })
  if (single) {
    programs.push(
      {
        name: 'gradient', params: 'inp: Inputs', stmts: [...inputsFrom('inp'), ...linearized, ...seeds(() => '1', false), ...adjointStmts(s, p)],
        zeroStart: (v) => v[0] === 'a', exportAll: false,
        result: {
          type: '{ value: number; gradient: Inputs }', reads: [outRegs[0], ...inputAdjoints],
          js: (ref) => `{ value: ${ref(outRegs[0])}, gradient: ${obj(inKeys, inputAdjoints.map(ref))} }`,
        },
      },
      {
        name: 'linearize2', params: 'inp: Inputs',
        stmts: [...inputsFrom('inp'), ...code([p.value, p.partial, p.second], [...outputRegs, ...keptPartials, ...keptSeconds])],
        zeroStart: () => false, exportAll: true,
      },
      { name: 'secondAdjoints', params: '', stmts: secondAdjointStmts(s, p), zeroStart: () => false, exportAll: true },
    )
  }
  const rendered = new Map(programs.map((program) => [program.name, renderProgram(program, literals, typed)]))
  const call = (name: string, args = '') => rendered.get(name)!.call(args)
  const fromArrays = (v: Var) => literals.get(v) ?? arraySlot(v)

  const jacobianLoop = forward
    ? `for (let j = 0; j < ${n}; j++) {
    T.fill(0)
    T[j] = 1
    ${call('tangents')}
    for (let o = 0; o < ${m}; o++) J[o * ${n} + j] = T[OUTPUT_SLOTS[o]]
  }`
    : `for (let o = 0; o < ${m}; o++) {
    A.fill(0)
    A[OUTPUT_SLOTS[o]] += 1
    ${call('adjoints')}
    for (let i = 0; i < ${n}; i++) J[o * ${n} + i] = A[i]
  }`

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
    `/** The input values stored in the diagram. */`,
    `export const defaultInputs${ann(': Inputs')} = ${obj(inKeys, d.inputs.map((t) => numberLiteral(t.value)))}`,
    '',
    `const R = new Float64Array(${s.registerCount})`,
    `const T = new Float64Array(${s.slotCount})`,
    `const A = new Float64Array(${s.slotCount})`,
    ...(single ? [`const B = new Float64Array(${s.slotCount})`] : []),
    `const OUTPUT_SLOTS${ann(': number[]')} = [${s.outputs.map((o) => o.slot).join(', ')}]`,
    `const INPUT_KEYS = [${inKeys.map((k) => `'${k}'`).join(', ')}]`,
    `const OUTPUT_KEYS = [${outKeys.map((k) => `'${k}'`).join(', ')}]`,
    '',
    `/** An object with keys[i] = values[offset + i]. */`,
    `function pack(keys${ann(': string[]')}, values${ann(': Float64Array')}, offset${ann(': number')})${ann(': Record<string, number>')} {`,
    `  const o${ann(': Record<string, number>')} = {}`,
    `  for (let i = 0; i < keys.length; i++) o[keys[i]] = values[offset + i]`,
    `  return o`,
    `}`,
    '',
    ...[...rendered.values()].flatMap((r) => r.functions),
    '',
    `/** The value of every output. */`,
    `export function evaluate(inputs${ann(': Inputs')})${ann(': Outputs')} {\n  ${call('evaluate', 'inputs')}\n}`,
    '',
    `/** The outputs and their directional derivatives along \`tangents\` (J·v). */`,
    `export function jvp(inputs${ann(': Inputs')}, tangents${ann(': Inputs')})${ann(': { value: Outputs; tangent: Outputs }')} {\n  ${call('jvp', 'inputs, tangents')}\n}`,
    '',
    `/** The outputs and the inputs' adjoints for the output adjoints \`adjoints\` (wᵀ·J). */`,
    `export function vjp(inputs${ann(': Inputs')}, adjoints${ann(': Outputs')})${ann(': { value: Outputs; adjoint: Inputs }')} {\n  ${call('vjp', 'inputs, adjoints')}\n}`,
    '',
    `/** Every output's gradient, by ${forward ? 'forward mode (inputs ≤ outputs)' : 'reverse mode (inputs > outputs)'}. */`,
    `export function jacobian(inputs${ann(': Inputs')})${ann(`: { mode: '${forward ? 'forward' : 'reverse'}'; value: Outputs; jacobian: Jacobian }`)} {
  ${call('linearize', 'inputs')}
  const J = new Float64Array(${n * m})
  ${jacobianLoop}
  const rows${ann(': Record<string, Record<string, number>>')} = {}
  for (let o = 0; o < ${m}; o++) rows[OUTPUT_KEYS[o]] = pack(INPUT_KEYS, J, o * ${n})
  return { mode: '${forward ? 'forward' : 'reverse'}', value: ${outValues(fromArrays)}, jacobian: rows${ann(' as unknown as Jacobian')} }
}`,
  )
  if (single) {
    parts.push(
      '',
      `/** The output's value and gradient, by reverse mode. */`,
      `export function gradient(inputs${ann(': Inputs')})${ann(': { value: number; gradient: Inputs }')} {\n  ${call('gradient', 'inputs')}\n}`,
      '',
      `/** The output's value, gradient and Hessian, by forward over reverse (exact to rounding). */`,
      `export function hessian(inputs${ann(': Inputs')})${ann(': { value: number; gradient: Inputs; hessian: Hessian }')} {
  ${call('linearize2', 'inputs')}
  const H = new Float64Array(${n * n})
  for (let j = 0; j < ${n}; j++) {
    T.fill(0)
    T[j] = 1
    ${call('tangents')}
    A.fill(0)
    B.fill(0)
    A[OUTPUT_SLOTS[0]] += 1
    ${call('secondAdjoints')}
    for (let i = 0; i < ${n}; i++) H[i * ${n} + j] = B[i]
  }
  // Mixed partials computed in two orders agree to rounding; their mean makes the matrix symmetric.
  for (let i = 0; i < ${n}; i++) {
    for (let j = i + 1; j < ${n}; j++) {
      const a = H[i * ${n} + j]
      const b = H[j * ${n} + i]
      if (a !== b) H[i * ${n} + j] = H[j * ${n} + i] = (a + b) / 2
    }
  }
  const rows${ann(': Record<string, Record<string, number>>')} = {}
  for (let i = 0; i < ${n}; i++) rows[INPUT_KEYS[i]] = pack(INPUT_KEYS, H, i * ${n})
  return { value: ${fromArrays(outRegs[0])}, gradient: pack(INPUT_KEYS, A, 0)${ann(' as unknown as Inputs')}, hessian: rows${ann(' as unknown as Hessian')} }
}`,
    )
  }
  return `${parts.join('\n')}\n`
}
