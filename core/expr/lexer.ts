import { clip } from '../clip'
import { nameProblem } from '../diagram/model'
import { type Place, placeText } from './ast'

export type Token =
  | { type: 'num'; value: number; text: string; at: Place }
  | { type: 'name'; text: string; at: Place; quoted?: boolean }
  | { type: 'op'; text: string; at: Place }
  | { type: 'sep'; text: string; at: Place }
  | { type: 'end'; text: ''; at: Place }

/** A problem in formula text: `unknown function 'sine' at column 5; did you mean 'sin'?` */
export class FormulaError extends Error {
  constructor(
    readonly detail: string,
    readonly at: Place,
    readonly hint = '',
  ) {
    super(`${detail} at ${placeText(at)}${hint}`)
    this.name = 'FormulaError'
  }
}

const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y
const NAME = /[\p{L}_][\p{L}\p{Nd}_]*/uy
const SUPERSCRIPTS = new Map([...'⁰¹²³⁴⁵⁶⁷⁸⁹'].map((c, i) => [c, String(i)]))
const OPERATORS = ['<=', '>=', '==', '!=', '+', '-', '*', '/', '^', '<', '>', '(', ')', '[', ']', ':', ',', '=']

/**
 * Splits formula text into tokens. Statements end at `;` or at a newline outside parentheses and brackets;
 * `#` starts a comment that runs to the end of the line. Every name, bare or in backticks, must be one a
 * diagram file may hold. Linear in the text: nothing is scanned twice.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let line = 1
  let lineStart = 0
  let depth = 0
  let i = 0
  // Where the current line ends, found once per line: looking it up from every backtick would be quadratic.
  let lineEnd = -1
  const here = (): Place => ({ line, column: i - lineStart + 1 })
  const name = (text: string, at: Place, quoted: boolean): Token => {
    const problem = nameProblem(text)
    if (problem) throw new FormulaError(`the name \`${clip(text)}\` ${problem}`, at)
    return quoted ? { type: 'name', text, at, quoted } : { type: 'name', text, at }
  }
  while (i < text.length) {
    const ch = text[i]
    if (ch === '\n') {
      if (depth === 0) tokens.push({ type: 'sep', text: '\n', at: here() })
      i++
      line++
      lineStart = i
      continue
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++
      continue
    }
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++
      continue
    }
    if (ch === ';') {
      tokens.push({ type: 'sep', text: ';', at: here() })
      i++
      continue
    }
    NUMBER.lastIndex = i
    const num = NUMBER.exec(text)
    if (num) {
      const at = here()
      tokens.push({ type: 'num', value: Number(num[0]), text: num[0], at })
      i += num[0].length
      NAME.lastIndex = i
      const glued = NAME.exec(text)
      if (glued) {
        const hint = num[0] === '0' && /^[xXbBoO]/.test(glued[0]) ? '; hexadecimal, binary and octal numbers are not supported' : `; write '${clip(num[0])}*${clip(glued[0])}' for a product`
        throw new FormulaError(`'${clip(num[0] + glued[0])}' is not a number`, at, hint)
      }
      continue
    }
    if (ch === '`') {
      // A name in backticks may hold spaces and symbols, and is never a function or a constant.
      const at = here()
      if (lineEnd < i) {
        lineEnd = text.indexOf('\n', i)
        if (lineEnd < 0) lineEnd = text.length
      }
      const close = text.indexOf('`', i + 1)
      if (close < 0 || close > lineEnd) throw new FormulaError('unclosed backtick', at)
      if (close === i + 1) throw new FormulaError('empty name in backticks', at)
      tokens.push(name(text.slice(i + 1, close), at, true))
      i = close + 1
      continue
    }
    NAME.lastIndex = i
    const bare = NAME.exec(text)
    if (bare) {
      tokens.push(name(bare[0], here(), false))
      i += bare[0].length
      continue
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i))
    if (op) {
      if (op === '(' || op === '[') depth++
      if (op === ')' || op === ']') depth = Math.max(0, depth - 1)
      tokens.push({ type: 'op', text: op, at: here() })
      i += op.length
      continue
    }
    const code = text.codePointAt(i) ?? 0
    const char = String.fromCodePoint(code)
    const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
    // Spaces and invisible characters are named by code point; they look like nothing in a message.
    const shown = /[\p{L}\p{N}\p{P}\p{S}]/u.test(char) ? `'${char}' (${hex})` : hex
    const hint = SUPERSCRIPTS.has(char) ? `; write ^${SUPERSCRIPTS.get(char)} for a power` : ''
    throw new FormulaError(`unexpected character ${shown}`, here(), hint)
  }
  tokens.push({ type: 'end', text: '', at: here() })
  return tokens
}
