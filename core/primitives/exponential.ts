import { binary, family, unary } from './types'

// LabVIEW's Exponential palette.

export const exponential = family('exponential', [
  unary('exp', 'Exponential', { glyph: 'eˣ', doc: 'e to the power x', dx: 'r' }),
  // Not r + 1: for x ≪ 0 that cancels every digit of eˣ.
  unary('expm1', 'Exponential (Arg) - 1', { glyph: 'eˣ−1', doc: 'eˣ − 1, accurate near 0', dx: 'exp(x)' }),
  unary('exp2', 'Power Of 2', { glyph: '2ˣ', doc: '2 to the power x', value: 'pow(2, x)', dx: 'r * log(2)' }),
  unary('exp10', 'Power Of 10', { glyph: '10ˣ', doc: '10 to the power x', value: 'pow(10, x)', dx: 'r * log(10)' }),
  unary('log', 'Natural Logarithm', {
    glyph: 'ln', doc: 'natural logarithm of x', dx: '1 / x',
    domain: [
      { when: 'x < 0', message: 'logarithm of a negative number' },
      { when: 'x == 0', message: 'logarithm of zero is −∞' },
    ],
  }),
  unary('log1p', 'Natural Logarithm (Arg +1)', {
    glyph: 'ln1p', doc: 'ln(1 + x), accurate near 0', dx: '1 / (1 + x)',
    domain: [
      { when: 'x < -1', message: 'ln(1 + x) needs x ≥ −1' },
      { when: 'x == -1', message: 'ln(1 + x) is −∞ at x = −1' },
    ],
  }),
  unary('log2', 'Logarithm Base 2', {
    glyph: 'log₂', doc: 'base-2 logarithm of x', dx: '1 / (x * log(2))',
    domain: [
      { when: 'x < 0', message: 'logarithm of a negative number' },
      { when: 'x == 0', message: 'logarithm of zero is −∞' },
    ],
  }),
  unary('log10', 'Logarithm Base 10', {
    glyph: 'lg', doc: 'base-10 logarithm of x', dx: '1 / (x * log(10))',
    domain: [
      { when: 'x < 0', message: 'logarithm of a negative number' },
      { when: 'x == 0', message: 'logarithm of zero is −∞' },
    ],
  }),
  binary('logb', 'Logarithm Base X', ['x', 'b'], {
    glyph: 'logᵦ', doc: 'logarithm of x in base b', value: 'log(x) / log(b)',
    partials: ['1 / (x * log(b))', '-r / (b * log(b))'],
    domain: [
      { when: 'x < 0', message: 'logarithm of a negative number' },
      { when: 'x == 0', message: 'logarithm of zero is −∞' },
      { when: 'b <= 0', message: 'the base of a logarithm must be positive' },
      { when: 'b == 1', message: 'there is no logarithm in base 1' },
    ],
  }),
  binary('pow', 'Power Of X', ['x', 'y'], {
    glyph: 'xʸ', doc: 'x to the power y; NaN for x < 0 unless y is an integer; 0⁰ = 1',
    partials: ['select(y == 0, 0, y * pow(x, y - 1))', 'select(x == 0, 0, r * log(x))'],
    domain: [
      { when: 'select(x < 0, y != floor(y), 0)', message: 'a negative base needs an integer exponent' },
      { when: 'select(x == 0, y < 0, 0)', message: 'zero to a negative power is infinite' },
      // ∂/∂y = r·ln x is NaN for a negative base; that partial is flagged where it is used (it is not finite).
      { when: 'select(x == 0, select(y > 0, y < 1, 0), 0)', message: 'at x = 0, ∂/∂x is infinite for 0 < y < 1', breaks: 'derivative' },
    ],
  }),
])
