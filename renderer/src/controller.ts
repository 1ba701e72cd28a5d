import { shallowRef } from 'vue'
import { MENU_ACCELERATORS, type MenuCommand } from '../../electron/bridge'
import {
  type Diagram, diagramFileText, diagramHash, edits, emptyDiagram, exportModule, type Fragment, loadDiagram, type Point, problemsText,
} from '../../core'
import type { DiagramView } from './editor/view'
import { around, freeOffset, nodeBoxes } from './editor/placement'
import { EXAMPLES, exampleDiagram } from './examples'
import { platform } from './platform'
import { ChangedOnDiskError } from './platform/platform'
import { currentStep, diagram, dirty, endGroup, fileName, load, markSaved, redo, tryEdit, undo } from './state/document'
import { checkAll, mode } from './state/evaluation'
import { loadedFromText } from './state/recovery'
import { probes, selection, select, tell } from './state/ui'

// Everything the user can do, in one table: the web menu bar, Electron's menu commands, the keyboard and
// the help overlay all read it. Commands act on the document through core's edits.

export const VERSION = '0.1.0'

let view: DiagramView | null = null
export function attachView(v: DiagramView): void {
  view = v
}

export const overlay = shallowRef<'none' | 'quick-drop' | 'formula' | 'help' | 'about'>('none')
export const minimapShown = shallowRef(false)
export const fdStatus = shallowRef<{ maxRelError: number; ok: boolean } | null>(null)
/** Where the pointer is over the canvas, in content coordinates (Quick Drop places blocks there); null when it is elsewhere. */
export const pointer = { at: null as Point | null }
/** The middle of what the view shows, in content coordinates. */
export const viewCentre = (): Point => view?.centre() ?? { x: 200, y: 200 }

/** A question with buttons, answered through the Confirm overlay. */
export const question = shallowRef<{ text: string; buttons: string[]; answer: (b: string) => void } | null>(null)
export function ask(text: string, buttons: string[]): Promise<string> {
  return new Promise((resolve) => {
    question.value = {
      text,
      buttons,
      answer: (b) => {
        question.value = null
        resolve(b)
      },
    }
  })
}

export function edit(run: () => ReturnType<typeof edits.connect>, group?: string): boolean {
  const refused = tryEdit(run, group)
  if (refused) tell(refused)
  return !refused
}

const d = (): Diagram => diagram.value!
const baseName = () => (fileName.value ?? d().title ?? 'diagram').replace(/\.dwire\.json$|\.json$/, '').replace(/[^\w.-]+/g, '-') || 'diagram'

/** Unsaved changes? Ask before they are replaced; false when the user cancels. */
async function mayDiscard(): Promise<boolean> {
  if (!dirty.value) return true
  const answer = await ask('The diagram has unsaved changes.', ['Save', "Don't Save", 'Cancel'])
  if (answer === 'Cancel') return false
  if (answer === 'Save') return save()
  return true
}

/** Opens a diagram as a new history; `saved: false` for restored work that was never saved. */
export function openDiagram(next: Diagram, name: string | null, saved = true): void {
  load(next, name, saved)
  select([])
  probes.value = new Set()
  fdStatus.value = null
  void view?.zoomToOpen()
}

/** Loads file text; a bad file leaves the current diagram as it is and says why. */
export function openText(text: string, name: string): boolean {
  const r = loadDiagram(text)
  if (!r.ok) {
    tell(`${name} was not opened: ${problemsText(r.problems, 3)}`)
    return false
  }
  loadedFromText(r.diagram, text)
  openDiagram(r.diagram, name)
  if (r.broken.length > 0) tell(`${name} opened; it cannot run yet: ${r.broken.length} problem${r.broken.length === 1 ? '' : 's'} listed under Errors`, 'info')
  return true
}

/**
 * What the editor opens with: a file named at start or the last session's document, else the seed example.
 * A restored document opens under its name, unsaved if it was; one that does not open is kept apart first
 * (the platform moves it where nothing can write over it), and only then does anything else open.
 */
