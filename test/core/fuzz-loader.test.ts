import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { loadDiagram, saveDiagram } from '../../core'
import { EXAMPLES } from '../../renderer/src/examples'
import { corpus } from '../../scripts/fuzz/corpus'
import { checkLoad, loaderCase, mutatedText, truncations } from '../../scripts/fuzz/loader'
import { paletteDiagram, randomDiagram } from '../support/random-diagrams'

// The loader fuzzed from real files (scripts/fuzz/loader.ts; `npm run fuzz` runs the same property far
// longer): whatever the text, loadDiagram returns a result and never half-loads, touches no built-in
// prototype, keeps its problems and messages short, and what it loads is written as a file that reloads
// the same.

const SEED = 20260104
const random = [randomDiagram(7).d, paletteDiagram(11, 3, 30, 2).d]
const files = corpus(SEED, 8, 8, random)

describe('truncated files', () => {
  it('every truncation of the examples and of random diagrams is refused but the whole file, with or without its last newline', () => {
    const texts = [...EXAMPLES.map((e) => saveDiagram(e.build())), ...random.map(saveDiagram)]
    for (const text of texts) {
      let loaded = 0
      for (const cut of truncations(text)) if (checkLoad(cut) === 'loaded') loaded++
      expect(loaded).toBe(2)
    }
  })
})

describe('mutated files', () => {
  it('never throw or half-load; what loads saves and reloads the same (seeded)', () => {
    const outcomes = { loaded: 0, refused: 0 }
    fc.assert(
      fc.property(loaderCase, (c) => {
        outcomes[checkLoad(mutatedText(files, c))]++
      }),
      { seed: SEED, numRuns: 1500 },
    )
    expect(outcomes.loaded).toBeGreaterThan(300)
    expect(outcomes.refused).toBeGreaterThan(300)
  })

  it('the mutations write what they are meant to: prototype keys as ids and keys, non-JSON numbers, deep nesting', () => {
    const texts = fc.sample(loaderCase, { seed: SEED, numRuns: 1500 }).map((c) => mutatedText(files, c))
    const some = (pattern: RegExp) => texts.some((t) => pattern.test(t))
    expect(some(/"id": ?"__proto__"/)).toBe(true)
    expect(some(/"constructor": ?\[/)).toBe(true) // a layout entry for a node called constructor
    expect(some(/"toString\.\w+"/)).toBe(true) // a wire end at a node called toString
    expect(some(/: ?1e999/)).toBe(true)
    expect(some(/: ?NaN/)).toBe(true)
    expect(some(/q{100000}/)).toBe(true)
    // Nesting deeper than the reader's limit is refused whatever else the file holds.
    const deep = texts.filter((t) => /\[{201}/.test(t))
    expect(deep.length).toBeGreaterThan(0)
    for (const t of deep) expect(loadDiagram(t).ok).toBe(false)
  })
})
