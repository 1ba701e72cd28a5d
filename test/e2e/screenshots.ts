// npm run screenshots: the pictures in docs/ and the README, taken from the web build in headless Chromium
// (software rendering) so that they show what a user sees. Fails if the page logs an error.
import type { Page } from 'playwright-core'
import { openEditor, startSession } from './browser'

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

  if (errors.length > 0) throw new Error(`the page logged errors:\n${errors.join('\n')}`)
  console.log('wrote docs/default-diagram.png, docs/reverse-mode.png, docs/front-panel.png, docs/polar-both.png')
} finally {
  await session.close()
}
