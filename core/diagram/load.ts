import { clip } from '../clip'
import { suggestFunction } from '../formula/names'
import { findPrimitive, isPaletteId } from '../primitives/table'
import { brokenReasons } from './check'
import { type Json, JsonError, parseJson, type Places } from './json'
import {
  type Block, commentProblem, type Diagram, emptyLayout, type End, FORMAT, ID_PATTERN, type InputTerminal, type Layout, nameProblem,
  type OutputTerminal, type Problem, TERMINAL_PORT, type Value, VERSION, type Wire,
} from './model'
import { nodeIndex } from './ports'

// Reading a diagram file. A file that is not a valid diagram is refused whole, with its problems and their
// places; a valid diagram that cannot run yet loads, with the reasons it is broken. Nothing half-loads.
// The work is linear in the file whatever it holds: the first MAX_PROBLEMS problems are listed and the rest
// only counted, and every piece of the file a message quotes is clipped.

export type LoadResult = { ok: true; diagram: Diagram; broken: Problem[] } | { ok: false; problems: Problem[] }

const INPUT_FIELDS = new Set(['id', 'name', 'value'])
const OUTPUT_FIELDS = new Set(['id', 'name'])
const BLOCK_FIELDS = new Set(['id', 'primitive', 'params', 'value'])
const WIRE_FIELDS = new Set(['id', 'from', 'to'])
const NO_PARAMS: Obj = Object.freeze({})

/** How many problems a refusal lists; past this, one last entry says how many more there were. */
export const MAX_PROBLEMS = 100

type Obj = { [key: string]: Json }

const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

