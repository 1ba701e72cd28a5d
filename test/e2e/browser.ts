import { type Browser, chromium, type Page } from 'playwright-core'
import { chromiumPath } from '../../scripts/ensure-browser'
import { serveStatic, type StaticServer } from '../../scripts/serve'

// The web build in headless Chromium: one browser and one loopback server for a test file, a fresh context
// (fresh storage) for each page, and every console error collected so that tests can assert there is none.

export interface Session {
  browser: Browser
  server: StaticServer
  close(): Promise<void>
}

export async function startSession(): Promise<Session> {
  const executablePath = chromiumPath()
  if (!executablePath) throw new Error('no Chromium: run `npm test`, which finds or installs one, or set CHROME_PATH')
  const server = await serveStatic(new URL('../../dist/web', import.meta.url).pathname)
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  return { browser, server, close: async () => (await browser.close(), await server.close()) }
}

export interface OpenedPage {
  page: Page
  errors: string[]
}

/** Opens the editor; `?files=download` makes Open an upload and Save a download, which tests can drive. */
export async function openEditor(s: Session, query = '?files=download', viewport = { width: 1400, height: 860 }): Promise<OpenedPage> {
  const context = await s.browser.newContext({ viewport, acceptDownloads: true })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  page.on('pageerror', (e) => errors.push(e.message))
  // Playwright turns on file-chooser interception when the first listener is added, asynchronously: a
  // listener added just before the key that opens the chooser can lose that race, so one is added now.
  page.on('filechooser', () => {})
  await page.goto(`${s.server.url}${query}`)
  await page.getByTestId('status').waitFor()
  // Shortcuts work once the app has mounted, which is done when the first diagram's nodes are drawn.
  await page.locator('[data-testid=node]').first().waitFor()
  await page.waitForTimeout(150)
  return { page, errors }
}

/**
 * The text of every wire label, by the name it starts with (x1, f, …) or by its first number; sorted, since
 * labels are in the page in the order they were first drawn.
 */
export async function labels(page: Page): Promise<string[]> {
  return (await page.locator('[data-testid=wire-label]').allTextContents()).sort()
}

export async function labelOf(page: Page, name: string): Promise<string> {
  return (await page.locator(`[data-testid=wire-label][data-label="${name}"]`).textContent()) ?? ''
}

/** Centre of a node's port, for mouse wiring. */
export async function portCentre(page: Page, node: string, side: 'input' | 'output', port?: string): Promise<{ x: number; y: number }> {
  // The drawn port: Rete's target over it is made when the pointer comes near (BlockNode.vue).
  const mark = page.locator(`[data-node="${node}"] [data-testid=${side}-port]${port ? `[data-port="${port}"]` : ''}`)
  const b = (await mark.boundingBox())!
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 }
}

/** Draws a wire with the mouse, from one port to another. */
export async function drawWire(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y)
  await page.mouse.down()
  await page.mouse.move(to.x, to.y, { steps: 10 })
  await page.mouse.up()
  await page.waitForTimeout(80)
}

/** Pans the view as a user does: Space held, a drag from one point to another in `steps` moves. */
export async function spaceDrag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, steps: number): Promise<void> {
  await page.mouse.move(from.x, from.y)
  await page.keyboard.down(' ')
  await page.mouse.down()
  await page.mouse.move(to.x, to.y, { steps })
  await page.mouse.up()
  await page.keyboard.up(' ')
}

/** File › New, until no node is left on the canvas. */
export async function newDiagram(page: Page): Promise<void> {
  await page.getByTestId('menu-File').click()
  await page.getByTestId('command-new').click()
  await eventually(async () => {
    const left = await page.locator('[data-testid=node]').count()
    if (left !== 0) throw new Error(`${left} nodes are still drawn after File › New`)
  })
}

/** [id, primitive or terminal kind] of every node on the page. */
export async function nodes(page: Page): Promise<[string, string][]> {
  return page.locator('[data-testid=node]').evaluateAll((els) => els.map((e) => { const data = (e as unknown as { dataset: Record<string, string> }).dataset; return [data.node, data.primitive] as [string, string] }))
}

/** Retries an assertion until it passes (the page updates asynchronously) or `ms` run out. */
export async function eventually(assertion: () => Promise<void> | void, ms = 3000): Promise<void> {
  const end = Date.now() + ms
  for (;;) {
    try {
      await assertion()
      return
    } catch (err) {
      if (Date.now() > end) throw err
      await new Promise((r) => setTimeout(r, 40))
    }
  }
}
