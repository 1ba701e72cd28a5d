import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import type { MenuCommand } from '../../electron/bridge'
import { COMMANDS, MENUS, menuBoundKeys, menuCommands, PAGE_KEYS } from '../../electron/commands'
import { buildMenuTemplate } from '../../electron/menu'

// The menu is generated from the command table (electron/commands.ts): these tests check that every row
// reaches the menu with its label and keys, and that the menu keeps what a desktop menu needs besides.

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
  it('reaches every menu command of the table with its label and the keys a menu binds, on every platform', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const found = reachable(platform)
      for (const c of COMMANDS.filter((x) => x.menu !== null)) {
        // The first key is shown even when the page keeps it (Delete); the others only when the menu binds them.
        const keys = c.keys.filter((k, i) => i === 0 || !PAGE_KEYS.has(k))
        expect(found.get(c.id), `${platform} ${c.id}`).toEqual({ labels: [c.label], keys })
      }
      // And nothing else: every item that sends a command sends one of the table's menu commands.
      expect([...found.keys()].sort()).toEqual(COMMANDS.filter((c) => c.menu !== null).map((c) => c.id).sort())
    }
  })

  it('lists the commands of each menu in the order of the table, with a separator before each group', () => {
    const { template } = build('linux')
    for (const [i, menu] of MENUS.entries()) {
      const sub = template[i]?.submenu as MenuItemConstructorOptions[]
      const commands = sub.filter((item) => item.id !== undefined && item.visible !== false).map((item) => item.id)
      expect(commands, menu).toEqual(menuCommands(menu).map((c) => c.id))
      for (const c of menuCommands(menu).slice(1).filter((x) => x.group)) {
        const at = sub.findIndex((item) => item.id === c.id)
        expect(sub[at - 1]?.type, `${menu} ${c.id}`).toBe('separator')
      }
    }
  })

  it('binds no key a text field needs, and every key it binds belongs to the command it sends', () => {
    const { items, sent } = build('linux')
    for (const item of items.filter((i) => typeof i.accelerator === 'string' && i.registerAccelerator !== false)) {
      expect(PAGE_KEYS.has(item.accelerator as string), String(item.accelerator)).toBe(false)
      const before = sent.length
      click(item)
      const c = COMMANDS.find((x) => x.id === sent[before])
      expect(c && menuBoundKeys(c), String(item.accelerator)).toContain(item.accelerator)
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
