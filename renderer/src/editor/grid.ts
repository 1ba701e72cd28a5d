// A uniform grid over the diagram, so that finding what meets the view costs what is near the view rather
// than the whole diagram. An id is filed under every cell its boxes touch (a wire has one box per segment).

export interface Box {
  x0: number
  y0: number
  x1: number
  y1: number
}

export const meets = (a: Box, b: Box): boolean => a.x1 >= b.x0 && a.x0 <= b.x1 && a.y1 >= b.y0 && a.y0 <= b.y1

const CELL = 400

export class Grid {
  private readonly cells = new Map<string, string[]>()

  add(id: string, box: Box): void {
    for (let cx = Math.floor(box.x0 / CELL); cx <= Math.floor(box.x1 / CELL); cx++) {
      for (let cy = Math.floor(box.y0 / CELL); cy <= Math.floor(box.y1 / CELL); cy++) {
        const key = `${cx},${cy}`
        const cell = this.cells.get(key)
        if (cell) cell.push(id)
        else this.cells.set(key, [id])
      }
    }
  }

  /** Every id filed in a cell that `box` touches: a superset of those whose boxes meet it, some more than once. */
  near(box: Box, visit: (id: string) => void): void {
    // A view far larger than the diagram (zoomed far out) would visit many empty cells: walk the cells instead.
    const across = (Math.floor(box.x1 / CELL) - Math.floor(box.x0 / CELL) + 1) * (Math.floor(box.y1 / CELL) - Math.floor(box.y0 / CELL) + 1)
    if (across > this.cells.size) {
      for (const [key, ids] of this.cells) {
        const [cx, cy] = key.split(',').map(Number)
        if (meets({ x0: cx * CELL, y0: cy * CELL, x1: (cx + 1) * CELL, y1: (cy + 1) * CELL }, box)) ids.forEach(visit)
      }
      return
    }
    for (let cx = Math.floor(box.x0 / CELL); cx <= Math.floor(box.x1 / CELL); cx++) {
      for (let cy = Math.floor(box.y0 / CELL); cy <= Math.floor(box.y1 / CELL); cy++) this.cells.get(`${cx},${cy}`)?.forEach(visit)
    }
  }

  /** Whether `test` holds for some id filed near `box`; stops at the first (placement tests thousands of places). */
  some(box: Box, test: (id: string) => boolean): boolean {
    for (let cx = Math.floor(box.x0 / CELL); cx <= Math.floor(box.x1 / CELL); cx++) {
      for (let cy = Math.floor(box.y0 / CELL); cy <= Math.floor(box.y1 / CELL); cy++) {
        const cell = this.cells.get(`${cx},${cy}`)
        if (cell && cell.some(test)) return true
      }
    }
    return false
  }
}
