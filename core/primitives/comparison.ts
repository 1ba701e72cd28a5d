import { max, min } from './numeric'
import { combined, family, type PortSpec } from './types'

// LabVIEW's Comparison palette. Comparisons produce Boolean wires, which carry no derivative;
// Select passes the derivative of the branch it takes and exactly zero to the other.

const number = (id: string): PortSpec => ({ id, type: 'number' })

const predicate = (id: string, labview: string, glyph: string, doc: string) => ({
  id, labview, glyph, doc,
  inputs: [number('x'), number('y')],
  outputs: [{ id: 'r', type: 'boolean' as const, value: 'native', partials: {} }],
  params: [], domain: [], kinks: [],
})

export const comparison = family('comparison', [
  predicate('gt', 'Greater?', '>', 'true when x > y'),
  predicate('ge', 'Greater Or Equal?', '≥', 'true when x ≥ y'),
  predicate('lt', 'Less?', '<', 'true when x < y'),
  predicate('le', 'Less Or Equal?', '≤', 'true when x ≤ y'),
  predicate('eq', 'Equal?', '=', 'true when x = y'),
  predicate('ne', 'Not Equal?', '≠', 'true when x ≠ y'),
  {
    id: 'select', labview: 'Select', glyph: 'sel', doc: 't when s is true, else f',
    inputs: [{ id: 's', type: 'boolean' }, number('t'), number('f')],
    outputs: [{ id: 'r', type: 'number', value: 'native', partials: { t: 'select(s, 1, 0)', f: 'select(s, 0, 1)' } }],
    params: [], domain: [], kinks: [],
  },
  combined('maxmin', 'Max & Min', 'max min', 'the larger and the smaller of x and y', [['max', max], ['min', min]]),
])
