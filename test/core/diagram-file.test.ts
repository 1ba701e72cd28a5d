import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  BrokenDiagramError,
  diagramHash,
  edits,
  problemsText,
  brokenReasons,
  compile,
  type Diagram,
  emptyDiagram,
  formulaToDiagram,
  loadDiagram,
  type Problem,
  problemText,
  saveDiagram,
  semanticText,
} from '../../core'

// The diagram file: the writer's exact text, the loader's two levels of problems (a file refused whole, with
// each problem's field and line/column; a valid diagram that loads but is broken, with its reasons), and the
// loader's robustness against huge, deep and random input.

// ---------------------------------------------------------------------------------------------------
// Helpers

/** Line and column (1-based) of the nth occurrence of `needle` in `text`, found by plain string search. */
function place(text: string, needle: string, nth = 0): { line: number; column: number } {
  let at = -1
  for (let k = 0; k <= nth; k++) {
    at = text.indexOf(needle, at + 1)
    if (at < 0) throw new Error(`${JSON.stringify(needle)} occurs fewer than ${nth + 1} times`)
  }
  const before = text.slice(0, at)
  return { line: before.split('\n').length, column: at - before.lastIndexOf('\n') }
}

/** A file with the format header and the given top-level sections, one per line group. */
function file(...sections: string[]): string {
  return ['{', '  "format": "dualwire-diagram",', '  "version": 1' + (sections.length > 0 ? ',' : ''), sections.join(',\n'), '}', ''].join('\n')
}

/** Loads text that must be refused; checks that nothing but the problems comes back. */
function refused(text: string): Problem[] {
  const r = loadDiagram(text)
  expect(r.ok).toBe(false)
  expect(Object.keys(r).sort()).toEqual(['ok', 'problems'])
  if (r.ok) throw new Error('unreachable')
  expect(r.problems.length).toBeGreaterThan(0)
  for (const p of r.problems) expect(p.level).toBe('invalid')
  return r.problems
}

