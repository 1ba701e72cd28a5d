import fc from 'fast-check'
import { type Diagram, EditError, type Edited, edits, emptyDiagram, formulaToDiagram, nodeIndex, PALETTE, saveDiagram } from '../../core'
import { EXAMPLES } from '../../renderer/src/examples'
import { hostileNumber, hostilePoint, hostileText, PROTOTYPE_KEYS, sometimes } from './hostile'
import { Broken, reloadsTheSame } from './reload'

// The editor's changes, fuzzed as random sequences of core edits with hostile arguments. An EditError is an
// allowed refusal and must leave the diagram as it was; an edit that is made must leave its input as it
// was (undo keeps the old diagram) and give a diagram that DualWire writes as a file that loads back the
// same. Nodes and wires are chosen by number from what the diagram has when the edit runs.

/** Formulas to insert: ordinary ones, hostile names, two outputs, a shared subexpression. */
const FORMULAS = [
  'x * y + sin(x)', 'r = hypot(x, y); theta = atan2(y, x)', '`flow rate` * 2 + `__proto__`', 'let t = x^2\nf = select(x > 0, t, -t)',
  `\`${'a'.repeat(200)}\` - constructor`, 'toString / valueOf', 'f = 1e308 * 5e-324 - -0', '`x` + x2 + x10',
]

/** The diagrams a sequence starts from: empty, the editor's examples, and formulas. */
export const STARTS: Array<() => Diagram> = [
  () => emptyDiagram(),
  ...EXAMPLES.map((e) => e.build),
  ...FORMULAS.map((f) => () => formulaToDiagram(f)),
]

const PRIMITIVES = PALETTE.map((p) => p.id)

/** An edit with its arguments; `pick`s choose among the nodes or wires the diagram has when it runs. */
type Command =
  | { kind: 'addBlock'; primitive: string; at: { x: number; y: number }; value: number | null }
  | { kind: 'addInput'; at: { x: number; y: number }; value: number; name: string | null }
  | { kind: 'addOutput'; at: { x: number; y: number }; name: string | null }
  | { kind: 'connect'; from: number; fromPort: number; to: number; toPort: number }
  | { kind: 'removeNodes' | 'removeWires' | 'moveNodes' | 'paste'; picks: number[]; at: { x: number; y: number }; rename: string | null }
  | { kind: 'setInputValue' | 'setParam'; pick: number; value: number; param: string }
  | { kind: 'renameTerminal'; pick: number; name: string }
  | { kind: 'setRange'; pick: number; min: number; max: number }
  | { kind: 'setTitle'; title: string }
  | { kind: 'insert'; formula: number; at: { x: number; y: number } }

const picks = fc.array(fc.nat(), { minLength: 1, maxLength: 4 })

const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('addBlock'), primitive: fc.oneof({ arbitrary: fc.constantFrom(...PRIMITIVES), weight: 9 }, hostileText), at: hostilePoint, value: sometimes(hostileNumber, 0.3) }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('addInput'), at: hostilePoint, value: hostileNumber, name: sometimes(hostileText, 0.4) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('addOutput'), at: hostilePoint, name: sometimes(hostileText, 0.4) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('connect'), from: fc.nat(), fromPort: fc.nat(), to: fc.nat(), toPort: fc.nat() }), weight: 8 },
  {
    arbitrary: fc.record({ kind: fc.constantFrom('removeNodes', 'removeWires', 'moveNodes', 'paste'), picks, at: hostilePoint, rename: sometimes(hostileText, 0.2) }),
    weight: 5,
  },
  { arbitrary: fc.record({ kind: fc.constantFrom('setInputValue', 'setParam'), pick: fc.nat(), value: hostileNumber, param: fc.oneof(fc.constant('value'), hostileText) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('renameTerminal'), pick: fc.nat(), name: hostileText }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('setRange'), pick: fc.nat(), min: hostileNumber, max: hostileNumber }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('setTitle'), title: fc.oneof(hostileText, fc.string({ unit: 'binary' })) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('insert'), formula: fc.nat(), at: hostilePoint }), weight: 1 },
)

export interface EditCase {
  start: number
  commands: Command[]
}

