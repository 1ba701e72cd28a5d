// The instruction set the primitive table compiles to, and the loop that runs it.
//
// A program is a flat Int32Array of instructions `op, arg...` over one Float64Array of registers; the i-th
// instruction of a program writes register base + i (the compiler numbers registers so), which keeps a
// schedule small. Every instruction is a single IEEE operation or Math call; the exporter prints the same
// instructions as JavaScript, so the engine and exported code compute identical bits. The switch below is
// the engine's only dispatch; it lists instructions, never primitives (rows of the table choose them by name).
//
// Booleans are the numbers 1 and 0. Case labels must stay integer literals (a const enum in this file)
// so that V8 compiles the switch to a jump table.

export const enum Op {
  add, sub, mul, div, neg,
  abs, sign, floor, ceil, trunc, roundHalfUp,
  sqrt, cbrt, exp, expm1, log, log1p, log2, log10,
  sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, asinh, acosh, atanh,
  pow, atan2, hypot, max, min, rem,
  gt, ge, lt, le, eq, ne,
  select,
}

export interface Instruction {
  name: string
  arity: 1 | 2 | 3
  /** JavaScript for the exporter; arguments are already-printed operands. */
  js: (a: string, b: string, c: string) => string
}

const math = (fn: string) => (a: string, b: string): string => (b ? `Math.${fn}(${a}, ${b})` : `Math.${fn}(${a})`)
const infix = (op: string) => (a: string, b: string): string => `${a} ${op} ${b}`
const test = (op: string) => (a: string, b: string): string => `(${a} ${op} ${b} ? 1 : 0)`

/** Indexed by Op. The names are what rows of the primitive table write after `native:`. */
export const INSTRUCTIONS: readonly Instruction[] = [
  { name: 'add', arity: 2, js: infix('+') },
  { name: 'sub', arity: 2, js: infix('-') },
  { name: 'mul', arity: 2, js: infix('*') },
  { name: 'div', arity: 2, js: infix('/') },
  { name: 'neg', arity: 1, js: (a) => `-${a}` },
  { name: 'abs', arity: 1, js: math('abs') },
  { name: 'sign', arity: 1, js: math('sign') },
  { name: 'floor', arity: 1, js: math('floor') },
  { name: 'ceil', arity: 1, js: math('ceil') },
  { name: 'trunc', arity: 1, js: math('trunc') },
  { name: 'roundHalfUp', arity: 1, js: math('round') },
  { name: 'sqrt', arity: 1, js: math('sqrt') },
  { name: 'cbrt', arity: 1, js: math('cbrt') },
  { name: 'exp', arity: 1, js: math('exp') },
  { name: 'expm1', arity: 1, js: math('expm1') },
  { name: 'log', arity: 1, js: math('log') },
  { name: 'log1p', arity: 1, js: math('log1p') },
  { name: 'log2', arity: 1, js: math('log2') },
  { name: 'log10', arity: 1, js: math('log10') },
  { name: 'sin', arity: 1, js: math('sin') },
  { name: 'cos', arity: 1, js: math('cos') },
  { name: 'tan', arity: 1, js: math('tan') },
  { name: 'asin', arity: 1, js: math('asin') },
  { name: 'acos', arity: 1, js: math('acos') },
  { name: 'atan', arity: 1, js: math('atan') },
  { name: 'sinh', arity: 1, js: math('sinh') },
  { name: 'cosh', arity: 1, js: math('cosh') },
  { name: 'tanh', arity: 1, js: math('tanh') },
  { name: 'asinh', arity: 1, js: math('asinh') },
  { name: 'acosh', arity: 1, js: math('acosh') },
  { name: 'atanh', arity: 1, js: math('atanh') },
  { name: 'pow', arity: 2, js: math('pow') },
  { name: 'atan2', arity: 2, js: math('atan2') },
  { name: 'hypot', arity: 2, js: math('hypot') },
  { name: 'max', arity: 2, js: math('max') },
  { name: 'min', arity: 2, js: math('min') },
  { name: 'rem', arity: 2, js: infix('%') },
  { name: 'gt', arity: 2, js: test('>') },
  { name: 'ge', arity: 2, js: test('>=') },
  { name: 'lt', arity: 2, js: test('<') },
  { name: 'le', arity: 2, js: test('<=') },
  { name: 'eq', arity: 2, js: test('===') },
  { name: 'ne', arity: 2, js: test('!==') },
  { name: 'select', arity: 3, js: (c, a, b) => `(${c} !== 0 ? ${a} : ${b})` },
]