/** Loads text that must be a valid diagram. */
function loaded(text: string): { diagram: Diagram; broken: Problem[] } {
  const r = loadDiagram(text)
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.problems)}`)
  return { diagram: r.diagram, broken: r.broken }
}

/** A diagram from short specs: wire ends are `node.port` or a terminal id alone. */
function build(spec: {
  inputs?: [string, string, number][]
  outputs?: [string, string][]
  blocks?: [string, string, Record<string, number>?][]
  wires?: [string, string, string][]
}): Diagram {
  const d = emptyDiagram('Test')
  const end = (s: string) => (s.includes('.') ? { node: s.split('.')[0], port: s.split('.')[1] } : { node: s, port: 'value' })
  for (const [id, name, value] of spec.inputs ?? []) d.inputs.push({ id, name, value })
  for (const [id, name] of spec.outputs ?? []) d.outputs.push({ id, name })
  for (const [id, primitive, params] of spec.blocks ?? []) d.blocks.push({ id, primitive, params: params ?? {} })
  for (const [id, from, to] of spec.wires ?? []) d.wires.push({ id, from: end(from), to: end(to) })
  return d
}

const INPUT_X = '  "inputs": [\n    { "id": "i1", "name": "x", "value": 1 }\n  ]'
const OUTPUT_F = '  "outputs": [\n    { "id": "o1", "name": "f" }\n  ]'

// ---------------------------------------------------------------------------------------------------

describe('writing and reading back a valid diagram', () => {
  const seed = formulaToDiagram('x1*x2 + log(x1^2)', { values: { x1: 1.5, x2: 0.5 } })

  it('loads back equal to the original, not broken, and saves again byte for byte', () => {
    const text = saveDiagram(seed)
    const r = loadDiagram(text)
    expect(r).toEqual({ ok: true, diagram: seed, broken: [] })
    if (!r.ok) throw new Error('unreachable')
    expect(saveDiagram(r.diagram)).toBe(text)
  })

  it('keeps ranges, titles with quotes and non-ASCII names through the round trip', () => {
    const d = formulaToDiagram('`flow rate` * 2 + `Δ "t"`', { title: 'A "quoted" — title', values: { 'flow rate': -0.125 } })
    d.layout.ranges[d.inputs[0].id] = { min: -1.5, max: 2e-3 }
    const text = saveDiagram(d)
    expect(text).toContain('"title": "A \\"quoted\\" — title"')
    expect(loaded(text).diagram).toEqual(d)
    expect(saveDiagram(loaded(text).diagram)).toBe(text)
  })

  it('writes a tiny diagram as exactly this text: fixed key order, one element per line, natural id order', () => {
    // Blocks and wires are given out of order; terminals in an order that is not sorted (y before x).
    const d = build({
      inputs: [['i2', 'y', 0.25], ['i1', 'x', -3]],
      outputs: [['o1', 'f']],
      blocks: [['b10', 'mul'], ['b2', 'constant', { value: 2 }]],
      wires: [['w10', 'b10.r', 'o1'], ['w2', 'i1', 'b10.x'], ['w3', 'b2.r', 'b10.y']],
    })
    d.title = 'Tiny'
    d.layout.positions = { o1: { x: 340, y: 0 }, b10: { x: 170, y: 0 }, b2: { x: 0, y: 90 }, i1: { x: 0, y: 0 } }
    d.layout.ranges = { i2: { min: -1, max: 1 } }
    expect(saveDiagram(d)).toBe(`{
  "format": "dualwire-diagram",
  "version": 1,
  "title": "Tiny",
  "inputs": [
    { "id": "i2", "name": "y", "value": 0.25 },
    { "id": "i1", "name": "x", "value": -3 }
  ],
  "outputs": [
    { "id": "o1", "name": "f" }
  ],
  "blocks": [
    { "id": "b2", "primitive": "constant", "params": { "value": 2 } },
    { "id": "b10", "primitive": "mul" }
  ],
  "wires": [
    { "id": "w2", "from": "i1", "to": "b10.x" },
    { "id": "w3", "from": "b2.r", "to": "b10.y" },
    { "id": "w10", "from": "b10.r", "to": "o1" }
  ],
  "layout": {
    "positions": {
      "b2": [0, 90],
      "b10": [170, 0],
      "i1": [0, 0],
      "o1": [340, 0]
    },
    "ranges": {
      "i2": [-1, 1]
    }
  }
}
`)
  })

  it('writes an empty diagram with empty lists and maps', () => {
    expect(saveDiagram(emptyDiagram('Empty'))).toBe(`{
  "format": "dualwire-diagram",
  "version": 1,
  "title": "Empty",
  "inputs": [],
  "outputs": [],
  "blocks": [],
  "wires": [],
  "layout": {
    "positions": {},
    "ranges": {}
  }
}
`)
  })

  it('keeps a negative zero in a constant and in an input value (1/-0 is -Infinity, not +Infinity)', () => {
    const d = formulaToDiagram('f = 1/-0; g = 1/x', { values: { x: -0 } })
    const back = loaded(saveDiagram(d)).diagram
    const zero = back.blocks.find((b) => b.primitive === 'constant' && b.params.value === 0)!
    expect(Object.is(zero.params.value, -0)).toBe(true)
    expect(Object.is(back.inputs[0].value, -0)).toBe(true)
  })

  it('keeps the layout of a node whose id is "__proto__" (a valid id)', () => {
    const text = file(
      '  "title": "p"',
      '  "inputs": [\n    { "id": "__proto__", "name": "x", "value": 1 }\n  ]',
      OUTPUT_F,
      '  "blocks": []',
      '  "wires": [\n    { "id": "w1", "from": "__proto__", "to": "o1" }\n  ]',
      '  "layout": {\n    "positions": {\n      "__proto__": [0, 0],\n      "o1": [170, 0]\n    },\n    "ranges": {\n      "__proto__": [-1, 1]\n    }\n  }',
    )
    const { diagram } = loaded(text)
    expect(Object.keys(diagram.layout.positions).sort()).toEqual(['__proto__', 'o1'])
    expect(Object.keys(diagram.layout.ranges)).toEqual(['__proto__'])
    expect(saveDiagram(diagram)).toBe(text)
  })
})

describe('a file that is not a valid diagram is refused whole, with each problem and its place', () => {
  describe('malformed JSON, with line and column', () => {
    it('an unterminated string points at its opening quote', () => {
      const text = '{\n  "format": "dualwire-diagram",\n  "title": "Tiny'
      expect(refused(text)).toEqual([{ level: 'invalid', message: 'not valid JSON: unterminated string', line: 3, column: 12 }])
    })

    it('a trailing comma in a list or an object points at the closing bracket', () => {
      const list = '{\n  "inputs": [\n    { "id": "i1", "name": "x", "value": 1 },\n  ]\n}'
      expect(refused(list)).toEqual([{ level: 'invalid', message: "not valid JSON: expected a value but found ']'", line: 4, column: 3 }])
      const object = '{\n  "format": "dualwire-diagram",\n  "version": 1,\n}'
      expect(refused(object)).toEqual([{ level: 'invalid', message: "not valid JSON: expected a key in double quotes but found '}'", line: 4, column: 1 }])
    })

    it('a missing colon points at what came instead', () => {
      const text = '{\n  "format": "dualwire-diagram",\n  "title" "x"\n}'
      expect(refused(text)).toEqual([{ level: 'invalid', message: 'not valid JSON: expected \':\' after "title" but found \'"\'', line: 3, column: 11 }])
    })

    it('a duplicate key is an error at the second key (JSON.parse would keep the last silently)', () => {
      const text = file('  "title": "a"', '  "title": "b"')
      expect(refused(text)).toEqual([{ level: 'invalid', message: 'not valid JSON: duplicate key "title"', ...place(text, '"title"', 1) }])
    })

    it('NaN, Infinity and -Infinity are not JSON numbers', () => {
      for (const literal of ['NaN', 'Infinity', '-Infinity']) {
        const text = file(`  "inputs": [\n    { "id": "i1", "name": "x", "value": ${literal} }\n  ]`)
        expect(refused(text)).toEqual([{ level: 'invalid', message: 'not valid JSON: NaN and Infinity are not JSON numbers', ...place(text, literal) }])
      }
    })

    it('an empty file', () => {
      expect(refused('')).toEqual([{ level: 'invalid', message: 'not valid JSON: expected a value but found the end of the file', line: 1, column: 1 }])
    })

    it('text after the document', () => {
      expect(refused('{}\n{}')).toEqual([{ level: 'invalid', message: "not valid JSON: unexpected '{' after the end of the document", line: 2, column: 1 }])
    })
  })

  describe('the header', () => {
    it('a top-level array is not a diagram', () => {
      const [p, ...rest] = refused('[]')
      expect(rest).toEqual([])
      expect(p).toMatchObject({ message: 'a diagram file holds one JSON object', field: '$' })
    })

    it('a wrong format tag, and a missing one', () => {
      const message = 'this is not a DualWire diagram ("format" must be "dualwire-diagram")'
      const wrong = '{\n  "format": "dualwire-graph",\n  "version": 1\n}'
      expect(refused(wrong)).toEqual([{ level: 'invalid', message, field: 'format', line: 2, column: 3 }])
      const missing = '{\n  "version": 1\n}'
      expect(refused(missing)).toEqual([{ level: 'invalid', message, field: 'format', line: 1, column: 1 }])
    })

    it('a version from the future says it is newer and what to do', () => {
      // A newer file may have fields this version does not know: the version is the one problem to report.
      const text = '{\n  "format": "dualwire-diagram",\n  "version": 3,\n  "groups": []\n}'
      expect(refused(text)).toEqual([
        { level: 'invalid', message: 'version 3 is newer than this DualWire reads (2); update DualWire to open it', field: 'version', line: 3, column: 3 },
      ])
    })

    it('version 0, "1", 1.5 and a missing version are refused', () => {
      for (const v of ['0', '"1"', '1.5', '-1']) {
        const text = `{\n  "format": "dualwire-diagram",\n  "version": ${v}\n}`
        expect(refused(text)).toEqual([{ level: 'invalid', message: '"version" must be a whole number, 1 or more', field: 'version', line: 3, column: 3 }])
      }
      expect(refused('{\n  "format": "dualwire-diagram"\n}')).toEqual([
        { level: 'invalid', message: '"version" must be a whole number, 1 or more', field: 'version', line: 1, column: 1 },
      ])
    })

    it('an unknown top-level field', () => {
      const text = file('  "title": "t"', '  "colour": "red"')
      expect(refused(text)).toEqual([{ level: 'invalid', message: 'unknown field "colour"', field: 'colour', ...place(text, '"colour"') }])
    })

    it('a title that is not a string, and lists that are not lists', () => {
      const text = file('  "title": 5', '  "inputs": {}', '  "blocks": [\n    7\n  ]')
      expect(refused(text)).toEqual([
        { level: 'invalid', message: '"title" must be a string', field: 'title', ...place(text, '"title"') },
        { level: 'invalid', message: '"inputs" must be a list', field: 'inputs', ...place(text, '"inputs"') },
        expect.objectContaining({ message: 'each entry must be an object', field: 'blocks[0]' }),
      ])
    })
  })

  describe('blocks', () => {
    it('an unknown primitive', () => {
      const text = file('  "blocks": [\n    { "id": "b1", "primitive": "sine" }\n  ]')
      expect(refused(text)).toEqual([
        { level: 'invalid', message: 'unknown primitive "sine"; did you mean "sin"?', field: 'blocks[0].primitive', node: 'b1', ...place(text, '"primitive"') },
      ])
    })

    it('internal instructions (fmod, roundHalfUp, trunc) cannot be placed as blocks', () => {
      const text = file(
        '  "blocks": [\n    { "id": "b1", "primitive": "fmod" },\n    { "id": "b2", "primitive": "roundHalfUp" },\n    { "id": "b3", "primitive": "trunc" }\n  ]',
      )
      expect(refused(text)).toEqual([
        { level: 'invalid', message: 'unknown primitive "fmod"', field: 'blocks[0].primitive', node: 'b1', ...place(text, '"primitive"', 0) },
        { level: 'invalid', message: 'unknown primitive "roundHalfUp"; did you mean "round"?', field: 'blocks[1].primitive', node: 'b2', ...place(text, '"primitive"', 1) },
        { level: 'invalid', message: 'unknown primitive "trunc"', field: 'blocks[2].primitive', node: 'b3', ...place(text, '"primitive"', 2) },
      ])
    })

    it('a parameter of the wrong type, an unknown parameter, params that are not an object', () => {
      const text = file(
        '  "blocks": [\n' +
          '    { "id": "b1", "primitive": "constant", "params": { "value": "2" } },\n' +
          '    { "id": "b2", "primitive": "constant", "params": { "value": 2, "scale": 3 } },\n' +
          '    { "id": "b3", "primitive": "sin", "params": { "value": 2 } },\n' +
          '    { "id": "b4", "primitive": "constant", "params": [2] },\n' +
          '    { "id": "b5", "primitive": "constant", "params": { "value": 1e999 } }\n' +
          '  ]',
      )
      expect(refused(text)).toEqual([
        { level: 'invalid', message: 'parameter "value" must be a finite number', field: 'blocks[0].params.value', ...place(text, '"value"', 0) },
        { level: 'invalid', message: 'Numeric Constant has no parameter "scale"', field: 'blocks[1].params.scale', node: 'b2', ...place(text, '"scale"') },
        { level: 'invalid', message: 'Sine has no parameter "value"', field: 'blocks[2].params.value', node: 'b3', ...place(text, '"value"', 2) },
        { level: 'invalid', message: '"params" must be an object', field: 'blocks[3].params', node: 'b4', ...place(text, '"params"', 3) },
        { level: 'invalid', message: 'parameter "value" must be a finite number', field: 'blocks[4].params.value', ...place(text, '"value"', 3) },
      ])
    })

    it('a constant without params takes the default value 1', () => {
      const { diagram } = loaded(file('  "blocks": [\n    { "id": "b1", "primitive": "constant" }\n  ]'))
      expect(diagram.blocks).toEqual([{ id: 'b1', primitive: 'constant', params: { value: 1 } }])
    })
  })

  describe('ids', () => {
    const idMessage = '"id" must be a string of letters, digits, _ and -, starting with a letter or _'

    it('a missing id points at the entry, a bad id at its key', () => {
      const text = file(
        '  "inputs": [\n    { "name": "x", "value": 1 },\n    { "id": "i 2", "name": "y", "value": 1 },\n    { "id": "2i", "name": "z", "value": 1 },\n    { "id": 3, "name": "w", "value": 1 }\n  ]',
      )
      expect(refused(text)).toEqual([
        { level: 'invalid', message: idMessage, field: 'inputs[0].id', ...place(text, '{ "name"') },
        { level: 'invalid', message: idMessage, field: 'inputs[1].id', ...place(text, '"id"', 0) },
        { level: 'invalid', message: idMessage, field: 'inputs[2].id', ...place(text, '"id"', 1) },
        { level: 'invalid', message: idMessage, field: 'inputs[3].id', ...place(text, '"id"', 2) },
      ])
    })

    it('a duplicate id across inputs, outputs and blocks names the first owner', () => {
      const text = file(
        '  "inputs": [\n    { "id": "n1", "name": "x", "value": 1 }\n  ]',
        '  "outputs": [\n    { "id": "n1", "name": "f" }\n  ]',
        '  "blocks": [\n    { "id": "n1", "primitive": "sin" }\n  ]',
      )
      expect(refused(text)).toEqual([
        { level: 'invalid', message: "duplicate id 'n1' (also inputs[0])", field: 'outputs[0].id', ...place(text, '"id"', 1) },
        { level: 'invalid', message: "duplicate id 'n1' (also inputs[0])", field: 'blocks[0].id', ...place(text, '"id"', 2) },
      ])
    })

    it('a duplicate wire id', () => {
      const text = file(
        INPUT_X,
        '  "outputs": [\n    { "id": "o1", "name": "f" },\n    { "id": "o2", "name": "g" }\n  ]',
        '  "wires": [\n    { "id": "w1", "from": "i1", "to": "o1" },\n    { "id": "w1", "from": "i1", "to": "o2" }\n  ]',
      )
      expect(refused(text)).toEqual([{ level: 'invalid', message: "duplicate wire id 'w1'", field: 'wires[1].id', ...place(text, '"id": "w1"', 1) }])
    })
  })

  describe('wires', () => {
    it('from or to a node that does not exist', () => {
      const text = file(
        INPUT_X,
        OUTPUT_F,
        '  "wires": [\n    { "id": "w1", "from": "b9.r", "to": "o1" },\n    { "id": "w2", "from": "i1", "to": "b7.x" }\n  ]',
      )
      expect(refused(text)).toEqual([
        { level: 'invalid', message: "wire 'w1' comes from 'b9', which does not exist", field: 'wires[0].from', wire: 'w1', ...place(text, '"from"', 0) },
        { level: 'invalid', message: "wire 'w2' goes to 'b7', which does not exist", field: 'wires[1].to', wire: 'w2', ...place(text, '"to"', 1) },
      ])
    })

    it('to a missing port lists the ports the block has', () => {
      const text = file(
        INPUT_X,
        '  "blocks": [\n    { "id": "b1", "primitive": "atan2" }\n  ]',
        '  "wires": [\n    { "id": "w1", "from": "i1", "to": "b1.z" },\n    { "id": "w2", "from": "b1.q", "to": "b1.x" }\n  ]',
      )
      expect(refused(text)).toEqual([
        {
          level: 'invalid', message: "Inverse Tangent (2 Input) b1 has no input port 'z' (its input ports: y, x)",
          field: 'wires[0].to', wire: 'w1', node: 'b1', ...place(text, '"to"', 0),
        },
        {
          level: 'invalid', message: "Inverse Tangent (2 Input) b1 has no output port 'q' (its output ports: r)",
          field: 'wires[1].from', wire: 'w2', node: 'b1', ...place(text, '"from"', 1),
        },
      ])
    })

    it('the wrong way round: from an input port, from an output terminal, into an input terminal', () => {
      const text = file(
        INPUT_X,
        OUTPUT_F,
        '  "blocks": [\n    { "id": "b1", "primitive": "sin" }\n  ]',
        '  "wires": [\n    { "id": "w1", "from": "b1.x", "to": "o1" },\n    { "id": "w2", "from": "o1", "to": "b1.x" },\n    { "id": "w3", "from": "b1.r", "to": "i1" }\n  ]',
      )
      expect(refused(text)).toEqual([
        { level: 'invalid', message: "'b1.x' is an input port of Sine b1; a wire starts at an output port (b1.r)", field: 'wires[0].from', wire: 'w1', node: 'b1', ...place(text, '"from"', 0) },
        { level: 'invalid', message: "output 'f' is where a wire ends, not where it starts", field: 'wires[1].from', wire: 'w2', node: 'o1', ...place(text, '"from"', 1) },
        { level: 'invalid', message: "input 'x' is where a wire starts, not where it ends", field: 'wires[2].to', wire: 'w3', node: 'i1', ...place(text, '"to"', 2) },
      ])
    })

    it('an end that is not a string', () => {
      const text = file(INPUT_X, OUTPUT_F, '  "wires": [\n    { "id": "w1", "from": 5, "to": "o1" }\n  ]')
      expect(refused(text)).toEqual([{ level: 'invalid', message: '"from" must be a string like "b1.x" (a block\'s port) or "i1" (a terminal\'s id)', field: 'wires[0].from', ...place(text, '"from"') }])
    })
  })

  describe('input values and names', () => {
    it('a value that is too large, a string, null or missing', () => {
      const text = file(
        '  "inputs": [\n' +
          '    { "id": "i1", "name": "a", "value": 1e999 },\n' +
          '    { "id": "i2", "name": "b", "value": "1" },\n' +
          '    { "id": "i3", "name": "c", "value": null },\n' +
          '    { "id": "i4", "name": "d" }\n' +
          '  ]',
      )
      const message = '"value" must be a finite number'
      expect(refused(text)).toEqual([
        { level: 'invalid', message, field: 'inputs[0].value', ...place(text, '"value"', 0) },
        { level: 'invalid', message, field: 'inputs[1].value', ...place(text, '"value"', 1) },
        { level: 'invalid', message, field: 'inputs[2].value', ...place(text, '"value"', 2) },
        { level: 'invalid', message: '"value" is missing', field: 'inputs[3].value', ...place(text, '{ "id": "i4"') },
      ])
    })

    it('names that are empty, hold a backtick or a control character, have a leading space, or repeat', () => {
      const text = file(
        '  "inputs": [\n' +
          '    { "id": "i1", "name": "", "value": 1 },\n' +
          '    { "id": "i2", "name": "a`b", "value": 1 },\n' +
          '    { "id": "i3", "name": "a\\u0007b", "value": 1 },\n' +
          '    { "id": "i4", "name": " x", "value": 1 },\n' +
          '    { "id": "i5", "name": "y", "value": 1 },\n' +
          '    { "id": "i6", "name": 7, "value": 1 }\n' +
          '  ]',
        '  "outputs": [\n    { "id": "o1", "name": "y" }\n  ]',
      )
      expect(refused(text)).toEqual([
        { level: 'invalid', message: '"name" must not be empty', field: 'inputs[0].name', ...place(text, '"name"', 0) },
        { level: 'invalid', message: '"name" must not contain control characters or backticks', field: 'inputs[1].name', ...place(text, '"name"', 1) },
        { level: 'invalid', message: '"name" must not contain control characters or backticks', field: 'inputs[2].name', ...place(text, '"name"', 2) },
        { level: 'invalid', message: '"name" must not start or end with a space', field: 'inputs[3].name', ...place(text, '"name"', 3) },
        { level: 'invalid', message: '"name" must be a string', field: 'inputs[5].name', ...place(text, '"name"', 5) },
        { level: 'invalid', message: "the name 'y' is already used by input 'i5'", field: 'outputs[0].name', ...place(text, '"name"', 6) },
      ])
    })

    it('unknown fields inside entries', () => {
      const text = file(
        '  "inputs": [\n    { "id": "i1", "name": "x", "value": 1, "unit": "m" }\n  ]',
        OUTPUT_F,
        '  "wires": [\n    { "id": "w1", "from": "i1", "to": "o1", "colour": "red" }\n  ]',
      )
      expect(refused(text)).toEqual([
        { level: 'invalid', message: 'unknown field "unit"', field: 'inputs[0].unit', ...place(text, '"unit"') },
        { level: 'invalid', message: 'unknown field "colour"', field: 'wires[0].colour', ...place(text, '"colour"') },
      ])
    })
  })

  describe('layout', () => {
    it('positions that are not pairs, ids that are not nodes, a range with min >= max', () => {
      const text = file(
        INPUT_X,
        '  "layout": {\n' +
          '    "positions": { "i1": [1, 2, 3], "b9": [0, 0] },\n' +
          '    "ranges": { "i1": [4, 4], "zz": [0, 1] }\n' +
          '  }',
      )
      expect(refused(text)).toEqual([
        { level: 'invalid', message: 'must be a pair of finite numbers', field: 'layout.positions.i1', ...place(text, '"i1": [1') },
        { level: 'invalid', message: "'b9' is not a node of this diagram", field: 'layout.positions.b9', ...place(text, '"b9"') },
        { level: 'invalid', message: 'a range needs min < max', field: 'layout.ranges.i1', ...place(text, '"i1": [4') },
        { level: 'invalid', message: "'zz' is not a node of this diagram", field: 'layout.ranges.zz', ...place(text, '"zz"') },
      ])
    })

    it('a position given as an object, a range with min > max, an unknown layout field', () => {
      const text = file(
        INPUT_X,
        '  "layout": {\n    "positions": { "i1": { "x": 1, "y": 2 } },\n    "ranges": { "i1": [5, -5] },\n    "zoom": 2\n  }',
      )
      expect(refused(text)).toEqual([
        { level: 'invalid', message: 'unknown field "zoom"', field: 'layout.zoom', ...place(text, '"zoom"') },
        { level: 'invalid', message: 'must be a pair of finite numbers', field: 'layout.positions.i1', ...place(text, '"i1": {') },
        { level: 'invalid', message: 'a range needs min < max', field: 'layout.ranges.i1', ...place(text, '"i1": [5') },
      ])
    })

    it('positions that are not an object', () => {
      const text = file('  "layout": {\n    "positions": []\n  }')
      expect(refused(text)).toEqual([{ level: 'invalid', message: '"layout.positions" must be an object', field: 'layout.positions', ...place(text, '"positions"') }])
    })

    it('a layout that is not an object, with its line and column like every other problem', () => {
      const text = file('  "layout": 5')
      expect(refused(text)).toEqual([{ level: 'invalid', message: '"layout" must be an object', field: 'layout', ...place(text, '"layout"') }])
    })
  })

  it('lists every problem in a file that has several', () => {
    const text = file(
      '  "title": "many"',
      '  "author": "me"',
      '  "inputs": [\n    { "id": "i1", "name": "x", "value": "one" },\n    { "id": "i2", "name": "", "value": 2 }\n  ]',
      OUTPUT_F,
      '  "blocks": [\n    { "id": "b1", "primitive": "cosine" },\n    { "id": "i1", "primitive": "sin" }\n  ]',
      '  "wires": [\n    { "id": "w1", "from": "b5.r", "to": "o1" }\n  ]',
      '  "layout": {\n    "positions": { "q": [0, 0] }\n  }',
    )
    const problems = refused(text)
    const planted = ['author', 'inputs[0].value', 'inputs[1].name', 'blocks[0].primitive', 'blocks[1].id', 'wires[0].from', 'layout.positions.q']
    expect(problems.length).toBeGreaterThanOrEqual(planted.length)
    for (const field of planted) expect(problems.map((p) => p.field)).toContain(field)
    for (const p of problems) expect(p.line).toBeGreaterThan(1)
  })
})

