import fc from 'fast-check'
import { loadDiagram, MAX_PROBLEMS } from '../../core'
import { HOSTILE_TEXT, LONG_NAMES, PROTOTYPE_KEYS, sometimes } from './hostile'
import { Broken, checkPrototypes, prototypeSnapshot, reloadsTheSame } from './reload'

// The loader, fuzzed from real diagram files: every truncation of each, and structural mutations of the
// JSON (fields deleted, duplicated or given another type, ids swapped, keys and ids and names that are
// properties of every object, huge and non-finite-looking numbers, deep nesting, long strings). Whatever
// the text, the loader returns a result (it never throws) and never half-loads; what it loads, DualWire
// writes as a file that loads back the same; no built-in prototype is touched.

/** The property; says whether the text loaded or was refused. */
export function checkLoad(text: string): 'loaded' | 'refused' {
  const prototypes = prototypeSnapshot()
  let r: ReturnType<typeof loadDiagram>
  try {
    r = loadDiagram(text)
  } catch (err) {
    throw new Broken(`loadDiagram threw ${String(err)}`)
  }
  checkPrototypes(prototypes)
  const keys = Object.keys(r).sort().join()
  if (!r.ok) {
    if (keys !== 'ok,problems') throw new Broken(`a refusal carries ${keys}`)
    if (r.problems.length === 0 || r.problems.length > MAX_PROBLEMS + 1) throw new Broken(`a refusal with ${r.problems.length} problems`)
    for (const p of r.problems) {
      if (p.level !== 'invalid') throw new Broken(`a refusal lists a problem of level ${p.level}`)
      if (p.message.length > 400 || (p.field?.length ?? 0) > 400) throw new Broken(`a problem of ${p.message.length} characters`)
    }
    return 'refused'
  }
  if (keys !== 'broken,diagram,ok') throw new Broken(`a loaded result carries ${keys}`)
  for (const p of r.broken) if (p.level !== 'broken') throw new Broken(`a loaded diagram has a problem of level ${p.level}`)
  reloadsTheSame(r.diagram)
  return 'loaded'
}

// ---------------------------------------------------------------------------------------------------
// Mutations of a file's JSON

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** Text that JSON.stringify cannot write (non-JSON numbers, very deep nesting) goes in through a marker. */
const RAW = '\u0001raw:'

const RAW_NUMBERS = [
  '1e999', '-1e999', '-0', '1E+308', '1.7976931348623157e308', '1.7976931348623159e308', '5e-324', '4.9e-325', '0.1e-400',
  '123456789012345678901234567890', '9007199254740993', '-0.0', '0e0', 'NaN', 'Infinity', '-Infinity', '01', '1.', '.5', '+1', '0x10', '1e', '--1',
]