export const editCase: fc.Arbitrary<EditCase> = fc.record({ start: fc.nat(), commands: fc.array(command, { minLength: 1, maxLength: 25 }) })

/** Mostly one of the list, sometimes an id the diagram does not have. */
function choose(ids: string[], k: number): string {
  if (ids.length === 0 || k % 13 === 12) return PROTOTYPE_KEYS[k % PROTOTYPE_KEYS.length]
  return ids[k % ids.length]
}

function apply(d: Diagram, c: Command): Edited {
  const nodes = [...d.inputs, ...d.outputs, ...d.blocks].map((n) => n.id)
  const terminals = [...d.inputs, ...d.outputs].map((t) => t.id)
  switch (c.kind) {
    case 'addBlock':
      return edits.addBlock(d, c.primitive, c.at, c.value === null ? {} : { value: c.value })
    case 'addInput':
      return edits.addInput(d, c.at, c.value, c.name ?? undefined)
    case 'addOutput':
      return edits.addOutput(d, c.at, c.name ?? undefined)
    case 'connect': {
      const index = nodeIndex(d)
      const from = choose(nodes, c.from)
      const to = choose(nodes, c.to)
      const port = (ports: readonly { id: string }[] | undefined, k: number) => (ports && ports.length > 0 && k % 7 !== 6 ? ports[k % ports.length].id : choose(['r', 'x', 'value'], k))
      return edits.connect(d, { node: from, port: port(index.get(from)?.outs, c.fromPort) }, { node: to, port: port(index.get(to)?.ins, c.toPort) })
    }
    case 'removeNodes':
      return edits.removeNodes(d, c.picks.map((k) => choose(nodes, k)))
    case 'removeWires':
      return edits.removeWires(d, c.picks.map((k) => choose(d.wires.map((w) => w.id), k)))
    case 'moveNodes':
      return edits.moveNodes(d, Object.fromEntries(c.picks.map((k) => [choose(nodes, k), c.at])))
    case 'paste': {
      const f = edits.copyFragment(d, c.picks.map((k) => choose(nodes, k)))
      // A clipboard from outside may hold any name.
      if (c.rename !== null && f.inputs.length > 0) f.inputs = [{ ...f.inputs[0], name: c.rename }, ...f.inputs.slice(1)]
      return edits.pasteFragment(d, f, c.at)
    }
    case 'setInputValue':
      return edits.setInputValue(d, choose(d.inputs.map((t) => t.id), c.pick), c.value)
    case 'setParam':
      return edits.setParam(d, choose(d.blocks.map((b) => b.id), c.pick), c.param, c.value)
    case 'renameTerminal':
      return edits.renameTerminal(d, choose(terminals, c.pick), c.name)
    case 'setRange':
      return edits.setRange(d, choose(nodes, c.pick), Math.min(c.min, c.max), Math.max(c.min, c.max))
    case 'setTitle':
      return edits.setTitle(d, c.title)
    case 'insert':
      return edits.insertDiagram(d, formulaToDiagram(FORMULAS[c.formula % FORMULAS.length]), c.at)
  }
}

export interface EditsRun {
  diagram: Diagram
  made: number
  refused: number
  /** Edits made, by kind. */
  kinds: Set<string>
}

/** The property; gives the diagram the sequence ended with and how many edits were made and refused. */
export function checkEdits({ start, commands }: EditCase): EditsRun {
  let d = STARTS[start % STARTS.length]()
  reloadsTheSame(d)
  let made = 0
  let refused = 0
  const kinds = new Set<string>()
  for (const c of commands) {
    const before = saveDiagram(d)
    let r: Edited
    try {
      r = apply(d, c)
    } catch (err) {
      if (!(err instanceof EditError)) throw new Broken(`${c.kind} threw ${String(err)}`)
      if (saveDiagram(d) !== before) throw new Broken(`a refused ${c.kind} changed the diagram`)
      if (err.message.length > 400) throw new Broken(`a message of ${err.message.length} characters`)
      refused++
      continue
    }
    if (saveDiagram(d) !== before) throw new Broken(`${c.kind} changed the diagram it was given`)
    d = r.diagram
    reloadsTheSame(d)
    made++
    kinds.add(c.kind)
  }
  return { diagram: d, made, refused, kinds }
}
