import { clip } from '../clip'
import { ARRAY_CONSTANT, type Expr, INFIX, type InfixOperator, type Place, placeText, PRECEDENCE, PREFIX_MINUS, SINGLETON, type Slice, type Statement } from './ast'
import { FormulaError, type Token, tokenize } from './lexer'

// An operator-precedence parser with explicit stacks: no recursion, so a formula nested 30,000 levels deep
// or a megabyte long parses in linear time without touching the call stack.

type Pending =
  | { kind: 'binary'; op: InfixOperator; at: Place }
  | { kind: 'neg'; at: Place }
  | { kind: 'paren'; at: Place }
  | { kind: 'call'; fn: string; at: Place; argc: number }
  /** `x[` waiting for its index; x is on the operand stack below it. */
  | { kind: 'index'; at: Place }
  /** `[` of an array literal, counting its elements as a call counts arguments. */
  | { kind: 'list'; at: Place; argc: number }

const BUILD = 'build'
const INDEX = 'index'
const SUBSET = 'subset'
const SLICE_HINT = '; slice bounds are whole numbers written out, as in x[1:], x[:-1] or x[2:5]'

const COMPARISON = new Set<string>(['<', '<=', '>', '>=', '==', '!='])

function isInfix(text: string): text is InfixOperator {
  return Object.hasOwn(INFIX, text)
}

function describe(t: Token): string {
  if (t.type === 'end') return 'the end of the formula'
  if (t.type === 'sep') return t.text === ';' ? "';'" : 'the end of the line'
  return `'${clip(t.text)}'`
}

const isOp = (t: Token, text: string) => t.type === 'op' && t.text === text

/**
 * `[a:b]` at tokens[i], each bound an optional whole-number literal with an optional minus: the slice and the
 * index of the token after `]`, or undefined when the brackets hold anything else (an index).
 */
function sliceAt(tokens: Token[], i: number): { slice: Slice; next: number } | undefined {
  let j = i + 1
  const literals: Token[] = []
  const bound = (): number | undefined | null => {
    const minus = isOp(tokens[j], '-')
    const t = tokens[minus ? j + 1 : j]
    if (t.type !== 'num') return minus ? null : undefined
    j += minus ? 2 : 1
    literals.push(t)
    // +0 turns -0 into 0: x[-0:] starts at the start, as in Python.
    return (minus ? -t.value : t.value) + 0
  }
  const start = bound()
  if (start === null || !isOp(tokens[j], ':')) return undefined
  j++
  const stop = bound()
  if (stop === null || !isOp(tokens[j], ']')) return undefined
  for (const t of literals) {
    if (t.type === 'num' && !Number.isInteger(t.value)) throw new FormulaError(`'${clip(t.text)}' is not a whole number`, t.at, SLICE_HINT)
  }
  const slice: Slice = {}
  if (start !== undefined) slice.start = start
  if (stop !== undefined) slice.stop = stop
  return { slice, next: j + 1 }
}

/**
 * Parses one expression starting at tokens[start]; returns it and the index of the first token after it.
 * Without `brackets` (the kernel language, which has no arrays) `[` is refused.
 */