export async function openStart(): Promise<void> {
  const first = await platform.initial()
  if (first) {
    const r = loadDiagram(first.text)
    if (r.ok) {
      loadedFromText(r.diagram, first.text)
      openDiagram(r.diagram, first.name, !first.dirty)
      platform.opened(first)
      if (first.restored && first.dirty) tell(`Restored ${first.name ?? r.diagram.title} with its unsaved changes`, 'info')
      for (const note of platform.startNotes()) tell(note, 'info')
      return
    }
    const message = problemsText(r.problems, 3)
    platform.notOpened(first, message)
    if (!first.restored) tell(`${first.name} was not opened: ${message}`)
    else if (platform.kind === 'electron') tell(`The backup of the last session could not be opened (${message}); it is kept and offered again at the next start`)
  }
  openDiagram(exampleDiagram('seed'), null)
  for (const note of platform.startNotes()) tell(note, 'info')
}

async function newDocument(): Promise<void> {
  if (!(await mayDiscard())) return
  platform.forgetFile()
  openDiagram(emptyDiagram('Untitled'), null)
}

async function open(): Promise<void> {
  if (!(await mayDiscard())) return
  const file = await platform.open()
  if (file) openText(file.text, file.name)
}

export async function openRecent(entry: { open: () => Promise<{ name: string; text: string } | null> }): Promise<void> {
  if (!(await mayDiscard())) return
  const file = await entry.open()
  if (file) openText(file.text, file.name)
}

export async function openExample(id: string): Promise<void> {
  if (!(await mayDiscard())) return
  platform.forgetFile()
  openDiagram(exampleDiagram(id), null)
}

/** The diagram's file text, or undefined after telling the user why it cannot be written. */
function fileText(): string | undefined {
  const file = diagramFileText(d())
  if (file.ok) return file.text
  tell(`not saved: ${file.message}`)
  return undefined
}

/** Runs a save; a failure is told, never thrown past the command that asked for it. */
async function saving(write: () => Promise<{ name: string } | null>): Promise<{ name: string } | null> {
  try {
    return await write()
  } catch (err) {
    tell(`not saved: ${err instanceof Error ? err.message : String(err)}`)
    return null
  }
}

async function save(): Promise<boolean> {
  const step = currentStep()
  const text = fileText()
  if (text === undefined) return false
  const name = `${baseName()}.dwire.json`
  let saved: { name: string } | null
  try {
    saved = await platform.save(text, name)
  } catch (err) {
    if (!(err instanceof ChangedOnDiskError)) {
      tell(`not saved: ${err instanceof Error ? err.message : String(err)}`)
      return false
    }
    const answer = await ask(`${err.message} Overwrite replaces its changes with yours; Save As keeps both.`, ['Save As…', 'Overwrite', 'Cancel'])
    if (answer === 'Save As…') return saveAs()
    if (answer !== 'Overwrite') return false
    saved = await saving(() => platform.save(text, name, { overwrite: true }))
  }
  if (saved) markSaved(step, saved.name)
  return saved !== null
}

async function saveAs(): Promise<boolean> {
  const step = currentStep()
  const text = fileText()
  const saved = text === undefined ? null : await saving(() => platform.saveAs(text, `${baseName()}.dwire.json`))
  if (saved) markSaved(step, saved.name)
  return saved !== null
}

async function exportTypeScript(): Promise<void> {
  let text: string
  try {
    text = exportModule(d(), { version: VERSION, language: 'ts' })
  } catch (err) {
    tell(`cannot export: ${(err as Error).message}`)
    return
  }
  const saved = await platform.exportModule(text, `${baseName()}.ts`)
  if (saved) tell(`exported ${saved.name} (diagram ${diagramHash(d()).slice(0, 12)}…)`, 'info')
}

let clipboard: Fragment | null = null

function copy(): void {
  if (selection.nodes.size === 0) return
  clipboard = edits.copyFragment(d(), selection.nodes)
}

