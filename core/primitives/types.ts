// The shape of one row of the primitive table.
//
// Rows are data written in the kernel language (the formula language, read by the same parser):
// - `value` is either `native` (the instruction of the same name in core/kernel/machine.ts) or an expression
//   over the block's inputs and parameters that calls other primitives;
// - each partial is an expression that may also use its own output, always called `r`;
// - `domain` and `kinks` are predicates on the same names, each with the words the user sees. A domain
//   condition is the one place that says where a primitive's input is outside its domain: the editor flags
//   the value (or only its derivatives) there and everything computed from it, and the CLI warns.
// Every sweep, the exporter, the palette, the README table and the tests read these rows; nothing else
// in the project may special-case a primitive by name.

export type Category = 'numeric' | 'trigonometric' | 'hyperbolic' | 'exponential' | 'comparison' | 'array' | 'constants' | 'internal'

/** What a wire carries, element by element: numbers (with derivatives) or Booleans (without). */
export type PortType = 'number' | 'boolean'

export const NATIVE = 'native'

export interface PortSpec {
  id: string
  type: PortType
  /**
   * `scalar`: one element only (an index); `array`: a 1D array only. Unset: either, which is every port of a
   * row written in the kernel language: such a row works element by element on arrays, and on an array with
   * a scalar, which is used for every element.
   */
  shape?: 'scalar' | 'array'
}

export interface OutputSpec extends PortSpec {
  /** `native`, or an expression in the kernel language. */
  value: string
  /** ∂output/∂input for every number input, using the output as `r`; an input left out has partial 0. */
  partials: Record<string, string>
}

export interface Condition {
  when: string
  /** What the user reads when `when` holds at the block's inputs. */
  message: string
  /**
   * What is wrong where `when` holds: the value (the default: it is NaN or infinite, or meaningless), or only
   * the derivative (√x at 0 is 0, but its slope is infinite, which a zero tangent would hide).
   */
  breaks?: 'value' | 'derivative'
}

export interface Primitive {
  id: string
  /** Name of the matching LabVIEW function. */
  labview: string
  /** Short glyph drawn on the block. */
  glyph: string
  category: Category
  /** One line for the palette's tooltip and the README table. */
  doc: string
  inputs: PortSpec[]
  outputs: OutputSpec[]
  params: { id: string; default: number }[]
  /** Where the result is NaN or infinite, or the derivative is. */
  domain: Condition[]
  /** Where the function is not differentiable, and the convention the sweeps follow there. */
  kinks: Condition[]
  /** An Array palette row: loops over whole arrays instead of an expression per element (array.ts). */
  array?: import('./array-rule').ArrayRule
  /**
   * LabVIEW's Array Constant: the block holds its elements (Block.value) as an input terminal holds its
   * value, and the schedule starts with them; nothing is computed and nothing is differentiated.
   */
  holds?: 'array'
}

interface RowOptions {
  glyph: string
  doc: string
  value?: string
  domain?: Condition[]
  kinks?: Condition[]
}

type Family = Omit<Primitive, 'category'>

const num = (id: string): PortSpec => ({ id, type: 'number' })

/** A one-input, one-output primitive whose input is `x`, output `r` and partial `dx`. */
export function unary(id: string, labview: string, o: RowOptions & { dx: string }): Family {
  return {
    id, labview, glyph: o.glyph, doc: o.doc,
    inputs: [num('x')],
    outputs: [{ id: 'r', type: 'number', value: o.value ?? NATIVE, partials: { x: o.dx } }],
    params: [], domain: o.domain ?? [], kinks: o.kinks ?? [],
  }
}

/** A two-input, one-output primitive; `inputs` names its ports in argument order. */
export function binary(id: string, labview: string, inputs: [string, string], o: RowOptions & { partials: [string, string] }): Family {
  return {
    id, labview, glyph: o.glyph, doc: o.doc,
    inputs: inputs.map(num),
    outputs: [{ id: 'r', type: 'number', value: o.value ?? NATIVE, partials: { [inputs[0]]: o.partials[0], [inputs[1]]: o.partials[1] } }],
    params: [], domain: o.domain ?? [], kinks: o.kinks ?? [],
  }
}

/** A primitive assembled from the outputs of other rows (Sine & Cosine, Max & Min). */
export function combined(id: string, labview: string, glyph: string, doc: string, parts: Array<[string, Family]>): Family {
  const first = parts[0][1]
  return {
    id, labview, glyph, doc,
    inputs: first.inputs,
    // A part written `native` means its own row's instruction, so name it.
    outputs: parts.map(([port, row]) => {
      const out = row.outputs[0]
      return { ...out, id: port, value: out.value === NATIVE ? `${NATIVE}:${row.id}` : out.value }
    }),
    params: [],
    domain: parts.flatMap(([, row]) => row.domain),
    kinks: parts.flatMap(([, row]) => row.kinks),
  }
}

export function family(category: Category, rows: Family[]): Primitive[] {
  return rows.map((row) => ({ ...row, category }))
}
