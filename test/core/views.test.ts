import { describe, expect, it } from 'vitest'
import { compile, Evaluator, PRIMITIVES } from '../../core'
import { SCALAR, type ArrayIo } from '../../core/primitives/array-rule'
import { viewOf } from '../../core/compile/schedule'
import { DiagramBuilder } from '../support/array-diagrams'
import { mulberry32 } from '../support/random-diagrams'

// A block whose value is a run of its input's elements (Array Subset) is compiled as a view: its registers
// are its input's and it runs no loop. That is right only if the row's own loop computes that same run;
// these tests hold every row the compiler would make a view to it, and a chain of views to closed forms.

const LENGTHS = [0, 1, 2, 5]
const PARAMS = [-3, -1, 0, 1, 2, 4]

function* cases(inputs: readonly { shape?: string }[], params: number): Generator<{ lengths: number[]; params: number[] }> {
  const lengthChoices = inputs.map((p) => (p.shape === 'array' ? LENGTHS : p.shape === 'scalar' ? [SCALAR] : [SCALAR, ...LENGTHS]))
  const paramChoices = Array.from({ length: params }, () => PARAMS)
  const all = [...lengthChoices, ...paramChoices]
  const pick = (i: number, chosen: number[]): Generator<number[]> =>
    (function* () {
      if (i === all.length) yield chosen
      else for (const v of all[i]) yield* pick(i + 1, [...chosen, v])
    })()
  for (const chosen of pick(0, [])) yield { lengths: chosen.slice(0, inputs.length), params: chosen.slice(inputs.length) }
}

describe('views', () => {
  it("every row the compiler makes a view computes, with its own loop, exactly its input's elements from the offset", () => {
    const random = mulberry32(7)
    let views = 0
    for (const p of PRIMITIVES) {
      const rule = p.array
      if (!rule) continue
      for (const c of cases(p.inputs, p.params.length)) {
        const shape = rule.shape(c.lengths, c.params)
        if (typeof shape === 'string') continue
        const v = viewOf(shape, c.lengths.map((n) => ({ n })))
        if (!v) continue
        views++
        // Inputs from register 0 on, then the output and nothing else: the loop must copy, not compute.
        const count = (n: number) => (n === SCALAR ? 1 : n)
        const starts: number[] = []
        let next = 0
        for (const n of c.lengths) {
          starts.push(next)
          next += count(n)
        }
        const out = next
        const R = new Float64Array(out + count(shape.outs[0])).map((_, i) => (i < out ? random() * 10 - 5 : NaN))
        const io: ArrayIo = {
          in: Int32Array.from(starts), inN: Int32Array.from(c.lengths), out: Int32Array.of(out), outN: Int32Array.of(shape.outs[0]),
          aux: new Int32Array(0), auxN: new Int32Array(0), params: Float64Array.from(c.params),
        }
        rule.run(R, io)
        const expected = Array.from({ length: count(shape.outs[0]) }, (_, i) => R[starts[v.from] + v.offset + i])
        expect(Array.from(R.subarray(out)), `${p.id} on lengths ${c.lengths} with ${c.params}`).toEqual(expected)
      }
    }
    // Array Subset over these lengths and offsets: the test would pass vacuously with none.
    expect(views).toBeGreaterThan(50)
  })

  it('a subset of a subset reads its source in place, follows new input values, and has the closed-form gradient', () => {
    // f(x) = Σ x[1:][1:3] · x[0:2] = x2·x0 + x3·x1
    const b = new DiagramBuilder()
    const x = b.input('x', [1, 2, 3, 4, 5])
    const tail = b.op('subset', [x], { offset: 1 })
    const mid = b.op('subset', [tail], { offset: 1, length: 2 })
    const head = b.op('subset', [x], { offset: 0, length: 2 })
    b.output('f', b.op('sum', [b.op('mul', [mid, head])]))
    const s = compile(b.d)
    const reg = (id: string) => s.blocks.find((k) => k.id === id)!.outputs[0].reg
    const xReg = s.inputs[0].reg
    expect([reg(tail.node), reg(mid.node), reg(head.node)]).toEqual([xReg + 1, xReg + 2, xReg])
    // Only the sum runs a rule's loop; the product is a vector step.
    expect(s.arrays!.valueSteps.filter((step) => step.kind === 'rule')).toHaveLength(1)

    const ev = new Evaluator(s)
    for (const point of [[1, 2, 3, 4, 5], [-0.5, 7, 0.25, 3, 9]]) {
      ev.setInputs(point)
      ev.sweepValues(1)
      expect(ev.output(0)).toBe(point[2] * point[0] + point[3] * point[1])
      ev.reverse([1])
      expect(Array.from({ length: 5 }, (_, i) => ev.inputAdjoint(i))).toEqual([point[2], point[3], point[0], point[1], 0])
    }
    // Each subset keeps an adjoint of its own: the wire x[1:] carries ∂f/∂x[1:] = (0, x0, x1, 0).
    const wire = [...s.wires.entries()].find(([, w]) => w.slot === s.blocks.find((k) => k.id === tail.node)!.outputs[0].slot)![1]
    const at = s.arrays!.slotAt[wire.slot]
    expect(Array.from(ev.A.subarray(at, at + 4))).toEqual([0, -0.5, 7, 0])
  })
})
