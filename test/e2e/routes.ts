import type { Page } from 'playwright-core'
import { type Box, pathPoints, type RoutedWire } from '../support/route-geometry'

// The wires and nodes as the page draws them, for the geometric checks of support/route-geometry.ts.

/** Waits until the router has answered for the diagram shown and the answer is drawn. */
export async function routesDrawn(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-testid=canvas]')?.getAttribute('data-routing') === 'routed' && !document.querySelector('[data-testid=canvas]')?.hasAttribute('data-rendering'), null, { timeout: 15_000, polling: 50 })
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
}

/**
 * Every node's box (its position from Rete's transform, its size from its style) and every wire's drawn
 * path. A wire's net is where it starts: one output port is one point, and no two ports share a point.
 */
export async function drawn(page: Page): Promise<{ boxes: Box[]; wires: RoutedWire[] }> {
  const { boxes, paths } = await page.evaluate(() => {
    const boxes = [...document.querySelectorAll<HTMLElement>('[data-testid=node]')].map((el) => {
      const at = /translate\((-?[\d.]+)px,\s*(-?[\d.]+)px\)/.exec(el.parentElement!.style.transform)!
      return { id: el.dataset.node!, x: Number(at[1]), y: Number(at[2]), width: parseFloat(el.style.width), height: parseFloat(el.style.height) }
    })
    const paths = [...document.querySelectorAll<SVGGElement>('[data-testid=connection]')].map((g) => ({ id: g.dataset.wire!, d: g.querySelector('path.line')!.getAttribute('d')! }))
    return { boxes, paths }
  })
  const wires = paths.map(({ id, d }) => {
    const route = pathPoints(d)
    const [from, to] = [route[0], route[route.length - 1]]
    return { id, net: `${from.x},${from.y}`, from, to, route }
  })
  return { boxes, wires }
}

/** Route ends that are not on a node's output (right) edge or input (left) edge. */
export function endProblems(boxes: Box[], wires: RoutedWire[]): string[] {
  const on = (p: { x: number; y: number }, side: 'left' | 'right') => boxes.some((b) => Math.abs(p.x - (side === 'left' ? b.x : b.x + b.width)) <= 0.5 && p.y > b.y && p.y < b.y + b.height)
  return wires.flatMap((w) => [...(on(w.from, 'right') ? [] : [`${w.id} starts off any output edge`]), ...(on(w.to, 'left') ? [] : [`${w.id} ends off any input edge`])])
}
