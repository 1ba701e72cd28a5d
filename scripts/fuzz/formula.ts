import fc from 'fast-check'
import { compile, type Diagram, diagramToFormula, evaluate, FormulaError, formulaToDiagram, ELEMENTWISE } from '../../core'
import { EDGE_NUMBERS, LONG_NAMES, PROTOTYPE_KEYS } from './hostile'
import { Broken, reloadsTheSame } from './reload'

// The formula language, fuzzed from its grammar: names bare and in backticks (hostile ones among them),
// numbers at the edges of the doubles, every primitive of the palette called with its arity, comparisons
// choosing the branch of select, let, several outputs. A formula either is refused with a FormulaError, or
// becomes a diagram that saves and reloads the same, and prints as a formula that parses back to a diagram
// computing the same bits.

const BARE = ['x', 'y', 'z', 'x1', 'x10', 't', 'u', 'f', 'g', 'Δt', 'ǅ', 'E', '_', 'e2', ...PROTOTYPE_KEYS.filter((k) => /^\w+$/.test(k))]
const QUOTED = ['a b', 'flow rate', 'x', 'sin', 'let', 'pi', 'e', '1x', '😀', 'a\u00a0b', '#; =', '__proto__', 'e\u0301']
/** Refused: spaces at the ends, control characters, a newline inside the backticks. */
const QUOTED_BAD = [' a', 'a ', 'a\tb', 'a\rb', 'a\nb', 'a\u0000b']

const name = fc.oneof(
  { arbitrary: fc.constantFrom(...BARE), weight: 40 },
  { arbitrary: fc.constantFrom(...QUOTED).map((n) => `\`${n}\``), weight: 10 },
  { arbitrary: fc.constantFrom(...QUOTED_BAD).map((n) => `\`${n}\``), weight: 1 },
  // 199 to 201 characters: the longest legal name and one more, bare where it can be
  { arbitrary: fc.constantFrom(...LONG_NAMES).map((n) => (/^\w+$/.test(n) ? n : `\`${n}\``)), weight: 2 },
)

const NUMBERS = ['0', '1', '2', '3', '0.5', '.5', '7.', '2.5e-3', '1e308', '1.7976931348623157e308', '5e-324', '4.9e-324', '1e-400', '1e309', '10']

const CALLABLE = ELEMENTWISE.filter((p) => p.inputs.length > 0)
const COMPARISONS = ['<', '<=', '>', '>=', '==', '!=']
const depthIdentifier = fc.createDepthIdentifier()

const { num, bool } = fc.letrec<{ num: string; bool: string }>((tie) => ({
  num: fc.oneof(
    { maxDepth: 4, depthSize: 'small', depthIdentifier },
    { arbitrary: name, weight: 5 },
    { arbitrary: fc.constantFrom(...NUMBERS, 'pi', 'e'), weight: 3 },
    { arbitrary: tie('num').map((a) => `-${a}`), weight: 1 },
    {
      arbitrary: fc
        .tuple(tie('num'), fc.constantFrom('+', '-', '*', '/', '^'), tie('num'), fc.boolean())
        .map(([a, op, b, grouped]) => (grouped ? `(${a} ${op} ${b})` : `${a} ${op} ${b}`)),
      weight: 4,
    },
    {
      // Every primitive with inputs, its Boolean ports given comparisons (comparisons, sincos and maxmin
      // called here are refused: a Boolean or a two-output block is no number)
      arbitrary: fc.constantFrom(...CALLABLE).chain((p) =>
        fc.tuple(...p.inputs.map((i) => tie(i.type === 'boolean' ? 'bool' : 'num'))).map((args) => `${p.id}(${args.join(', ')})`),
      ),
      weight: 4,
    },
    { arbitrary: fc.tuple(tie('bool'), tie('num'), tie('num')).map(([s, t, f]) => `select(${s}, ${t}, ${f})`), weight: 2 },
    { arbitrary: fc.constantFrom('pi()', 'constant(1)', 'sin()', 'atan2(x)', 'sine(x)', `${'q'.repeat(40)}(x)`), weight: 1 },
  ),
  bool: fc.oneof(
    { maxDepth: 4, depthSize: 'small', depthIdentifier },
    { arbitrary: fc.tuple(tie('num'), fc.constantFrom(...COMPARISONS), tie('num')).map(([a, op, b]) => `${a} ${op} ${b}`), weight: 4 },
    { arbitrary: fc.tuple(fc.constantFrom('gt', 'ge', 'lt', 'le', 'eq', 'ne'), tie('num'), tie('num')).map(([f, a, b]) => `${f}(${a}, ${b})`), weight: 2 },
    { arbitrary: tie('num'), weight: 1 }, // a number where a comparison belongs: refused
  ),
}))

const statement = fc.oneof(
  { arbitrary: fc.tuple(name, num).map(([n, e]) => `${n} = ${e}`), weight: 5 },
  { arbitrary: fc.tuple(name, fc.oneof(num, bool)).map(([n, e]) => `let ${n} = ${e}`), weight: 2 },
  { arbitrary: num, weight: 1 },
)

/** Formula text: one to four statements, separated as a person might. */
export const formulaText: fc.Arbitrary<string> = fc
  .tuple(fc.array(statement, { minLength: 1, maxLength: 4 }), fc.constantFrom('; ', '\n', ';', '\r\n', '  # note\n'))
  .map(([statements, separator]) => statements.join(separator))

export interface FormulaCase {
  text: string
  /** Values for the inputs, used in turn (repeated if the formula has more inputs). */
  point: number[]
}

export const formulaCase: fc.Arbitrary<FormulaCase> = fc.record({
  text: formulaText,
  point: fc.array(fc.oneof(fc.double(), fc.constantFrom(...EDGE_NUMBERS)), { minLength: 1, maxLength: 6 }),
})

/** A message quotes user text clipped, so its length is bounded whatever the formula. */
const MAX_MESSAGE = 400

/** The property; says whether the formula was refused or converted. */
export function checkFormula({ text, point }: FormulaCase): 'refused' | 'converted' {
  let d: Diagram
  try {
    d = formulaToDiagram(text)
  } catch (err) {
    if (!(err instanceof FormulaError)) throw new Broken(`formulaToDiagram threw ${String(err)}`)
    if (err.message.length > MAX_MESSAGE) throw new Broken(`a message of ${err.message.length} characters`)
    return 'refused'
  }
  reloadsTheSame(d)
  const printed = diagramToFormula(d)
  let back: Diagram
  try {
    back = formulaToDiagram(printed)
  } catch (err) {
    throw new Broken(`the printed formula ${JSON.stringify(printed)} does not parse: ${String(err)}`)
  }
  const names = (ts: { name: string }[]) => JSON.stringify(ts.map((t) => t.name))
  if (names(back.inputs) !== names(d.inputs)) throw new Broken(`inputs ${names(d.inputs)} print back as ${names(back.inputs)}`)
  if (names(back.outputs) !== names(d.outputs)) throw new Broken(`outputs ${names(d.outputs)} print back as ${names(back.outputs)}`)
  const x = d.inputs.map((_, i) => point[i % point.length])
  const a = evaluate(compile(d), x)
  const b = evaluate(compile(back), x)
  if (!a.every((v, i) => Object.is(v, b[i]))) throw new Broken(`${JSON.stringify(printed)} computes ${b} where the formula computes ${a} at ${x}`)
  return 'converted'
}
