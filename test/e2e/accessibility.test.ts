import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { openEditor } from './browser'
import { sessionForFile } from './session'

// axe-core (the accessibility engine of Deque's browser tools) over the editor as a user meets it: the seed
// example, an array example with its tables, a right-click menu open, and the keyboard-shortcuts dialog. No serious or critical violation.

const session = sessionForFile()
const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8')

interface Violation {
  id: string
  impact: string
  help: string
  nodes: { target: string[] }[]
}

/** The serious and critical violations, one line each: rule, count, first element. */
async function violations(page: Page): Promise<string[]> {
  // Evaluated through the debugger protocol: the page's Content Security Policy forbids inline scripts.
  await page.evaluate(AXE)
  const found = await page.evaluate(async () => (await (window as unknown as { axe: { run(d: Document): Promise<{ violations: Violation[] }> } }).axe.run(document)).violations)
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id} ×${v.nodes.length}: ${v.help} (${v.nodes[0]?.target.join(' ')})`)
}

describe('accessibility', () => {
  it('the editor on the seed example has no serious violations', async () => {
    const { page } = await openEditor(session)
    expect(await violations(page)).toEqual([])
    await page.context().close()
  })

  it('nor on an array example, with an array wire in the inspector as a table', async () => {
    const { page } = await openEditor(session)
    await page.getByTestId('menu-File').click()
    await page.getByTestId('example-least-squares').click()
    await page.getByTestId('array-control-xs').waitFor()
    const wire = await page.locator('[data-testid=connection].array').first().getAttribute('data-wire')
    await page.locator(`[data-testid=connection][data-wire="${wire}"] path.hit`).dispatchEvent('pointerdown')
    await page.getByTestId('inspector-table').waitFor()
    expect(await violations(page)).toEqual([])
    await page.context().close()
  })

  it('nor with a right-click menu open, nor with the keyboard shortcuts shown', async () => {
    const { page } = await openEditor(session)
    await page.locator('[data-node="b1"]').click({ button: 'right' })
    await page.getByTestId('context-menu').waitFor()
    expect(await violations(page)).toEqual([])
    await page.keyboard.press('Escape')
    await page.keyboard.press('F1')
    await page.getByTestId('help-overlay').waitFor()
    expect(await violations(page)).toEqual([])
    await page.context().close()
  })
})