export const OP_BY_NAME: ReadonlyMap<string, Op> = new Map(INSTRUCTIONS.map((ins, op) => [ins.name, op as Op]))

/** Words an instruction occupies in a program: the op and its arguments. */
export function instructionLength(op: Op): number {
  return 1 + INSTRUCTIONS[op].arity
}

/** Runs the program P over the registers R; its instructions write registers base, base + 1, … */
export function run(P: Int32Array, base: number, R: Float64Array): void {
  const end = P.length
  let k = 0
  for (let d = base; k < end; d++) {
    const a = R[P[k + 1]]
    switch (P[k]) {
      case Op.add: R[d] = a + R[P[k + 2]]; k += 3; break
      case Op.sub: R[d] = a - R[P[k + 2]]; k += 3; break
      case Op.mul: R[d] = a * R[P[k + 2]]; k += 3; break
      case Op.div: R[d] = a / R[P[k + 2]]; k += 3; break
      case Op.neg: R[d] = -a; k += 2; break
      case Op.abs: R[d] = Math.abs(a); k += 2; break
      case Op.sign: R[d] = Math.sign(a); k += 2; break
      case Op.floor: R[d] = Math.floor(a); k += 2; break
      case Op.ceil: R[d] = Math.ceil(a); k += 2; break
      case Op.trunc: R[d] = Math.trunc(a); k += 2; break
      case Op.roundHalfUp: R[d] = Math.round(a); k += 2; break
      case Op.sqrt: R[d] = Math.sqrt(a); k += 2; break
      case Op.cbrt: R[d] = Math.cbrt(a); k += 2; break
      case Op.exp: R[d] = Math.exp(a); k += 2; break
      case Op.expm1: R[d] = Math.expm1(a); k += 2; break
      case Op.log: R[d] = Math.log(a); k += 2; break
      case Op.log1p: R[d] = Math.log1p(a); k += 2; break
      case Op.log2: R[d] = Math.log2(a); k += 2; break
      case Op.log10: R[d] = Math.log10(a); k += 2; break
      case Op.sin: R[d] = Math.sin(a); k += 2; break
      case Op.cos: R[d] = Math.cos(a); k += 2; break
      case Op.tan: R[d] = Math.tan(a); k += 2; break
      case Op.asin: R[d] = Math.asin(a); k += 2; break
      case Op.acos: R[d] = Math.acos(a); k += 2; break
      case Op.atan: R[d] = Math.atan(a); k += 2; break
      case Op.sinh: R[d] = Math.sinh(a); k += 2; break
      case Op.cosh: R[d] = Math.cosh(a); k += 2; break
      case Op.tanh: R[d] = Math.tanh(a); k += 2; break
      case Op.asinh: R[d] = Math.asinh(a); k += 2; break
      case Op.acosh: R[d] = Math.acosh(a); k += 2; break
      case Op.atanh: R[d] = Math.atanh(a); k += 2; break
      case Op.pow: R[d] = Math.pow(a, R[P[k + 2]]); k += 3; break
      case Op.atan2: R[d] = Math.atan2(a, R[P[k + 2]]); k += 3; break
      case Op.hypot: R[d] = Math.hypot(a, R[P[k + 2]]); k += 3; break
      case Op.max: R[d] = Math.max(a, R[P[k + 2]]); k += 3; break
      case Op.min: R[d] = Math.min(a, R[P[k + 2]]); k += 3; break
      case Op.rem: R[d] = a % R[P[k + 2]]; k += 3; break
      case Op.gt: R[d] = a > R[P[k + 2]] ? 1 : 0; k += 3; break
      case Op.ge: R[d] = a >= R[P[k + 2]] ? 1 : 0; k += 3; break
      case Op.lt: R[d] = a < R[P[k + 2]] ? 1 : 0; k += 3; break
      case Op.le: R[d] = a <= R[P[k + 2]] ? 1 : 0; k += 3; break
      case Op.eq: R[d] = a === R[P[k + 2]] ? 1 : 0; k += 3; break
      case Op.ne: R[d] = a !== R[P[k + 2]] ? 1 : 0; k += 3; break
      case Op.select: R[d] = a !== 0 ? R[P[k + 2]] : R[P[k + 3]]; k += 4; break
      default: throw new Error(`unknown instruction ${P[k]} at word ${k}`)
    }
  }
}

