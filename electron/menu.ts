// The application menu as data. Every item only sends a MenuCommand to the renderer, which owns the
// document and decides what a command means there (and whether unsaved changes need a question first).
import type { MenuItemConstructorOptions } from 'electron'
import { MENU_ACCELERATORS, type MenuCommand } from './bridge'

export interface MenuDeps {
  send(command: MenuCommand): void
  openRecent(path: string): void
  clearRecent(): void
  recent: readonly string[]
  platform: NodeJS.Platform
}

/** Keys that edit text; a menu must never take them away from a text field. */
const TEXT_EDITING_KEYS: ReadonlySet<string> = new Set(['Delete', 'Backspace'])

export function buildMenuTemplate(deps: MenuDeps): MenuItemConstructorOptions[] {
  const mac = deps.platform === 'darwin'

  function item(label: string, command: MenuCommand): MenuItemConstructorOptions {
    const key = MENU_ACCELERATORS[command]?.[0]
    const options: MenuItemConstructorOptions = { id: command, label, accelerator: key, click: () => deps.send(command) }
    // Shown, not bound (on Windows and Linux; macOS always asks the page first): the renderer handles
    // these keys itself, and a focused text field must keep them.
    if (key !== undefined && TEXT_EDITING_KEYS.has(key)) options.registerAccelerator = false
    return options
  }

  /** A menu item shows one key; a command's other keys (Ctrl+Y besides Ctrl+Shift+Z) are hidden items. */
  function extraKeys(command: MenuCommand): MenuItemConstructorOptions[] {
    const keys = (MENU_ACCELERATORS[command] ?? []).slice(1).filter((key) => !TEXT_EDITING_KEYS.has(key))
    return keys.map((accelerator) => ({
      label: `${command} (${accelerator})`, accelerator, visible: false, acceleratorWorksWhenHidden: true,
      click: () => deps.send(command),
    }))
  }

  // On Windows and Linux a single `&` marks the access key; a path like "R&D/x.dwire.json" must show it.
  const recentLabel = (path: string): string => (mac ? path : path.replace(/&/g, '&&'))
  const recentItems: MenuItemConstructorOptions[] = deps.recent.length === 0
    ? [{ label: 'No Recent Files', enabled: false }]
    : deps.recent.map((path) => ({ label: recentLabel(path), click: () => deps.openRecent(path) }))

  const about = item('About DualWire', 'about')
  // `&` marks the Alt access key of a top menu on Windows and Linux; macOS has no access keys.
  const top = (label: string): string => (mac ? label.replace('&', '') : label)

  const appMenu: MenuItemConstructorOptions[] = mac
    ? [{
      label: 'DualWire',
      submenu: [about, { type: 'separator' }, { role: 'services' }, { type: 'separator' },
        { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    }]
    : []

  return [
    ...appMenu,
    {
      label: top('&File'),
      submenu: [
        item('New', 'new'),
        item('Open…', 'open'),
        {
          label: 'Open Recent',
          submenu: [...recentItems, { type: 'separator' },
            { label: 'Clear Recent', enabled: deps.recent.length > 0, click: () => deps.clearRecent() }],
        },
        { type: 'separator' },
        item('Save', 'save'),
        item('Save As…', 'save-as'),
        { type: 'separator' },
        item('Export TypeScript…', 'export-typescript'),
        ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
      ],
    },
    {
      label: top('&Edit'),
      submenu: [
        item('Undo', 'undo'),
        item('Redo', 'redo'),
        ...extraKeys('redo'),
        { type: 'separator' },
        item('Cut', 'cut'),
        item('Copy', 'copy'),
        item('Paste', 'paste'),
        item('Delete', 'delete'),
        { type: 'separator' },
        item('Select All', 'select-all'),
      ],
    },
    {
      label: top('&View'),
      submenu: [
        item('Zoom to Fit', 'zoom-fit'),
        item('Actual Size', 'zoom-actual'),
        item('Zoom In', 'zoom-in'),
        item('Zoom Out', 'zoom-out'),
        { type: 'separator' },
        item('Minimap', 'toggle-minimap'),
      ],
    },
    {
      label: top('E&valuate'),
      submenu: [
        item('Forward Sweep', 'mode-forward'),
        item('Reverse Sweep', 'mode-reverse'),
        item('Both Sweeps', 'mode-both'),
        { type: 'separator' },
        item('Check with Finite Differences', 'check-fd'),
      ],
    },
    {
      label: top('&Help'),
      role: 'help',
      submenu: [item('Keyboard Shortcuts', 'shortcuts'), ...(mac ? [] : [{ type: 'separator' } as const, about])],
    },
  ]
}
