// npm run screenshots: the pictures in docs/ and the README, taken from the web build in headless Chromium
// (software rendering) so that they show what a user sees. Fails if the page logs an error.
import type { Page } from 'playwright-core'
import { openEditor, startSession } from './browser'
import { routesDrawn } from './routes'

const out = (name: string) => new URL(`../../docs/${name}`, import.meta.url).pathname

async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(400)
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
}

const session = await startSession()
try {
  const { page, errors } = await openEditor(session)
  await settle(page)
  await page.screenshot({ path: out('default-diagram.png') })

  await page.getByTestId('mode-reverse').click()
  await settle(page)
  await page.screenshot({ path: out('reverse-mode.png') })

  // The polar example: two outputs, so the front panel shows a Jacobian's rows and the reverse seed choice.
  await page.getByTestId('mode-both').click()
  await page.getByTestId('menu-File').click()
  await page.getByTestId('example-polar').click()
  await settle(page)
  await page.getByTestId('front-panel').screenshot({ path: out('front-panel.png') })
  await page.screenshot({ path: out('polar-both.png') })

  // Routed wires at 1400 × 900: the Polar example (x and y cross but never join), and the seed example
  // after Arrange (no wire through a block).
  await page.setViewportSize({ width: 1400, height: 900 })
  await page.keyboard.press('Control+0')
  await routesDrawn(page)
  await settle(page)
  await page.screenshot({ path: out('polar-routed.png') })
  await page.getByTestId('menu-File').click()
  await page.getByTestId('example-seed').click()
  await routesDrawn(page)
  const placed = await page.evaluate(() => document.querySelector('[data-testid=node]')!.parentElement!.style.transform)
  await page.keyboard.press('Control+Shift+A')
  await page.waitForFunction((t) => document.querySelector('[data-testid=node]')!.parentElement!.style.transform !== t, placed)
  await page.keyboard.press('Control+0')
  await routesDrawn(page)
  await settle(page)
  await page.screenshot({ path: out('seed-arranged.png') })

  // The seed example at x1 = 0: ln 0 = −∞ flags its block, its wire and f, and every derivative of f.
  await page.getByTestId('input-x1').fill('0')
  await page.getByTestId('input-x1').press('Enter')
  await routesDrawn(page)
  await settle(page)
  await page.screenshot({ path: out('seed-flagged.png') })

  // Arrays: the least-squares example, the residuals' squares selected, so the inspector shows them as a
  // table beside the labels' summaries and sparklines.
  await page.getByTestId('menu-File').click()
  await page.getByTestId('example-least-squares').click()
  await page.getByTestId("answer-Don't Save").click() // the seed example was edited above
  // Tangents along the slope and the intercept only, as a least-squares fit asks.
  await page.getByTestId('seed-xs').click()
  await page.getByTestId('seed-ys').click()
  await routesDrawn(page)
  const wires = await page.locator('[data-testid=connection]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.wire!))
  for (const w of wires) {
    await page.locator(`[data-testid=connection][data-wire="${w}"] path.hit`).dispatchEvent('pointerdown')
    if ((await page.getByTestId('inspector-name').textContent())?.startsWith('Square →')) break
  }
  await settle(page)
  await page.screenshot({ path: out('arrays-least-squares.png') })

  if (errors.length > 0) throw new Error(`the page logged errors:\n${errors.join('\n')}`)
  console.log('wrote docs/default-diagram.png, docs/reverse-mode.png, docs/front-panel.png, docs/polar-both.png, docs/polar-routed.png, docs/seed-arranged.png, docs/seed-flagged.png, docs/arrays-least-squares.png')
} finally {
  await session.close()
}
