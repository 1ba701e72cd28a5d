import type { Program, Var } from './programs'

// Renders a program as straight-line functions of at most CHUNK statements. V8 gives up optimising a
// function of more than about 60 KB of bytecode and one 100,000-operation function overflows the stack
// (measured; see DESIGN.md), so long programs become a sequence of chunk functions. Inside a chunk every
// variable is a local; a variable that crosses a chunk boundary, or that a later program reads, passes
// through the module's arrays (R registers, T tangents, A adjoints, B second adjoints).

export const CHUNK = 300

const ARRAY: Record<string, string> = { r: 'R', t: 'T', a: 'A', b: 'B' }

export function arraySlot(v: Var): string {
  return `${ARRAY[v[0]]}[${v.slice(1)}]`
}

export interface Rendered {
  functions: string[]
  /** Statements that run the chunks in order with these arguments (the last returns the result, if any). */
  calls: (args: string) => string[]
}

export function renderProgram(p: Program, literals: Map<Var, string>, typed: boolean): Rendered {
  const chunks: Program['stmts'][] = []
  for (let i = 0; i < p.stmts.length; i += CHUNK) chunks.push(p.stmts.slice(i, i + CHUNK))
  if (chunks.length === 0) chunks.push([])
  const last = chunks.length - 1

  // The last chunk each variable is touched in (the result counts as the last chunk).
  const lastTouch = new Map<Var, number>()
  const firstWrite = new Map<Var, number>()
  chunks.forEach((stmts, c) => {
    for (const st of stmts) {
      for (const v of [...st.reads, ...st.updates, ...(st.defines ? [st.defines] : [])]) lastTouch.set(v, c)
      for (const v of [...st.updates, ...(st.defines ? [st.defines] : [])]) if (!firstWrite.has(v)) firstWrite.set(v, c)
    }
  })
  for (const v of p.result?.reads ?? []) lastTouch.set(v, last)

  const ref = (v: Var) => literals.get(v) ?? v
  const params = typed ? p.params : p.params.replace(/:\s*[^,]+/g, '')
  const functions = chunks.map((stmts, c) => {
    const defined = new Set(stmts.flatMap((st) => (st.defines ? [st.defines] : [])))
    const updated = new Set(stmts.flatMap((st) => st.updates))
    const touched = new Set(stmts.flatMap((st) => [...st.reads, ...st.updates]))
    if (c === last) for (const v of p.result?.reads ?? []) touched.add(v)
    const lines: string[] = []
    for (const v of touched) {
      if (defined.has(v) || literals.has(v)) continue
      const earlier = (firstWrite.get(v) ?? Infinity) < c
      const init = earlier || !p.zeroStart(v) ? arraySlot(v) : '0'
      lines.push(`${updated.has(v) ? 'let' : 'const'} ${v} = ${init}`)
    }
    const kept = (v: Var) => !literals.has(v) && (p.exportAll || (lastTouch.get(v) ?? -1) > c)
    // A register is stored as soon as it is computed, an accumulator once its chunk is done: short live
    // ranges let V8 compile a 300-line function in a fraction of the time.
    for (const st of stmts) {
      const text = st.js(ref)
      if (st.defines) {
        lines.push(`const ${st.defines} = ${text}`)
        if (kept(st.defines)) lines.push(`${arraySlot(st.defines)} = ${st.defines}`)
      } else if (text) lines.push(text)
    }
    for (const v of updated) if (kept(v)) lines.push(`${arraySlot(v)} = ${v}`)
    if (c === last && p.result) lines.push(`return ${p.result.js(ref)}`)
    const returns = typed ? `: ${c === last && p.result ? p.result.type : 'void'}` : ''
    return `function ${p.name}_${c}(${params})${returns} {\n${lines.map((l) => `  ${l}`).join('\n')}\n}`
  })
  return {
    functions,
    calls: (args) => chunks.map((_, c) => `${c === last && p.result ? 'return ' : ''}${p.name}_${c}(${args})`),
  }
}
