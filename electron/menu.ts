// The application menu, generated from the command table (commands.ts). Every item only sends a command to
// the renderer, which owns the document and decides what a command means there (and whether unsaved
// changes need a question first).
import type { MenuItemConstructorOptions } from 'electron'
import type { MenuCommand } from './bridge'
import { type CommandSpec, MENUS, type MenuName, menuBoundKeys, menuCommands, PAGE_KEYS } from './commands'

export interface MenuDeps {
  send(command: MenuCommand): void
  openRecent(path: string): void
  clearRecent(): void
  recent: readonly string[]
  platform: NodeJS.Platform
}

/** Access keys (Alt+letter on Windows and Linux) of the top menus; macOS has none. */
const ACCESS_KEYS: Record<MenuName, string> = { File: '&File', Edit: '&Edit', View: '&View', Evaluate: 'E&valuate', Help: '&Help' }

export function buildMenuTemplate(deps: MenuDeps): MenuItemConstructorOptions[] {
  const mac = deps.platform === 'darwin'

  function item(c: CommandSpec): MenuItemConstructorOptions {
    const id = c.id as MenuCommand
    const key = c.keys[0]
    const options: MenuItemConstructorOptions = { id, label: c.label, accelerator: key, click: () => deps.send(id) }
    // Shown, not bound (on Windows and Linux; macOS always asks the page first): the renderer handles
    // these keys itself, and a focused text field must keep them.
    if (key !== undefined && PAGE_KEYS.has(key)) options.registerAccelerator = false
    return options
  }

  /** A menu item shows one key; a command's other keys (Ctrl+Y besides Ctrl+Shift+Z) are hidden items. */
  function extraKeys(c: CommandSpec): MenuItemConstructorOptions[] {
    const id = c.id as MenuCommand
    return menuBoundKeys(c).filter((k) => k !== c.keys[0]).map((accelerator) => ({
      label: `${c.id} (${accelerator})`, accelerator, visible: false, acceleratorWorksWhenHidden: true,
      click: () => deps.send(id),
    }))
  }

  // On Windows and Linux a single `&` marks the access key; a path like "R&D/x.dwire.json" must show it.
  const recentLabel = (path: string): string => (mac ? path : path.replace(/&/g, '&&'))
  const recentItems: MenuItemConstructorOptions[] = deps.recent.length === 0
    ? [{ label: 'No Recent Files', enabled: false }]
    : deps.recent.map((path) => ({ label: recentLabel(path), click: () => deps.openRecent(path) }))
  const openRecent: MenuItemConstructorOptions = {
    label: 'Open Recent',
    submenu: [...recentItems, { type: 'separator' },
      { label: 'Clear Recent', enabled: deps.recent.length > 0, click: () => deps.clearRecent() }],
  }

  // macOS keeps About in the application menu.
  const onMacAppMenu = (c: CommandSpec): boolean => mac && c.id === 'about'

  function submenu(menu: MenuName): MenuItemConstructorOptions[] {
    const items: MenuItemConstructorOptions[] = []
    for (const c of menuCommands(menu).filter((x) => !onMacAppMenu(x))) {
      if (c.group && items.length > 0) items.push({ type: 'separator' })
      items.push(item(c), ...extraKeys(c))
      if (c.id === 'open') items.push(openRecent)
    }
    if (menu === 'File' && !mac) items.push({ type: 'separator' }, { role: 'quit' })
    return items
  }

  const appMenu: MenuItemConstructorOptions[] = mac
    ? [{
      label: 'DualWire',
      submenu: [...menuCommands('Help').filter(onMacAppMenu).map(item), { type: 'separator' }, { role: 'services' }, { type: 'separator' },
        { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    }]
    : []

  return [
    ...appMenu,
    ...MENUS.map((menu): MenuItemConstructorOptions => ({
      label: mac ? menu : ACCESS_KEYS[menu],
      ...(menu === 'Help' ? { role: 'help' as const } : {}),
      submenu: submenu(menu),
    })),
  ]
}
