// The Diagram: the document and the one source of truth. Plain, JSON-serialisable data, changed only through
// the functions in edit.ts (so undo works on it) and read by the compiler, the file writer and the view.

export const FORMAT = 'dualwire-diagram'
/**
 * The newest format version this DualWire reads. A file is written with the oldest version that can hold it:
 * 1 without arrays (so older DualWires open it, and its hash is what it always was), 2 with them.
 */
export const VERSION = 2

/** What an input terminal holds: a number, or a 1D array of numbers. */
export type Value = number | number[]

/** Every input's value, element by element in terminal order: the flat point the drivers take. */
export function flatValues(inputs: readonly { value: Value }[]): number[] {
  return inputs.flatMap((t) => t.value)
}

/** The version a diagram needs: 2 once any value is an array (an input's, or an Array Constant's). */
export function versionOf(d: Pick<Diagram, 'inputs' | 'blocks'>): number {
  return d.inputs.some((t) => typeof t.value !== 'number') || d.blocks.some((b) => b.value !== undefined) ? 2 : 1
}

export interface InputTerminal {
  id: string
  name: string
  /** The current value: where the diagram is evaluated unless told otherwise. */
  value: Value
}

export interface OutputTerminal {
  id: string
  name: string
}

export interface Block {
  id: string
  primitive: string
  params: Record<string, number>
  /** An Array Constant's elements; no other block has one. */
  value?: number[]
}

/** One end of a wire: a block's port, or a terminal (whose one port is called `value`). */
export interface End {
  node: string
  port: string
}

export interface Wire {
  id: string
  from: End
  to: End
}

export interface Point {
  x: number
  y: number
}

/** A free text label on the diagram, placed by its top-left corner. */
export interface Comment {
  x: number
  y: number
  text: string
}

/** Everything about how the diagram looks; not part of its meaning or its hash. */
export interface Layout {
  positions: Record<string, Point>
  /** Slider ranges of input terminals on the front panel. */
  ranges: Record<string, { min: number; max: number }>
  /** Comments by id (ids shared with nodes and wires: never the same); absent in files that have none. */
  comments?: Record<string, Comment>
}

export interface Diagram {
  title: string
  inputs: InputTerminal[]
  outputs: OutputTerminal[]
  blocks: Block[]
  wires: Wire[]
  layout: Layout
}

export const TERMINAL_PORT = 'value'

export const ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/

/** The longest name a terminal may have, in UTF-16 units (what JavaScript calls a string's length). */
export const MAX_NAME_LENGTH = 200

/**
 * The one rule for names, wherever one is made (the loader, the formula language, renaming, pasting):
 * any printable text without backticks, so that a formula can quote any name in backticks.
 */
export function nameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'must be a string'
  if (name.length === 0) return 'must not be empty'
  if (name.length > MAX_NAME_LENGTH) return `must be at most ${MAX_NAME_LENGTH} characters`
  if (name.trim() !== name) return 'must not start or end with a space'
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f`]/.test(name)) return 'must not contain control characters or backticks'
  return undefined
}

/** The longest comment, in UTF-16 units. */
export const MAX_COMMENT_LENGTH = 4000

/** What is wrong with a comment's text, if anything: it may run over lines, but holds no other control character. */
export function commentProblem(text: unknown): string | undefined {
  if (typeof text !== 'string') return 'must be a string'
  if (text.trim().length === 0) return 'must not be empty'
  if (text.length > MAX_COMMENT_LENGTH) return `must be at most ${MAX_COMMENT_LENGTH} characters`
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)) return 'must not contain control characters other than line breaks'
  return undefined
}

/**
 * An empty map keyed by ids. It has no prototype, so an id such as `__proto__` or `constructor` is an
 * ordinary key.
 */
export function idMap<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>
}

/**
 * The entry for an id, if the map has one of its own: a diagram built elsewhere may key its layout by a
 * plain object, where `positions['constructor']` would be a function.
 */
export function entryOf<T>(m: Record<string, T>, id: string): T | undefined {
  return Object.hasOwn(m, id) ? m[id] : undefined
}

export function emptyLayout(): Layout {
  return { positions: idMap(), ranges: idMap(), comments: idMap() }
}

export function emptyDiagram(title = 'Untitled'): Diagram {
  return { title, inputs: [], outputs: [], blocks: [], wires: [], layout: emptyLayout() }
}

/** A problem with a diagram, with the place it is about. */
export interface Problem {
  /** `invalid`: the file is refused. `broken`: it loads but cannot run yet. */
  level: 'invalid' | 'broken'
  message: string
  node?: string
  port?: string
  wire?: string
  /** For file problems: the JSON path and, where known, its line and column. */
  field?: string
  line?: number
  column?: number
  /** The last entry of a refusal that stopped listing: how many problems it counted but did not list. */
  more?: number
}

/**
 * The first `shown` problems on one line, then how many more there are: those beyond `shown`, and those a
 * refusal only counted (its last entry says how many, in `more`).
 */
export function problemsText(problems: readonly Problem[], shown: number): string {
  const listed = problems.filter((p) => p.more === undefined)
  const rest = Math.max(0, listed.length - shown) + problems.reduce((n, p) => n + (p.more ?? 0), 0)
  return `${listed.slice(0, shown).map(problemText).join('; ')}${rest > 0 ? `; and ${rest} more` : ''}`
}

export function problemText(p: Problem): string {
  const where: string[] = []
  if (p.line !== undefined) where.push(`line ${p.line}, column ${p.column}`)
  if (p.field) where.push(p.field)
  return where.length > 0 ? `${where.join(', ')}: ${p.message}` : p.message
}
