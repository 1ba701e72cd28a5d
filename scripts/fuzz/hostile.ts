import fc from 'fast-check'

// Hostile input shared by the fuzz targets: names and keys that are properties of every object, text that
// is only almost a legal name, lengths either side of the limits, numbers at the edges of the doubles.

export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', 'isPrototypeOf', '__defineGetter__']

/** Each of these is a legal name but for the length: 199, 200 and 201 UTF-16 units of several kinds. */
export const LONG_NAMES = [199, 200, 201].flatMap((n) => [
  'a'.repeat(n),
  'x y'.padEnd(n, 'z'),
  'é'.repeat(n),
  // 😀 is two units: an odd length ends in half of one
  '😀'.repeat(Math.floor(n / 2)) + (n % 2 === 1 ? 'q' : ''),
  'x'.repeat(n - 1) + '7',
])

export const HOSTILE_TEXT = [
  ...PROTOTYPE_KEYS,
  '', ' ', 'a b', ' a', 'a ', 'a\tb', 'a\nb', 'a\rb', 'a`b', '`', 'a\u0000b', 'a\u007fb', 'Δt', 'ǅ', '😀', 'a\u2028b',
  '\u00a0a', 'a\u00a0', 'e\u0301', 'ﬁ', '\ud800', 'a\udc00b', 'pi', 'e', 'let', 'sin', 'sincos', 'f', 'x1', 'x10', 'x2',
  '1x', '#', ';', '=', '"', '\\', "it's", 'b1', 'b1.x', 'i1', 'o1', 'w1', '__proto__.r', 'constructor.x',
]

export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE_TEXT), weight: 4 },
  { arbitrary: fc.constantFrom(...LONG_NAMES), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 6 }), weight: 1 },
  { arbitrary: fc.stringMatching(/^[a-z_][a-z0-9_]{0,4}$/), weight: 2 },
)

/** Doubles at the edges: signed zeros, the smallest subnormal, the largest finite, and the non-finite. */
export const EDGE_NUMBERS = [0, -0, 1, -1, 0.5, 2, 1e308, -1e308, 1.7976931348623157e308, 5e-324, -5e-324, 2 ** 53 + 2, NaN, Infinity, -Infinity]

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constantFrom(...EDGE_NUMBERS), weight: 3 },
  { arbitrary: fc.double(), weight: 2 },
  { arbitrary: fc.integer({ min: -1000, max: 1000 }), weight: 2 },
)

/** Mostly ordinary positions, sometimes at the edge of the doubles or not finite. */
export const hostilePoint: fc.Arbitrary<{ x: number; y: number }> = fc.oneof(
  { arbitrary: fc.record({ x: fc.integer({ min: -2000, max: 2000 }), y: fc.integer({ min: -2000, max: 2000 }) }), weight: 8 },
  { arbitrary: fc.record({ x: hostileNumber, y: hostileNumber }), weight: 2 },
)

/** A value from `arbitrary` with the given probability, else null. */
export function sometimes<T>(arbitrary: fc.Arbitrary<T>, probability: number): fc.Arbitrary<T | null> {
  const weight = Math.round(probability * 100)
  return fc.oneof({ arbitrary: fc.constant(null), weight: 100 - weight }, { arbitrary, weight })
}