export function loadDiagram(text: string): LoadResult {
  let parsed: { value: Json; places: Places }
  try {
    parsed = parseJson(text)
  } catch (err) {
    if (err instanceof JsonError) return { ok: false, problems: [{ level: 'invalid', message: `not valid JSON: ${err.message}`, line: err.line, column: err.column }] }
    throw err
  }
  const { value, places } = parsed
  const problems: Problem[] = []
  let count = 0
  /** A message that is costly to make (a suggestion) is passed as a function, made only if it is listed. */
  const report = (message: string | (() => string), field: string, at?: object, key?: string, extra: Partial<Problem> = {}) => {
    if (++count > MAX_PROBLEMS) return
    const where = at ? (key !== undefined ? places.ofKey(at, key) : places.of(at)) ?? places.of(at) : undefined
    problems.push({ level: 'invalid', message: typeof message === 'string' ? message : message(), field, ...(where ?? {}), ...extra })
  }
  const refusal = (): LoadResult => {
    const more = count - MAX_PROBLEMS
    if (more > 0) problems.push({ level: 'invalid', message: `and ${more} more problem${more === 1 ? '' : 's'}`, more })
    return { ok: false, problems }
  }

  if (!isObj(value)) {
    report('a diagram file holds one JSON object', '$')
    return refusal()
  }
  if (value.format !== FORMAT) {
    report(`this is not a DualWire diagram ("format" must be "${FORMAT}")`, 'format', value, 'format')
    return refusal()
  }
  const version = value.version
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    report('"version" must be a whole number, 1 or more', 'version', value, 'version')
    return refusal()
  }
  if (version > VERSION) {
    report(`version ${version} is newer than this DualWire reads (${VERSION}); update DualWire to open it`, 'version', value, 'version')
    return refusal()
  }
  const doc = migrate(value, version)

  const known = ['format', 'version', 'title', 'inputs', 'outputs', 'blocks', 'wires', 'layout']
  for (const key of Object.keys(doc)) if (!known.includes(key)) report(`unknown field "${clip(key)}"`, clip(key), doc, key)

  const title = doc.title ?? 'Untitled'
  if (typeof title !== 'string') report('"title" must be a string', 'title', doc, 'title')

  const list = (key: string): Obj[] => {
    const v = doc[key] ?? []
    if (!Array.isArray(v)) {
      report(`"${key}" must be a list`, key, doc, key)
      return []
    }
    return v.filter((item, i) => {
      if (isObj(item)) return true
      report('each entry must be an object', `${key}[${i}]`, v)
      return false
    }) as Obj[]
  }
  const fields = (o: Obj, path: string, allowed: ReadonlySet<string>) => {
    for (const key of Object.keys(o)) if (!allowed.has(key)) report(`unknown field "${clip(key)}"`, `${path}.${clip(key)}`, o, key)
  }
  const ids = new Map<string, string>()
  const id = (o: Obj, path: string): string => {
    const v = o.id
    if (typeof v !== 'string' || !ID_PATTERN.test(v)) {
      report('"id" must be a string of letters, digits, _ and -, starting with a letter or _', `${path}.id`, o, 'id')
      return ''
    }
    if (ids.has(v)) report(`duplicate id '${clip(v)}' (also ${ids.get(v)})`, `${path}.id`, o, 'id')
    else ids.set(v, path)
    return v
  }
  const names = new Map<string, string>()
  const name = (o: Obj, path: string, kind: 'input' | 'output'): string => {
    const problem = nameProblem(o.name)
    if (problem) {
      report(o.name === undefined ? '"name" is missing' : `"name" ${problem}`, `${path}.name`, o, 'name')
      return ''
    }
    const n = o.name as string
    if (names.has(n)) report(`the name '${clip(n)}' is already used by ${names.get(n)}`, `${path}.name`, o, 'name')
    else names.set(n, `${kind} '${typeof o.id === 'string' ? clip(o.id) : path}'`)
    return n
  }
  const finite = (v: Json | undefined, what: string, path: string, at: object, key: string): number => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      report(v === undefined ? `${what} is missing` : `${what} must be a finite number`, path, at, key)
      return 0
    }
    return v
  }

  // A number, or (from version 2) an array of numbers; an array's first bad element is named by its index.
  const inputValue = (o: Obj, path: string): Value => {
    const v = o.value
    if (!Array.isArray(v) || version < 2) return finite(v, '"value"', `${path}.value`, o, 'value')
    const bad = v.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x))
    if (bad >= 0) {
      report(`"value" must be an array of finite numbers; element ${bad} is ${JSON.stringify(v[bad]) ?? 'missing'}`, `${path}.value[${bad}]`, o, 'value')
      return 0
    }
    return v as number[]
  }
  const inputs: InputTerminal[] = list('inputs').map((o, i) => {
    const path = `inputs[${i}]`
    fields(o, path, INPUT_FIELDS)
    return { id: id(o, path), name: name(o, path, 'input'), value: inputValue(o, path) }
  })
  const outputs: OutputTerminal[] = list('outputs').map((o, i) => {
    const path = `outputs[${i}]`
    fields(o, path, OUTPUT_FIELDS)
    return { id: id(o, path), name: name(o, path, 'output') }
  })
  const blocks: Block[] = list('blocks').map((o, i) => {
    const path = `blocks[${i}]`
    fields(o, path, BLOCK_FIELDS)
    const blockId = id(o, path)
    const prim = typeof o.primitive === 'string' && isPaletteId(o.primitive) ? findPrimitive(o.primitive) : undefined
    if (!prim) {
      const given = o.primitive
      const message = () => {
        if (given === undefined) return '"primitive" is missing'
        if (typeof given !== 'string') return '"primitive" must be a string, the id of a primitive such as "sin"'
        const hint = suggestFunction(given)
        return `unknown primitive "${clip(given)}"${hint ? `; did you mean "${hint}"?` : ''}`
      }
      report(message, `${path}.primitive`, o, 'primitive', { node: blockId })
    }
    const params: Record<string, number> = {}
    const given = o.params ?? NO_PARAMS
    if (!isObj(given)) report('"params" must be an object', `${path}.params`, o, 'params', { node: blockId })
    else if (prim) {
      for (const key of Object.keys(given)) {
        if (!prim.params.some((p) => p.id === key)) report(`${prim.labview} has no parameter "${clip(key)}"`, `${path}.params.${clip(key)}`, given, key, { node: blockId })
      }
      for (const p of prim.params) {
        params[p.id] = p.id in given ? finite(given[p.id], `parameter "${p.id}"`, `${path}.params.${p.id}`, given, p.id) : p.default
      }
    }
    if (!prim?.holds) {
      if (o.value !== undefined) report(`${prim ? prim.labview : 'a block'} has no "value" (only an Array Constant holds one)`, `${path}.value`, o, 'value', { node: blockId })
      return { id: blockId, primitive: prim?.id ?? '', params }
    }
    if (!Array.isArray(o.value) || version < 2) {
      const why = o.value === undefined ? 'is missing' : !Array.isArray(o.value) ? 'must be an array of finite numbers' : 'needs version 2 or later'
      report(`an Array Constant's "value" ${why}`, `${path}.value`, o, 'value', { node: blockId })
      return { id: blockId, primitive: prim.id, params, value: [] }
    }
    const value = inputValue(o, path)
    return { id: blockId, primitive: prim.id, params, value: typeof value === 'number' ? [] : value }
  })

  const nodes = nodeIndex({ inputs, outputs, blocks })
  const wireIds = new Set<string>()
  const wires: Wire[] = []
  list('wires').forEach((o, i) => {
    const path = `wires[${i}]`
    fields(o, path, WIRE_FIELDS)
    const wireId = o.id
    if (typeof wireId !== 'string' || !ID_PATTERN.test(wireId)) report('"id" must be a string of letters, digits, _ and -', `${path}.id`, o, 'id')
    else if (wireIds.has(wireId)) report(`duplicate wire id '${clip(wireId)}'`, `${path}.id`, o, 'id')
    else wireIds.add(wireId)
    // A wire without a usable id is named by its place in the file: "wires[3]", never "wire 'undefined'" or "wire ''".
    const named = typeof wireId === 'string' && ID_PATTERN.test(wireId)
    const wire = named ? { wire: wireId } : {}
    const wireText = named ? `wire '${clip(wireId)}'` : path
    const end = (key: 'from' | 'to'): End | undefined => {
      const v = o[key]
      if (typeof v !== 'string') {
        report(`"${key}" must be a string like "b1.x" (a block's port) or "i1" (a terminal's id)`, `${path}.${key}`, o, key)
        return undefined
      }
      const dot = v.indexOf('.')
      const node = dot < 0 ? v : v.slice(0, dot)
      const info = nodes.get(node)
      if (!info) {
        report(`${wireText} ${key === 'from' ? 'comes from' : 'goes to'} '${clip(node)}', which does not exist`, `${path}.${key}`, o, key, wire)
        return undefined
      }
      const ports = key === 'from' ? info.outs : info.ins
      const other = key === 'from' ? info.ins : info.outs
      const port = dot < 0 ? (info.kind === 'block' ? '' : TERMINAL_PORT) : v.slice(dot + 1)
      if (!ports.some((p) => p.id === port)) {
        const where = { ...wire, node }
        const list = (ps: readonly { id: string }[]) => ps.map((p) => `${clip(node)}.${p.id}`).join(' or ')
        if (port === '') report(`name the port of ${info.label}: ${list(ports)}`, `${path}.${key}`, o, key, where)
        else if (info.kind === 'input' && key === 'to') report(`${info.label} is where a wire starts, not where it ends`, `${path}.${key}`, o, key, where)
        else if (info.kind === 'output' && key === 'from') report(`${info.label} is where a wire ends, not where it starts`, `${path}.${key}`, o, key, where)
        else if (other.some((p) => p.id === port)) {
          const want = key === 'from' ? 'a wire starts at an output port' : 'a wire ends at an input port'
          report(`'${clip(v)}' is ${key === 'from' ? 'an input' : 'an output'} port of ${info.label}; ${want} (${list(ports) || 'it has none'})`, `${path}.${key}`, o, key, where)
        } else {
          const side = key === 'from' ? 'output' : 'input'
          report(`${info.label} has no ${side} port '${clip(port)}' (its ${side} ports: ${ports.map((p) => p.id).join(', ') || 'none'})`, `${path}.${key}`, o, key, where)
        }
        return undefined
      }
      return { node, port }
    }
    const from = end('from')
    const to = end('to')
    if (from && to && typeof wireId === 'string') wires.push({ id: wireId, from, to })
  })

  const layout = readLayout(doc, ids, wireIds, report)
  if (count > 0) return refusal()
  const diagram: Diagram = { title: title as string, inputs, outputs, blocks, wires, layout }
  return { ok: true, diagram, broken: brokenReasons(diagram) }
}

