import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkEdits, editCase } from '../../scripts/fuzz/edits'

// Random sequences of core edits with hostile arguments (scripts/fuzz/edits.ts; `npm run fuzz` runs the
// same property far longer): an EditError leaves the diagram as it was, every edit leaves its input as it
// was, and after every step the file DualWire would write reloads the same.

const KINDS = [
  'addBlock', 'addInput', 'addOutput', 'connect', 'removeNodes', 'removeWires', 'moveNodes', 'paste', 'setInputValue',
  'setParam', 'renameTerminal', 'setRange', 'setTitle', 'insert',
]

describe('random edit sequences', () => {
  it('refuse cleanly or give a diagram whose file reloads the same, after every step (seeded)', () => {
    let made = 0
    let refused = 0
    const kinds = new Set<string>()
    fc.assert(
      fc.property(editCase, (c) => {
        const r = checkEdits(c)
        made += r.made
        refused += r.refused
        for (const k of r.kinds) kinds.add(k)
      }),
      { seed: 20260103, numRuns: 400 },
    )
    expect(made).toBeGreaterThan(1000)
    expect(refused).toBeGreaterThan(200)
    expect([...kinds].sort()).toEqual([...KINDS].sort())
  })
})
