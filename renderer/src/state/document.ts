import { computed, shallowRef } from 'vue'
import { type Diagram, type Edited, EditError, type EditKind } from '../../../core'

// The document: the diagram being edited, the file it came from, and its history. Every change goes through
// apply(), which takes the result of one of core's edit functions; undo and redo move through whole
// diagrams, so they cover every edit (values and names included) and the view is rebuilt from the result.

interface Step {
  /** Unique per step: the document is unsaved when the current step is not the one saved. */
  id: number
  diagram: Diagram
  kind: EditKind | 'load'
  /** Edits that share a group (one drag, one slider movement) make one step. */
  group?: string
}

const LIMIT = 500

/** Deep equality of plain data; edits share what they do not change, so most of it is a reference check. */
function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  return keys.every((k) => Object.hasOwn(b, k) && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}

export type DocumentStore = ReturnType<typeof createDocumentStore>

export function createDocumentStore() {
  /** Step ids are compared only within one document, so each store counts its own. */
  let nextStepId = 1

  const past = shallowRef<Step[]>([])
  const future = shallowRef<Step[]>([])
  const current = shallowRef<Step | null>(null)
  const savedStep = shallowRef(0)
  const name = shallowRef<string | null>(null)

  const diagram = computed(() => current.value?.diagram ?? null)
  /** Blocks by id, for the many views that look one up on every change. */
  const blocksById = computed(() => new Map((diagram.value?.blocks ?? []).map((b) => [b.id, b])))
  /** The kind of the last change: the evaluator recompiles only after a structural one. */
  const lastChangeKind = computed(() => current.value?.kind ?? 'load')
  const fileName = computed(() => name.value)
  const dirty = computed(() => current.value !== null && current.value.id !== savedStep.value)
  const canUndo = computed(() => past.value.length > 0)
  const canRedo = computed(() => future.value.length > 0)

  /** Starts a new history with this diagram (New, Open, an example). */
  function load(d: Diagram, fileNameOrNull: string | null, saved = true): void {
    past.value = []
    future.value = []
    current.value = { id: nextStepId++, diagram: d, kind: 'load' }
    savedStep.value = saved ? current.value.id : 0
    name.value = fileNameOrNull
  }

  /**
   * Applies an edit. An edit with the same `group` as the step before it replaces that step, so a drag or a
   * slider movement undoes in one step.
   */
  function apply(edited: Edited, group?: string): void {
    if (current.value?.group !== undefined && current.value.group !== group) endGroup()
    const before = current.value
    // An edit that changes nothing (a click that moved nothing, Enter then blur on the same value) is no step.
    if (!before || edited.diagram === before.diagram) return
    if (group === undefined || before.group !== group) past.value = [...past.value.slice(-LIMIT + 1), before]
    current.value = { id: nextStepId++, diagram: edited.diagram, kind: edited.kind, group }
    future.value = []
  }

  /** Runs an edit function; returns the reason it was refused, for the user, or undefined when it worked. */
  function tryEdit(edit: () => Edited, group?: string): string | undefined {
    try {
      apply(edit(), group)
      return undefined
    } catch (err) {
      if (err instanceof EditError) return err.message
      throw err
    }
  }

  /**
   * Ends a group, so that the next edit starts a new step. A group that ends where it began (a slider put back,
   * a block dragged away and back) is no step: the document returns to the step before it, saved if that was.
   */
  function endGroup(): void {
    const step = current.value
    if (!step?.group) return
    const previous = past.value.at(-1)
    if (previous && same(previous.diagram, step.diagram)) {
      current.value = previous
      past.value = past.value.slice(0, -1)
    } else current.value = { ...step, group: undefined }
  }

  function undo(): void {
    const previous = past.value.at(-1)
    if (!previous || !current.value) return
    future.value = [{ ...current.value, group: undefined }, ...future.value]
    past.value = past.value.slice(0, -1)
    current.value = { ...previous, kind: 'structure' }
  }

  function redo(): void {
    const next = future.value[0]
    if (!next || !current.value) return
    past.value = [...past.value, current.value]
    future.value = future.value.slice(1)
    current.value = { ...next, kind: 'structure' }
  }

  /** The step the document is at: a save records it before writing, because edits may land while it writes. */
  function currentStep(): number {
    return current.value?.id ?? 0
  }

  /** The document as it was at `step` is on disk now; later edits stay unsaved. */
  function markSaved(step: number, savedName?: string): void {
    savedStep.value = step
    if (savedName !== undefined) name.value = savedName
  }

  return { diagram, blocksById, lastChangeKind, fileName, dirty, canUndo, canRedo, load, apply, tryEdit, endGroup, undo, redo, currentStep, markSaved }
}
