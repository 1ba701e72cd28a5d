import { createRequire } from 'node:module'
import fc from 'fast-check'
import * as libavoid from 'libavoid-js'
import { beforeAll, describe, expect, it } from 'vitest'
import { type Diagram, emptyDiagram, TERMINAL_PORT } from '../../core'
import { arrange } from '../../renderer/src/editor/arrange'
import { type Avoid, loadAvoid } from '../../renderer/src/editor/routing/avoid'
import { routingInput } from '../../renderer/src/editor/routing/diagram'
import { type RouteNode, Router } from '../../renderer/src/editor/routing/router'
import { nodeKind, shapeOf } from '../../renderer/src/editor/geometry'
import { EXAMPLES, exampleDiagram } from '../../renderer/src/examples'
import { type RoutedWire, routeProblems } from '../support/route-geometry'

// The wire router (libavoid, through routing/router.ts) on every example, after Arrange, on random diagrams
// and across moves, checked on the geometry of what it answers (support/route-geometry.ts).

let avoid: Avoid
beforeAll(async () => {
  // Under Node the package's Node build reads its .wasm from a file path, beside its own module.
  const wasm = createRequire(import.meta.url).resolve('libavoid-js').replace(/[^/\\]+$/, 'libavoid.wasm')
  avoid = await loadAvoid(libavoid as never, wasm)
})

/** Routes `d` with `router`, or with a fresh one (freed after: libavoid's memory is the page's), and lists what is wrong with the routes. */
function problems(d: Diagram, router?: Router): string[] {
  if (!router) {
    const fresh = new Router(avoid)
    try {
      return problems(d, fresh)
    } finally {
      fresh.destroy()
    }
  }
  const { nodes, wires } = routingInput(d)
  router.update(nodes, wires)
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const port = (n: RouteNode, side: 'input' | 'output', id: string) => {
    const p = n.ports.find((q) => q.side === side && q.id === id)!
    return { x: n.x + p.x, y: n.y + p.y }
  }
  const routed: RoutedWire[] = wires.map((w) => ({
    id: w.id,
    net: `${w.from.node}.${w.from.port}`,
    from: port(byId.get(w.from.node)!, 'output', w.from.port),
    to: port(byId.get(w.to.node)!, 'input', w.to.port),
    route: router.all().get(w.id) ?? [],
  }))
  return routeProblems(nodes, routed)
}

const PRIMITIVES = ['add', 'sub', 'mul', 'div', 'sin', 'exp', 'atan2', 'hypot', 'max', 'select', 'gt', 'square'] as const

/** A random diagram: blocks in the cells of a grid at random places within them (so none overlap), acyclic wires. */
const randomDiagram = fc
  .record({
    inputs: fc.integer({ min: 1, max: 4 }),
    blocks: fc.array(fc.record({ primitive: fc.constantFrom(...PRIMITIVES), cell: fc.nat(), dx: fc.nat({ max: 60 }), dy: fc.nat({ max: 50 }) }), { minLength: 1, maxLength: 16 }),
    picks: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { minLength: 40, maxLength: 40 }),
    columns: fc.integer({ min: 2, max: 5 }),
  })
  .map(({ inputs, blocks, picks, columns }) => {
    const d = emptyDiagram('random')
    for (let i = 0; i < inputs; i++) {
      d.inputs.push({ id: `i${i}`, name: `x${i}`, value: 1 })
      d.layout.positions[`i${i}`] = { x: 0, y: i * 110 }
    }
    const cells = new Set<number>()
    const sources: { node: string; port: string }[] = d.inputs.map((t) => ({ node: t.id, port: TERMINAL_PORT }))
    let pick = 0
    blocks.forEach((b, i) => {
      let cell = b.cell % (columns * 6)
      while (cells.has(cell)) cell = (cell + 1) % (columns * 6)
      cells.add(cell)
      const id = `b${i}`
      d.blocks.push({ id, primitive: b.primitive, params: {} })
      d.layout.positions[id] = { x: 200 + (cell % columns) * 160 + b.dx, y: Math.floor(cell / columns) * 130 + b.dy }
      const shape = shapeOf(nodeKind(b.primitive), b.primitive)
      // Each input wired (or not) from a node placed before this one: no cycles.
      for (const port of shape.inputs) {
        const [which, , wired] = picks[pick++ % picks.length]
        if (wired || port === shape.inputs[0]) d.wires.push({ id: `w${d.wires.length}`, from: sources[which % sources.length], to: { node: id, port: port.id } })
      }
      for (const port of shape.outputs) sources.push({ node: id, port: port.id })
    })
    d.outputs.push({ id: 'o0', name: 'f', })
    d.layout.positions.o0 = { x: 200 + columns * 160 + 80, y: 0 }
    d.wires.push({ id: `w${d.wires.length}`, from: sources[sources.length - 1], to: { node: 'o0', port: TERMINAL_PORT } })
    return d
  })

