import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formulaToDiagram } from '../../core'
import { type Box, meets } from '../../renderer/src/editor/grid'
import { freeOffset, freeSpot, nodeBoxes } from '../../renderer/src/editor/placement'

// New things go to free space: a box placed by freeSpot keeps 24 px clear of every box already there, and
// it is where it was asked for when that place is free.

const MARGIN = 24
const grow = (b: Box, m: number): Box => ({ x0: b.x0 - m, y0: b.y0 - m, x1: b.x1 + m, y1: b.y1 + m })
const clearOf = (taken: Box[], b: Box) => taken.every((t) => !meets(grow(t, MARGIN - 0.5), b))
const boxAt = (p: { x: number; y: number }, w: number, h: number): Box => ({ x0: p.x, y0: p.y, x1: p.x + w, y1: p.y + h })

describe('placing in free space', () => {
  it('keeps the place asked for when it is free', () => {
    expect(freeSpot([{ x0: 0, y0: 0, x1: 100, y1: 100 }], { width: 46, height: 46 }, { x: 200, y: 0 })).toEqual({ x: 200, y: 0 })
  })

  it('moves off a block by the smallest ring step that clears it', () => {
    // Wanted exactly on a 100 px block: the nearest clear place is 124 px (block + margin) away along one axis.
    const at = freeSpot([{ x0: 0, y0: 0, x1: 100, y1: 100 }], { width: 46, height: 46 }, { x: 0, y: 0 })
    expect(clearOf([{ x0: 0, y0: 0, x1: 100, y1: 100 }], boxAt(at, 46, 46))).toBe(true)
    expect(Math.hypot(at.x, at.y)).toBeLessThanOrEqual(128)
  })

  it('over random boxes, the place found is clear of all of them', () => {
    const box = fc.record({ x: fc.integer({ min: -400, max: 400 }), y: fc.integer({ min: -400, max: 400 }), w: fc.integer({ min: 10, max: 200 }), h: fc.integer({ min: 10, max: 200 }) })
    fc.assert(
      fc.property(fc.array(box, { maxLength: 40 }), fc.integer({ min: -300, max: 300 }), fc.integer({ min: -300, max: 300 }), fc.integer({ min: 20, max: 300 }), (raw, x, y, w) => {
        const taken = raw.map((b) => boxAt(b, b.w, b.h))
        const at = freeSpot(taken, { width: w, height: 40 }, { x, y })
        expect(clearOf(taken, boxAt(at, w, 40))).toBe(true)
        if (clearOf(taken, boxAt({ x, y }, w, 40))) expect(at).toEqual({ x, y })
      }),
      { numRuns: 300, seed: 7 },
    )
  })

  it('shifts a whole formula so that none of its blocks lands on the diagram', () => {
    const d = formulaToDiagram('f = x1*x2 + log(x1^2)', { values: { x1: 1, x2: 2 } })
    const other = formulaToDiagram('g = sin(x1) + cos(x1)', { values: { x1: 1 } })
    const taken = nodeBoxes(d, d.layout.positions)
    const mine = nodeBoxes(other, other.layout.positions)
    const shift = freeOffset(taken, mine, { x: 0, y: 0 })
    for (const b of mine) expect(clearOf(taken, { x0: b.x0 + shift.x, y0: b.y0 + shift.y, x1: b.x1 + shift.x, y1: b.y1 + shift.y })).toBe(true)
  })
})
