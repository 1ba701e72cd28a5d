import { binary, family, unary } from './types'

// Instructions other rows are written with that are not blocks of their own: they never appear in the
// palette, in files or in formulas.

export const internal = family('internal', [
  unary('roundHalfUp', 'JavaScript Math.round', { glyph: 'round½↑', doc: 'nearest integer, ties toward +∞', dx: '0' }),
  unary('trunc', 'Truncate', { glyph: 'trunc', doc: 'x with its fraction dropped', dx: '0' }),
  binary('fmod', 'Truncated Remainder', ['x', 'y'], { glyph: '%', doc: 'x − y·trunc(x / y), the sign of x', value: 'native:rem', partials: ['1', '-trunc(x / y)'] }),
])
