import { describe, expect, it } from 'vitest'
import { saveDiagram } from '../../core'
import { randomDiagram } from '../bench/workloads'
import { eventually, openEditor } from './browser'
import { sessionForFile } from './session'

// The view a user asks for wins over the one a diagram opens with, however long the diagram takes to go in.

const session = sessionForFile(30_000)

describe('the view', () => {
  it('Zoom to Fit pressed while a large diagram is still going in is not undone when it is in', { timeout: 60_000 }, async () => {
    const { page, errors } = await openEditor(session)
    const { diagram } = randomDiagram(2000, 20, 11)
    diagram.blocks.forEach((b, i) => (diagram.layout.positions[b.id] = { x: 200 + (i % 30) * 150, y: Math.floor(i / 30) * 95 }))
    const chooser = page.waitForEvent('filechooser')
    await page.keyboard.press('Control+O')
    await (await chooser).setFiles({ name: 'big.dwire.json', mimeType: 'application/json', buffer: Buffer.from(saveDiagram(diagram)) })
    // Pressed once the diagram is going in: pressed before the file has been read, it would fit the old one.
    await page.waitForFunction(() => document.querySelector('[data-testid=canvas]')?.hasAttribute('data-rendering'), null, { polling: 10 })
    await page.keyboard.press('Control+0')
    // All of it fits only far below the opening view's 75 %: 30 columns of 150 px and 67 rows of 95 px.
    const scale = () => page.evaluate(() => Number(/scale\(([\d.]+)\)/.exec((document.querySelector('.canvas > div') as HTMLElement).style.transform)?.[1]))
    await eventually(async () => expect(await page.title()).toBe('big.dwire.json — DualWire'), 20_000)
    await page.waitForTimeout(3000)
    expect(await scale()).toBeLessThan(0.2)
    expect(errors).toEqual([])
    await page.context().close()
  })
})
