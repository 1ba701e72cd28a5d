import { type Diagram, diagramFileText, loadDiagram, saveDiagram } from '../../core'

// What every fuzz target checks of a diagram it ends up with: the file DualWire would write for it loads
// back as the same diagram, meaning and layout.

/** A diagram whose file DualWire would refuse to write, or whose file does not load back the same. */
export class Unreloadable extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'Unreloadable'
  }
}

/** A property of a target that does not hold: anything but an allowed refusal or an unreloadable file. */
export class Broken extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'Broken'
  }
}

export function reloadsTheSame(d: Diagram): void {
  const file = diagramFileText(d)
  if (!file.ok) throw new Unreloadable(file.message)
  const back = loadDiagram(file.text)
  if (!back.ok) throw new Unreloadable(`diagramFileText accepted a file that does not load: ${back.problems[0].message}`)
  // The file text holds the meaning and the layout, each in a fixed order: equal texts, equal diagrams.
  if (saveDiagram(back.diagram) !== file.text) throw new Unreloadable('the file reads back with a different layout')
}

const PROTOTYPES: ReadonlyArray<[string, object]> = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
]

/** Every own property of the built-in prototypes and what it holds, to compare before and after a case. */
export function prototypeSnapshot(): Map<string, unknown> {
  const snapshot = new Map<string, unknown>()
  for (const [name, proto] of PROTOTYPES) {
    for (const key of Reflect.ownKeys(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, key)!
      snapshot.set(`${name}.${String(key)}`, 'value' in d ? d.value : d.get)
    }
    snapshot.set(`${name} prototype`, Object.getPrototypeOf(proto))
  }
  return snapshot
}

export function checkPrototypes(before: Map<string, unknown>): void {
  const after = prototypeSnapshot()
  for (const [key, value] of after) if (!before.has(key) || before.get(key) !== value) throw new Broken(`${key} was changed`)
  for (const key of before.keys()) if (!after.has(key)) throw new Broken(`${key} was deleted`)
}
