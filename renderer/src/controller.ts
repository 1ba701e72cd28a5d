import { type InjectionKey, inject, shallowRef } from 'vue'
import { type Command, type CommandId, type CommandSpec, commandOfPress, commandSpec, type Condition, keyLabel } from '../../electron/commands'
import {
  type Diagram, diagramFileText, diagramHash, edits, emptyDiagram, exportModule, type Fragment, loadDiagram, type Point, problemsText,
} from '../../core'
import type { DiagramView } from './editor/view'
import { around, diagramBoxes, freeOffset, nodeBoxes } from './editor/placement'
import { EXAMPLES, exampleDiagram } from './examples'
import { exponential } from './format'
import { ChangedOnDiskError, type DocumentFile, type Platform } from './platform/platform'
import type { Stores } from './state/stores'

// What the commands of the command table (electron/commands.ts) do, and the keys and conditions of the
// page around them. Commands act on the document through core's edits. main.ts makes one controller for
// the app's stores and provides it; components get it with useController().

export const VERSION = '0.1.0'

export type Controller = ReturnType<typeof createController>

export function createController(stores: Stores, platform: Platform) {
  const { canRedo, canUndo, currentStep, diagram, dirty, endGroup, fileName, load, markSaved, redo, undo } = stores.document
  const { checkAll, mode } = stores.evaluation
  const { loadedFromText } = stores.recovery
  const { edit, editCreating, probes, selection, select, tell } = stores.ui

  let view: DiagramView | null = null
  function attachView(v: DiagramView): void {
    view = v
  }

  const overlay = shallowRef<'none' | 'quick-drop' | 'formula' | 'help' | 'about'>('none')
  const minimapShown = shallowRef(false)
  const fdStatus = shallowRef<{ maxRelError: number; ok: boolean } | null>(null)
  /** Where the pointer is over the canvas, in content coordinates (Quick Drop places blocks there); null when it is elsewhere. */
  const pointer = { at: null as Point | null }
  /** The middle of what the view shows, in content coordinates. */
  const viewCentre = (): Point => view?.centre() ?? { x: 200, y: 200 }

  /** A question with buttons, answered through the Confirm overlay. */
  const question = shallowRef<{ text: string; buttons: string[]; answer: (b: string) => void } | null>(null)
  function ask(text: string, buttons: string[]): Promise<string> {
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
  function openDiagram(next: Diagram, name: string | null, saved = true): void {
    load(next, name, saved)
    select([])
    probes.value = new Set()
    fdStatus.value = null
    void view?.zoomToOpen()
  }

  /** Loads file text; a bad file leaves the current diagram as it is and says why. */
  function openText(text: string, name: string): boolean {
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
  async function openStart(): Promise<void> {
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
    if (file) platform.openResult(file, openText(file.text, file.name))
  }

  async function openRecent(entry: { open: () => Promise<DocumentFile | null> }): Promise<void> {
    if (!(await mayDiscard())) return
    const file = await entry.open()
    if (file) platform.openResult(file, openText(file.text, file.name))
  }

  async function openExample(id: string): Promise<void> {
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

  const clipboard = shallowRef<Fragment | null>(null)

  function copy(): void {
    if (selection.nodes.size === 0) return
    clipboard.value = edits.copyFragment(d(), selection.nodes)
  }

  /** Pastes beside the copied blocks (down and right of them), or in the nearest free space from there. */
  function paste(offset: Point = { x: 40, y: 40 }): void {
    if (!clipboard.value) return
    const f = clipboard.value
    let shift = offset
    const created = editCreating(() => {
      const boxes = nodeBoxes(f, f.positions, f.comments)
      const box = around(boxes)
      shift = box ? freeOffset(diagramBoxes(d()), boxes, { x: box.x0 + offset.x, y: box.y0 + offset.y }) : offset
      return edits.pasteFragment(d(), f, shift)
    })
    select(created ?? [])
    view?.selectNodes(selection.nodes)
    void view?.reveal(selection.nodes)
    // A second paste lands beside the first: the nodes and the comments move on together.
    const moved = <P extends Point>(places: Record<string, P>) => Object.fromEntries(Object.entries(places).map(([id, p]) => [id, { ...p, x: p.x + shift.x, y: p.y + shift.y }]))
    clipboard.value = { ...f, positions: moved(f.positions), comments: moved(f.comments ?? {}) }
  }

  function removeSelection(): void {
    if (selection.nodes.size > 0) edit(() => edits.removeNodes(d(), selection.nodes))
    else if (selection.wires.size > 0) edit(() => edits.removeWires(d(), selection.wires))
    select([])
  }

  function selectAll(): void {
    const all = [...[...d().inputs, ...d().outputs, ...d().blocks].map((n) => n.id), ...Object.keys(d().layout.comments ?? {})]
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
    else tell(r.ok ? `AD and finite differences agree: largest relative error ${exponential(r.maxRelError, 1)}` : `AD and finite differences disagree (largest relative error ${exponential(r.maxRelError, 1)}): a kink or a jump nearby?`, r.ok ? 'info' : 'error')
  }

  /** What a command does, one handler per id of the command table: a command without one does not compile. */
  const HANDLERS: { [C in CommandId]: () => unknown } = {
    'new': newDocument,
    'open': open,
    'save': save,
    'save-as': saveAs,
    'export-typescript': exportTypeScript,
    'undo': undo,
    'redo': redo,
    'cut': () => (copy(), removeSelection()),
    'copy': copy,
    'paste': () => paste(),
    'duplicate': () => (copy(), paste()),
    'delete': removeSelection,
    'select-all': selectAll,
    'quick-drop': () => (overlay.value = 'quick-drop'),
    'insert-formula': () => (overlay.value = 'formula'),
    'zoom-fit': () => view?.zoomToFit(),
    'zoom-actual': () => view?.zoomTo(1),
    'zoom-in': () => view?.zoomBy(1.25),
    'zoom-out': () => view?.zoomBy(0.8),
    'toggle-minimap': () => (minimapShown.value = !minimapShown.value),
    'arrange': arrange,
    'mode-forward': () => (mode.value = 'forward'),
    'mode-reverse': () => (mode.value = 'reverse'),
    'mode-both': () => (mode.value = 'both'),
    'check-fd': checkFiniteDifferences,
    'shortcuts': () => (overlay.value = 'help'),
    'about': () => (overlay.value = 'about'),
    'escape': () => (overlay.value !== 'none' ? (overlay.value = 'none') : (select([]), view?.selectNodes([]))),
    // An edit that landed while the save was writing is not on disk: the window must not close over it.
    'save-then-close': () => save().then((ok) => window.dualwire?.closeAfterSave(ok && !dirty.value)),
  }

  /** What each menu condition means here; read by the web menu bar. */
  const CONDITIONS: { [C in Condition]: () => boolean } = {
    'can-undo': () => canUndo.value,
    'can-redo': () => canRedo.value,
    'selection': () => selection.nodes.size > 0 || selection.wires.size > 0,
    'clipboard': () => clipboard.value !== null,
  }

  function enabled(c: CommandSpec): boolean {
    return c.enabledWhen === undefined || CONDITIONS[c.enabledWhen]()
  }

  function runCommand(id: CommandId): void {
    if (id !== 'save-then-close') endGroup()
    void HANDLERS[id]()
  }

  return {
    overlay, minimapShown, fdStatus, pointer, question, ask, viewCentre, attachView, openDiagram, openText, openStart, openRecent, openExample,
    selectAll, enabled, runCommand,
  }
}

export const CONTROLLER_KEY: InjectionKey<Controller> = Symbol('controller')

/** The app's controller (see main.ts), for a component. */
export function useController(): Controller {
  const controller = inject(CONTROLLER_KEY, null)
  if (!controller) throw new Error('useController(): no controller provided; the app must app.provide(CONTROLLER_KEY, createController(stores, platform)) (see main.ts)')
  return controller
}

/** ⌘ and ⌥ on a Mac, Ctrl and Alt elsewhere. */
export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)

/** A key of the command table as this platform writes it. */
export const keyText = (key: string): string => keyLabel(key, isMac)

/** A command's label with its first key, for a tooltip: "Arrange (Ctrl+Shift+A)". */
export function commandTitle(id: CommandId): string {
  const c = commandSpec(id)
  return c.keys[0] ? `${c.label} (${keyText(c.keys[0])})` : c.label
}

/** The command a key press means, if any, and which of its keys it was (Ctrl stands for Cmd on macOS too). */
export function commandForKey(e: KeyboardEvent): { command: Command; key: string } | undefined {
  return commandOfPress(e)
}

export { type Command, COMMANDS, type CommandId, type CommandSpec, MENUS, menuCommands } from '../../electron/commands'
export { EXAMPLES }
