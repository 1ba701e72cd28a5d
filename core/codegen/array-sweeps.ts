import { countOf, EDGE_WORDS, EdgeKind, NONE, ONE, type Schedule } from '../compile/schedule'

// The derivative sweeps of an array schedule for an exported module: core/sweeps/arrays.ts with one tangent
// direction, over the schedule's own edge tables printed as Int32Array literals. Every edge, every guard
// and every loop is the engine's, in its order (zero is strong: a zero tangent, adjoint or partial adds
// nothing), so the module's tangents and adjoints are the engine's bits. The tables' sizes follow the
// diagram's blocks, not its arrays' lengths: a longer array changes numbers in them, not their length.

const list = (name: string, values: ArrayLike<number>) => `const ${name} = new Int32Array([${Array.from(values).join(', ')}])`

export function edgeTables(s: Schedule): string[] {
  const a = s.arrays!
  return [
    `const INPUTS = ${s.inputs.length}`,
    `const NODES = ${s.edgeStart.length - 1}`,
    `/** An edge's partial register when the partial is 1; a gather's index register when it has none. */`,
    `const ONE = ${ONE}`,
    `const NONE = ${NONE}`,
    `// Slot i's tangent and adjoint are SLOT_SIZE[i] elements of T and A from SLOT_AT[i]. Node i (slot`,
    `// INPUTS + i) has edges EDGE_START[i] .. EDGE_START[i + 1] - 1: each one's source slot, partial register`,
    `// and ${EDGE_WORDS} words of EDGE_INFO, its kind (0 scale, 1 reduce, 2 gather, 3 scan) and its numbers.`,
    list('SLOT_AT', a.slotAt),
    list('SLOT_SIZE', Array.from(a.slotLength, countOf)),
    list('EDGE_START', s.edgeStart),
    list('EDGE_SRC', s.edgeSrc),
    list('EDGE_PARTIAL', s.edgePartial),
    list('EDGE_INFO', a.edgeInfo),
  ]
}

/**
 * The forward sweep over the edge tables (the reverse one is printed per diagram, fused: fuse.ts); it copies the
 * module's bindings into locals first (as module.ts's sweeps do, for speed).
 */
export function arraySweeps(typed: boolean): string[] {
  const v = typed ? ': void' : ''
  const locals = (names: string) => `  const ${names.split(' ').map((x) => `${x.toLowerCase()} = ${x}`).join(', ')}`
  const [scale, reduce, gather, scan] = [EdgeKind.scale, EdgeKind.reduce, EdgeKind.gather, EdgeKind.scan]
  return [
    `/** Forward sweep (the engine's sweepArrayTangents, one direction): each node's tangent from its edges. */`,
    `function sweepTangents()${v} {`,
    locals('R T SLOT_AT SLOT_SIZE EDGE_START EDGE_SRC EDGE_PARTIAL EDGE_INFO'),
    '  for (let i = 0; i < NODES; i++) {',
    '    const at = slot_at[INPUTS + i]',
    '    const size = slot_size[INPUTS + i]',
    '    for (let j = 0; j < size; j++) t[at + j] = 0',
    '    for (let e = edge_start[i]; e < edge_start[i + 1]; e++) {',
    '      const from = slot_at[edge_src[e]]',
    '      const pr = edge_partial[e]',
    `      const w = e * ${EDGE_WORDS}`,
    '      switch (edge_info[w]) {',
    `        case ${scale}: {`,
    '          const n = edge_info[w + 1]',
    '          const ps = edge_info[w + 2]',
    '          const ss = edge_info[w + 3]',
    '          for (let el = 0; el < n; el++) {',
    '            const p = pr === ONE ? 1 : r[pr + el * ps]',
    '            if (p === 0) continue',
    '            const u = t[from + el * ss]',
    '            if (u !== 0) t[at + el] += p * u',
    '          }',
    '          break',
    '        }',
    `        case ${reduce}: {`,
    '          const n = edge_info[w + 1]',
    '          const ps = edge_info[w + 2]',
    '          for (let el = 0; el < n; el++) {',
    '            const p = pr === ONE ? 1 : r[pr + el * ps]',
    '            if (p === 0) continue',
    '            const u = t[from + el]',
    '            if (u !== 0) t[at] += p * u',
    '          }',
    '          break',
    '        }',
    `        case ${gather}: {`,
    '          const start = edge_info[w + 1]',
    '          const len = edge_info[w + 2]',
    '          const index = edge_info[w + 3]',
    '          const s0 = edge_info[w + 4]',
    '          const step = edge_info[w + 5]',
    '          for (let el = 0; el < len; el++) {',
    '            const se = index === NONE ? s0 + el * step : r[index + el]',
    '            if (se < 0) continue',
    '            t[at + start + el] += t[from + se]',
    '          }',
    '          break',
    '        }',
    `        case ${scan}: {`,
    '          const n = edge_info[w + 1]',
    '          let acc = 0',
    '          for (let el = 0; el < n; el++) {',
    '            acc += t[from + el]',
    '            t[at + el] += acc',
    '          }',
    '          break',
    '        }',
    '      }',
    '    }',
    '  }',
    '}',
  ]
}