/** Pastes beside the copied blocks (down and right of them), or in the nearest free space from there. */
function paste(offset: Point = { x: 40, y: 40 }): void {
  if (!clipboard) return
  const f = clipboard
  let created: string[] = []
  let shift = offset
  edit(() => {
    const boxes = nodeBoxes(f, f.positions)
    const box = around(boxes)
    shift = box ? freeOffset(nodeBoxes(d(), d().layout.positions), boxes, { x: box.x0 + offset.x, y: box.y0 + offset.y }) : offset
    const r = edits.pasteFragment(d(), f, shift)
    created = r.created
    return r
  })
  const wires = new Set(d().wires.map((w) => w.id))
  select(created.filter((id) => !wires.has(id)))
  view?.selectNodes(selection.nodes)
  void view?.reveal(selection.nodes)
  // A second paste lands beside the first.
  clipboard = { ...f, positions: Object.fromEntries(Object.entries(f.positions).map(([id, p]) => [id, { x: p.x + shift.x, y: p.y + shift.y }])) }
}

function removeSelection(): void {
  if (selection.nodes.size > 0) edit(() => edits.removeNodes(d(), selection.nodes))
  else if (selection.wires.size > 0) edit(() => edits.removeWires(d(), selection.wires))
  select([])
}

export function selectAll(): void {
  const all = [...d().inputs, ...d().outputs, ...d().blocks].map((n) => n.id)
  select(all)
  view?.selectNodes(all)
}

async function arrange(): Promise<void> {
  if (!view) return
  const { arrange: layOut } = await import('./editor/arrange')
  const positions = await layOut(d())
  edit(() => edits.moveNodes(d(), positions))
  void view.zoomToFit()
}

function checkFiniteDifferences(): void {
  const r = checkAll()
  fdStatus.value = r
  if (!r) tell('the diagram cannot run, so there is nothing to check')
  else tell(r.ok ? `AD and finite differences agree: largest relative error ${r.maxRelError.toExponential(1)}` : `AD and finite differences disagree (largest relative error ${r.maxRelError.toExponential(1)}): a kink or a jump nearby?`, r.ok ? 'info' : 'error')
}

export interface Command {
  id: MenuCommand | 'duplicate' | 'quick-drop' | 'insert-formula' | 'arrange' | 'escape'
  label: string
  menu: 'File' | 'Edit' | 'View' | 'Evaluate' | 'Help' | null
  /** Shortcuts as written in the help overlay: Ctrl is Cmd on a Mac. */
  keys: string[]
  run: () => unknown
}

/** The keys of a command: a menu command's come from the one table the native menu is built from too. */
const keysOf = (id: MenuCommand, extra: string[] = []) => [...(MENU_ACCELERATORS[id] ?? []).map((k) => k.replace('CmdOrCtrl', 'Ctrl')), ...extra]

