import { describe, expect, it } from 'vitest'
import { findPrimitive, PALETTE, SCALAR } from '../../core'
import type { ArrayIo } from '../../core/primitives/array-rule'
import { mulberry32 } from '../support/random-diagrams'

// Every Array palette rule's printed loop (ArrayRule.js, what an exported module runs) against its run (what
// the engine runs): the same register file before, the same bits after, in every register. Lengths 0, 1, 2,
// 3 and 7; elements drawn from a pool with NaN, ±0, ±Infinity and repeats, so that Array Max & Min meets
// ties, a NaN and −0 against 0.

const POOL = [0, -0, 1, -1, 2.5, 2.5, NaN, 3, 3, -2, Infinity, -Infinity, 1e-300, 0.1]
/** Values for the index inputs (Index Array's i, Rotate's n): halves that round both ways, outside ones. */
const INDICES = [0, -0, 1, -1, 2, 2.4, 2.5, -0.5, -2.5, 7, 100, NaN, Infinity, -3]
const LENGTHS = [0, 1, 2, 3, 7]

/** Parameter sets to try, by rule; a set whose shape is refused is skipped. */
const PARAMS: Record<string, number[][]> = {
  subset: [[0, 2147483647], [1, 2], [0, -1], [-2, 2147483647], [2, 0], [1, -1]],
  replace: [[0], [1], [2]],
  init: [[0], [1], [4]],
  ramp: [[1], [2], [5]],
}

/** Input lengths for a rule: each port an array of n or, where it may be, one number. */
function lengthSets(ports: { shape?: string }[], n: number): number[][] {
  let sets: number[][] = [[]]
  for (const p of ports) {
    const options = p.shape === 'array' ? [n] : p.shape === 'scalar' ? [SCALAR] : [SCALAR, n, Math.max(0, n - 2)]
    sets = sets.flatMap((s) => options.map((o) => [...s, o]))
  }
  return sets
}

const count = (n: number) => (n === SCALAR ? 1 : n)
const same = (a: number, b: number) => Object.is(a, b)

describe('every Array palette rule prints the loop it runs', () => {
  const rules = PALETTE.filter((p) => p.array)

  it('the palette has the seventeen rules, each with js', () => {
    expect(rules.map((p) => p.id).sort()).toEqual(
      ['arraymaxmin', 'build', 'cumsum', 'dot', 'index', 'init', 'mean', 'norm', 'prod', 'ramp', 'replace', 'reverse', 'rotate', 'size', 'std', 'subset', 'sum'].sort(),
    )
    for (const p of rules) expect(p.array!.js, p.id).toBeTypeOf('function')
  })

  for (const p of rules) {
    it(`${p.id}: the printed loop gives run's bits`, () => {
      const rule = findPrimitive(p.id)!.array!
      const rng = mulberry32(p.id.length * 7919 + p.id.charCodeAt(0))
      let checked = 0
      for (const n of LENGTHS) {
        for (const lengths of lengthSets(p.inputs, n)) {
          for (const params of PARAMS[p.id] ?? [p.params.map((q) => q.default)]) {
            const shape = rule.shape(lengths, params)
            if (typeof shape === 'string') continue
            // Registers: a gap, the inputs, the outputs, the scratch, each at an offset of its own.
            let next = 3
            const place = (list: number[]) => Int32Array.from(list, (len) => (next += count(len) + 2) - count(len) - 2)
            const io: ArrayIo = {
              in: place(lengths), inN: Int32Array.from(lengths),
              out: place(shape.outs), outN: Int32Array.from(shape.outs),
              aux: place(shape.aux), auxN: Int32Array.from(shape.aux),
              params: Float64Array.from(params),
            }
            const printed = new Function('R', rule.js!(io, 'R')) as (R: Float64Array) => void
            for (let trial = 0; trial < 12; trial++) {
              const R = new Float64Array(next + 3).fill(12345.5)
              p.inputs.forEach((port, i) => {
                const pool = port.shape === 'scalar' && ['index', 'rotate'].includes(p.id) ? INDICES : POOL
                for (let e = 0; e < count(lengths[i]); e++) R[io.in[i] + e] = pool[Math.floor(rng() * pool.length)]
              })
              // Every element equal, and the last element a tie with the first: Max & Min's kink.
              if (trial === 0) for (let e = 0; e < count(lengths[0]); e++) R[io.in[0] + e] = 2.5
              if (trial === 1 && count(lengths[0]) > 1) R[io.in[0] + count(lengths[0]) - 1] = R[io.in[0]]
              const engine = R.slice()
              const module = R.slice()
              rule.run(engine, io)
              printed(module)
              for (let r = 0; r < R.length; r++) {
                expect(same(engine[r], module[r]), `${p.id} lengths ${lengths} params ${params} register ${r}: run ${engine[r]}, js ${module[r]}`).toBe(true)
              }
              checked++
            }
          }
        }
      }
      expect(checked).toBeGreaterThanOrEqual(36)
    })
  }

  it('Array Max & Min: a tie splits the derivative, a NaN wins, −0 and 0 tie', () => {
    const rule = findPrimitive('arraymaxmin')!.array!
    const io: ArrayIo = {
      in: Int32Array.of(0), inN: Int32Array.of(4), out: Int32Array.of(4, 5, 6, 7), outN: Int32Array.of(SCALAR, SCALAR, SCALAR, SCALAR),
      aux: Int32Array.of(8, 12), auxN: Int32Array.of(4, 4), params: new Float64Array(0),
    }
    const run = (x: number[]) => {
      const R = new Float64Array(16)
      R.set(x)
      new Function('R', rule.js!(io, 'R'))(R)
      return Array.from(R.subarray(4))
    }
    expect(run([1, 3, 3, 0])).toEqual([3, 1, 0, 3, 0, 0.5, 0.5, 0, 0, 0, 0, 1])
    expect(run([1, NaN, 3, 0]).slice(0, 4)).toEqual([NaN, -1, NaN, -1])
    expect(run([-0, 0, 1, 1])).toEqual([1, 2, -0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0, 0])
  })
})
