import { type Diagram, edits, type Point } from '../../core'
import { nodeKind, shapeOf } from './editor/geometry'
import { diagramBoxes, freeOffset, freeSpot, nodeBoxes } from './editor/placement'
import type { Stores } from './state/stores'

// Adding blocks where the user means: a palette block, a Quick Drop choice or an inserted formula goes to
// free space as near as it can to the point asked for (the pointer, or the view's centre), as one edit.
// Each returns what it created (wires left out), for the caller to select and bring into view; nothing
// when the edit was refused.

const sizeOf = (kind: string) => (kind === '@input' ? shapeOf('input') : kind === '@output' ? shapeOf('output') : shapeOf(nodeKind(kind), kind))

/** Adds a palette block or terminal (`@input`, `@output`) with its centre as near to `centre` as there is room. */
export function placeBlock(stores: Stores, kind: string, centre: Point): string[] {
  const d = (): Diagram => stores.document.diagram.value!
  const size = sizeOf(kind)
  return (
    stores.ui.editCreating(() => {
      const at = freeSpot(diagramBoxes(d()), size, { x: centre.x - size.width / 2, y: centre.y - size.height / 2 })
      return kind === '@input' ? edits.addInput(d(), at) : kind === '@output' ? edits.addOutput(d(), at) : edits.addBlock(d(), kind, at)
    }) ?? []
  )
}

/** Inserts a formula's diagram with its top-left corner as near to `at` as there is room; undefined when refused. */
export function insertFormulaDiagram(stores: Stores, other: Diagram, at: Point): string[] | undefined {
  const d = (): Diagram => stores.document.diagram.value!
  return stores.ui.editCreating(() => {
    const boxes = nodeBoxes(other, other.layout.positions)
    const shift = freeOffset(diagramBoxes(d()), boxes, at)
    // insertDiagram puts the formula's top-left corner (or its origin) on the point it is given.
    const left = Math.min(0, ...boxes.map((b) => b.x0))
    const top = Math.min(0, ...boxes.map((b) => b.y0))
    return edits.insertDiagram(d(), other, { x: left + shift.x, y: top + shift.y })
  })
}
