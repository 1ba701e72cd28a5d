import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { MENU_COMMANDS, type MenuCommand } from '../../electron/bridge'
import { buildMenuTemplate } from '../../electron/menu'

// The shortcuts the renderer's Help overlay promises (renderer/src/controller.ts, Ctrl meaning Cmd on a
// Mac), written out here rather than read from the table the menu is built from, so a change to that
// table has to be a change to this test too.
const EXPECTED: Record<Exclude<MenuCommand, 'save-then-close'>, { label: string; keys: string[] }> = {
  'new': { label: 'New', keys: ['CmdOrCtrl+N'] },
  'open': { label: 'Open…', keys: ['CmdOrCtrl+O'] },
  'save': { label: 'Save', keys: ['CmdOrCtrl+S'] },
  'save-as': { label: 'Save As…', keys: ['CmdOrCtrl+Shift+S'] },
  'export-typescript': { label: 'Export TypeScript…', keys: ['CmdOrCtrl+E'] },
  'undo': { label: 'Undo', keys: ['CmdOrCtrl+Z'] },
  'redo': { label: 'Redo', keys: ['CmdOrCtrl+Shift+Z', 'CmdOrCtrl+Y'] },
  'cut': { label: 'Cut', keys: ['CmdOrCtrl+X'] },
  'copy': { label: 'Copy', keys: ['CmdOrCtrl+C'] },
  'paste': { label: 'Paste', keys: ['CmdOrCtrl+V'] },
  'delete': { label: 'Delete', keys: ['Delete'] },
  'select-all': { label: 'Select All', keys: ['CmdOrCtrl+A'] },
  'zoom-fit': { label: 'Zoom to Fit', keys: ['CmdOrCtrl+0'] },
  'zoom-actual': { label: 'Actual Size', keys: ['CmdOrCtrl+1'] },
  'zoom-in': { label: 'Zoom In', keys: ['CmdOrCtrl+='] },
  'zoom-out': { label: 'Zoom Out', keys: ['CmdOrCtrl+-'] },
  'toggle-minimap': { label: 'Minimap', keys: ['CmdOrCtrl+M'] },
  'mode-forward': { label: 'Forward Sweep', keys: ['Alt+1'] },
  'mode-reverse': { label: 'Reverse Sweep', keys: ['Alt+2'] },
  'mode-both': { label: 'Both Sweeps', keys: ['Alt+3'] },
  'check-fd': { label: 'Check with Finite Differences', keys: ['CmdOrCtrl+K'] },
  'shortcuts': { label: 'Keyboard Shortcuts', keys: ['F1'] },
  'about': { label: 'About DualWire', keys: [] },
}

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])])
}

function click(item: MenuItemConstructorOptions): void {
  // Electron passes the item, the window and the event; the menu's handlers use none of them.
  ;(item.click as () => void)()
}

function build(platform: NodeJS.Platform, recent: string[] = []) {
  const sent: MenuCommand[] = []
  const opened: string[] = []
  let cleared = 0
  const template = buildMenuTemplate({
    send: (c) => void sent.push(c),
    openRecent: (p) => void opened.push(p),
    clearRecent: () => void cleared++,
    recent,
    platform,
  })
  return { template, items: flatten(template), sent, opened, cleared: () => cleared }
}

/** Which command each click sends, with every accelerator that reaches it. */
function reachable(platform: NodeJS.Platform) {
  const { items, sent } = build(platform)
  const found = new Map<MenuCommand, { labels: string[]; keys: string[] }>()
  for (const item of items) {
    if (item.click === undefined || item.role !== undefined) continue
    const before = sent.length
    click(item)
    const command = sent[before]
    if (command === undefined) continue
    const entry = found.get(command) ?? { labels: [], keys: [] }
    if (item.visible !== false) entry.labels.push(item.label ?? '')
    if (typeof item.accelerator === 'string') entry.keys.push(item.accelerator)
    found.set(command, entry)
  }
  return found
}

