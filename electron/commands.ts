// Every command of the editor, once: its id, its label, the menu it sits in and its keys. The web menu bar,
// the Electron menu, the keyboard, the help overlay and the README's key table are all generated from this
// table, and the renderer's handlers are typed by its ids, so none of them can disagree with another.
// Shared by main, the preload and the renderer: it imports nothing.

export const MENUS = ['File', 'Edit', 'View', 'Evaluate', 'Help'] as const
export type MenuName = (typeof MENUS)[number]

/** When a menu shows a command greyed out; the renderer knows what each condition means. */
export type Condition = 'can-undo' | 'can-redo' | 'selection' | 'clipboard'

export interface CommandSpec {
  readonly id: string
  readonly label: string
  /** The menu it sits in, or null for a command only keys or the window can give. */
  readonly menu: MenuName | null
  /** Starts a new group in its menu: a separator goes before it. */
  readonly group?: true
  /**
   * In Electron's accelerator syntax (`CmdOrCtrl` is ⌘ on macOS, Ctrl elsewhere), the first one shown in
   * menus. Converted for display by keyLabel and for matching by pressedKeys.
   */
  readonly keys: readonly string[]
  readonly enabledWhen?: Condition
  /** Shown in the help overlay and the README when it has no keys of its own (the window's commands are not). */
  readonly help?: false
}

export const COMMAND_TABLE = [
  { id: 'new', label: 'New', menu: 'File', keys: ['CmdOrCtrl+N'] },
  { id: 'open', label: 'Open…', menu: 'File', keys: ['CmdOrCtrl+O'] },
  { id: 'save', label: 'Save', menu: 'File', group: true, keys: ['CmdOrCtrl+S'] },
  { id: 'save-as', label: 'Save As…', menu: 'File', keys: ['CmdOrCtrl+Shift+S'] },
  { id: 'export-typescript', label: 'Export TypeScript…', menu: 'File', group: true, keys: ['CmdOrCtrl+E'] },
  { id: 'undo', label: 'Undo', menu: 'Edit', keys: ['CmdOrCtrl+Z'], enabledWhen: 'can-undo' },
  { id: 'redo', label: 'Redo', menu: 'Edit', keys: ['CmdOrCtrl+Shift+Z', 'CmdOrCtrl+Y'], enabledWhen: 'can-redo' },
  { id: 'cut', label: 'Cut', menu: 'Edit', group: true, keys: ['CmdOrCtrl+X'], enabledWhen: 'selection' },
  { id: 'copy', label: 'Copy', menu: 'Edit', keys: ['CmdOrCtrl+C'], enabledWhen: 'selection' },
  { id: 'paste', label: 'Paste', menu: 'Edit', keys: ['CmdOrCtrl+V'], enabledWhen: 'clipboard' },
  { id: 'duplicate', label: 'Duplicate', menu: 'Edit', keys: ['CmdOrCtrl+D'], enabledWhen: 'selection' },
  { id: 'delete', label: 'Delete', menu: 'Edit', keys: ['Delete', 'Backspace'], enabledWhen: 'selection' },
  { id: 'select-all', label: 'Select All', menu: 'Edit', group: true, keys: ['CmdOrCtrl+A'] },
  { id: 'quick-drop', label: 'Quick Drop…', menu: 'Edit', group: true, keys: ['CmdOrCtrl+Space'] },
  { id: 'insert-formula', label: 'Insert Formula…', menu: 'Edit', keys: ['CmdOrCtrl+I'] },
  { id: 'zoom-fit', label: 'Zoom to Fit', menu: 'View', keys: ['CmdOrCtrl+0'] },
  { id: 'zoom-actual', label: 'Actual Size', menu: 'View', keys: ['CmdOrCtrl+1'] },
  { id: 'zoom-in', label: 'Zoom In', menu: 'View', keys: ['CmdOrCtrl+='] },
  { id: 'zoom-out', label: 'Zoom Out', menu: 'View', keys: ['CmdOrCtrl+-'] },
  { id: 'toggle-minimap', label: 'Minimap', menu: 'View', group: true, keys: ['CmdOrCtrl+M'] },
  { id: 'arrange', label: 'Arrange', menu: 'View', keys: ['CmdOrCtrl+Shift+A'] },
  { id: 'mode-forward', label: 'Forward Sweep', menu: 'Evaluate', keys: ['Alt+1'] },
  { id: 'mode-reverse', label: 'Reverse Sweep', menu: 'Evaluate', keys: ['Alt+2'] },
  { id: 'mode-both', label: 'Both Sweeps', menu: 'Evaluate', keys: ['Alt+3'] },
  { id: 'check-fd', label: 'Check with Finite Differences', menu: 'Evaluate', group: true, keys: ['CmdOrCtrl+K'] },
  { id: 'shortcuts', label: 'Keyboard Shortcuts', menu: 'Help', keys: ['F1', '?'] },
  { id: 'about', label: 'About DualWire', menu: 'Help', group: true, keys: [] },
  { id: 'escape', label: 'Close Overlay / Clear Selection', menu: null, keys: ['Escape'] },
  // The window is closing with unsaved changes and the user chose Save: save, then call closeAfterSave.
  { id: 'save-then-close', label: 'Save, then Close the Window', menu: null, keys: [], help: false },
] as const satisfies readonly CommandSpec[]

export type CommandId = (typeof COMMAND_TABLE)[number]['id']

/** A row of the table, knowing its id is one of the table's. */
export type Command = CommandSpec & { readonly id: CommandId }

