import fc from 'fast-check'
import { type Diagram, FormulaError, formulaToDiagram, saveDiagram } from '../../core'
import { EXAMPLES } from '../../renderer/src/examples'
import { checkEdits, editCase } from './edits'
import { formulaText } from './formula'

// Real diagram files for the loader fuzzer to cut and mutate: the editor's examples, formulas from the
// grammar (hostile names, extreme constants), and what random edit sequences leave (broken diagrams,
// two-output blocks, ranges, moved nodes), each written by saveDiagram. The same seed gives the same files.

/** Nodes with ids that are properties of every object, with layout and ranges for them. */
const PROTOTYPE_IDS = `{
  "format": "dualwire-diagram",
  "version": 1,
  "title": "constructor",
  "inputs": [
    { "id": "__proto__", "name": "toString", "value": -0 },
    { "id": "constructor", "name": "__proto__", "value": 5e-324 }
  ],
  "outputs": [
    { "id": "toString", "name": "valueOf" }
  ],
  "blocks": [
    { "id": "hasOwnProperty", "primitive": "hypot" },
    { "id": "valueOf", "primitive": "constant", "params": { "value": 1.7976931348623157e308 } }
  ],
  "wires": [
    { "id": "__proto__", "from": "__proto__", "to": "hasOwnProperty.x" },
    { "id": "constructor", "from": "constructor", "to": "hasOwnProperty.y" },
    { "id": "toString", "from": "hasOwnProperty.r", "to": "toString" }
  ],
  "layout": {
    "positions": {
      "__proto__": [0, -0],
      "constructor": [1e308, 0],
      "hasOwnProperty": [200, 0],
      "toString": [400, 0]
    },
    "ranges": {
      "__proto__": [-1, 1]
    }
  }
}
`

export function corpus(seed: number, formulas: number, sequences: number, extra: Diagram[] = []): string[] {
  const texts = [PROTOTYPE_IDS, ...EXAMPLES.map((e) => saveDiagram(e.build())), ...extra.map(saveDiagram)]
  let made = 0
  for (const text of fc.sample(formulaText, { seed, numRuns: formulas * 20 })) {
    if (made === formulas) break
    try {
      texts.push(saveDiagram(formulaToDiagram(text)))
      made++
    } catch (err) {
      if (!(err instanceof FormulaError)) throw err
    }
  }
  for (const c of fc.sample(editCase, { seed, numRuns: sequences })) {
    const { diagram } = checkEdits(c)
    if (diagram.blocks.length + diagram.inputs.length > 0) texts.push(saveDiagram(diagram))
  }
  return texts
}