describe('a valid diagram that cannot run yet loads, marked broken with its reasons', () => {
  const x: [string, string, number][] = [['i1', 'x', 1]]
  const f: [string, string][] = [['o1', 'f']]

  /** Saves, loads, and checks the loaded diagram equals the original; returns the broken reasons. */
  const brokenAfterLoad = (d: Diagram): Problem[] => {
    const r = loadDiagram(saveDiagram(d))
    if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.problems)}`)
    expect(r.diagram).toEqual(d)
    expect(r.broken).toEqual(brokenReasons(d))
    return r.broken
  }

  it('an unwired block input names the port and the block', () => {
    const d = build({ inputs: x, outputs: f, blocks: [['b1', 'atan2']], wires: [['w1', 'i1', 'b1.y'], ['w2', 'b1.r', 'o1']] })
    expect(brokenAfterLoad(d)).toEqual([
      { level: 'broken', node: 'b1', port: 'x', message: "input 'x' of Inverse Tangent (2 Input) b1 is not wired" },
    ])
  })

  it('an unwired output terminal', () => {
    const d = build({ inputs: x, outputs: f })
    expect(brokenAfterLoad(d)).toEqual([{ level: 'broken', node: 'o1', port: 'value', message: "output 'f' is not wired" }])
  })

  it('two wires into one input name both wires', () => {
    const d = build({
      inputs: [...x, ['i2', 'y', 2]], outputs: f, blocks: [['b1', 'sin']],
      wires: [['w1', 'i1', 'b1.x'], ['w2', 'i2', 'b1.x'], ['w3', 'b1.r', 'o1']],
    })
    expect(brokenAfterLoad(d)).toEqual([
      { level: 'broken', node: 'b1', port: 'x', message: "input 'x' of Sine b1 has 2 wires (w1, w2); an input takes one" },
    ])
  })

  it('a cycle of three blocks names all three', () => {
    const d = build({
      inputs: x, outputs: f, blocks: [['b1', 'add'], ['b2', 'sin'], ['b3', 'cos']],
      wires: [['w1', 'i1', 'b1.x'], ['w2', 'b3.r', 'b1.y'], ['w3', 'b1.r', 'b2.x'], ['w4', 'b2.r', 'b3.x'], ['w5', 'b3.r', 'o1']],
    })
    const broken = brokenAfterLoad(d)
    expect(broken).toHaveLength(1)
    expect(broken[0].level).toBe('broken')
    expect(broken[0].message).toMatch(/^blocks \w+ (b1|b2|b3), \w+ (b1|b2|b3), \w+ (b1|b2|b3) form a cycle$/)
    for (const b of ['Add b1', 'Sine b2', 'Cosine b3']) expect(broken[0].message).toContain(b)
  })

  it('a block wired into itself is a cycle', () => {
    const d = build({ inputs: x, outputs: f, blocks: [['b1', 'add']], wires: [['w1', 'i1', 'b1.x'], ['w2', 'b1.r', 'b1.y'], ['w3', 'b1.r', 'o1']] })
    const broken = brokenAfterLoad(d)
    expect(broken).toHaveLength(1)
    expect(broken[0]).toMatchObject({ level: 'broken', node: 'b1' })
    expect(broken[0].message).toMatch(/\w+ b1 is wired into itself/)
  })

  it('a Boolean wire (from gt) into a number port', () => {
    const d = build({
      inputs: x, outputs: f, blocks: [['b1', 'gt'], ['b2', 'sin']],
      wires: [['w1', 'i1', 'b1.x'], ['w2', 'i1', 'b1.y'], ['w3', 'b1.r', 'b2.x'], ['w4', 'b2.r', 'o1']],
    })
    expect(brokenAfterLoad(d)).toEqual([
      { level: 'broken', wire: 'w3', node: 'b2', port: 'x', message: "wire 'w3' carries a Boolean into the number port 'x' of Sine b2" },
    ])
  })

  it("a number wire into select's Boolean port 's'", () => {
    const d = build({
      inputs: x, outputs: f, blocks: [['b1', 'select']],
      wires: [['w1', 'i1', 'b1.s'], ['w2', 'i1', 'b1.t'], ['w3', 'i1', 'b1.f'], ['w4', 'b1.r', 'o1']],
    })
    expect(brokenAfterLoad(d)).toEqual([
      { level: 'broken', wire: 'w1', node: 'b1', port: 's', message: "wire 'w1' carries a number into the Boolean port 's' of Select b1" },
    ])
  })

  it('compile refuses a broken diagram with a BrokenDiagramError listing every reason', () => {
    const d = build({ inputs: x, outputs: [...f, ['o2', 'g']], blocks: [['b1', 'mul']], wires: [['w1', 'i1', 'b1.x'], ['w2', 'b1.r', 'o1']] })
    let error: unknown
    try {
      compile(d)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(BrokenDiagramError)
    const e = error as BrokenDiagramError
    expect(e.problems).toEqual([
      { level: 'broken', node: 'o2', port: 'value', message: "output 'g' is not wired" },
      { level: 'broken', node: 'b1', port: 'y', message: "input 'y' of Multiply b1 is not wired" },
    ])
    expect(e.message).toBe("the diagram cannot run: output 'g' is not wired; input 'y' of Multiply b1 is not wired")
  })

  it("a BrokenDiagramError's message lists ten reasons and counts the rest; all are in its problems", () => {
    const d = build({ outputs: Array.from({ length: 25 }, (_, k) => [`o${k + 1}`, `f${k + 1}`] as [string, string]) })
    let error: unknown
    try {
      compile(d)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(BrokenDiagramError)
    const e = error as BrokenDiagramError
    expect(e.problems).toHaveLength(25)
    const listed = Array.from({ length: 10 }, (_, k) => `output 'f${k + 1}' is not wired`).join('; ')
    expect(e.message).toBe(`the diagram cannot run: ${listed}; and 15 more`)
  })

  it('a half-built diagram saves and reloads identically, with the same reasons', () => {
    const d = build({ inputs: x, outputs: f, blocks: [['b2', 'mul'], ['b10', 'sincos']], wires: [['w1', 'i1', 'b10.x']] })
    d.layout.positions = { b2: { x: 170, y: 90 }, b10: { x: 170, y: 0 } }
    const text = saveDiagram(d)
    const r = loadDiagram(text)
    if (!r.ok) throw new Error('refused')
    expect(r.diagram).toEqual(d)
    expect(saveDiagram(r.diagram)).toBe(text)
    expect(r.broken).toEqual([
      { level: 'broken', node: 'o1', port: 'value', message: "output 'f' is not wired" },
      { level: 'broken', node: 'b2', port: 'x', message: "input 'x' of Multiply b2 is not wired" },
      { level: 'broken', node: 'b2', port: 'y', message: "input 'y' of Multiply b2 is not wired" },
    ])
    expect(() => compile(r.diagram)).toThrow(BrokenDiagramError)
  })
})

describe('robustness', () => {
  it('refuses 100,000 nested arrays or objects with a message, without a stack overflow', () => {
    const arrays = loadDiagram('['.repeat(100_000) + ']'.repeat(100_000))
    const objects = loadDiagram('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000))
    for (const r of [arrays, objects]) {
      if (r.ok) throw new Error('loaded')
      expect(r.problems).toHaveLength(1)
      expect(r.problems[0].message).toMatch(/^not valid JSON: nested more than \d+ levels deep$/)
      expect(r.problems[0].line).toBe(1)
    }
  })

  it('refuses a 50 MB file with an unterminated string, with the place of the string', () => {
    const text = '{\n  "format": "dualwire-diagram",\n  "version": 1,\n  "title": "' + 'a'.repeat(50_000_000)
    expect(refused(text)).toEqual([{ level: 'invalid', message: 'not valid JSON: unterminated string', line: 4, column: 12 }])
  })

  it('refuses 50 MB of whitespace before a lone brace, with the column of the end', () => {
    const text = ' '.repeat(50_000_000) + '{'
    expect(refused(text)).toEqual([
      { level: 'invalid', message: 'not valid JSON: expected a key in double quotes but found the end of the file', line: 1, column: 50_000_002 },
    ])
  })

  it('checks a diagram where one input feeds 25,000 blocks in well under a second (linear in the wires)', () => {
    // Checking a chain of 25,000 blocks takes a few tenths of a second at most; a fan-out is no harder.
    const d = emptyDiagram('fan-out')
    d.inputs.push({ id: 'i1', name: 'x', value: 1 })
    for (let k = 1; k <= 25_000; k++) {
      d.blocks.push({ id: `b${k}`, primitive: 'sin', params: {} })
      d.wires.push({ id: `w${k}`, from: { node: 'i1', port: 'value' }, to: { node: `b${k}`, port: 'x' } })
    }
    const start = performance.now()
    const broken = brokenReasons(d)
    const seconds = (performance.now() - start) / 1000
    expect(broken).toEqual([])
    expect(seconds).toBeLessThan(1)
  })

  it('never throws on random text (seeded)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: fc.constantFrom(...'{}[]":,0123456789.-eE truefalsnul\\'.split('')), maxLength: 200 })), (s) => {
        const r = loadDiagram(s)
        expect(typeof r.ok).toBe('boolean')
        if (!r.ok) expect(r.problems.length).toBeGreaterThan(0)
      }),
      { seed: 20240601, numRuns: 2000 },
    )
  })

  it('never throws on a valid file with characters deleted, changed or inserted (seeded); what loads, saves and reloads', () => {
    const d = formulaToDiagram('r = sqrt(x^2 + y^2); theta = atan2(y, x); s = select(x > 0, sin(x), -y)', { values: { x: 1.5, y: -2 } })
    d.layout.ranges.i1 = { min: -3, max: 3 }
    const text = saveDiagram(d)
    const edit = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('delete', 'change', 'insert'),
      char: fc.constantFrom(...'{}[]",:.0123456789-eE _abxy\\\n\u0000\u2028'.split('')),
    })
    let loads = 0
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        let t = text
        for (const { at, kind, char } of edits) {
          const i = at % t.length
          t = kind === 'delete' ? t.slice(0, i) + t.slice(i + 1) : kind === 'change' ? t.slice(0, i) + char + t.slice(i + 1) : t.slice(0, i) + char + t.slice(i)
        }
        const r = loadDiagram(t)
        if (!r.ok) {
          expect(r.problems.length).toBeGreaterThan(0)
          return
        }
        loads++
        // The loader keeps the file's order and the writer sorts, so compare what is written and the reasons.
        const written = saveDiagram(r.diagram)
        const again = loadDiagram(written)
        if (!again.ok) throw new Error(`a loaded diagram saved as an invalid file: ${JSON.stringify(again.problems)}`)
        expect(saveDiagram(again.diagram)).toBe(written)
        expect(again.broken.map((p) => p.message).sort()).toEqual(r.broken.map((p) => p.message).sort())
      }),
      { seed: 7, numRuns: 1500 },
    )
    // Some edits (inside a title, a value's digits) leave a valid file; the property covered both outcomes.
    expect(loads).toBeGreaterThan(0)
  })
})

describe('bounded work and messages on hostile files', () => {
  const blocksFile = (entries: string[]) => file(`  "blocks": [\n${entries.map((e) => `    ${e}`).join(',\n')}\n  ]`)

  it('refuses a 20 MB primitive name quickly, quoting 40 characters of it, without a suggestion', () => {
    const text = blocksFile([`{ "id": "b1", "primitive": "${'q'.repeat(20_000_000)}" }`])
    const start = performance.now()
    const problems = refused(text)
    expect((performance.now() - start) / 1000).toBeLessThan(5) // about 0.1 s here; 26 s when every name was spell-checked
    expect(problems).toEqual([
      { level: 'invalid', message: `unknown primitive "${'q'.repeat(40)}…"`, field: 'blocks[0].primitive', node: 'b1', ...place(text, '"primitive"') },
    ])
    expect(problemText(problems[0]).length).toBeLessThan(200)
  })

  it('suggests a primitive only for names of at most 32 characters', () => {
    const near = 'sin' + 'e'.repeat(29)
    expect(refused(blocksFile([`{ "id": "b1", "primitive": "${near}" }`]))[0].message).toBe(`unknown primitive "${near}"; did you mean "sin"?`)
    const far = near + 'e'
    expect(refused(blocksFile([`{ "id": "b1", "primitive": "${far}" }`]))[0].message).toBe(`unknown primitive "${far}"`)
  })

  it('a primitive that is not a string is not echoed', () => {
    const text = blocksFile([`{ "id": "b1", "primitive": [${Array(10_000).fill('"sin"').join(', ')}] }`])
    expect(refused(text)).toEqual([
      { level: 'invalid', message: '"primitive" must be a string, the id of a primitive such as "sin"', field: 'blocks[0].primitive', node: 'b1', ...place(text, '"primitive"') },
    ])
  })

  it('lists the first 100 problems and then says how many more there were', () => {
    const text = blocksFile(Array.from({ length: 250 }, (_, k) => `{ "id": "b${k + 1}", "primitive": "nope${k + 1}" }`))
    const problems = refused(text)
    expect(problems).toHaveLength(101)
    expect(problems.slice(0, 100).map((p) => p.field)).toEqual(Array.from({ length: 100 }, (_, k) => `blocks[${k}].primitive`))
    expect(problems[99]).toMatchObject({ message: 'unknown primitive "nope100"', node: 'b100', ...place(text, '"primitive"', 99) })
    expect(problems[100]).toEqual({ level: 'invalid', message: 'and 150 more problems', more: 150 })
    // A summary of the refusal counts those too: 3 shown, 97 listed beyond them, 150 only counted.
    expect(problemsText(problems, 3)).toMatch(/; and 247 more$/)
    const one = refused(blocksFile(Array.from({ length: 101 }, (_, k) => `{ "id": "b${k + 1}", "primitive": "nope" }`)))
    expect(one).toHaveLength(101)
    expect(one[100]).toEqual({ level: 'invalid', message: 'and 1 more problem', more: 1 })
  })

  it('refuses a 5 MB file of 100,000 unknown primitives in well under a second', () => {
    const text = blocksFile(Array.from({ length: 100_000 }, (_, k) => `{ "id": "b${k + 1}", "primitive": "unknownprim${k + 1}" }`))
    expect(text.length).toBeGreaterThan(5_000_000)
    const start = performance.now()
    const problems = refused(text)
    expect((performance.now() - start) / 1000).toBeLessThan(5) // about 0.3 s here; 5.5 s before the cap
    expect(problems).toHaveLength(101)
    expect(problems[100].message).toBe('and 99900 more problems')
  })

  it('clips ids, keys and wire ends that messages quote', () => {
    const long = (c: string) => c.repeat(1_000_000)
    const text = file(
      `  "inputs": [\n    { "id": "i1", "name": "x", "value": 1, "${long('k')}": 2 }\n  ]`,
      `  "outputs": [\n    { "id": "${long('o')}", "name": "f" },\n    { "id": "${long('o')}", "name": "g" }\n  ]`,
      `  "wires": [\n    { "id": "w${long('1')}", "from": "${long('n')}.r", "to": "i1" }\n  ]`,
      `  "layout": {\n    "positions": { "${long('p')}": [0, 0] }\n  }`,
    )
    const problems = refused(text)
    const cut = (c: string) => `${c.repeat(40)}…`
    expect(problems).toEqual([
      { level: 'invalid', message: `unknown field "${cut('k')}"`, field: `inputs[0].${cut('k')}`, ...place(text, '"kkk') },
      { level: 'invalid', message: `duplicate id '${cut('o')}' (also outputs[0])`, field: 'outputs[1].id', ...place(text, '"id"', 2) },
      {
        level: 'invalid', message: `wire 'w${'1'.repeat(39)}…' comes from '${cut('n')}', which does not exist`,
        field: 'wires[0].from', wire: `w${long('1')}`, ...place(text, '"from"'),
      },
      { level: 'invalid', message: "input 'x' is where a wire starts, not where it ends", field: 'wires[0].to', wire: `w${long('1')}`, node: 'i1', ...place(text, '"to"') },
      { level: 'invalid', message: `'${cut('p')}' is not a node of this diagram`, field: `layout.positions.${cut('p')}`, ...place(text, '"ppp') },
    ])
    const messages = problems.map(problemText)
    for (const m of messages) expect(m.length).toBeLessThan(200)
  })

  it('a duplicate key is quoted clipped', () => {
    const key = 'k'.repeat(1000)
    expect(refused(`{ "${key}": 1, "${key}": 2 }`)).toEqual([
      { level: 'invalid', message: `not valid JSON: duplicate key "${'k'.repeat(40)}…"`, ...place(`{ "${key}": 1, "${key}": 2 }`, '"kkk', 1) },
    ])
  })

  it('a broken diagram names at most five wires into one input, and at most five blocks of a cycle', () => {
    const wires = build({
      inputs: [['i1', 'x', 1]], outputs: [['o1', 'f']],
      wires: Array.from({ length: 8 }, (_, k) => [`w${k + 1}`, 'i1', 'o1'] as [string, string, string]),
    })
    expect(brokenReasons(wires)).toEqual([
      { level: 'broken', node: 'o1', port: 'value', message: "output 'f' has 8 wires (w1, w2, w3, w4, w5 and 3 more); a terminal takes one" },
    ])
    const ring = build({
      blocks: Array.from({ length: 12 }, (_, k) => [`b${k + 1}`, 'sin'] as [string, string]),
      wires: Array.from({ length: 12 }, (_, k) => [`w${k + 1}`, `b${k + 1}.r`, `b${((k + 1) % 12) + 1}.x`] as [string, string, string]),
    })
    const cycle = brokenReasons(ring)
    expect(cycle).toHaveLength(1)
    expect(cycle[0].message).toMatch(/^blocks ([A-Za-z ]+ b\d+, ){4}[A-Za-z ]+ b\d+ and 7 more form a cycle$/)
  })
})

describe('semanticText', () => {
  it('leaves out the layout: moving a block changes the file but not the semantic text', () => {
    const d = formulaToDiagram('x1*x2 + log(x1^2)', { values: { x1: 1.5, x2: 0.5 } })
    const moved: Diagram = structuredClone(d)
    moved.layout.positions.b1 = { x: 999, y: -45 }
    moved.layout.ranges.i1 = { min: 0, max: 10 }
    expect(saveDiagram(moved)).not.toBe(saveDiagram(d))
    expect(semanticText(moved)).toBe(semanticText(d))
  })

  it('changes when the meaning does: an input value, a constant, a title', () => {
    const d = formulaToDiagram('2*x', { values: { x: 1 } })
    const base = semanticText(d)
    const value = structuredClone(d)
    value.inputs[0].value = 1.0000000000000002
    const constant = structuredClone(d)
    constant.blocks.find((b) => b.primitive === 'constant')!.params.value = 3
    const title = structuredClone(d)
    title.title = 'Other'
    for (const changed of [value, constant, title]) expect(semanticText(changed)).not.toBe(base)
  })
})

describe('comments in the layout', () => {
  const base = () => formulaToDiagram('f = x*y', { values: { x: 2, y: 3 } })

  it('round-trip through the file with line breaks, quotes and non-ASCII text, and leave the hash alone', () => {
    const d = base()
    const c = edits.addComment(d, { x: -40.5, y: 12 }, 'ports: "x" is θ\nsecond line')
    const text = saveDiagram(c.diagram)
    expect(text).toContain(`"${c.created[0]}": { "at": [-40.5, 12], "text": "ports: \\"x\\" is θ\\nsecond line" }`)
    const back = loadDiagram(text)
    expect(back.ok).toBe(true)
    if (!back.ok) return
    expect({ ...back.diagram.layout.comments }).toEqual({ [c.created[0]]: { x: -40.5, y: 12, text: 'ports: "x" is θ\nsecond line' } })
    expect(saveDiagram(back.diagram)).toBe(text)
    expect(diagramHash(c.diagram)).toBe(diagramHash(d))
    // A diagram without comments saves as it did before comments existed.
    expect(saveDiagram(d)).not.toContain('comments')
  })

  it('are refused with their place when malformed', () => {
    const d = base()
    const text = saveDiagram(d).replace('"ranges": {}', '"ranges": {},\n    "comments": { "x_1": { "at": [1], "text": "a" }, "c2": { "at": [0, 0], "text": "bell\\u0007" }, "i1": { "at": [0, 0], "text": "a" } }')
    const r = loadDiagram(text)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'layout.comments.x_1.at: "at" must be a pair of finite numbers',
      'layout.comments.c2.text: "text" must not contain control characters other than line breaks',
      "layout.comments.i1: 'i1' is already the id of a node or a wire",
    ])
  })

  it('move with the blocks, go with Delete, and an emptied comment is deleted', () => {
    const d = base()
    const c = edits.addComment(d, { x: 0, y: 0 }, 'note')
    const id = c.created[0]
    const moved = edits.moveNodes(c.diagram, { [id]: { x: 5, y: 6 } }).diagram
    expect(moved.layout.comments![id]).toEqual({ x: 5, y: 6, text: 'note' })
    expect(edits.moveNodes(moved, { [id]: { x: 5, y: 6 } }).diagram).toBe(moved)
    expect(edits.setCommentText(moved, id, 'note').diagram).toBe(moved)
    expect(edits.setCommentText(moved, id, 'other').diagram.layout.comments![id].text).toBe('other')
    expect(Object.keys(edits.setCommentText(moved, id, '  ').diagram.layout.comments!)).toEqual([])
    expect(Object.keys(edits.removeNodes(moved, [id]).diagram.layout.comments!)).toEqual([])
    // A fresh id never takes a comment's.
    expect(edits.addBlock(moved, 'sin', { x: 0, y: 0 }).created[0]).not.toBe(id)
    expect(() => edits.addComment(d, { x: 0, y: 0 }, '')).toThrow(/must not be empty/)
  })
})