describe('application menu', () => {
  it('reaches every menu command with its label and shortcuts, on every platform', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const found = reachable(platform)
      for (const [command, { label, keys }] of Object.entries(EXPECTED)) {
        expect(found.get(command as MenuCommand), `${platform} ${command}`).toEqual({ labels: [label], keys })
      }
      // Everything else the renderer can be told comes from somewhere other than the menu.
      expect([...found.keys()].sort()).toEqual(MENU_COMMANDS.filter((c) => c !== 'save-then-close').sort())
    }
  })

  it('shows the first key of a command and keeps its other keys working in hidden items', () => {
    const { items } = build('linux')
    const redo = items.filter((i) => i.id === 'redo' || i.label?.startsWith('redo ('))
    expect(redo.map((i) => [i.label, i.accelerator, i.visible ?? true])).toEqual([
      ['Redo', 'CmdOrCtrl+Shift+Z', true], ['redo (CmdOrCtrl+Y)', 'CmdOrCtrl+Y', false],
    ])
    expect(redo[1]?.acceleratorWorksWhenHidden).toBe(true)
  })

  it('shows Delete without binding it, so text fields keep Delete and Backspace', () => {
    const { items } = build('linux')
    const del = items.filter((i) => i.id === 'delete' || i.label?.startsWith('delete ('))
    expect(del.map((i) => [i.label, i.accelerator, i.registerAccelerator])).toEqual([['Delete', 'Delete', false]])
    expect(items.filter((i) => i.accelerator === 'Backspace')).toEqual([])
    expect(items.find((i) => i.id === 'copy')?.registerAccelerator).toBeUndefined()
  })

  it('has the menus File, Edit, View, Evaluate, Help in order, with Quit in File off macOS', () => {
    const { template, items } = build('linux')
    expect(template.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', 'E&valuate', '&Help'])
    const file = template[0]?.submenu as MenuItemConstructorOptions[]
    expect(file.at(-1)?.role).toBe('quit')
    expect(items.filter((i) => i.role === 'quit')).toHaveLength(1)
  })

  it('on macOS puts About and Quit in the application menu and drops access-key markers', () => {
    const { template } = build('darwin')
    expect(template.map((m) => m.label)).toEqual(['DualWire', 'File', 'Edit', 'View', 'Evaluate', 'Help'])
    const appMenu = template[0]?.submenu as MenuItemConstructorOptions[]
    expect(appMenu[0]?.label).toBe('About DualWire')
    expect(appMenu.at(-1)?.role).toBe('quit')
  })

  it('lists recent files under Open Recent; a click asks the renderer to open that path', () => {
    const recent = ['/docs/b.dwire.json', '/R&D/a.dwire.json']
    const { items, opened, sent, cleared } = build('linux', recent)
    const openRecent = items.find((i) => i.label === 'Open Recent')
    const sub = openRecent?.submenu as MenuItemConstructorOptions[]
    expect(sub.map((i) => i.label ?? i.type)).toEqual(['/docs/b.dwire.json', '/R&&D/a.dwire.json', 'separator', 'Clear Recent'])
    click(sub[1] as MenuItemConstructorOptions)
    expect(opened).toEqual(['/R&D/a.dwire.json'])
    expect(sent).toEqual([])
    click(sub[3] as MenuItemConstructorOptions)
    expect(cleared()).toBe(1)
  })

  it('shows a disabled placeholder and a disabled Clear when there are no recent files', () => {
    const { items } = build('linux', [])
    const sub = items.find((i) => i.label === 'Open Recent')?.submenu as MenuItemConstructorOptions[]
    expect(sub.map((i) => [i.label ?? i.type, i.enabled ?? true])).toEqual([
      ['No Recent Files', false], ['separator', true], ['Clear Recent', false],
    ])
  })

  it('no accelerator is bound twice', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const keys = build(platform).items.map((i) => i.accelerator).filter((k): k is string => typeof k === 'string')
      expect(new Set(keys).size, platform).toBe(keys.length)
    }
  })
})
