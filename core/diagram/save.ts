import { loadDiagram } from './load'
import { type Diagram, type End, FORMAT, type Problem, problemsText, TERMINAL_PORT, type Value, versionOf } from './model'

// Writing a diagram file: fixed key order, one element per line, blocks and wires sorted by id, so that a
// change to a diagram is a small diff in git. Terminals keep their order: it is the order of arguments.

/** Sorts ids so that b2 comes before b10. */
export function compareIds(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? []
  const pb = b.match(/\d+|\D+/g) ?? []
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]
    const y = pb[i]
    if (x === y) continue
    const nx = /^\d/.test(x)
    const ny = /^\d/.test(y)
    if (nx && ny && Number(x) !== Number(y)) return Number(x) - Number(y)
    return x < y ? -1 : 1
  }
  return pa.length - pb.length || (a < b ? -1 : a > b ? 1 : 0)
}

function endText(e: End): string {
  return e.port === TERMINAL_PORT ? e.node : `${e.node}.${e.port}`
}

const str = JSON.stringify
/** A number as JSON that reads back as the same double (JSON.stringify writes -0 as 0). */
const num = (v: number) => (Object.is(v, -0) ? '-0' : JSON.stringify(v))

function value(v: Value): string {
  return typeof v === 'number' ? num(v) : `[${v.map(num).join(', ')}]`
}

function lines(items: string[]): string {
  return items.length === 0 ? '[]' : `[\n${items.map((s) => `    ${s}`).join(',\n')}\n  ]`
}

/** The semantic part: everything but the layout. The diagram's hash is taken over exactly this text. */
export function semanticText(d: Diagram): string {
  const blocks = [...d.blocks].sort((a, b) => compareIds(a.id, b.id))
  const wires = [...d.wires].sort((a, b) => compareIds(a.id, b.id))
  return [
    `  "format": ${str(FORMAT)}`,
    `  "version": ${versionOf(d)}`,
    `  "title": ${str(d.title)}`,
    `  "inputs": ${lines(d.inputs.map((t) => `{ "id": ${str(t.id)}, "name": ${str(t.name)}, "value": ${value(t.value)} }`))}`,
    `  "outputs": ${lines(d.outputs.map((t) => `{ "id": ${str(t.id)}, "name": ${str(t.name)} }`))}`,
    `  "blocks": ${lines(
      blocks.map((b) => {
        const keys = Object.keys(b.params).sort()
        const params = keys.length > 0 ? `, "params": { ${keys.map((k) => `${str(k)}: ${num(b.params[k])}`).join(', ')} }` : ''
        const held = b.value !== undefined ? `, "value": ${value(b.value)}` : ''
        return `{ "id": ${str(b.id)}, "primitive": ${str(b.primitive)}${params}${held} }`
      }),
    )}`,
    `  "wires": ${lines(wires.map((w) => `{ "id": ${str(w.id)}, "from": ${str(endText(w.from))}, "to": ${str(endText(w.to))} }`))}`,
  ].join(',\n')
}

export function saveDiagram(d: Diagram): string {
  const pairs = (m: Record<string, [number, number]>) => {
    const ids = Object.keys(m).sort(compareIds)
    return ids.length === 0 ? '{}' : `{\n${ids.map((id) => `      ${str(id)}: [${m[id].map(num).join(', ')}]`).join(',\n')}\n    }`
  }
  const positions = Object.fromEntries(Object.entries(d.layout.positions).map(([id, p]) => [id, [p.x, p.y] as [number, number]]))
  const ranges = Object.fromEntries(Object.entries(d.layout.ranges).map(([id, r]) => [id, [r.min, r.max] as [number, number]]))
  const comments = Object.keys(d.layout.comments ?? {}).sort(compareIds)
  // Written only when there are some, so that a diagram without comments saves as it always did.
  const commentsText = comments.length === 0 ? '' : `,\n    "comments": {\n${comments.map((id) => {
    const c = d.layout.comments![id]
    return `      ${str(id)}: { "at": [${num(c.x)}, ${num(c.y)}], "text": ${str(c.text)} }`
  }).join(',\n')}\n    }`
  const layout = `  "layout": {\n    "positions": ${pairs(positions)},\n    "ranges": ${pairs(ranges)}${commentsText}\n  }`
  return `{\n${semanticText(d)},\n${layout}\n}\n`
}

/** A diagram's file text, or why no file should be written. */
export type FileText = { ok: true; text: string } | { ok: false; problems: Problem[]; message: string }

/**
 * The text every writer of diagram files uses (Save, autosave, backups, `convert -o`): it is loaded back
 * before anyone writes it, and refused unless it loads and means the same diagram. A file DualWire writes
 * always opens again; a diagram that would not is kept in memory and the user is told why.
 */
export function diagramFileText(d: Diagram): FileText {
  const text = saveDiagram(d)
  const back = loadDiagram(text)
  if (!back.ok) {
    return { ok: false, problems: back.problems, message: `the diagram would not open again: ${problemsText(back.problems, 3)}` }
  }
  if (semanticText(back.diagram) !== semanticText(d)) {
    return { ok: false, problems: [], message: 'the diagram would not read back the same (please report this)' }
  }
  return { ok: true, text }
}
