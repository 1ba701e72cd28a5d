import { family, unary } from './types'

// LabVIEW's Hyperbolic palette. Slopes avoid 1 − r² where r → ±1 would cancel every digit.

export const hyperbolic = family('hyperbolic', [
  unary('sinh', 'Hyperbolic Sine', { glyph: 'sinh', doc: 'hyperbolic sine of x', dx: 'cosh(x)' }),
  unary('cosh', 'Hyperbolic Cosine', { glyph: 'cosh', doc: 'hyperbolic cosine of x', dx: 'sinh(x)' }),
  unary('tanh', 'Hyperbolic Tangent', { glyph: 'tanh', doc: 'hyperbolic tangent of x', dx: 'sech(x) * sech(x)' }),
  unary('sech', 'Hyperbolic Secant', { glyph: 'sech', doc: '1 / cosh x', value: '1 / cosh(x)', dx: '-r * tanh(x)' }),
  unary('csch', 'Hyperbolic Cosecant', {
    glyph: 'csch', doc: '1 / sinh x', value: '1 / sinh(x)', dx: '-r / tanh(x)',
    domain: [{ when: 'x == 0', message: 'csch(0) is infinite' }],
  }),
  unary('coth', 'Hyperbolic Cotangent', {
    glyph: 'coth', doc: '1 / tanh x', value: '1 / tanh(x)', dx: '-1 / (sinh(x) * sinh(x))',
    domain: [{ when: 'x == 0', message: 'coth(0) is infinite' }],
  }),
  unary('asinh', 'Inverse Hyperbolic Sine', { glyph: 'asinh', doc: 'inverse hyperbolic sine of x', dx: '1 / hypot(x, 1)' }),
  unary('acosh', 'Inverse Hyperbolic Cosine', {
    glyph: 'acosh', doc: 'inverse hyperbolic cosine of x, for x ≥ 1', dx: '1 / (sqrt(x - 1) * sqrt(x + 1))',
    domain: [
      { when: 'x < 1', message: 'acosh is defined for x ≥ 1' },
      { when: 'x == 1', message: 'the derivative of acosh is infinite at 1', breaks: 'derivative' },
    ],
  }),
  unary('atanh', 'Inverse Hyperbolic Tangent', {
    glyph: 'atanh', doc: 'inverse hyperbolic tangent of x, for |x| < 1', dx: '1 / ((1 - x) * (1 + x))',
    domain: [
      { when: 'abs(x) > 1', message: 'atanh is defined on (−1, 1)' },
      { when: 'abs(x) == 1', message: 'atanh is infinite at ±1' },
    ],
  }),
  // asech x = ln((1 + √(1 − x²)) / x) and acoth x = ½ ln(1 + 2/(x − 1)), written so that nothing rounds
  // before the cancellation near |x| = 1 (acosh(1/x) and atanh(1/x) lose digits there).
  unary('asech', 'Inverse Hyperbolic Secant', {
    glyph: 'asech', doc: 'acosh(1/x), for 0 < x ≤ 1', value: 'log1p((1 - x + sqrt((1 - x) * (1 + x))) / x)', dx: '-1 / (x * sqrt((1 - x) * (1 + x)))',
    domain: [
      { when: 'x <= 0', message: 'asech is defined on (0, 1]' },
      { when: 'x > 1', message: 'asech is defined on (0, 1]' },
      { when: 'x == 1', message: 'the derivative of asech is infinite at 1', breaks: 'derivative' },
    ],
  }),
  unary('acsch', 'Inverse Hyperbolic Cosecant', {
    glyph: 'acsch', doc: 'asinh(1/x)', value: 'asinh(1 / x)', dx: '-1 / (abs(x) * hypot(x, 1))',
    domain: [{ when: 'x == 0', message: 'acsch(0) is infinite' }],
  }),
  unary('acoth', 'Inverse Hyperbolic Cotangent', {
    glyph: 'acoth', doc: 'atanh(1/x), for |x| > 1', value: '0.5 * log1p(2 / (x - 1))', dx: '1 / ((1 - x) * (1 + x))',
    domain: [
      { when: 'abs(x) < 1', message: 'acoth is defined for |x| > 1' },
      { when: 'abs(x) == 1', message: 'acoth is infinite at ±1' },
    ],
  }),
])
