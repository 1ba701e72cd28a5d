import type { Diagram } from './model'

// The loops of a diagram: strongly connected components with a loop in them (Tarjan's algorithm, without
// recursion, so a chain of a million blocks does not overflow the stack). Nodes are numbered once and the
// search runs on typed arrays: with a map per node property it was the slowest part of loading a large file.

/**
 * Each loop as the ids of its nodes, in the order a depth-first search from each block in turn (successors
 * in wire order) finds them.
 */
export function cycles(d: Pick<Diagram, 'blocks' | 'wires'>): string[][] {
  const number = new Map<string, number>()
  const ids: string[] = []
  const numberOf = (id: string): number => {
    let k = number.get(id)
    if (k === undefined) {
      k = ids.length
      number.set(id, k)
      ids.push(id)
    }
    return k
  }
  for (const b of d.blocks) numberOf(b.id)
  const tails = new Int32Array(d.wires.length)
  const heads = new Int32Array(d.wires.length)
  d.wires.forEach((w, e) => {
    tails[e] = numberOf(w.from.node)
    heads[e] = numberOf(w.to.node)
  })

  // Successors of node v are succ[first[v]] … succ[first[v + 1] - 1], in wire order.
  const n = ids.length
  const first = new Int32Array(n + 1)
  for (let e = 0; e < tails.length; e++) first[tails[e] + 1]++
  for (let v = 0; v < n; v++) first[v + 1] += first[v]
  const fill = first.slice(0, n)
  const succ = new Int32Array(tails.length)
  for (let e = 0; e < tails.length; e++) succ[fill[tails[e]]++] = heads[e]

  const index = new Int32Array(n).fill(-1)
  const low = new Int32Array(n)
  const onStack = new Uint8Array(n)
  const stack: number[] = []
  const work: number[] = [] // the search path …
  const next: number[] = [] // … and, for each node on it, the next of its successors to look at
  const found: string[][] = []
  let counter = 0
  const enter = (v: number) => {
    index[v] = low[v] = counter++
    stack.push(v)
    onStack[v] = 1
    work.push(v)
    next.push(first[v])
  }
  for (const b of d.blocks) {
    const root = number.get(b.id)!
    if (index[root] >= 0) continue
    enter(root)
    while (work.length > 0) {
      const v = work[work.length - 1]
      const k = next[next.length - 1]
      if (k < first[v + 1]) {
        next[next.length - 1] = k + 1
        const s = succ[k]
        if (index[s] < 0) enter(s)
        else if (onStack[s] === 1) low[v] = Math.min(low[v], index[s])
        continue
      }
      work.pop()
      next.pop()
      if (work.length > 0) {
        const parent = work[work.length - 1]
        low[parent] = Math.min(low[parent], low[v])
      }
      if (low[v] === index[v]) {
        const component: string[] = []
        let x: number
        do {
          x = stack.pop()!
          onStack[x] = 0
          component.push(ids[x])
        } while (x !== v)
        let selfLoop = false
        if (component.length === 1) for (let j = first[v]; j < first[v + 1]; j++) if (succ[j] === v) selfLoop = true
        if (component.length > 1 || selfLoop) found.push(component.reverse())
      }
    }
  }
  return found
}
