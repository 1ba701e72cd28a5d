import { describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import { edits, formulaToDiagram } from '../../core'
import { freshStores } from './fresh-stores'

// The front panel's Hessian, against closed forms: f = x1·x2 + ln(x1²) has ∂²f/∂x1² = −2/x1², ∂²f/∂x1∂x2 = 1
// and ∂²f/∂x2² = 0; g = c·x1² + x1·x2 has [[2c, 1], [1, 0]] for its constant c.

describe('the front panel Hessian', () => {
  const stores = freshStores()
  const { document: doc } = stores

  it('is the exact Hessian of the seed example', async () => {
    doc.load(formulaToDiagram('x1*x2 + log(x1^2)', { values: { x1: 1.5, x2: 0.5 } }), null)
    await nextTick()
    expect(stores.hessian.hessianOf()).toEqual({ output: 'f', rows: [[-2 / 2.25, 1], [1, 0]] })
    doc.apply(edits.setInputValue(doc.diagram.value!, 'i1', 2))
    await nextTick()
    expect(stores.hessian.hessianOf()!.rows[0][0]).toBe(-0.5)
  })

  it('follows a constant’s new value and a structural change', async () => {
    doc.load(formulaToDiagram('3*x1^2 + x1*x2', { values: { x1: 1, x2: 2 } }), null)
    await nextTick()
    expect(stores.hessian.hessianOf()!.rows).toEqual([[6, 1], [1, 0]])
    const constant = doc.diagram.value!.blocks.find((b) => b.primitive === 'constant')!.id
    doc.apply(edits.setParam(doc.diagram.value!, constant, 'value', 5))
    await nextTick()
    expect(stores.hessian.hessianOf()!.rows).toEqual([[10, 1], [1, 0]])
    const [x1] = doc.diagram.value!.inputs
    const add = doc.diagram.value!.blocks.find((b) => b.primitive === 'add')!.id
    // x1 straight into the sum's second input instead of x1·x2: g = 5·x1² + x1, and x2 drops out.
    doc.apply(edits.connect(doc.diagram.value!, { node: x1.id, port: 'value' }, { node: add, port: 'y' }))
    await nextTick()
    expect(stores.hessian.hessianOf()!.rows).toEqual([[10, 0], [0, 0]])
  })

  it('is left out for more than six inputs', async () => {
    doc.load(formulaToDiagram('x1+x2+x3+x4+x5+x6+x7', { values: { x1: 1, x2: 1, x3: 1, x4: 1, x5: 1, x6: 1, x7: 1 } }), null)
    await nextTick()
    expect(stores.hessian.hessianOf()).toBeNull()
  })

  it('works on an array diagram of up to six elements, by element; not on an array output', async () => {
    // f = Σ x[i]³ has the diagonal Hessian 6·x[i].
    doc.load(formulaToDiagram('f = sum(x^3)', { values: { x: [1, -2, 0.5] } }), null)
    await nextTick()
    expect(stores.hessian.hessianOf()).toEqual({ output: 'f', rows: [[6, 0, 0], [0, -12, 0], [0, 0, 3]] })
    doc.apply(edits.setInputValue(doc.diagram.value!, doc.diagram.value!.inputs[0].id, [1, 2, 3, 4, 5, 6, 7]))
    await nextTick()
    expect(stores.hessian.hessianOf()).toBeNull()
    doc.load(formulaToDiagram('y = x^3', { values: { x: [1, 2] } }), null)
    await nextTick()
    expect(stores.hessian.hessianOf()).toBeNull()
  })
})