function parseExpression(tokens: Token[], start: number, brackets = true): { expr: Expr; next: number } {
  const operands: Expr[] = []
  const pending: Pending[] = []
  let i = start
  let expectOperand = true

  const reduce = (): void => {
    const top = pending.pop()!
    if (top.kind === 'neg') {
      const arg = operands.pop()!
      // A minus in front of a literal is part of the number, so `-2` is the constant -2 (and prints back as it).
      operands.push(
        arg.kind === 'num' ? { kind: 'num', value: -arg.value, at: top.at } : { kind: 'call', fn: PREFIX_MINUS, args: [arg], at: top.at, infix: '-' },
      )
    } else if (top.kind === 'binary') {
      const right = operands.pop()!
      const left = operands.pop()!
      operands.push({ kind: 'call', fn: INFIX[top.op], args: [left, right], at: top.at, infix: top.op })
    }
  }
  const strength = (p: Pending): number => (p.kind === 'binary' ? PRECEDENCE[p.op] : p.kind === 'neg' ? PRECEDENCE.neg : -1)
  const noBrackets = (t: Token) => new FormulaError(`'${t.text}' has no meaning here: the kernel language has no arrays`, t.at)
  const sliceOnly = (t: Token) => new FormulaError(`':' belongs in a slice`, t.at, SLICE_HINT)
  // The elements of `[a, b, c]` in order: Build Array of a and b, then of that and c; numbers written out
  // are one Array Constant.
  const list = (items: Expr[], at: Place): Expr => {
    if (items.every((e) => e.kind === 'num')) return { kind: 'call', fn: ARRAY_CONSTANT, args: items, at }
    if (items.length === 1) return { kind: 'call', fn: SINGLETON.primitive, args: [items[0], { kind: 'num', value: SINGLETON.length, at }], at }
    let built = items[0]
    for (let k = 1; k < items.length; k++) built = { kind: 'call', fn: BUILD, args: [built, items[k]], at }
    return built
  }

  for (;;) {
    const t = tokens[i]
    if (expectOperand) {
      if (t.type === 'num') {
        operands.push({ kind: 'num', value: t.value, at: t.at })
        expectOperand = false
      } else if (t.type === 'name') {
        const after = tokens[i + 1]
        if (after.type === 'op' && after.text === '(' && !t.quoted) {
          pending.push({ kind: 'call', fn: t.text, at: t.at, argc: 0 })
          i++
          const close = tokens[i + 1]
          if (close.type === 'op' && close.text === ')') {
            pending.pop()
            operands.push({ kind: 'call', fn: t.text, args: [], at: t.at })
            i++
            expectOperand = false
          }
        } else {
          operands.push(t.quoted ? { kind: 'name', name: t.text, at: t.at, quoted: true } : { kind: 'name', name: t.text, at: t.at })
          expectOperand = false
        }
      } else if (t.type === 'op' && t.text === '(') {
        pending.push({ kind: 'paren', at: t.at })
      } else if (t.type === 'op' && t.text === '[') {
        if (!brackets) throw noBrackets(t)
        if (isOp(tokens[i + 1], ']')) throw new FormulaError('an empty array literal [] has no elements to build from', t.at, '; write [a, b, ...] or init(v, length)')
        pending.push({ kind: 'list', at: t.at, argc: 0 })
      } else if (t.type === 'op' && t.text === ':') {
        throw sliceOnly(t)
      } else if (t.type === 'op' && t.text === '-') {
        pending.push({ kind: 'neg', at: t.at })
      } else if (t.type === 'op' && t.text === '+') {
        // unary plus changes nothing
      } else {
        throw new FormulaError(`expected a number, a name or '(' but found ${describe(t)}`, t.at)
      }
      i++
      continue
    }

    if (t.type === 'op' && t.text === '[') {
      // Indexing and slicing bind tighter than any operator: they apply to the operand just read.
      if (!brackets) throw noBrackets(t)
      const sliced = sliceAt(tokens, i)
      if (sliced) {
        operands.push({ kind: 'call', fn: SUBSET, args: [operands.pop()!], at: t.at, slice: sliced.slice })
        i = sliced.next
      } else {
        pending.push({ kind: 'index', at: t.at })
        expectOperand = true
        i++
      }
      continue
    }
    if (t.type === 'op' && t.text === ':') throw sliceOnly(t)
    if (t.type === 'op' && isInfix(t.text)) {
      const op = t.text
      const p = PRECEDENCE[op]
      const rightAssociative = op === '^'
      while (pending.length > 0) {
        const s = strength(pending[pending.length - 1])
        if (s > p || (s === p && !rightAssociative)) reduce()
        else break
      }
      if (COMPARISON.has(op)) {
        const previous = pending[pending.length - 1]
        const chained = operands[operands.length - 1]
        if ((previous?.kind === 'binary' && COMPARISON.has(previous.op)) || (chained.kind === 'call' && chained.infix && COMPARISON.has(chained.infix))) {
          throw new FormulaError(`comparisons do not chain`, t.at, `; compare two values at a time and combine the results with select(...)`)
        }
      }
      pending.push({ kind: 'binary', op, at: t.at })
      expectOperand = true
      i++
      continue
    }
    if (t.type === 'op' && (t.text === ',' || t.text === ')' || t.text === ']')) {
      while (pending.length > 0 && (pending[pending.length - 1].kind === 'binary' || pending[pending.length - 1].kind === 'neg')) reduce()
      const open = pending[pending.length - 1]
      if (!open) {
        if (t.text === ',') throw new FormulaError(`',' outside a function call`, t.at)
        throw new FormulaError(`unbalanced '${t.text}': nothing to close`, t.at)
      }
      const bracket = open.kind === 'index' || open.kind === 'list'
      if (t.text === ',') {
        if (open.kind === 'index') throw new FormulaError(`',' in an index: x[i] takes one index`, t.at)
        if (open.kind !== 'call' && open.kind !== 'list') throw new FormulaError(`',' outside a function call`, t.at)
        open.argc++
        expectOperand = true
      } else if (bracket !== (t.text === ']')) {
        const what = open.kind === 'call' ? `'${clip(open.fn)}('` : bracket ? `'['` : `'('`
        throw new FormulaError(`'${t.text}' cannot close ${what} (opened at ${placeText(open.at)})`, t.at)
      } else if (open.kind === 'index') {
        pending.pop()
        const index = operands.pop()!
        operands.push({ kind: 'call', fn: INDEX, args: [operands.pop()!, index], at: open.at })
      } else if (open.kind === 'list') {
        pending.pop()
        const n = open.argc + 1
        operands.push(list(operands.splice(operands.length - n, n), open.at))
      } else {
        pending.pop()
        if (open.kind === 'call') {
          const argc = open.argc + 1
          const args = operands.splice(operands.length - argc, argc)
          operands.push({ kind: 'call', fn: open.fn, args, at: open.at })
        }
      }
      i++
      continue
    }
    // Anything else ends the expression.
    while (pending.length > 0) {
      const top = pending[pending.length - 1]
      if (top.kind === 'paren' || top.kind === 'call') {
        const what = top.kind === 'call' ? `'${clip(top.fn)}('` : `'('`
        throw new FormulaError(`unbalanced parentheses: ${what} is never closed`, top.at)
      }
      if (top.kind === 'index' || top.kind === 'list') throw new FormulaError(`unbalanced brackets: '[' is never closed`, top.at)
      reduce()
    }
    if (t.type === 'name' || t.type === 'num' || (t.type === 'op' && t.text === '(')) {
      throw new FormulaError(`expected an operator before ${describe(t)}`, t.at)
    }
    return { expr: operands[0], next: i }
  }
}

