import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { eventually, labelOf, labels, nodes, openEditor } from './browser'
import { sessionForFile } from './session'

// A broken diagram shows what can be computed, and a value outside a primitive's domain is flagged, in
// headless Chromium. Numbers are the seed example's closed forms: x1² = 2.25 with ∂/∂x1 = 2·x1 = 3,
// ln(x1²) = ln 2.25 = 0.81093… with ∂/∂x1 = 2/x1 = 1.3333…; at x1 = 0, ln 0 = −∞.

const session = sessionForFile()

/** The wire that carries a label (labels are drawn in a layer of their own, and name their wire). */
async function wireLabelled(page: Page, name: string) {
  const id = await page.locator(`[data-testid=wire-label][data-label="${name}"]`).getAttribute('data-wire')
  return page.locator(`[data-testid=connection][data-wire="${id}"]`)
}

describe('the editor with a broken or flagged diagram', () => {
  it('keeps every label it can compute when a wire into Multiply is deleted, marks the unwired port and names the block', async () => {
    const { page, errors } = await openEditor(session)
    const mul = (await nodes(page)).find(([, kind]) => kind === 'mul')![0]
    // x2's one wire goes into Multiply's y; it carries x2's label.
    const wire = await wireLabelled(page, 'x2')
    const mid = await wire.locator('path.line').evaluate((path: SVGPathElement) => {
      const p = path.getPointAtLength(path.getTotalLength() / 2).matrixTransform(path.getScreenCTM()!)
      return { x: p.x, y: p.y }
    })
    await page.mouse.click(mid.x, mid.y)
    await eventually(async () => expect(await wire.getAttribute('class')).toContain('selected'))
    await page.keyboard.press('Delete')
    await eventually(async () => expect(await page.getByTestId('status').textContent()).toBe('broken · 1 problem'))
    // ln(x1²) and x1² run on; f cannot be computed, so there is no reverse sweep to show (—).
    await eventually(async () => expect(await labels(page)).toContain(`${Number(Math.log(2.25).toPrecision(5))}● 1.3333● 0◂ —`))
    expect(await labels(page)).toContain('2.25● 3● 0◂ —')
    expect(await labelOf(page, 'x1')).toBe('x1 = 1.5● 1● 0◂ —')
    const port = page.locator(`[data-node="${mul}"] [data-testid=input-port][data-port="y"]`)
    expect(await port.getAttribute('class')).toContain('broken')
    expect(await page.locator(`[data-node="${mul}"] [data-testid=input-port][data-port="x"]`).getAttribute('class')).not.toContain('broken')
    expect(await page.getByTestId('error-list').textContent()).toContain(`input 'y' of Multiply ${mul} is not wired`)
    // The front panel says why f has no value, and shows no NaN.
    const f = page.getByTestId('indicator-f')
    expect(await f.getByTestId('panel-value').textContent()).toBe('—')
    expect(await f.getByTestId('panel-reason').textContent()).toContain(`cannot be computed: input 'y' of Multiply ${mul} is not wired`)
    expect(await f.textContent()).not.toContain('NaN')
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('flags ln(x1²) at x1 = 0: the status is not green and names the wire and the rule; f and ∂f/∂x1 are marked', async () => {
    const { page, errors } = await openEditor(session)
    const log = (await nodes(page)).find(([, kind]) => kind === 'log')![0]
    await page.getByTestId('input-x1').fill('0')
    await page.getByTestId('input-x1').press('Enter')
    const status = page.getByTestId('status')
    await eventually(async () => expect(await status.textContent()).toMatch(/^flagged · wire \S+ · /))
    const text = (await status.textContent())!
    expect(text).toContain(`Natural Logarithm ${log}: logarithm of zero is −∞ (x = 0)`)
    expect(await status.getAttribute('class')).not.toContain('ok')
    // The wire it names is the one leaving the ln block, drawn flagged; clicking the status selects it.
    const named = /^flagged · wire (\S+) · /.exec(text)![1]
    expect(await status.getAttribute('data-wire')).toBe(named)
    const fromLog = page.locator(`[data-testid=connection][data-wire="${named}"]`)
    expect(await fromLog.getAttribute('data-flag')).toBe('value')
    expect(await page.evaluate((id) => document.querySelector(`[data-testid=connection][data-wire="${id}"]`)?.getAttribute('class'), named)).not.toContain('selected')
    await status.click()
    await eventually(async () => expect(await fromLog.getAttribute('class')).toContain('selected'))
    expect(await page.getByTestId('inspector').textContent()).toContain(log)
    // f = −∞ (value flagged); x1 = 0 is right, but its adjoint ∂f/∂x1 (which reads 0.5) is flagged.
    const f = await wireLabelled(page, 'f')
    expect(await f.getAttribute('data-flag')).toBe('value')
    expect(await labelOf(page, 'f')).toContain('f = −∞')
    expect(await page.locator('[data-testid=wire-label][data-label="f"] [data-testid=flag-mark]').count()).toBe(1)
    const x1 = await wireLabelled(page, 'x1')
    expect(await x1.getAttribute('data-flag')).toBe('derivative')
    expect(await labelOf(page, 'x1')).toContain('◂ 0.5')
    expect(await page.locator(`[data-node="${log}"]`).getAttribute('data-flag')).toBe('value')
    // Selecting the block redraws its classes: the flag stays.
    await page.locator(`[data-node="${log}"]`).click()
    await eventually(async () => expect(await page.locator(`[data-node="${log}"]`).getAttribute('class')).toMatch(/(?=.*\bselected\b)(?=.*\bflagged\b)/))
    // The front panel: f's value and its gradient row are marked, with the reason.
    const panel = page.getByTestId('indicator-f')
    expect(await panel.getByTestId('panel-flag').count()).toBe(1)
    expect(await panel.getByTestId('panel-gradient').getAttribute('class')).toContain('flagged')
    expect(await panel.getByTestId('panel-reason').textContent()).toContain('logarithm of zero is −∞')
    // Back in the domain, everything is clear again.
    await page.getByTestId('input-x1').fill('1.5')
    await page.getByTestId('input-x1').press('Enter')
    await eventually(async () => expect(await status.textContent()).toBe('runs'))
    expect(await f.getAttribute('data-flag')).toBeNull()
    expect(errors).toEqual([])
    await page.context().close()
  })
})
