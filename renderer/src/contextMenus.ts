import type { CommandId } from '../../electron/commands'
import { CATEGORIES, type Diagram, edits, findPrimitive, PALETTE, type Point } from '../../core'
import { nodeKind, shapeOf } from './editor/geometry'
import { diagramBoxes, freeSpot } from './editor/placement'
import { placeBlock } from './placing'
import type { Stores } from './state/stores'
import type { MenuItem } from './state/ui'

// LabVIEW's right-click menus: what a port, a wire, a block or the empty diagram offers. Each item runs one
// edit (one undo step) or one command. The menus are built here from what was clicked, for the stores and
// the command runner they are given; the open menu is the ui store's `contextMenu`, which ContextMenu.vue shows.

export type Target =
  | { kind: 'port'; node: string; port: string; side: 'input' | 'output' }
  | { kind: 'wire'; id: string }
  | { kind: 'block'; id: string }
  | { kind: 'canvas' }

/** Opens the menu of `target` at `screen`; `at` is the clicked point in content coordinates. */
export function openContextMenu(stores: Stores, runCommand: (id: CommandId) => void, target: Target, screen: Point, at: Point): void {
  const items = menus(stores, runCommand).itemsFor(target, at)
  // Kept inside the window: a menu opened near its right or bottom edge opens leftwards or upwards.
  const height = Math.min(items.length * 28 + 10, window.innerHeight * 0.7)
  const x = Math.max(0, Math.min(screen.x, window.innerWidth - 200))
  const y = Math.max(0, Math.min(screen.y, window.innerHeight - height))
  stores.ui.contextMenu.value = items.length ? { x, y, items } : null
}

/** Palette blocks by category, those `keep` accepts; categories left empty are left out. */
function byCategory(keep: (p: (typeof PALETTE)[number]) => boolean, item: (p: (typeof PALETTE)[number]) => MenuItem): MenuItem[] {
  return CATEGORIES.flatMap((c) => {
    const rows = PALETTE.filter((p) => p.category === c && keep(p))
    return rows.length ? [{ label: c[0].toUpperCase() + c.slice(1), testid: `category-${c}`, items: rows.map(item) }] : []
  })
}

/** What Insert can put into a wire: a block with one number input, one number output and no parameters. */
const insertable = (p: (typeof PALETTE)[number]) =>
  p.inputs.length === 1 && p.outputs.length === 1 && p.inputs[0].type === 'number' && p.outputs[0].type === 'number' && p.params.length === 0

/** The menus of each kind of target, over these stores. */
function menus(stores: Stores, runCommand: (id: CommandId) => void) {
  const { edit, editCreating, editRequest, probes, select } = stores.ui
  const d = (): Diagram => stores.document.diagram.value!

  /** Where a new node wired to a port goes: out to the left of an input, to the right of an output, in free space. */
  function besidePort(node: string, side: 'input' | 'output', kind: 'constant' | 'control' | 'indicator'): Point {
    const p = d().layout.positions[node] ?? { x: 0, y: 0 }
    const size = kind === 'indicator' ? shapeOf('output') : kind === 'control' ? shapeOf('input') : shapeOf('constant', 'constant')
    const want = side === 'input' ? { x: p.x - size.width - 60, y: p.y } : { x: p.x + 120, y: p.y }
    return freeSpot(diagramBoxes(d()), size, want)
  }

  function portItems(t: Extract<Target, { kind: 'port' }>): MenuItem[] {
    const create = (what: 'constant' | 'control' | 'indicator', label: string): MenuItem => ({
      label,
      testid: `create-${what}`,
      run: () => select(editCreating(() => edits.createAtPort(d(), { node: t.node, port: t.port }, what, besidePort(t.node, t.side, what))) ?? []),
    })
    const choices = t.side === 'input' ? [create('constant', 'Constant'), create('control', 'Control')] : [create('indicator', 'Indicator')]
    return [{ label: 'Create', items: choices, testid: 'create' }]
  }

  function wireItems(id: string, at: Point): MenuItem[] {
    const insert = (primitive: string): MenuItem => ({
      label: findPrimitive(primitive)!.labview,
      testid: `insert-${primitive}`,
      run: () => {
        const size = shapeOf(nodeKind(primitive), primitive)
        const spot = freeSpot(diagramBoxes(d()), size, { x: at.x - size.width / 2, y: at.y - size.height / 2 })
        edit(() => edits.insertOnWire(d(), id, primitive, spot))
      },
    })
    return [
      { label: probes.value.has(id) ? 'Remove Probe' : 'Probe', testid: 'probe', run: () => toggleProbe(id) },
      { label: 'Delete Wire Branch', testid: 'delete-wire', run: () => edit(() => edits.removeWires(d(), [id])) },
      { label: 'Insert', testid: 'insert', items: byCategory(insertable, (p) => insert(p.id)) },
    ]
  }

  function toggleProbe(id: string): void {
    const next = new Set(probes.value)
    if (!next.delete(id)) next.add(id)
    probes.value = next
  }

  function blockItems(id: string): MenuItem[] {
    const block = d().blocks.find((b) => b.id === id)
    const others = block ? edits.replacements(block.primitive) : []
    const items: MenuItem[] = []
    if (others.length) items.push({ label: 'Replace', testid: 'replace', items: others.map((p) => ({ label: p.labview, testid: `replace-${p.id}`, run: () => edit(() => edits.replaceBlock(d(), id, p.id)) })) })
    items.push(
      { label: 'Properties', testid: 'properties', run: () => (select([id]), document.querySelector<HTMLElement>('[data-testid=inspector]')?.focus()) },
      { label: 'Delete', testid: 'delete', run: () => edit(() => edits.removeNodes(d(), [id])) },
    )
    return items
  }

  /** The palette, by category, placing at the clicked point; and Paste. */
  function canvasItems(at: Point): MenuItem[] {
    const place = (kind: string) => () => select(placeBlock(stores, kind, at))
    const comment = () => {
      const [id] = editCreating(() => edits.addComment(d(), at, 'Comment')) ?? []
      if (id) editRequest.value = { id, at: Date.now() }
    }
    return [
      { label: 'Comment', testid: 'place-comment', run: comment },
      { label: 'Control', testid: 'place-input', run: place('@input') },
      { label: 'Indicator', testid: 'place-output', run: place('@output') },
      ...byCategory(() => true, (p) => ({ label: p.labview, testid: `place-${p.id}`, run: place(p.id) })),
      { label: 'Paste', testid: 'paste', run: () => runCommand('paste') },
    ]
  }

  function itemsFor(t: Target, at: Point): MenuItem[] {
    if (t.kind === 'port') return portItems(t)
    if (t.kind === 'wire') return wireItems(t.id, at)
    if (t.kind === 'block') return blockItems(t.id)
    return canvasItems(at)
  }

  return { itemsFor }
}
