import { describe, expect, it } from 'vitest'
import { type Box, Grid, meets } from '../../renderer/src/editor/grid'
import { mulberry32 } from '../support/random-diagrams'

// The culling grid must never miss: whatever meets a box is among what near() visits, for a box inside the
// diagram (cells walked by position) and for one far larger (cells walked from the map).

function randomBox(rnd: () => number, spread: number, size: number): Box {
  const x0 = (rnd() - 0.5) * spread
  const y0 = (rnd() - 0.5) * spread
  return { x0, y0, x1: x0 + rnd() * size, y1: y0 + rnd() * size }
}

describe('Grid', () => {
  it('meets: boxes that share an edge meet; boxes apart by a hair do not', () => {
    expect(meets({ x0: 0, y0: 0, x1: 10, y1: 10 }, { x0: 10, y0: 10, x1: 20, y1: 20 })).toBe(true)
    expect(meets({ x0: 0, y0: 0, x1: 10, y1: 10 }, { x0: 10.001, y0: 0, x1: 20, y1: 10 })).toBe(false)
    expect(meets({ x0: 0, y0: 0, x1: 10, y1: 10 }, { x0: 2, y0: -5, x1: 3, y1: 15 })).toBe(true)
  })

  for (const [name, querySize] of [['a view inside the diagram', 900], ['a view far larger than the diagram', 1e6]] as const) {
    it(`visits every box that meets ${name}`, () => {
      const rnd = mulberry32(5)
      const grid = new Grid()
      const boxes = new Map<string, Box>()
      for (let i = 0; i < 2000; i++) {
        // Long thin boxes too: a wire's segment can cross many cells.
        const box = i % 5 === 0 ? randomBox(rnd, 8000, 3000) : randomBox(rnd, 8000, 120)
        boxes.set(`n${i}`, box)
        grid.add(`n${i}`, box)
      }
      for (let q = 0; q < 50; q++) {
        const view = querySize > 1e5 ? { x0: -5e5, y0: -5e5, x1: 5e5, y1: 5e5 } : randomBox(rnd, 8000, querySize)
        const visited = new Set<string>()
        grid.near(view, (id) => visited.add(id))
        const expected = [...boxes].filter(([, b]) => meets(b, view)).map(([id]) => id)
        expect(expected.filter((id) => !visited.has(id))).toEqual([])
        if (querySize > 1e5) expect(expected.length).toBe(2000)
      }
    })
  }
})