function readLayout(doc: Obj, ids: Map<string, string>, wireIds: Set<string>, report: (message: string, field: string, at?: object, key?: string) => void): Layout {
  const layout = emptyLayout()
  const v = doc.layout
  if (v === undefined) return layout
  if (!isObj(v)) {
    report('"layout" must be an object', 'layout', doc, 'layout')
    return layout
  }
  for (const key of Object.keys(v)) if (key !== 'positions' && key !== 'ranges' && key !== 'comments') report(`unknown field "${clip(key)}"`, `layout.${clip(key)}`, v, key)
  const pairs = (key: 'positions' | 'ranges', visit: (id: string, a: number, b: number, at: Obj) => void) => {
    const m = v[key] ?? {}
    if (!isObj(m)) {
      report(`"layout.${key}" must be an object`, `layout.${key}`, v, key)
      return
    }
    for (const id of Object.keys(m)) {
      const pair = m[id]
      if (!ids.has(id)) report(`'${clip(id)}' is not a node of this diagram`, `layout.${key}.${clip(id)}`, m, id)
      else if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((n) => typeof n === 'number' && Number.isFinite(n))) {
        report('must be a pair of finite numbers', `layout.${key}.${clip(id)}`, m, id)
      } else visit(id, pair[0] as number, pair[1] as number, m)
    }
  }
  pairs('positions', (id, x, y) => (layout.positions[id] = { x, y }))
  pairs('ranges', (id, min, max, at) => {
    if (!(min < max)) report('a range needs min < max', `layout.ranges.${clip(id)}`, at, id)
    layout.ranges[id] = { min, max }
  })
  readComments(v, ids, wireIds, layout, report)
  return layout
}

