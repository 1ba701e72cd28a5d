import { type ShallowRef, shallowRef } from 'vue'

/**
 * One reactive cell per id that something has read, holding what `compute(id)` gives. A counter that every
 * wire and block follows makes a sweep that changes three flags re-run thousands of computeds; `refresh()`
 * works the cells out again outside Vue and sets them, and a cell whose value did not change tells no one.
 */
export interface Cells<T> {
  read(id: string): T
  refresh(): void
}

export function cells<T>(compute: (id: string) => T): Cells<T> {
  const byId = new Map<string, ShallowRef<T>>()
  return {
    read(id) {
      let cell = byId.get(id)
      if (!cell) byId.set(id, (cell = shallowRef(compute(id))))
      return cell.value
    },
    refresh() {
      for (const [id, cell] of byId) cell.value = compute(id)
    },
  }
}