export const COMMANDS: readonly Command[] = COMMAND_TABLE
export const COMMAND_IDS: readonly CommandId[] = COMMAND_TABLE.map((c) => c.id)

const BY_ID: ReadonlyMap<string, Command> = new Map(COMMANDS.map((c) => [c.id, c]))

export function isCommandId(value: unknown): value is CommandId {
  return typeof value === 'string' && BY_ID.has(value)
}

export function commandSpec(id: CommandId): Command {
  return BY_ID.get(id)!
}

/** The commands of one menu, in order. */
export function menuCommands(menu: MenuName): Command[] {
  return COMMANDS.filter((c) => c.menu === menu)
}

/**
 * Keys a text field needs (Delete, Backspace, Escape, typing `?`): no menu binds them, the page handles them
 * when no text field has the focus. A menu still shows them.
 */
export const PAGE_KEYS: ReadonlySet<string> = new Set(['Delete', 'Backspace', 'Escape', '?'])

/** Keys a native menu binds: every key of a menu command, except the page's own. */
export function menuBoundKeys(c: CommandSpec): string[] {
  return c.menu === null ? [] : c.keys.filter((k) => !PAGE_KEYS.has(k))
}

const MAC_SYMBOLS: Record<string, string> = { CmdOrCtrl: '⌘', Ctrl: '⌃', Alt: '⌥', Shift: '⇧' }
/** macOS shows modifiers in this order, whatever order they are written in. */
const MAC_ORDER = ['Ctrl', 'Alt', 'Shift', 'CmdOrCtrl']

/** A key as a person reads it: "Ctrl+Shift+S" on Windows and Linux, "⇧⌘S" on macOS. */
export function keyLabel(key: string, mac: boolean): string {
  const parts = key.split(/\+(?=.)/)
  // A modifier alone ("CmdOrCtrl+click" is written around it) reads as that modifier.
  const base = parts[parts.length - 1] in MAC_SYMBOLS ? '' : parts.pop()!
  if (!mac) return [...parts.map((p) => (p === 'CmdOrCtrl' ? 'Ctrl' : p)), ...(base ? [base] : [])].join('+')
  const mods = MAC_ORDER.filter((m) => parts.includes(m)).map((m) => MAC_SYMBOLS[m]).join('')
  return mods + (MAC_KEYS[base] ?? base)
}

const MAC_KEYS: Record<string, string> = { Backspace: '⌫', Delete: '⌦', Escape: 'Esc' }

/** The parts of a key press that decide which key it is. */
export interface KeyPress {
  key: string
  code: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  shiftKey: boolean
}

const canonical = (key: string): string => {
  const parts = key.split(/\+(?=.)/)
  const base = parts.pop()!
  const mods = ['CmdOrCtrl', 'Alt', 'Shift'].filter((m) => parts.includes(m))
  return [...mods, base.length === 1 ? base.toUpperCase() : base].join('+')
}

/**
 * The keys (in the table's syntax) a key press can mean: Ctrl and ⌘ are both CmdOrCtrl, Shift counts
 * where it does not make the character (Shift+Z, Shift+F1, but `?` is just `?`), and Alt+digit is read from
 * the key's position, because Alt changes the character on macOS.
 */
export function pressedKeys(e: KeyPress): string[] {
  const mods: string[] = []
  if (e.ctrlKey || e.metaKey) mods.push('CmdOrCtrl')
  if (e.altKey) mods.push('Alt')
  if (e.shiftKey && (e.key.length > 1 || /[a-z]/i.test(e.key))) mods.push('Shift')
  const base = e.key === ' ' ? 'Space' : e.key
  const found = [canonical([...mods, base].join('+'))]
  if (e.code.startsWith('Digit')) found.push(canonical([...mods, e.code.slice(5)].join('+')))
  return found
}

const KEY_INDEX: ReadonlyMap<string, { command: Command; key: string }> = new Map(
  COMMANDS.flatMap((command) => command.keys.map((key) => [canonical(key), { command, key }] as const)),
)

/** The command a key press means, and which of its keys was pressed. */
export function commandOfPress(e: KeyPress): { command: Command; key: string } | undefined {
  for (const k of pressedKeys(e)) {
    const hit = KEY_INDEX.get(k)
    if (hit) return hit
  }
  return undefined
}

const cell = (s: string): string => s.replace(/\|/g, '\\|')

/** The README's key table: every command with keys, as they read on Windows and Linux. */
export function keyTableMarkdown(): string {
  const rows = COMMANDS.filter((c) => c.keys.length > 0 && c.help !== false)
    .map((c) => `| ${c.keys.map((k) => cell(keyLabel(k, false))).join(', ')} | ${cell(c.label)} | ${c.menu ?? '—'} |`)
  return ['| keys | command | menu |', '|---|---|---|', ...rows].join('\n')
}

export const KEY_TABLE_START = '<!-- key table: generated by `npm run docs` from electron/commands.ts -->'
export const KEY_TABLE_END = '<!-- end of key table -->'

/** The README with its key table replaced by a freshly generated one. */
export function withKeyTable(readme: string): string {
  const start = readme.indexOf(KEY_TABLE_START)
  const end = readme.indexOf(KEY_TABLE_END)
  if (start < 0 || end < start) throw new Error('README.md has no key table markers')
  return `${readme.slice(0, start + KEY_TABLE_START.length)}\n\n${keyTableMarkdown()}\n\n${readme.slice(end)}`
}
