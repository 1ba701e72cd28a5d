import { describe, expect, it } from 'vitest'
import { createApp, nextTick } from 'vue'
import { edits, formulaToDiagram } from '../../core'
import { createStores, STORES_KEY, useStores } from '../../renderer/src/state/stores'

// Stores are made by createStores(), not by importing a module: two sets share nothing (no document, undo
// history, selection or evaluation), and dispose() stops what a set follows. Components get the set their
// app provides.

const seed = () => formulaToDiagram('x1*x2 + log(x1^2)', { values: { x1: 1.5, x2: 0.5 } })

describe('stores made by createStores()', () => {
  it('share no document, undo history, selection or results with another set', async () => {
    const a = createStores()
    const b = createStores()
    a.document.load(seed(), 'a.dwire.json')
    b.document.load(formulaToDiagram('sin(x)', { values: { x: 0 } }), 'b.dwire.json')
    a.document.apply(edits.setInputValue(a.document.diagram.value!, 'i1', 2))
    a.ui.select(['i1'], ['w1'])
    a.evaluation.mode.value = 'reverse'
    await nextTick()

    expect(a.document.canUndo.value).toBe(true)
    expect(a.document.dirty.value).toBe(true)
    expect(b.document.canUndo.value).toBe(false)
    expect(b.document.dirty.value).toBe(false)
    expect(b.document.fileName.value).toBe('b.dwire.json')
    expect(b.document.diagram.value!.blocks.map((x) => x.primitive)).toEqual(['sin'])
    expect([...b.ui.selection.nodes, ...b.ui.selection.wires]).toEqual([])
    expect(b.evaluation.mode.value).toBe('both')
    expect(a.evaluation.outputResult('o1')!.value).toBe(2 * 0.5 + Math.log(4))
    expect(b.evaluation.outputResult('o1')!.value).toBe(0)

    b.document.undo() // nothing to undo in b: a keeps its step
    expect(a.document.diagram.value!.inputs[0].value).toBe(2)
    a.document.undo()
    expect(a.document.diagram.value!.inputs[0].value).toBe(1.5)
    expect(b.document.diagram.value!.inputs[0].value).toBe(0)
    a.dispose()
    b.dispose()
  })

  it('stop following the document once disposed: a change after dispose() sweeps nothing', async () => {
    const following = createStores()
    const disposed = createStores()
    for (const s of [following, disposed]) s.document.load(seed(), null)
    await nextTick()
    const before = disposed.evaluation.version.value
    const value = disposed.evaluation.outputResult('o1')!.value
    disposed.dispose()
    for (const s of [following, disposed]) {
      s.document.apply(edits.setInputValue(s.document.diagram.value!, 'i1', 2))
      s.evaluation.seeded.value = ['i2']
    }
    await nextTick()
    expect(following.evaluation.version.value).toBeGreaterThan(before) // the same change, followed
    expect(following.evaluation.outputResult('o1')!.value).toBe(1 + Math.log(4))
    expect(disposed.evaluation.version.value).toBe(before)
    expect(disposed.evaluation.outputResult('o1')!.value).toBe(value)
    // The document itself still works: only what followed it stopped.
    expect(disposed.document.diagram.value!.inputs[0].value).toBe(2)
    following.dispose()
  })

  it('reach a component through what its app provides, and say so when nothing is', () => {
    const stores = createStores()
    expect(createApp({}).provide(STORES_KEY, stores).runWithContext(useStores)).toBe(stores)
    expect(() => createApp({}).runWithContext(useStores)).toThrow(/no stores provided.*STORES_KEY/)
    stores.dispose()
  })
})
