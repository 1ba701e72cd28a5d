import { describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import { edits, formulaToDiagram } from '../../core'
import { freshStores } from './fresh-stores'

// The evaluation store on array diagrams: results element by element, an array input seeded on all its
// elements (all ones) or on one (e_i), the gradient with respect to an array input, and a change of length
// recompiling. f = Σ x[i]²·s has ∂f/∂x[i] = 2·s·x[i] and ∂f/∂s = Σ x[i]².

const settle = () => nextTick()

describe('the evaluation store on arrays', () => {
  const { document: doc, evaluation: ev } = freshStores()
  const load = async () => {
    doc.load(formulaToDiagram('f = sum(s * x^2)', { values: { s: 3, x: [1, 2, 4] } }), null)
    await settle()
  }
  const id = (name: string) => doc.diagram.value!.inputs.find((t) => t.name === name)!.id

  it('reads arrays element by element: values, tangents per direction, adjoints, the gradient', async () => {
    await load()
    const f = ev.outputResult(doc.diagram.value!.outputs[0].id)!
    expect(f.value).toBe(3 * (1 + 4 + 16))
    // Every input seeded: s along 1, x along all ones: ∂f/∂s = 21, Σ ∂f/∂x[i] = 2·3·(1 + 2 + 4).
    expect(f.tangents).toEqual([21, 42])
    const g = ev.inputAdjoints()
    expect([...(g.get(id('x')) as Float64Array)]).toEqual([6, 12, 24])
    expect(g.get(id('s'))).toBe(21)
    // The wire from x carries the array and, as its adjoint, the gradient.
    const w = doc.diagram.value!.wires.find((x) => x.from.node === id('x'))!.id
    const r = ev.portResult(w)!
    expect([...r.array!.values]).toEqual([1, 2, 4])
    expect([...r.array!.adjoint]).toEqual([6, 12, 24])
    expect(ev.wireShape(w)).toBe('array')
  })

  it('seeds one element of an array input (e_i) when asked, and all of them again when the choice is cleared', async () => {
    await load()
    const o = doc.diagram.value!.outputs[0].id
    ev.seeded.value = [id('x')]
    ev.seedElement.value = { [id('x')]: 2 }
    await settle()
    expect(ev.outputResult(o)!.tangents).toEqual([24])
    ev.seedElement.value = {}
    await settle()
    expect(ev.outputResult(o)!.tangents).toEqual([42])
    ev.seeded.value = 'all'
    await settle()
  })

  it('a new length recompiles; a new value of the same length only re-sweeps', async () => {
    await load()
    const first = ev.currentSchedule()
    doc.apply(edits.setInputValue(doc.diagram.value!, id('x'), [1, 2, 5]))
    await settle()
    expect(ev.currentSchedule()).toBe(first)
    expect(ev.outputResult(doc.diagram.value!.outputs[0].id)!.value).toBe(3 * (1 + 4 + 25))
    doc.apply(edits.setInputValue(doc.diagram.value!, id('x'), [1, 2]))
    await settle()
    expect(ev.currentSchedule()).not.toBe(first)
    expect(ev.outputResult(doc.diagram.value!.outputs[0].id)!.value).toBe(3 * (1 + 4))
    expect([...(ev.inputAdjoints().get(id('x')) as Float64Array)]).toEqual([6, 12])
  })
})
