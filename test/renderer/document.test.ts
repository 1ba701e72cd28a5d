import { beforeEach, describe, expect, it } from 'vitest'
import { edits, formulaToDiagram } from '../../core'
import { apply, canRedo, canUndo, currentStep, diagram, dirty, endGroup, fileName, lastChangeKind, load, markSaved, redo, tryEdit, undo } from '../../renderer/src/state/document'

// The document store: every edit is a step; undo and redo move through whole diagrams; a group (a drag, a
// slider movement) is one step; the unsaved marker follows the step that was saved.

const seed = () => formulaToDiagram('x1*x2 + log(x1^2)', { values: { x1: 1.5, x2: 0.5 } })

describe('the document store', () => {
  beforeEach(() => load(seed(), 'seed.dwire.json'))

  it('starts clean, with nothing to undo', () => {
    expect(dirty.value).toBe(false)
    expect(canUndo.value).toBe(false)
    expect(fileName.value).toBe('seed.dwire.json')
    expect(lastChangeKind.value).toBe('load')
  })

  it('undoes and redoes a structural edit and a value edit, each one step', () => {
    const original = diagram.value!
    apply(edits.removeNodes(original, [original.blocks[0].id]))
    expect(diagram.value!.blocks).toHaveLength(original.blocks.length - 1)
    expect(lastChangeKind.value).toBe('structure')
    apply(edits.setInputValue(diagram.value!, 'i1', 2))
    expect(lastChangeKind.value).toBe('value')
    expect(diagram.value!.inputs[0].value).toBe(2)
    undo()
    expect(diagram.value!.inputs[0].value).toBe(1.5)
    expect(diagram.value!.blocks).toHaveLength(original.blocks.length - 1)
    undo()
    expect(diagram.value).toBe(original)
    expect(canUndo.value).toBe(false)
    redo()
    redo()
    expect(diagram.value!.inputs[0].value).toBe(2)
    expect(canRedo.value).toBe(false)
  })

  it('makes a group of edits (a slider drag) one step, and a new edit after endGroup another', () => {
    for (const v of [1.6, 1.7, 1.8, 1.9]) apply(edits.setInputValue(diagram.value!, 'i1', v), 'slider:i1')
    endGroup()
    apply(edits.setInputValue(diagram.value!, 'i1', 3), 'slider:i1')
    expect(diagram.value!.inputs[0].value).toBe(3)
    undo()
    expect(diagram.value!.inputs[0].value).toBe(1.9)
    undo()
    expect(diagram.value!.inputs[0].value).toBe(1.5)
  })

  it('drops the redo list after a new edit', () => {
    apply(edits.setInputValue(diagram.value!, 'i1', 2))
    undo()
    expect(canRedo.value).toBe(true)
    apply(edits.setInputValue(diagram.value!, 'i2', 7))
    expect(canRedo.value).toBe(false)
  })

  it('is unsaved after an edit, saved after markSaved, and unsaved again when undo leaves the saved step', () => {
    apply(edits.setInputValue(diagram.value!, 'i1', 2))
    expect(dirty.value).toBe(true)
    markSaved(currentStep(), 'copy.dwire.json')
    expect(dirty.value).toBe(false)
    expect(fileName.value).toBe('copy.dwire.json')
    undo()
    expect(dirty.value).toBe(true)
    redo()
    expect(dirty.value).toBe(false)
  })

  it('an edit made while a save was writing stays unsaved', () => {
    apply(edits.setInputValue(diagram.value!, 'i1', 2))
    const writing = currentStep()
    apply(edits.setInputValue(diagram.value!, 'i1', 3))
    markSaved(writing, 'copy.dwire.json')
    expect(dirty.value).toBe(true)
    undo()
    expect(dirty.value).toBe(false)
  })

  it('turns a refused edit into the message for the user and changes nothing', () => {
    const before = diagram.value
    const message = tryEdit(() => edits.connect(diagram.value!, { node: 'b1', port: 'r' }, { node: 'b1', port: 'x' }))
    expect(message).toBe('that wire would make a loop; a diagram computes each value once')
    expect(diagram.value).toBe(before)
    expect(canUndo.value).toBe(false)
  })
})