describe('wire routes', () => {
  it.each(EXAMPLES.map((e) => e.id))('of the %s example are orthogonal, port to port, around every block, and apart from other nets', (id) => {
    expect(problems(exampleDiagram(id))).toEqual([])
  })

  it('of the seed example after Arrange pass the same checks', async () => {
    const d = exampleDiagram('seed')
    d.layout.positions = { ...d.layout.positions, ...(await arrange(d)) }
    expect(problems(d)).toEqual([])
  })

  it('of random diagrams pass the same checks', () => {
    fc.assert(
      fc.property(randomDiagram, (d) => {
        expect(problems(d)).toEqual([])
      }),
      { numRuns: 300 },
    )
  })

  it('stay right as blocks move, one at a time, in one long-lived router', () => {
    fc.assert(
      fc.property(randomDiagram, fc.array(fc.tuple(fc.nat(), fc.integer({ min: -200, max: 200 }), fc.integer({ min: -200, max: 200 })), { maxLength: 6 }), (d, moves) => {
        const router = new Router(avoid)
        try {
          expect(problems(d, router)).toEqual([])
          for (const [which, dx, dy] of moves) {
            const id = d.blocks[which % d.blocks.length].id
            const at = d.layout.positions[id]
            const moved = { x: at.x + dx, y: at.y + dy }
            const shape = routingInput(d).nodes.find((n) => n.id === id)!
            // Only to free space: a block dropped onto another has no honest route.
            const others = routingInput(d).nodes.filter((n) => n.id !== id)
            if (others.some((n) => moved.x < n.x + n.width + 24 && moved.x + shape.width + 24 > n.x && moved.y < n.y + n.height + 24 && moved.y + shape.height + 24 > n.y)) continue
            d.layout.positions = { ...d.layout.positions, [id]: moved }
            expect(problems(d, router)).toEqual([])
          }
        } finally {
          router.destroy()
        }
      }),
      { numRuns: 100 },
    )
  })

  it('moving a block reroutes its own wires and leaves far-away wires alone', () => {
    const d = exampleDiagram('seed')
    const router = new Router(avoid)
    const first = routingInput(d)
    router.update(first.nodes, first.wires)
    const log = d.blocks.find((b) => b.primitive === 'log')!
    d.layout.positions = { ...d.layout.positions, [log.id]: { x: d.layout.positions[log.id].x, y: d.layout.positions[log.id].y - 15 } }
    const next = routingInput(d)
    const changed = router.update(next.nodes, next.wires)
    const own = d.wires.filter((w) => w.from.node === log.id || w.to.node === log.id).map((w) => w.id)
    expect([...changed.keys()].sort()).toEqual(expect.arrayContaining(own))
    const x2wire = d.wires.find((w) => w.from.node === d.inputs[1].id)!.id
    expect(changed.has(x2wire)).toBe(false)
  })

  it('drop the routes of removed wires', () => {
    const d = exampleDiagram('polar')
    const router = new Router(avoid)
    const first = routingInput(d)
    router.update(first.nodes, first.wires)
    const changed = router.update(first.nodes, first.wires.slice(1))
    expect(changed.get(first.wires[0].id)).toBeNull()
    expect(router.all().has(first.wires[0].id)).toBe(false)
  })
})

