import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { edits, formulaToDiagram } from '../../core'
import type { DocumentStore } from '../../renderer/src/state/document'
import { createStores, type Stores } from '../../renderer/src/state/stores'

// The document store: every edit is a step; undo and redo move through whole diagrams; a group (a drag, a
// slider movement) is one step; the unsaved marker follows the step that was saved.

const seed = () => formulaToDiagram('x1*x2 + log(x1^2)', { values: { x1: 1.5, x2: 0.5 } })

describe('the document store', () => {
  let stores: Stores
  let doc: DocumentStore
  beforeEach(() => {
    stores = createStores()
    doc = stores.document
    doc.load(seed(), 'seed.dwire.json')
  })
  afterEach(() => stores.dispose())

  it('starts clean, with nothing to undo', () => {
    expect(doc.dirty.value).toBe(false)
    expect(doc.canUndo.value).toBe(false)
    expect(doc.fileName.value).toBe('seed.dwire.json')
    expect(doc.lastChangeKind.value).toBe('load')
  })

  it('undoes and redoes a structural edit and a value edit, each one step', () => {
    const original = doc.diagram.value!
    doc.apply(edits.removeNodes(original, [original.blocks[0].id]))
    expect(doc.diagram.value!.blocks).toHaveLength(original.blocks.length - 1)
    expect(doc.lastChangeKind.value).toBe('structure')
    doc.apply(edits.setInputValue(doc.diagram.value!, 'i1', 2))
    expect(doc.lastChangeKind.value).toBe('value')
    expect(doc.diagram.value!.inputs[0].value).toBe(2)
    doc.undo()
    expect(doc.diagram.value!.inputs[0].value).toBe(1.5)
    expect(doc.diagram.value!.blocks).toHaveLength(original.blocks.length - 1)
    doc.undo()
    expect(doc.diagram.value).toBe(original)
    expect(doc.canUndo.value).toBe(false)
    doc.redo()
    doc.redo()
    expect(doc.diagram.value!.inputs[0].value).toBe(2)
    expect(doc.canRedo.value).toBe(false)
  })

  it('makes a group of edits (a slider drag) one step, and a new edit after endGroup another', () => {
    for (const v of [1.6, 1.7, 1.8, 1.9]) doc.apply(edits.setInputValue(doc.diagram.value!, 'i1', v), 'slider:i1')
    doc.endGroup()
    doc.apply(edits.setInputValue(doc.diagram.value!, 'i1', 3), 'slider:i1')
    expect(doc.diagram.value!.inputs[0].value).toBe(3)
    doc.undo()
    expect(doc.diagram.value!.inputs[0].value).toBe(1.9)
    doc.undo()
    expect(doc.diagram.value!.inputs[0].value).toBe(1.5)
  })

  it('drops the redo list after a new edit', () => {
    doc.apply(edits.setInputValue(doc.diagram.value!, 'i1', 2))
    doc.undo()
    expect(doc.canRedo.value).toBe(true)
    doc.apply(edits.setInputValue(doc.diagram.value!, 'i2', 7))
    expect(doc.canRedo.value).toBe(false)
  })

  it('is unsaved after an edit, saved after markSaved, and unsaved again when undo leaves the saved step', () => {
    doc.apply(edits.setInputValue(doc.diagram.value!, 'i1', 2))
    expect(doc.dirty.value).toBe(true)
    doc.markSaved(doc.currentStep(), 'copy.dwire.json')
    expect(doc.dirty.value).toBe(false)
    expect(doc.fileName.value).toBe('copy.dwire.json')
    doc.undo()
    expect(doc.dirty.value).toBe(true)
    doc.redo()
    expect(doc.dirty.value).toBe(false)
  })

  it('an edit made while a save was writing stays unsaved', () => {
    doc.apply(edits.setInputValue(doc.diagram.value!, 'i1', 2))
    const writing = doc.currentStep()
    doc.apply(edits.setInputValue(doc.diagram.value!, 'i1', 3))
    doc.markSaved(writing, 'copy.dwire.json')
    expect(doc.dirty.value).toBe(true)
    doc.undo()
    expect(doc.dirty.value).toBe(false)
  })

  it('turns a refused edit into the message for the user and changes nothing', () => {
    const before = doc.diagram.value
    const message = doc.tryEdit(() => edits.connect(doc.diagram.value!, { node: 'b1', port: 'r' }, { node: 'b1', port: 'x' }))
    expect(message).toBe('that wire would make a loop; a diagram computes each value once')
    expect(doc.diagram.value).toBe(before)
    expect(doc.canUndo.value).toBe(false)
  })
})
