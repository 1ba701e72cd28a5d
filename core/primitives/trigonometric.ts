import { combined, family, unary } from './types'
import { binary } from './types'

// LabVIEW's Trigonometric palette. Angles are radians.

export const sin = unary('sin', 'Sine', { glyph: 'sin', doc: 'sine of x', dx: 'cos(x)' })
export const cos = unary('cos', 'Cosine', { glyph: 'cos', doc: 'cosine of x', dx: '-sin(x)' })

// sinc′(x) = (cos x − sinc x) / x cancels badly near 0, so there it is its Taylor polynomial
// Σ (−1)ⁿ 2n x²ⁿ⁻¹ / (2n+1)!, n = 1..10, whose first omitted term is below 1e-21 for |x| < 1.
const SINC_SLOPE_NEAR_ZERO =
  'x * (-1/3 + x*x * (1/30 + x*x * (-1/840 + x*x * (1/45360 + x*x * (-1/3991680 + x*x * (1/518918400' +
  ' + x*x * (-1/93405312000 + x*x * (1/22230464256000 + x*x * (-1/6758061133824000 + x*x / 2554547108585472000)))))))))'

const INVERSE_SECANT_SLOPE = '1 / (abs(x) * sqrt(abs(x) - 1) * sqrt(abs(x) + 1))'
/** asec |x| = atan √(x² − 1), with x² − 1 formed as (|x| − 1)(|x| + 1), exact near 1. */
const ANGLE_OF_SECANT = 'atan(sqrt((abs(x) - 1) * (abs(x) + 1)))'

export const trigonometric = family('trigonometric', [
  sin,
  cos,
  unary('tan', 'Tangent', { glyph: 'tan', doc: 'tangent of x', dx: '1 + r * r' }),
  unary('sec', 'Secant', { glyph: 'sec', doc: '1 / cos x', value: '1 / cos(x)', dx: 'r * tan(x)' }),
  unary('csc', 'Cosecant', {
    glyph: 'csc', doc: '1 / sin x', value: '1 / sin(x)', dx: '-r * cot(x)',
    domain: [{ when: 'x == 0', message: 'csc(0) is infinite' }],
  }),
  unary('cot', 'Cotangent', {
    glyph: 'cot', doc: '1 / tan x', value: '1 / tan(x)', dx: '-(1 + r * r)',
    domain: [{ when: 'x == 0', message: 'cot(0) is infinite' }],
  }),
  unary('asin', 'Inverse Sine', {
    glyph: 'asin', doc: 'arcsine of x, in [−π/2, π/2]', dx: '1 / sqrt((1 - x) * (1 + x))',
    domain: [
      { when: 'abs(x) > 1', message: 'asin is defined on [−1, 1]' },
      { when: 'abs(x) == 1', message: 'the derivative of asin is infinite at ±1', breaks: 'derivative' },
    ],
  }),
  unary('acos', 'Inverse Cosine', {
    glyph: 'acos', doc: 'arccosine of x, in [0, π]', dx: '-1 / sqrt((1 - x) * (1 + x))',
    domain: [
      { when: 'abs(x) > 1', message: 'acos is defined on [−1, 1]' },
      { when: 'abs(x) == 1', message: 'the derivative of acos is infinite at ±1', breaks: 'derivative' },
    ],
  }),
  unary('atan', 'Inverse Tangent', { glyph: 'atan', doc: 'arctangent of x, in (−π/2, π/2)', dx: '1 / (1 + x * x)' }),
  // Not acos(1/x) or asin(1/x): near |x| = 1 the rounding of 1/x would dominate the result.
  unary('asec', 'Inverse Secant', {
    glyph: 'asec', doc: 'acos(1/x), in [0, π], for |x| ≥ 1', value: `select(x < 0, pi - ${ANGLE_OF_SECANT}, ${ANGLE_OF_SECANT})`, dx: INVERSE_SECANT_SLOPE,
    domain: [
      { when: 'abs(x) < 1', message: 'asec is defined for |x| ≥ 1' },
      { when: 'abs(x) == 1', message: 'the derivative of asec is infinite at ±1', breaks: 'derivative' },
    ],
  }),
  unary('acsc', 'Inverse Cosecant', {
    glyph: 'acsc', doc: 'asin(1/x), in [−π/2, π/2], for |x| ≥ 1', value: 'select(abs(x) < 2, sign(x) * atan(1 / sqrt((abs(x) - 1) * (abs(x) + 1))), asin(1 / x))', dx: `-${INVERSE_SECANT_SLOPE}`,
    domain: [
      { when: 'abs(x) < 1', message: 'acsc is defined for |x| ≥ 1' },
      { when: 'abs(x) == 1', message: 'the derivative of acsc is infinite at ±1', breaks: 'derivative' },
    ],
  }),
  unary('acot', 'Inverse Cotangent', {
    glyph: 'acot', doc: 'arccotangent of x, continuous, in (0, π)',
    value: 'select(x < 0, pi + atan(1 / x), select(x == 0, pi / 2, atan(1 / x)))', dx: '-1 / (1 + x * x)',
  }),
  binary('atan2', 'Inverse Tangent (2 Input)', ['y', 'x'], {
    glyph: 'atan2', doc: 'angle of the point (x, y), in [−π, π]',
    partials: ['select(hypot(y, x) == 0, 0, x / hypot(y, x) / hypot(y, x))', 'select(hypot(y, x) == 0, 0, -y / hypot(y, x) / hypot(y, x))'],
    kinks: [{ when: 'hypot(y, x) == 0', message: 'the angle is undefined at the origin; its gradient there is 0' }],
  }),
  unary('sinc', 'Sinc', {
    glyph: 'sinc', doc: 'sin(x) / x, and 1 at 0 (unnormalised)',
    value: 'select(x == 0, 1, sin(x) / x)', dx: `select(abs(x) < 1, ${SINC_SLOPE_NEAR_ZERO}, (cos(x) - r) / x)`,
  }),
  combined('sincos', 'Sine & Cosine', 's&c', 'sin x and cos x from one block', [['sin', sin], ['cos', cos]]),
])
