import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { MENU_COMMANDS } from '../../electron/bridge'
import {
  COMMAND_IDS, COMMANDS, commandOfPress, isCommandId, type KeyPress, keyLabel, keyTableMarkdown, MENUS, menuCommands, withKeyTable,
} from '../../electron/commands'

// The one command table: its ids, keys and menus are consistent, its keys read and match as written, and
// the README's key table is the one it generates.

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress =>
  ({ key, code: /^[0-9]$/.test(key) ? `Digit${key}` : '', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods })

describe('the command table', () => {
  it('has unique ids, and the bridge carries exactly them', () => {
    expect(new Set(COMMAND_IDS).size).toBe(COMMAND_IDS.length)
    expect(MENU_COMMANDS).toEqual(COMMAND_IDS)
    expect(COMMAND_IDS.every(isCommandId)).toBe(true)
    expect(isCommandId('format-disk')).toBe(false)
    expect(isCommandId(42)).toBe(false)
  })

  it('binds no key to two commands', () => {
    const keys = COMMANDS.flatMap((c) => c.keys.map((k) => k.toUpperCase()))
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('every menu item is a row, and every row with a menu is in that menu once', () => {
    const inMenus = MENUS.flatMap((m) => menuCommands(m).map((c) => c.id))
    expect(inMenus).toEqual(COMMANDS.filter((c) => c.menu !== null).map((c) => c.id))
    expect(new Set(inMenus).size).toBe(inMenus.length)
  })

  it('keeps save-then-close a window command, in no menu and without keys', () => {
    const c = COMMANDS.find((x) => x.id === 'save-then-close')
    expect(c?.menu).toBeNull()
    expect(c?.keys).toEqual([])
  })

  it('every key of every row, pressed, means that row; and back', () => {
    for (const c of COMMANDS) {
      for (const key of c.keys) {
        const parts = key.split(/\+(?=.)/)
        const base = parts.at(-1)!
        const e = press(base === 'Space' ? ' ' : base.length === 1 ? base.toLowerCase() : base, {
          ctrlKey: parts.includes('CmdOrCtrl'), altKey: parts.includes('Alt'), shiftKey: parts.includes('Shift') || base === '?',
        })
        expect(commandOfPress(e), key).toEqual({ command: c, key })
        expect(commandOfPress({ ...e, ctrlKey: false, metaKey: e.ctrlKey }), `${key} with ⌘`).toEqual({ command: c, key })
      }
    }
  })

  it('reads Alt+digit from the key position (macOS types ¡ for Alt+1), and ignores keys it does not have', () => {
    expect(commandOfPress({ ...press('¡', { altKey: true }), code: 'Digit1' })?.command.id).toBe('mode-forward')
    expect(commandOfPress(press('q', { ctrlKey: true }))).toBeUndefined()
    expect(commandOfPress(press('z'))).toBeUndefined()
    expect(commandOfPress(press('Z', { ctrlKey: true, shiftKey: true }))?.command.id).toBe('redo')
  })

  it('writes keys for people: Ctrl+ on Windows and Linux, symbols on macOS', () => {
    expect(keyLabel('CmdOrCtrl+S', false)).toBe('Ctrl+S')
    expect(keyLabel('CmdOrCtrl+S', true)).toBe('⌘S')
    expect(keyLabel('CmdOrCtrl+Shift+Z', true)).toBe('⇧⌘Z')
    expect(keyLabel('Alt+1', true)).toBe('⌥1')
    expect(keyLabel('CmdOrCtrl+-', false)).toBe('Ctrl+-')
    expect(keyLabel('CmdOrCtrl+-', true)).toBe('⌘-')
    expect(keyLabel('Backspace', true)).toBe('⌫')
    expect(keyLabel('F1', false)).toBe('F1')
    expect(keyLabel('CmdOrCtrl', false)).toBe('Ctrl')
  })

  it("is the README's key table, exactly (npm run docs regenerates it)", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    expect(withKeyTable(readme)).toBe(readme)
    expect(readme).toContain(keyTableMarkdown())
  })
})
