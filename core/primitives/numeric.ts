import { binary, family, unary } from './types'

// LabVIEW's Numeric palette. Kinks follow one convention throughout the table: where a function has a
// corner, its derivative is the subgradient of least magnitude (abs′(0) = 0, a tie of max gives ½ to
// each input); where it jumps, the derivative is 0 on both sides and at the jump.

const tie = (mine: string, other: string) => `select(${mine} == ${other}, 0.5, 0)`

export const max = binary('max', 'Max & Min (max)', ['x', 'y'], {
  glyph: 'max', doc: 'the larger of x and y',
  partials: [`select(x > y, 1, ${tie('x', 'y')})`, `select(y > x, 1, ${tie('y', 'x')})`],
  kinks: [{ when: 'x == y', message: "x = y: each input gets half the derivative" }],
})

export const min = binary('min', 'Max & Min (min)', ['x', 'y'], {
  glyph: 'min', doc: 'the smaller of x and y',
  partials: [`select(x < y, 1, ${tie('x', 'y')})`, `select(y < x, 1, ${tie('y', 'x')})`],
  kinks: [{ when: 'x == y', message: "x = y: each input gets half the derivative" }],
})

export const numeric = family('numeric', [
  binary('add', 'Add', ['x', 'y'], { glyph: '+', doc: 'x + y', partials: ['1', '1'] }),
  binary('sub', 'Subtract', ['x', 'y'], { glyph: '−', doc: 'x − y', partials: ['1', '-1'] }),
  binary('mul', 'Multiply', ['x', 'y'], { glyph: '×', doc: 'x · y', partials: ['y', 'x'] }),
  binary('div', 'Divide', ['x', 'y'], {
    glyph: '÷', doc: 'x / y', partials: ['1 / y', '-r / y'],
    domain: [{ when: 'y == 0', message: 'division by zero' }],
  }),
  unary('neg', 'Negate', { glyph: '−x', doc: '−x', dx: '-1' }),
  unary('reciprocal', 'Reciprocal', {
    glyph: '1/x', doc: '1 / x', value: '1 / x', dx: '-r * r',
    domain: [{ when: 'x == 0', message: 'reciprocal of zero' }],
  }),
  unary('square', 'Square', { glyph: 'x²', doc: 'x · x', value: 'x * x', dx: '2 * x' }),
  unary('sqrt', 'Square Root', {
    glyph: '√x', doc: 'square root of x', dx: '0.5 / r',
    domain: [
      { when: 'x < 0', message: 'square root of a negative number' },
      { when: 'x == 0', message: 'the derivative of √x is infinite at 0', breaks: 'derivative' },
    ],
  }),
  unary('cbrt', 'Cube Root', {
    glyph: '∛x', doc: 'real cube root of x', dx: '1 / (3 * r * r)',
    domain: [{ when: 'x == 0', message: 'the derivative of ∛x is infinite at 0', breaks: 'derivative' }],
  }),
  binary('nthroot', 'Y-th Root of X', ['x', 'n'], {
    glyph: 'ⁿ√x', doc: 'x^(1/n); a negative x has a real root only for odd integer n',
    value: 'select(x < 0, select(abs(fmod(n, 2)) == 1, -pow(-x, 1 / n), nan), pow(x, 1 / n))',
    partials: ['select(x == 0, pow(0, 1 / n - 1) / n, r / (n * x))', 'select(x == 0, 0, -r * log(abs(x)) / (n * n))'],
    domain: [
      { when: 'n == 0', message: 'the 0th root is undefined' },
      { when: 'select(x < 0, abs(fmod(n, 2)) != 1, 0)', message: 'a negative number has a real root only for odd integer n' },
      { when: 'select(x == 0, n < 0, 0)', message: 'zero has no root of negative order' },
      { when: 'select(x == 0, n > 1, 0)', message: 'the derivative of the root is infinite at 0 for n > 1', breaks: 'derivative' },
    ],
  }),
  unary('abs', 'Absolute Value', {
    glyph: '|x|', doc: 'absolute value of x', dx: 'sign(x)',
    kinks: [{ when: 'x == 0', message: "abs′(0) = 0" }],
  }),
  unary('sign', 'Sign', {
    glyph: 'sgn', doc: '−1, 0 or 1 by the sign of x', dx: '0',
    kinks: [{ when: 'x == 0', message: 'sign jumps at 0; its derivative is 0' }],
  }),
  unary('inc', 'Increment', { glyph: '+1', doc: 'x + 1', value: 'x + 1', dx: '1' }),
  unary('dec', 'Decrement', { glyph: '−1', doc: 'x − 1', value: 'x - 1', dx: '1' }),
  binary('scale2', 'Scale By Power Of 2', ['x', 'n'], {
    glyph: '×2ⁿ', doc: 'x · 2ⁿ, n rounded to the nearest integer (ties to even) as LabVIEW does',
    value: 'x * pow(2, round(n))', partials: ['pow(2, round(n))', '0'],
    kinks: [{ when: 'abs(n - round(n)) == 0.5', message: 'n is rounded, so the result jumps at half-integers; ∂/∂n = 0' }],
  }),
  min,
  max,
  unary('floor', 'Round Toward -Infinity', {
    glyph: '⌊x⌋', doc: 'largest integer ≤ x', dx: '0',
    kinks: [{ when: 'x == floor(x)', message: 'floor jumps at integers; its derivative is 0' }],
  }),
  unary('ceil', 'Round Toward +Infinity', {
    glyph: '⌈x⌉', doc: 'smallest integer ≥ x', dx: '0',
    kinks: [{ when: 'x == floor(x)', message: 'ceil jumps at integers; its derivative is 0' }],
  }),
  unary('round', 'Round To Nearest', {
    glyph: '[x]', doc: 'nearest integer, ties to even (as LabVIEW; not JavaScript’s Math.round)',
    value: 'select(abs(x - roundHalfUp(x)) == 0.5, 2 * roundHalfUp(x / 2), roundHalfUp(x))', dx: '0',
    kinks: [{ when: 'abs(x - roundHalfUp(x)) == 0.5', message: 'round jumps at half-integers; its derivative is 0' }],
  }),
  binary('quotient', 'Quotient & Remainder (floor(x/y))', ['x', 'y'], {
    glyph: '⌊x÷y⌋', doc: 'floor(x / y)', value: 'floor(x / y)', partials: ['0', '0'],
    domain: [{ when: 'y == 0', message: 'quotient by zero' }],
    kinks: [{ when: 'x / y == floor(x / y)', message: 'the quotient jumps where y divides x; its derivative is 0' }],
  }),
  binary('remainder', 'Quotient & Remainder (x-y*floor(x/y))', ['x', 'y'], {
    glyph: 'mod', doc: 'x − y·floor(x / y), the sign of y',
    value: 'select(ne(fmod(x, y), 0), select(ne(lt(fmod(x, y), 0), lt(y, 0)), fmod(x, y) + y, fmod(x, y)), fmod(x, y))',
    partials: ['1', '-floor(x / y)'],
    domain: [{ when: 'y == 0', message: 'remainder by zero' }],
    kinks: [{ when: 'x / y == floor(x / y)', message: 'the remainder jumps where y divides x; the derivative uses floor(x/y) there' }],
  }),
  binary('hypot', 'Hypotenuse', ['x', 'y'], {
    glyph: 'hypot', doc: '√(x² + y²) without overflow', partials: ['select(r == 0, 0, x / r)', 'select(r == 0, 0, y / r)'],
    kinks: [{ when: 'r == 0', message: 'the norm has a corner at the origin; its gradient there is 0' }],
  }),
])
