// npm run fuzz: the properties of test/core/fuzz-*.test.ts with far larger counts (a few minutes), printed as
// one JSON document. FUZZ_SEED changes the seed (the default is fixed, so a run can be repeated); FUZZ_SCALE
// multiplies the counts. The exit code is 1 if any case crashed, hung or wrote an unreloadable file.
import fc from 'fast-check'
import { corpus } from './fuzz/corpus'
import { checkEdits, editCase } from './fuzz/edits'
import { checkFormula, formulaCase } from './fuzz/formula'
import { checkLoad, loaderCase, mutatedText, truncations } from './fuzz/loader'
import { runCase, type Tally, tally } from './fuzz/tally'

const seed = Number(process.env.FUZZ_SEED ?? 20260101)
const scale = Number(process.env.FUZZ_SCALE ?? 1)
const count = (n: number) => Math.max(1, Math.round(n * scale))

/** Runs a property over `runs` generated cases, counting instead of stopping at the first failure. */
function each<T>(t: Tally, arbitrary: fc.Arbitrary<T>, runs: number, run: (input: T) => string, show: (input: T) => string): void {
  fc.check(
    fc.property(arbitrary, (input) => {
      runCase(t, () => run(input), () => show(input))
      return true
    }),
    { seed, numRuns: runs },
  )
}

function timed(run: (t: Tally) => void): Tally {
  const t = tally()
  const start = performance.now()
  run(t)
  t.seconds = Math.round((performance.now() - start) / 100) / 10
  return t
}

const texts = corpus(seed, count(60), count(60))

const loader = timed((t) => {
  for (const text of texts) for (const cut of truncations(text)) runCase(t, () => checkLoad(cut), () => `a truncated file: ${JSON.stringify(cut.slice(-200))}`)
  each(t, loaderCase, count(40_000), (c) => checkLoad(mutatedText(texts, c)), (c) => JSON.stringify(c))
})

const formula = timed((t) => each(t, formulaCase, count(150_000), checkFormula, (c) => JSON.stringify(c)))

let made = 0
let refused = 0
const edits = timed((t) =>
  each(t, editCase, count(20_000), (c) => {
    const r = checkEdits(c)
    made += r.made
    refused += r.refused
    return 'ok'
  }, (c) => JSON.stringify(c)),
)

const report = {
  seed,
  scale,
  corpus: { files: texts.length, characters: texts.reduce((n, s) => n + s.length, 0) },
  loader,
  formula,
  edits: { ...edits, editsMade: made, editsRefused: refused },
}
console.log(JSON.stringify(report, null, 2))
process.exitCode = [loader, formula, edits].some((t) => t.crashes + t.hangs + t.unreloadable > 0) ? 1 : 0