const COMMAND_LIST: Command[] = [
  { id: 'new', label: 'New', menu: 'File', keys: ['Ctrl+N'], run: newDocument },
  { id: 'open', label: 'Open…', menu: 'File', keys: ['Ctrl+O'], run: open },
  { id: 'save', label: 'Save', menu: 'File', keys: ['Ctrl+S'], run: save },
  { id: 'save-as', label: 'Save As…', menu: 'File', keys: ['Ctrl+Shift+S'], run: saveAs },
  { id: 'export-typescript', label: 'Export TypeScript…', menu: 'File', keys: ['Ctrl+E'], run: exportTypeScript },
  { id: 'undo', label: 'Undo', menu: 'Edit', keys: ['Ctrl+Z'], run: undo },
  { id: 'redo', label: 'Redo', menu: 'Edit', keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], run: redo },
  { id: 'cut', label: 'Cut', menu: 'Edit', keys: ['Ctrl+X'], run: () => (copy(), removeSelection()) },
  { id: 'copy', label: 'Copy', menu: 'Edit', keys: ['Ctrl+C'], run: copy },
  { id: 'paste', label: 'Paste', menu: 'Edit', keys: ['Ctrl+V'], run: () => paste() },
  { id: 'duplicate', label: 'Duplicate', menu: 'Edit', keys: ['Ctrl+D'], run: () => (copy(), paste()) },
  { id: 'delete', label: 'Delete', menu: 'Edit', keys: ['Delete', 'Backspace'], run: removeSelection },
  { id: 'select-all', label: 'Select All', menu: 'Edit', keys: ['Ctrl+A'], run: selectAll },
  { id: 'quick-drop', label: 'Quick Drop…', menu: 'Edit', keys: ['Ctrl+Space'], run: () => (overlay.value = 'quick-drop') },
  { id: 'insert-formula', label: 'Insert Formula…', menu: 'Edit', keys: ['Ctrl+I'], run: () => (overlay.value = 'formula') },
  { id: 'zoom-fit', label: 'Zoom to Fit', menu: 'View', keys: ['Ctrl+0'], run: () => view?.zoomToFit() },
  { id: 'zoom-actual', label: 'Actual Size', menu: 'View', keys: ['Ctrl+1'], run: () => view?.zoomTo(1) },
  { id: 'zoom-in', label: 'Zoom In', menu: 'View', keys: ['Ctrl+='], run: () => view?.zoomBy(1.25) },
  { id: 'zoom-out', label: 'Zoom Out', menu: 'View', keys: ['Ctrl+-'], run: () => view?.zoomBy(0.8) },
  { id: 'toggle-minimap', label: 'Minimap', menu: 'View', keys: ['Ctrl+M'], run: () => (minimapShown.value = !minimapShown.value) },
  { id: 'arrange', label: 'Arrange', menu: 'View', keys: ['Ctrl+Shift+A'], run: arrange },
  { id: 'mode-forward', label: 'Forward Sweep', menu: 'Evaluate', keys: ['Alt+1'], run: () => (mode.value = 'forward') },
  { id: 'mode-reverse', label: 'Reverse Sweep', menu: 'Evaluate', keys: ['Alt+2'], run: () => (mode.value = 'reverse') },
  { id: 'mode-both', label: 'Both Sweeps', menu: 'Evaluate', keys: ['Alt+3'], run: () => (mode.value = 'both') },
  { id: 'check-fd', label: 'Check with Finite Differences', menu: 'Evaluate', keys: ['Ctrl+K'], run: checkFiniteDifferences },
  { id: 'shortcuts', label: 'Keyboard Shortcuts', menu: 'Help', keys: ['F1', '?'], run: () => (overlay.value = 'help') },
  { id: 'about', label: 'About DualWire', menu: 'Help', keys: [], run: () => (overlay.value = 'about') },
  { id: 'escape', label: 'Close Overlay / Clear Selection', menu: null, keys: ['Escape'], run: () => (overlay.value !== 'none' ? (overlay.value = 'none') : (select([]), view?.selectNodes([]))) },
]

/** Menu commands take their keys from MENU_ACCELERATORS; the rest keep their own. */
export const COMMANDS: Command[] = COMMAND_LIST.map((c) =>
  (MENU_ACCELERATORS as Record<string, unknown>)[c.id] ? { ...c, keys: keysOf(c.id as MenuCommand, c.id === 'shortcuts' ? ['?'] : []) } : c,
)

export function runCommand(id: Command['id']): void {
  if (id === 'save-then-close') {
    // An edit that landed while the save was writing is not on disk: the window must not close over it.
    void save().then((ok) => window.dualwire?.closeAfterSave(ok && !dirty.value))
    return
  }
  endGroup()
  void COMMANDS.find((c) => c.id === id)?.run()
}

/** The command a key press means, if any (Ctrl stands for Cmd on macOS too). */
export function commandForKey(e: KeyboardEvent): Command | undefined {
  const parts: string[] = []
  if (e.ctrlKey || e.metaKey) parts.push('Ctrl')
  if (e.altKey) parts.push('Alt')
  if (e.shiftKey && e.key.length > 1) parts.push('Shift')
  if (e.shiftKey && e.key.length === 1 && /[a-z]/i.test(e.key)) parts.push('Shift')
  const key = e.key === ' ' ? 'Space' : e.key.length === 1 ? e.key.toUpperCase() : e.key
  const combo = [...parts, key].join('+')
  const alt = e.code.startsWith('Digit') ? [...parts, e.code.slice(5)].join('+') : combo
  return COMMANDS.find((c) => c.keys.some((k) => k.toUpperCase() === combo.toUpperCase() || k.toUpperCase() === alt.toUpperCase()))
}

export { EXAMPLES }
