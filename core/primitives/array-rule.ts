// The shape of an Array palette row. A row of the kernel language works element by element; a function of
// a whole array (a sum, an index, a concatenation) cannot be written so, and is written as a rule instead:
// its output lengths, one loop computing its values, and its derivative as a list of linear maps of four
// kinds. Every sweep, forward and reverse, knows only those four kinds, so a rule states its derivative once,
// as JAX's primitives state a JVP from which the transpose follows.

/** The length of a value that is one number rather than an array. */
export const SCALAR = -1

/** Where a block's values live while it runs: offsets into the register file R and their lengths. */
export interface ArrayIo {
  in: Int32Array
  inN: Int32Array
  out: Int32Array
  outN: Int32Array
  /** Scratch vectors the rule fills for its edges: partials and indices. */
  aux: Int32Array
  auxN: Int32Array
  /** The block's parameters, in the row's order. */
  params: Float64Array
}

/** Where an edge's partial lives: an input, a scratch vector of the rule, or the constant 1. */
export type Ref = { in: number } | { aux: number } | 'one'

/**
 * A linear map from the tangent of input `from` to the tangent of output `to` (the reverse sweep runs its
 * transpose). Scalars broadcast: a scalar input of a `scale` edge into an array output is used for every
 * element, and its adjoint is the sum.
 */
export type LinearEdge =
  /** to[i] += p[i] · from[i] */
  | { kind: 'scale'; from: number; to: number; p: Ref }
  /** to += Σ p[i] · from[i]: `to` is a scalar */
  | { kind: 'reduce'; from: number; to: number; p: Ref }
  /**
   * to[start + i] += from[src(i)] for i < len, where src(i) = R[aux `index` + i] (skipped when negative) if an
   * index vector is given, else srcStart + i · step.
   */
  | { kind: 'gather'; from: number; to: number; start: number; len: number; index?: number; srcStart?: number; step?: number }
  /** to[i] += Σ_{j ≤ i} from[j] */
  | { kind: 'scan'; from: number; to: number }

export interface Shape {
  /** Each output's length (SCALAR for a number). */
  outs: number[]
  /** Each scratch vector's length. */
  aux: number[]
  edges: LinearEdge[]
}

/** One number of a diagram of numbers being built from an array diagram (compile/scalarize.ts). */
export interface ScalarRef {
  node: string
  port: string
  /** Its value at the point the diagram of numbers is built for. */
  value: number
}

/** What a rule's `scalar` builds with: blocks of the scalar palette, one number each. */
export interface ScalarBuilder {
  op(primitive: string, args: ScalarRef[], params?: Record<string, number>): ScalarRef
  constant(value: number): ScalarRef
}

export interface ArrayRule {
  /** The derivative in words and symbols, for the README's table (the edges are what the sweeps run). */
  derivative: string
  /**
   * Output lengths, scratch and edges from the input lengths (SCALAR for numbers) and parameters, or the
   * reason the block cannot run, which the editor shows on it (two arrays of different lengths).
   */
  shape(lengths: number[], params: number[]): Shape | string
  /** Computes the outputs and the scratch its edges read; allocates nothing. */
  run(R: Float64Array, io: ArrayIo): void
  /**
   * The same loop as `run`, as JavaScript for an exported module: one statement over the register array
   * named `R`, with io's offsets, lengths and parameters printed as literals. It must do the operations run
   * does in run's order, so that a module gets the engine's bits (test/core/array-js.test.ts runs both),
   * and declare nothing outside its braces. Written out, not taken from run.toString(): the renderer's
   * bundle is minified, and a printed loop can fold what the lengths already decide.
   */
  js?(io: ArrayIo, R: string): string
  /**
   * The rule as blocks of numbers doing run's operations in run's order, for second and higher derivatives,
   * which are taken on the diagram of numbers an array diagram is at one point (compile/scalarize.ts). A rule
   * without it is linear wherever it is smooth, so its edges at the point say all it does.
   */
  scalar?(ins: ScalarRef[][], f: ScalarBuilder, params: number[]): ScalarRef[][]
  /**
   * True where run is `s = 0; s += x[i]` for i in order and `r = s` (Add Array Elements): an exported module
   * then adds the elements inside the loop that makes them (codegen/fuse.ts), which rounds alike.
   */
  sums?: true
  /** After run: where an input is outside the domain, in words, and what it breaks. */
  domain?(R: Float64Array, io: ArrayIo): { message: string; breaks: 'value' | 'derivative' } | undefined
  /** After run: where the block sits on a kink, and the convention followed there. */
  kink?(R: Float64Array, io: ArrayIo): string | undefined
}
