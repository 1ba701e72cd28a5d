// The syntax tree shared by the user's formula language and the kernel language the primitive table is written in.
// Infix operators are parsed straight into calls of the primitive they stand for (`a + b` is `add(a, b)`),
// so every consumer handles one node kind for every operation.

export interface Place {
  line: number
  column: number
}

export type Expr =
  | { kind: 'num'; value: number; at: Place }
  | { kind: 'name'; name: string; at: Place; quoted?: boolean }
  | { kind: 'call'; fn: string; args: Expr[]; at: Place; infix?: string; slice?: Slice }

/**
 * `x[start:stop]` parses as a call of Array Subset on x alone, with the bounds as written (whole numbers,
 * negative counting from the end, absent where left out); the formula layer turns them into the block's
 * offset and length, since only it knows the primitive table.
 */
export interface Slice {
  start?: number
  stop?: number
}

/** `[a]`: a one-element array literal is Initialize Array of length 1, since Build Array takes two inputs. */
export const SINGLETON = { primitive: 'init', length: 1 } as const
/** `[1, 2, 3]`, every element a number written out, is one Array Constant holding them. */
export const ARRAY_CONSTANT = 'arrayconst'

export interface Statement {
  /** `f = ...` names an output, `let t = ...` a local, a bare expression is the output `f`. */
  kind: 'output' | 'local' | 'bare'
  name: string
  nameAt: Place
  /** The name was written in backticks, so it may spell a function or constant. */
  quoted?: boolean
  expr: Expr
}

/** Infix spellings and the primitives they mean; the printer and the parser both read this. */
export const INFIX = {
  '+': 'add',
  '-': 'sub',
  '*': 'mul',
  '/': 'div',
  '^': 'pow',
  '<': 'lt',
  '<=': 'le',
  '>': 'gt',
  '>=': 'ge',
  '==': 'eq',
  '!=': 'ne',
} as const

export type InfixOperator = keyof typeof INFIX

/** Unary minus, and the primitive it means. */
export const PREFIX_MINUS = 'neg'

/** `x^2` with a literal 2 is LabVIEW's Square block, as people wire it; any other power is Power Of X. */
export const SQUARE = { primitive: 'square', exponent: 2 } as const

/** Binding strength; `^` binds tighter than unary minus, so `-x^2` is `-(x^2)`. */
export const PRECEDENCE: Record<InfixOperator | 'neg', number> = {
  '<': 1, '<=': 1, '>': 1, '>=': 1, '==': 1, '!=': 1,
  '+': 2, '-': 2,
  '*': 3, '/': 3,
  neg: 4,
  '^': 5,
}

export function placeText(at: Place, withLine = at.line > 1): string {
  return withLine ? `line ${at.line}, column ${at.column}` : `column ${at.column}`
}

/**
 * Children before parents, without recursion: formulas may be nested tens of thousands of levels deep
 * and a recursive walk would overflow the stack.
 */
export function postorder(root: Expr): Expr[] {
  const out: Expr[] = []
  const stack: Array<{ node: Expr; next: number }> = [{ node: root, next: 0 }]
  while (stack.length > 0) {
    const top = stack[stack.length - 1]
    const node = top.node
    if (node.kind === 'call' && top.next < node.args.length) {
      stack.push({ node: node.args[top.next++], next: 0 })
    } else {
      out.push(node)
      stack.pop()
    }
  }
  return out
}