const scratch = new Float64Array(4)
const programs = INSTRUCTIONS.map((ins, op) => Int32Array.from([op, 0, 1, 2].slice(0, 1 + ins.arity)))

/** One instruction on plain numbers: constant folding and the Taylor sweep's order-0 values use it. */
export function apply(op: Op, a: number, b = 0, c = 0): number {
  scratch[0] = a
  scratch[1] = b
  scratch[2] = c
  run(programs[op], 3, scratch)
  return scratch[3]
}

// The same instructions over whole arrays: how a row of the kernel language runs element by element.
// An instruction is nine words, `op, n, dst, a, a-stride, b, b-stride, c, c-stride`: it writes R[dst + i]
// for i < n from R[a + i·a-stride] …, so an operand of stride 0 is a scalar used for every element. Each
// instruction is one loop; the common arithmetic has a loop of its own and the rest call `apply` per
// element, the same IEEE operation, so an array block computes each element to the bit as a scalar block
// would. It lives here so that its case labels are this file's integer literals, as run's are.

export const VECTOR_WORDS = 9

export function runVector(P: Int32Array, R: Float64Array): void {
  for (let k = 0; k < P.length; k += VECTOR_WORDS) {
    const n = P[k + 1]
    const d = P[k + 2]
    const a = P[k + 3]
    const sa = P[k + 4]
    const b = P[k + 5]
    const sb = P[k + 6]
    // An array with an array, or with one number (read once: an instruction never writes what it reads).
    const both = sa === 1 && sb === 1
    const x = R[a]
    const y = R[b]
    switch (P[k]) {
      case Op.add:
        if (both) for (let i = 0; i < n; i++) R[d + i] = R[a + i] + R[b + i]
        else if (sb === 0) for (let i = 0; i < n; i++) R[d + i] = R[a + i * sa] + y
        else for (let i = 0; i < n; i++) R[d + i] = x + R[b + i]
        break
      case Op.sub:
        if (both) for (let i = 0; i < n; i++) R[d + i] = R[a + i] - R[b + i]
        else if (sb === 0) for (let i = 0; i < n; i++) R[d + i] = R[a + i * sa] - y
        else for (let i = 0; i < n; i++) R[d + i] = x - R[b + i]
        break
      case Op.mul:
        if (both) for (let i = 0; i < n; i++) R[d + i] = R[a + i] * R[b + i]
        else if (sb === 0) for (let i = 0; i < n; i++) R[d + i] = R[a + i * sa] * y
        else for (let i = 0; i < n; i++) R[d + i] = x * R[b + i]
        break
      case Op.div:
        if (both) for (let i = 0; i < n; i++) R[d + i] = R[a + i] / R[b + i]
        else if (sb === 0) for (let i = 0; i < n; i++) R[d + i] = R[a + i * sa] / y
        else for (let i = 0; i < n; i++) R[d + i] = x / R[b + i]
        break
      case Op.neg: for (let i = 0; i < n; i++) R[d + i] = -R[a + i * sa]; break
      case Op.select: {
        const c = P[k + 7]
        const sc = P[k + 8]
        for (let i = 0; i < n; i++) R[d + i] = R[a + i * sa] !== 0 ? R[b + i * sb] : R[c + i * sc]
        break
      }
      default: {
        const op = P[k] as Op
        const c = P[k + 7]
        const sc = P[k + 8]
        for (let i = 0; i < n; i++) R[d + i] = apply(op, R[a + i * sa], R[b + i * sb], R[c + i * sc])
      }
    }
  }
}