/** Brings an older file up to the current version, one step at a time. Version 1 is the first. */
function migrate(doc: Obj, version: number): Obj {
  // steps[k] turns version k+1 into k+2. Version 2 only adds array values: a version-1 file is one already.
  const steps: Array<(d: Obj) => Obj> = [(d) => d]
  let current = doc
  for (let v = version; v < VERSION; v++) current = steps[v - 1](current)
  return current
}

/** `"comments": { "c1": { "at": [x, y], "text": "…" } }`: ids of their own, a place, and text by the comment rule. */
function readComments(v: Obj, ids: Map<string, string>, wireIds: Set<string>, layout: Layout, report: (message: string, field: string, at?: object, key?: string) => void): void {
  const m = v.comments
  if (m === undefined) return
  if (!isObj(m)) return report('"layout.comments" must be an object', 'layout.comments', v, 'comments')
  for (const id of Object.keys(m)) {
    const path = `layout.comments.${clip(id)}`
    const c = m[id]
    if (!ID_PATTERN.test(id)) report('a comment id must be letters, digits, _ and -, starting with a letter or _', path, m, id)
    else if (ids.has(id) || wireIds.has(id)) report(`'${clip(id)}' is already the id of a node or a wire`, path, m, id)
    else if (!isObj(c)) report('a comment must be an object with "at" and "text"', path, m, id)
    else {
      for (const key of Object.keys(c)) if (key !== 'at' && key !== 'text') report(`unknown field "${clip(key)}"`, `${path}.${clip(key)}`, c, key)
      const at = c.at
      const problem = commentProblem(c.text)
      if (!Array.isArray(at) || at.length !== 2 || !at.every((n) => typeof n === 'number' && Number.isFinite(n))) report('"at" must be a pair of finite numbers', `${path}.at`, c, 'at')
      else if (problem) report(c.text === undefined ? '"text" is missing' : `"text" ${problem}`, `${path}.text`, c, 'text')
      else layout.comments![id] = { x: at[0] as number, y: at[1] as number, text: c.text as string }
    }
  }
}
