import { mkdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MenuItemConstructorOptions } from 'electron'
import type { Page } from 'playwright-core'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { type Diagram, edits, formulaToDiagram, saveDiagram } from '../../core'
import { MENUS } from '../../electron/commands'
import { buildMenuTemplate } from '../../electron/menu'
import { eventually, labelOf, openEditor } from './browser'
import { sessionForFile } from './session'

// The defects of issue 10, list 7, each driven in Chromium as a user meets it. Every test also leaves
// screenshots of what it checks, at both window sizes where it shows, in $TMPDIR/dualwire-defects.

const WIDE = { width: 1400, height: 900 }
const SMALL = { width: 1024, height: 700 }
const SHOTS = join(tmpdir(), 'dualwire-defects')
mkdirSync(SHOTS, { recursive: true })
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}-${page.viewportSize()!.width}.png`) })

const session = sessionForFile()

/** Opens a diagram file through File ▸ Open (an upload in the test build). */
async function openFile(page: Page, name: string, text: string, discard = false): Promise<void> {
  const chooser = page.waitForEvent('filechooser')
  await page.keyboard.press('Control+O')
  if (discard) await page.getByTestId("answer-Don't Save").click()
  await (await chooser).setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) })
}

async function openDiagram(page: Page, name: string, d: Diagram, discard = false): Promise<void> {
  await openFile(page, name, saveDiagram(d), discard)
  await eventually(async () => expect(await page.title()).toBe(`${name} — DualWire`))
  await page.waitForTimeout(100)
}

/** The seed example's formula with its terminals renamed. */
function renamed(formula: string, names: Record<string, string>): Diagram {
  let d = formulaToDiagram(formula)
  for (const t of [...d.inputs, ...d.outputs]) {
    const name = names[t.name]
    if (name !== undefined) d = edits.renameTerminal(d, t.id, name).diagram
  }
  return d
}

/** The seed example's f, and a number as the editor shows it in full. */
const F = (x1: number, x2: number) => x1 * x2 + Math.log(x1 * x1)
const shown = (v: number) => String(v).replace('-', '−')

const inViewport = async (page: Page, testid: string) => {
  const box = (await page.getByTestId(testid).boundingBox())!
  const v = page.viewportSize()!
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= v.width && box.y + box.height <= v.height
}

describe('issue 10, list 7', () => {
  it('1. the keyboard-shortcuts dialog fits the window or scrolls, with Close in reach, at 1400×900 and 1024×700', async () => {
    for (const viewport of [WIDE, SMALL]) {
      const { page } = await openEditor(session, undefined, viewport)
      await page.keyboard.press('F1')
      await page.getByTestId('help-overlay').waitFor()
      await shot(page, '1-help')
      expect(await inViewport(page, 'help-overlay'), `${viewport.width}: the dialog fits`).toBe(true)
      expect(await inViewport(page, 'help-close'), `${viewport.width}: Close is on screen`).toBe(true)
      // The last row can be scrolled to, inside the dialog.
      const last = page.getByTestId('help-overlay').locator('tr').last()
      await last.scrollIntoViewIfNeeded()
      const box = (await last.boundingBox())!
      expect(box.y + box.height).toBeLessThanOrEqual(viewport.height)
      await page.getByTestId('help-close').click()
      await expect(page.getByTestId('help-overlay').count()).resolves.toBe(0)
      await page.context().close()
    }
  })

  it('2. the menu bar behaves as a desktop one: clicking or pointing at another title switches, Esc closes and returns focus, arrows move', async () => {
    const { page } = await openEditor(session, undefined, WIDE)
    expect(await page.getByRole('menubar').count()).toBe(1)
    await page.getByTestId('menu-File').click()
    await expect(page.getByTestId('menu-items-File').isVisible()).resolves.toBe(true)
    await shot(page, '2-file-open')
    await page.getByTestId('menu-Edit').click()
    await eventually(async () => expect(await page.getByTestId('menu-items-Edit').isVisible()).toBe(true))
    expect(await page.getByTestId('menu-items-File').count()).toBe(0)
    await page.getByTestId('menu-View').hover()
    await eventually(async () => expect(await page.getByTestId('menu-items-View').isVisible()).toBe(true))
    expect(await page.getByRole('menu').count()).toBe(1)
    expect(await page.getByRole('menu').getByRole('menuitem').count()).toBeGreaterThan(3)
    await page.keyboard.press('Escape')
    await eventually(async () => expect(await page.getByRole('menu').count()).toBe(0))
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('menu-View')

    // Keyboard only, from the File title.
    await page.getByTestId('menu-File').focus()
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))
    await page.keyboard.press('ArrowDown')
    await eventually(async () => expect(await focused()).toBe('command-new'))
    await page.keyboard.press('ArrowDown')
    expect(await focused()).toBe('command-open')
    await page.keyboard.press('ArrowUp')
    expect(await focused()).toBe('command-new')
    await page.keyboard.press('ArrowUp') // wraps to the last item
    expect(await focused()).not.toBe('command-new')
    await page.keyboard.press('ArrowRight')
    await eventually(async () => expect(await focused()).toBe('command-undo'))
    await shot(page, '2-edit-by-keyboard')
    await page.keyboard.press('Escape')
    await eventually(async () => expect(await page.getByRole('menu').count()).toBe(0))
    expect(await focused()).toBe('menu-Edit')
    await page.keyboard.press('ArrowRight')
    expect(await focused()).toBe('menu-View')
    // Enter on a focused item runs it.
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    expect(await focused()).toBe('command-toggle-minimap')
    await page.keyboard.press('Enter')
    await eventually(async () => expect(await page.getByRole('menu').count()).toBe(0))
    await page.context().close()
  })

  it('2. the web menu bar lists the commands of the Electron menu, in the same order', async () => {
    const { page } = await openEditor(session, undefined, WIDE)
    const template = buildMenuTemplate({ send: () => undefined, openRecent: () => undefined, clearRecent: () => undefined, recent: [], platform: 'linux' })
    for (const [i, menu] of MENUS.entries()) {
      await page.getByTestId(`menu-${menu}`).click()
      const web = await page.getByTestId(`menu-items-${menu}`).locator('[data-testid^=command-]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('command-'.length)))
      const native = (template[i]?.submenu as MenuItemConstructorOptions[]).filter((m) => m.id !== undefined && m.visible !== false).map((m) => m.id)
      expect(web, menu).toEqual(native)
      await page.keyboard.press('Escape')
    }
    await page.context().close()
  })

  it('3. a restored document shows its own name, and unsaved', async () => {
    const { page } = await openEditor(session, undefined, WIDE)
    const context = page.context()
    const title = 'Seed example: f(x1, x2) = x1·x2 + log(x1²)'
    await page.getByTestId('input-x1').fill('2')
    await page.getByTestId('input-x1').press('Enter')
    await page.waitForTimeout(600)
    // The tab dies without a word; a new tab adopts the work it left.
    const next = await context.newPage()
    await page.close({ runBeforeUnload: false })
    await next.goto(`${session.server.url}?files=download`)
    await next.locator('[data-testid=node]').first().waitFor()
    await eventually(async () => expect(await next.title()).toBe(`• ${title} — DualWire`))
    expect(await next.getByTestId('message').allTextContents()).toContain(`Restored ${title} with its unsaved changes`)
    expect((await next.title()).toLowerCase()).not.toContain('last session')
    await shot(next, '3-restored')

    // A file with unsaved changes comes back under the file's name.
    await openDiagram(next, 'named.dwire.json', formulaToDiagram('f = x1*x2', { title: 'Named' }), true)
    await next.getByTestId('input-x1').fill('3')
    await next.getByTestId('input-x1').press('Enter')
    await next.waitForTimeout(600)
    const third = await context.newPage()
    await next.close({ runBeforeUnload: false })
    await third.goto(`${session.server.url}?files=download`)
    await third.locator('[data-testid=node]').first().waitFor()
    await eventually(async () => expect(await third.title()).toBe('• named.dwire.json — DualWire'))
    await context.close()
  })

  it('4. a file that failed to open is not added to Open Recent', async () => {
    const { page } = await openEditor(session, undefined, WIDE)
    await openFile(page, 'broken.dwire.json', '{ "format": "dualwire", this is not JSON')
    await eventually(async () => expect((await page.getByTestId('message').allTextContents()).join()).toContain('broken.dwire.json was not opened'))
    await openDiagram(page, 'good.dwire.json', formulaToDiagram('f = x*2'))
    await page.getByTestId('menu-File').click()
    await shot(page, '4-recent')
    const recent = page.getByRole('menu').getByRole('menuitem')
    await eventually(async () => expect(await recent.allTextContents()).toContain('good.dwire.json'))
    expect(await recent.allTextContents()).not.toContain('broken.dwire.json')
    await page.context().close()
  })

  it('5. the inspector shows names as written (θ stays θ)', async () => {
    for (const viewport of [WIDE, SMALL]) {
      const { page } = await openEditor(session, undefined, viewport)
      await openDiagram(page, 'theta.dwire.json', renamed('f = x', { x: 'θ' }))
      await page.locator('[data-testid=node][data-primitive=input]').first().click({ position: { x: 8, y: 8 } })
      const heading = page.locator('h2', { hasText: 'Inspector' })
      await eventually(async () => expect(await heading.innerText()).toContain('θ'))
      expect(await heading.innerText()).not.toContain('Θ')
      await shot(page, '5-inspector')
      await page.context().close()
    }
  })

  it('6. numbers are shown with one minus sign (−) and ∞, typed with either minus, and saved in ASCII', async () => {
    const { page } = await openEditor(session, undefined, WIDE)
    const panel = () => page.getByTestId('indicator-f').getByTestId('panel-value').textContent()
    const noAsciiMinus = (text: string) => expect(text, text).not.toMatch(/-\d|-∞|-Infinity|Infinity/)
    await page.getByTestId('input-x1').fill('-0.5')
    await page.getByTestId('input-x1').press('Enter')
    await eventually(async () => expect(await panel()).toBe(shown(F(-0.5, 0.5))))
    expect(await page.getByTestId('input-x1').inputValue()).toBe('−0.5')
    noAsciiMinus(await labelOf(page, 'f'))
    noAsciiMinus(await page.getByTestId('indicator-f').innerText())
    // The slider's bounds too (x2's run from −2 to 2).
    const bounds = await page.getByTestId('control-x2').locator('input.bound').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))
    expect(bounds).toEqual(['−2', '2'])
    await shot(page, '6-negative')
    await page.getByTestId('input-x1').fill('−2')
    await page.getByTestId('input-x1').press('Enter')
    await eventually(async () => expect(await page.getByTestId('input-x1').inputValue()).toBe('−2'))
    await eventually(async () => expect(await panel()).toBe(shown(F(-2, 0.5))))
    await page.getByTestId('input-x1').fill('0')
    await page.getByTestId('input-x1').press('Enter')
    await eventually(async () => expect(await panel()).toBe('−∞'))
    expect(await labelOf(page, 'f')).toContain('−∞')
    noAsciiMinus(await labelOf(page, 'f'))
    noAsciiMinus(await page.getByTestId('indicator-f').innerText())
    await shot(page, '6-infinity')
    // The file keeps JavaScript's numbers.
    await page.getByTestId('input-x1').fill('−2.5')
    await page.getByTestId('input-x1').press('Enter')
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+S')])
    const text = await readFile((await download.path())!, 'utf8')
    expect(text).toContain('-2.5')
    expect(text).not.toContain('−')
    await page.context().close()
  })

  it('7. the bar marking an adjoint spans the whole name', async () => {
    for (const viewport of [WIDE, SMALL]) {
      const { page } = await openEditor(session, undefined, viewport)
      await openDiagram(page, 'theta.dwire.json', renamed('f = x*y', { f: 'theta' }))
      const option = page.getByTestId('reverse-seed').locator('option').first()
      const text = (await option.textContent())!
      expect(text).not.toContain('theta\u0304')
      // Every letter of the name carries the bar, so it reads as one line over the name.
      expect(text).toBe(`${[...'theta'].map((c) => `${c}\u0305`).join('')} = 1`)
      await page.getByTestId('reverse-seed').scrollIntoViewIfNeeded()
      await page.getByTestId('reverse-seed').screenshot({ path: join(SHOTS, `7-reverse-seed-${viewport.width}.png`) })
      await page.context().close()
    }
  })

  it('8. a seed keeps its colour when another seed is toggled', async () => {
    const { page } = await openEditor(session, undefined, WIDE)
    const chipColour = (name: string) => page.getByTestId(`seed-${name}`).evaluate((e) => getComputedStyle(e).color)
    const tangentFills = async () => page.locator('[data-testid=wire-label][data-label="f"] tspan').evaluateAll((els) => els.filter((e) => e.textContent?.startsWith('●')).map((e) => e.getAttribute('fill')))
    const x2 = await chipColour('x2')
    const [, x2Fill] = await tangentFills()
    await shot(page, '8-both-seeded')
    await page.getByTestId('seed-x1').click()
    await eventually(async () => expect(await tangentFills()).toHaveLength(1))
    expect(await chipColour('x2')).toBe(x2)
    expect(await tangentFills()).toEqual([x2Fill])
    await shot(page, '8-x1-unseeded')
    await page.context().close()
  })

  it("9. a loader message names a wire without a usable id by its place, never as 'undefined' or ''", async () => {
    const { page } = await openEditor(session, undefined, WIDE)
    const file = JSON.parse(saveDiagram(formulaToDiagram('f = x*y'))) as { wires: { id?: string; from: string }[] }
    const messageOf = async (name: string, change: (f: typeof file) => void): Promise<string> => {
      const f = structuredClone(file)
      change(f)
      await openFile(page, name, JSON.stringify(f, null, 2))
      const message = page.getByTestId('message').filter({ hasText: `${name} was not opened` })
      await eventually(async () => expect(await message.count()).toBe(1))
      return (await message.textContent())!
    }
    const empty = await messageOf('empty-id.dwire.json', (f) => ((f.wires[0].id = ''), (f.wires[0].from = 'nowhere')))
    expect(empty).toContain("wires[0] comes from 'nowhere'")
    expect(empty).not.toContain("wire ''")
    const missing = await messageOf('no-id.dwire.json', (f) => (delete f.wires[1].id, (f.wires[1].from = 'nowhere')))
    expect(missing).toContain("wires[1] comes from 'nowhere'")
    expect(missing).not.toContain('undefined')
    await shot(page, '9-message')
    await page.context().close()
  })

  it('10. Export keeps θ as the identifier θ, and the module compiles and runs', async () => {
    const { page } = await openEditor(session, undefined, WIDE)
    await openDiagram(page, 'theta.dwire.json', renamed('f = sin(x) * y', { x: 'θ', y: 'r' }))
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+E')])
    const text = await readFile((await download.path())!, 'utf8')
    expect(text).toContain('θ')
    const js = ts.transpileModule(text, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } })
    expect(js.diagnostics ?? []).toEqual([])
    const mod = await import(`data:text/javascript;base64,${Buffer.from(js.outputText).toString('base64')}`)
    expect(Object.keys(mod.defaultInputs).sort()).toEqual(['r', 'θ'])
    expect(mod.evaluate({ θ: 0.5, r: 2 }).f).toBe(Math.sin(0.5) * 2)
    await page.context().close()
  })

  it('11. at 1024×700 the seed chips are readable: none is cut off or scrolled away', async () => {
    for (const viewport of [WIDE, SMALL]) {
      const { page } = await openEditor(session, undefined, viewport)
      await openDiagram(page, 'many.dwire.json', renamed('f = alpha*beta + gamma*delta + epsilon', {}))
      const chips = page.getByTestId('toolbar').locator('.chip')
      expect(await chips.count()).toBe(5)
      const box = await page.getByTestId('toolbar').locator('.chips').evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth, width: e.getBoundingClientRect().width }))
      expect(box.scroll, JSON.stringify(box)).toBeLessThanOrEqual(box.client + 1)
      for (const chip of await chips.all()) {
        const b = (await chip.boundingBox())!
        expect(b.x + b.width).toBeLessThanOrEqual(viewport.width)
        expect(await chip.evaluate((e) => e.scrollWidth <= e.clientWidth + 1)).toBe(true)
      }
      await shot(page, '11-chips')
      await page.context().close()
    }
  })
})
