import { family } from './types'

// Blocks with no inputs. A numeric constant keeps its number as a parameter.

const constant = (id: string, labview: string, glyph: string, doc: string, value: string) => ({
  id, labview, glyph, doc,
  inputs: [],
  outputs: [{ id: 'r', type: 'number' as const, value, partials: {} }],
  params: [] as { id: string; default: number }[],
  domain: [], kinks: [],
})

export const constants = family('constants', [
  constant('pi', 'Pi', 'π', 'π = 3.141592653589793', 'pi'),
  constant('e', 'Natural Logarithm Base', 'e', 'e = 2.718281828459045', 'e'),
  { ...constant('constant', 'Numeric Constant', '#', 'a number you type', 'value'), params: [{ id: 'value', default: 1 }] },
])