/** A value of some other type, or a hostile one. */
const strangeValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1.5, '', 'x', [], {}, [1, 2], { a: 1 }, { value: 1 }, ['b1', 'b2']),
  fc.constantFrom(...HOSTILE_TEXT, ...LONG_NAMES),
  fc.constantFrom(...RAW_NUMBERS).map((n) => `${RAW}${n}`),
  fc.constantFrom(150, 199, 200, 201, 1000).map((depth) => `${RAW}${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.constantFrom(1_000, 100_000, 1_000_000).map((n) => 'q'.repeat(n)),
)

/** A string put where a string was: prototype keys, ids of other nodes, port ends, palette ids, names. */
const strangeString = fc.oneof(
  fc.constantFrom(...PROTOTYPE_KEYS, ...PROTOTYPE_KEYS.map((k) => `${k}.r`), ...PROTOTYPE_KEYS.map((k) => `b1.${k}`)),
  fc.constantFrom('b1', 'b2', 'i1', 'o1', 'w1', 'b1.r', 'b1.x', 'i1.value', 'o1', 'sin', 'sincos', 'constant', 'select', 'add', 'fmod', 'value', 'r'),
  fc.constantFrom(...HOSTILE_TEXT, ...LONG_NAMES),
)

type Mutation =
  | { kind: 'delete' | 'duplicate' | 'swap'; at: number; other: number }
  | { kind: 'retype'; at: number; value: Json }
  | { kind: 'string'; at: number; value: string }
  | { kind: 'number'; at: number; value: string }
  | { kind: 'rekey'; at: number; key: string }
  | { kind: 'add'; at: number; key: string; value: Json }
  | { kind: 'renameId'; at: number; id: string }
  | { kind: 'field'; at: number; field: 'name' | 'title' | 'value'; value: Json }

/** Ids a file may legally use that are properties of every object, or long. */
const LEGAL_IDS = [...PROTOTYPE_KEYS, 'b1', 'n-1', '_', `b${'9'.repeat(400)}`, `z${'_'.repeat(300)}`]

/** Mutations after which the file is usually still valid, so that what loads gets written and reloaded. */
const gentle: fc.Arbitrary<Mutation> = fc.oneof(
  // an id renamed everywhere it occurs (entry, wire ends, layout)
  fc.record({ kind: fc.constant('renameId'), at: fc.nat(), id: fc.constantFrom(...LEGAL_IDS) }),
  fc.record({ kind: fc.constant('field'), at: fc.nat(), field: fc.constant('name'), value: fc.constantFrom<Json>(...PROTOTYPE_KEYS, ...LONG_NAMES, 'Δt', '😀', 'a\u2028b', 'e\u0301') }),
  fc.record({ kind: fc.constant('field'), at: fc.nat(), field: fc.constant('title'), value: fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom<Json>('\ud800', '"\\', '\u2028')) }),
  fc.record({
    kind: fc.constant('field'), at: fc.nat(), field: fc.constant('value'),
    value: fc.constantFrom<Json>(`${RAW}-0`, `${RAW}5e-324`, `${RAW}1.7976931348623157e308`, `${RAW}-1e308`, `${RAW}9007199254740993`, `${RAW}0e0`, `${RAW}4.9e-325`),
  }),
)

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: gentle, weight: 3 },
  fc.record({ kind: fc.constantFrom('delete', 'duplicate', 'swap'), at: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('retype'), at: fc.nat(), value: strangeValue }),
  fc.record({ kind: fc.constant('string'), at: fc.nat(), value: strangeString }),
  fc.record({ kind: fc.constant('number'), at: fc.nat(), value: fc.constantFrom(...RAW_NUMBERS) }),
  fc.record({ kind: fc.constant('rekey'), at: fc.nat(), key: fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), strangeString) }),
  fc.record({
    kind: fc.constant('add'), at: fc.nat(),
    key: fc.constantFrom(...PROTOTYPE_KEYS, 'id', 'name', 'value', 'primitive', 'params', 'from', 'to', 'positions', 'ranges', 'x'),
    value: strangeValue,
  }),
)

/** Every container in the document and, for a leaf, its container and key: what a mutation can aim at. */
interface Place {
  parent: Json[] | { [key: string]: Json }
  key: string | number
}

function places(root: Json): Place[] {
  const out: Place[] = []
  const stack: Json[] = [root]
  while (stack.length > 0) {
    const v = stack.pop()!
    if (Array.isArray(v)) v.forEach((item, i) => (out.push({ parent: v, key: i }), stack.push(item)))
    else if (v !== null && typeof v === 'object') for (const key of Object.keys(v)) out.push({ parent: v, key }), stack.push(v[key])
  }
  return out
}

const get = (p: Place): Json => (Array.isArray(p.parent) ? p.parent[p.key as number] : p.parent[p.key as string])
function set(p: Place, value: Json): void {
  if (Array.isArray(p.parent)) p.parent[p.key as number] = value
  else Object.defineProperty(p.parent, p.key, { value, enumerable: true, writable: true, configurable: true })
}

/** Every string equal to `from` or starting `from.`, and every key equal to it, now says `to`. */
function renameId(root: Json, from: string, to: string): void {
  for (const p of places(root)) {
    const v = get(p)
    if (typeof v === 'string' && (v === from || v.startsWith(`${from}.`))) set(p, to + v.slice(from.length))
    if (p.key === from && !Array.isArray(p.parent) && !Object.hasOwn(p.parent, to)) {
      delete p.parent[from]
      Object.defineProperty(p.parent, to, { value: v, enumerable: true, writable: true, configurable: true })
    }
  }
}

function mutate(root: Json, m: Mutation): void {
  if (m.kind === 'renameId') {
    const ids = places(root).filter((p) => p.key === 'id' && typeof get(p) === 'string')
    if (ids.length > 0) renameId(root, get(ids[m.at % ids.length]) as string, m.id)
    return
  }
  if (m.kind === 'field') {
    const fields = places(root).filter((p) => p.key === m.field)
    if (fields.length > 0) set(fields[m.at % fields.length], structuredClone(m.value))
    return
  }
  const all = places(root)
  if (all.length === 0) return
  const p = all[m.at % all.length]
  const value = get(p)
  switch (m.kind) {
    case 'delete':
      if (Array.isArray(p.parent)) p.parent.splice(p.key as number, 1)
      else delete p.parent[p.key as string]
      return
    case 'duplicate':
      // An entry twice (two blocks with one id, two wires into one port); an object's field copied to another.
      if (Array.isArray(p.parent)) p.parent.splice(m.other % (p.parent.length + 1), 0, structuredClone(value))
      else set(all[m.other % all.length], structuredClone(value))
      return
    case 'swap': {
      // Copies, so that a value swapped with one inside it does not end up containing itself.
      const q = all[m.other % all.length]
      const other = structuredClone(get(q))
      set(q, structuredClone(value))
      set(p, other)
      return
    }
    case 'retype':
      // A copy: the generated value is shared between cases and must not be changed by a later mutation.
      return set(p, structuredClone(m.value))
    case 'string':
      if (typeof value === 'string') set(p, m.value)
      return
    case 'number':
      if (typeof value === 'number') set(p, `${RAW}${m.value}`)
      return
    case 'rekey': {
      if (Array.isArray(p.parent) || Object.hasOwn(p.parent, m.key)) return
      delete p.parent[p.key as string]
      Object.defineProperty(p.parent, m.key, { value, enumerable: true, writable: true, configurable: true })
      return
    }
    case 'add': {
      const target = value !== null && typeof value === 'object' && !Array.isArray(value) ? value : Array.isArray(p.parent) ? undefined : p.parent
      if (target) Object.defineProperty(target, m.key, { value: structuredClone(m.value), enumerable: true, writable: true, configurable: true })
    }
  }
}

/** JSON.stringify, then the markers replaced by their raw text. */
function write(root: Json, indent: number): string {
  return JSON.stringify(root, null, indent).replace(/"\\u0001raw:([^"]*)"/g, (_, raw: string) => raw)
}

export interface LoaderCase {
  file: number
  mutations: Mutation[]
  indent: number
  /** Also: a duplicate key written into the text, a byte-order mark, line ends in CR LF. */
  duplicateKeyAt: number | null
  bom: boolean
  crlf: boolean
}

export const loaderCase: fc.Arbitrary<LoaderCase> = fc.record({
  file: fc.nat(),
  mutations: fc.oneof(fc.array(gentle, { minLength: 1, maxLength: 3 }), fc.array(mutation, { minLength: 1, maxLength: 3 })),
  indent: fc.constantFrom(0, 2),
  duplicateKeyAt: sometimes(fc.nat(), 0.1),
  bom: fc.boolean(),
  crlf: fc.boolean(),
})

/** The text of a case: one of the corpus's files, mutated. */
export function mutatedText(corpus: string[], c: LoaderCase): string {
  // JSON.parse makes a "__proto__" key an own field, as the loader's reader does.
  const root = JSON.parse(corpus[c.file % corpus.length]) as Json
  for (const m of c.mutations) mutate(root, m)
  let text = write(root, c.indent)
  if (c.duplicateKeyAt !== null) {
    const keys = [...text.matchAll(/"((?:[^"\\]|\\.)*)":/g)]
    if (keys.length > 0) {
      const k = keys[c.duplicateKeyAt % keys.length]
      text = `${text.slice(0, k.index)}"${k[1]}": 0, ${text.slice(k.index)}`
    }
  }
  if (c.crlf) text = text.replace(/\n/g, '\r\n')
  return c.bom ? `\ufeff${text}` : text
}

/** Every prefix of a file, the empty one and the whole file included. */
export function* truncations(text: string): Generator<string> {
  for (let n = 0; n <= text.length; n++) yield text.slice(0, n)
}