/** Parses a whole formula: statements separated by `;` or new lines. */
export function parseFormula(text: string): Statement[] {
  const tokens = tokenize(text)
  const statements: Statement[] = []
  let i = 0
  for (;;) {
    while (tokens[i].type === 'sep') i++
    const t = tokens[i]
    if (t.type === 'end') break
    let kind: Statement['kind'] = 'bare'
    let name = 'f'
    let nameAt = t.at
    let quoted = false
    const isLet = t.type === 'name' && !t.quoted && t.text === 'let' && tokens[i + 1].type === 'name'
    const head = isLet ? tokens[i + 1] : t
    const eq = tokens[isLet ? i + 2 : i + 1]
    if (head.type === 'name' && eq.type === 'op' && eq.text === '=') {
      kind = isLet ? 'local' : 'output'
      name = head.text
      nameAt = head.at
      quoted = head.quoted === true
      i += isLet ? 3 : 2
    } else if (isLet) {
      throw new FormulaError(`expected '=' after 'let ${clip(head.text)}'`, eq.at)
    }
    const { expr, next } = parseExpression(tokens, i)
    const end = tokens[next]
    if (end.type === 'op' && end.text === '=') {
      throw new FormulaError(`'=' must follow an output name at the start of a statement`, end.at)
    }
    if (end.type !== 'sep' && end.type !== 'end') {
      throw new FormulaError(`unexpected ${describe(end)}`, end.at)
    }
    statements.push(quoted ? { kind, name, nameAt, quoted, expr } : { kind, name, nameAt, expr })
    i = next
  }
  if (statements.length === 0) throw new FormulaError('the formula is empty', tokens[0].at)
  return statements
}

/** Parses a single expression (the kernel language of the primitive table uses this). */
export function parseExpressionText(text: string): Expr {
  const tokens = tokenize(text)
  const { expr, next } = parseExpression(tokens, 0, false)
  if (tokens[next].type !== 'end') throw new FormulaError(`unexpected ${describe(tokens[next])}`, tokens[next].at)
  return expr
}
