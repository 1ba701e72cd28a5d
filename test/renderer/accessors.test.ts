import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { computed, nextTick } from 'vue'
import { edits, formulaToDiagram } from '../../core'
import { freshStores } from './fresh-stores'

// Results reach components through accessors that follow the sweeps by themselves: a computed that calls
// one is refreshed by the next sweep without reading any counter, and no component reads a counter (one
// that forgot used to show stale numbers with no test failing). f = x1·x2 + ln(x1²): f(2, 0.5) = 1 + ln 4.

describe('the evaluation store’s accessors', () => {
  const stores = freshStores()
  const { document: doc, evaluation: ev } = stores

  it('refresh a computed that reads nothing but the accessor, after a value edit and a structural one', async () => {
    doc.load(formulaToDiagram('f = x1*x2 + log(x1^2)', { values: { x1: 1.5, x2: 0.5 } }), null)
    await nextTick()
    const intoX = doc.diagram.value!.wires.find((w) => w.from.node === 'i2')!.id
    const f = computed(() => ev.outputResult('o1')?.value)
    const x2 = computed(() => ev.portResult(intoX)?.value)
    const flag = computed(() => ev.outputFlag('o1'))
    const status = computed(() => ev.wireStatus(intoX))
    const notes = computed(() => doc.diagram.value!.blocks.map((b) => ev.blockNotes(b.id).length).reduce((a, b) => a + b, 0))
    expect(f.value).toBe(1.5 * 0.5 + Math.log(2.25))
    expect(flag.value).toBeNull()
    expect(status.value).toBe('active')
    doc.apply(edits.setInputValue(doc.diagram.value!, 'i1', 2))
    await nextTick()
    expect(f.value).toBe(1 + Math.log(4))
    doc.apply(edits.setInputValue(doc.diagram.value!, 'i2', 3))
    await nextTick()
    expect(x2.value).toBe(3)
    // x1 = 0: ln(0) = −∞ is flagged, and ln's block has a note.
    doc.apply(edits.setInputValue(doc.diagram.value!, 'i1', 0))
    await nextTick()
    expect(f.value).toBe(-Infinity)
    expect(flag.value).toBe('value')
    expect(notes.value).toBeGreaterThan(0)
    // A wire taken away has no status to show.
    doc.apply(edits.removeWires(doc.diagram.value!, [intoX]))
    await nextTick()
    expect(status.value).toBeNull()
  })

  it('so no component reads a counter of the evaluation store', () => {
    const files: string[] = []
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name)
        if (statSync(path).isDirectory()) walk(path)
        else if (path.endsWith('.vue')) files.push(path)
      }
    }
    walk(new URL('../../renderer/src', import.meta.url).pathname)
    expect(files.length).toBeGreaterThan(10)
    const offenders = files.filter((f) => /\b(version|activityVersion|flagsVersion|notesVersion|reasonsVersion)\.value\b/.test(readFileSync(f, 'utf8')))
    expect(offenders).toEqual([])
  })
})
