import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ELEMENTWISE } from '../../core'
import { checkFormula, formulaCase, formulaText } from '../../scripts/fuzz/formula'

// The formula language fuzzed from its grammar (scripts/fuzz/formula.ts; `npm run fuzz` runs the same
// property far longer): a formula is refused with a FormulaError and a short message, or becomes a diagram
// whose file reloads the same and which prints as a formula computing the same bits.

const SEED = 20260102

describe('formulas from the grammar', () => {
  it('are refused with a FormulaError, or convert, save, reload, print and compute the same bits (seeded)', () => {
    const outcomes = { refused: 0, converted: 0 }
    fc.assert(
      fc.property(formulaCase, (c) => {
        outcomes[checkFormula(c)]++
      }),
      { seed: SEED, numRuns: 2500 },
    )
    // Both sides of the property were exercised.
    expect(outcomes.converted).toBeGreaterThan(400)
    expect(outcomes.refused).toBeGreaterThan(400)
  })

  it('the grammar writes what it is meant to: every callable primitive, hostile names, extreme numbers', () => {
    const texts = fc.sample(formulaText, { seed: SEED, numRuns: 3000 }).join('\n')
    for (const p of ELEMENTWISE.filter((q) => q.inputs.length > 0)) expect(texts).toContain(`${p.id}(`)
    for (const piece of ['`__proto__`', 'constructor', '1e308', '5e-324', '1e309', 'select(', ' >= ', 'let ', '`a b`', '`a `', '`a\tb`', 'Δt', '😀']) {
      expect(texts).toContain(piece)
    }
    for (const n of [199, 200, 201]) expect(texts).toContain('a'.repeat(n))
    expect(texts).not.toContain('a'.repeat(202))
  })
})
