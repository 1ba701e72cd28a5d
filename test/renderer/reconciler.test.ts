import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

// Rete is a projection of the document: one reconciler (renderer/src/editor/reconciler.ts) makes Rete's editor
// match the diagram, and nothing else adds or removes its nodes or connections, moves a node or asks the area
// to redraw one. Another writer would make the view disagree with the document without any edit to show for
// it. The view's own transform (area.area.translate / zoom: pan and zoom) is not the editor's state.

const MUTATIONS: [string, RegExp][] = [
  ['adds or removes a node or a connection', /\.(addNode|removeNode|addConnection|removeConnection)\(/],
  ['clears the editor', /\beditor\.clear\(/],
  ['moves or resizes a node', /(?<!\barea\.area)\.(translate|resize)\(/],
  ['asks the area to redraw', /\barea\.update\(|\.update\(\s*['"](node|connection|socket|control)['"]/],
]

function sources(dir: string): string[] {
  const files: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) files.push(...sources(path))
    else if (/\.(ts|vue)$/.test(path)) files.push(path)
  }
  return files
}

describe('the reconciler', () => {
  it('is the only renderer code that changes Rete’s editor', () => {
    const root = new URL('../../renderer/src', import.meta.url).pathname
    const files = sources(root)
    expect(files.length).toBeGreaterThan(20)
    const found: string[] = []
    for (const file of files) {
      const lines = readFileSync(file, 'utf8').split('\n')
      lines.forEach((line, i) => {
        for (const [what, pattern] of MUTATIONS) if (pattern.test(line)) found.push(`${relative(root, file)}:${i + 1} ${what}`)
      })
    }
    const elsewhere = found.filter((f) => !f.startsWith('editor/reconciler.ts:'))
    expect(elsewhere).toEqual([])
    // The scan sees the reconciler's own calls: it would see anyone else's.
    for (const [what] of MUTATIONS.filter(([what]) => what !== 'clears the editor')) expect(found.some((f) => f.endsWith(what))).toBe(true)
  })
})
