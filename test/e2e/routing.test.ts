import { describe, expect, it } from 'vitest'
import { saveDiagram } from '../../core'
import { rosenbrock } from '../bench/workloads'
import { routeProblems } from '../support/route-geometry'
import { eventually, openEditor } from './browser'
import { sessionForFile } from './session'
import { drawn, endProblems, routesDrawn } from './routes'

// Wire routing in Chromium, read back from the page: every wire's drawn path and every node's box pass the
// checks of support/route-geometry.ts (orthogonal, port to port, through no block, no line shared between
// nets) on the Polar example, the seed example after Arrange, and after a block is dragged.

const session = sessionForFile()

async function check(page: import('playwright-core').Page): Promise<void> {
  await routesDrawn(page)
  const { boxes, wires } = await drawn(page)
  expect(wires.length).toBeGreaterThan(3)
  expect([...endProblems(boxes, wires), ...routeProblems(boxes, wires)]).toEqual([])
}

describe('wire routes in the editor', () => {
  it('of the Polar example keep x and y apart and go around every block', async () => {
    const { page, errors } = await openEditor(session)
    await page.getByTestId('menu-File').click()
    await page.getByTestId('example-polar').click()
    await eventually(async () => expect(await page.locator('[data-testid=node]').count()).toBe(6))
    await check(page)

    // Zoomed out past 30 %, the overview draws the same routed paths.
    const { wires } = await drawn(page)
    for (let i = 0; i < 12; i++) await page.keyboard.press('Control+-')
    await eventually(async () => expect(await page.getByTestId('wire-overview').isVisible()).toBe(true))
    const overview = (await page.locator('[data-testid=wire-overview] path').evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? '').join(''))).split('M').filter(Boolean)
    expect(overview.sort()).toEqual(wires.map((w) => w.route.map((p) => `${p.x} ${p.y}`).join('L')).sort())
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('are not routed above the budget: a diagram of some 400 nodes keeps the simple routes', async () => {
    const { page, errors } = await openEditor(session)
    const chooser = page.waitForEvent('filechooser')
    await page.keyboard.press('Control+O')
    await (await chooser).setFiles({ name: 'rosenbrock.dwire.json', mimeType: 'application/json', buffer: Buffer.from(saveDiagram(rosenbrock(40).diagram)) })
    await eventually(async () => expect(await page.getByTestId('canvas').getAttribute('data-routing')).toBe('off'), 10_000)
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('of the seed example after Arrange, and after a block is dragged, pass the same checks', { timeout: 60_000 }, async () => {
    const { page, errors } = await openEditor(session)
    await check(page)
    const placed = JSON.stringify((await drawn(page)).boxes)
    await page.keyboard.press('Control+Shift+A')
    await eventually(async () => expect(JSON.stringify((await drawn(page)).boxes)).not.toBe(placed), 10_000)
    await check(page)

    // Drag the ln block down by 70 pixels: its wires are routed anew from where it lands.
    const log = page.locator('[data-testid=node][data-primitive=log]')
    const id = (await log.getAttribute('data-node'))!
    const before = await drawn(page)
    const b = (await log.boundingBox())!
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2)
    await page.mouse.down()
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2 + 70, { steps: 8 })
    await page.mouse.up()
    await eventually(async () => {
      const after = await drawn(page)
      const box = after.boxes.find((x) => x.id === id)!
      expect(box.y).toBeGreaterThan(before.boxes.find((x) => x.id === id)!.y + 20)
    })
    await check(page)
    const after = await drawn(page)
    const box = after.boxes.find((x) => x.id === id)!
    // Its wires end and start on it where it is now.
    const own = after.wires.filter((w) => (Math.abs(w.to.x - box.x) <= 0.5 || Math.abs(w.from.x - (box.x + box.width)) <= 0.5) && [w.from.y, w.to.y].some((y) => y > box.y && y < box.y + box.height))
    expect(own.length).toBe(2)
    expect(errors).toEqual([])
    await page.context().close()
  })
})
