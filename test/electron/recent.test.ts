import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createRecentFiles, MAX_RECENT, parseRecent, type RecentFilesDeps, withRecent } from '../../electron/recent'

const STORE = '/user-data/recent.json'
const p = (name: string): string => resolve('/docs', `${name}.dwire.json`)

/** An in-memory disk: which diagram files exist and what recent.json holds. */
function fakeDisk(existing: string[], stored: string | null) {
  const files = new Set(existing)
  const writes: string[] = []
  const changes: string[][] = []
  const deps: RecentFilesDeps = {
    file: STORE,
    exists: (path) => files.has(path),
    readText: (path) => (path === STORE ? stored : null),
    writeText: async (path, text) => {
      expect(path).toBe(STORE)
      writes.push(text)
    },
    onChange: (list) => void changes.push([...list]),
  }
  return { files, writes, changes, deps }
}

describe('withRecent', () => {
  it('puts the newest first, once, and keeps at most ten', () => {
    let list: string[] = []
    for (let i = 0; i < 12; i++) list = withRecent(list, p(`f${i}`))
    expect(list).toHaveLength(MAX_RECENT)
    expect(list[0]).toBe(p('f11'))
    expect(list.at(-1)).toBe(p('f2'))
    list = withRecent(list, p('f5'))
    expect(list.slice(0, 3)).toEqual([p('f5'), p('f11'), p('f10')])
    expect(list.filter((x) => x === p('f5'))).toHaveLength(1)
    expect(list).toHaveLength(MAX_RECENT)
  })

  it('treats two spellings of one path as the same file', () => {
    expect(withRecent([p('a')], '/docs/./sub/../a.dwire.json')).toEqual([p('a')])
  })
})

describe('parseRecent', () => {
  const all = () => true
  it.each([
    ['not JSON', '{"files": ['],
    ['an object', '{"files": ["/docs/a.dwire.json"]}'],
    ['a string', '"/docs/a.dwire.json"'],
    ['null', 'null'],
    ['empty', ''],
  ])('reads a corrupt recent.json (%s) as an empty list', (_what, text) => {
    expect(parseRecent(text, all)).toEqual([])
  })

  it('reads a missing recent.json as empty', () => {
    expect(parseRecent(null, all)).toEqual([])
  })

  it('keeps order, drops non-strings, duplicates, missing files and anything past ten', () => {
    const stored = [p('a'), 3, p('b'), null, p('a'), p('gone'), '', ...Array.from({ length: 12 }, (_, i) => p(`n${i}`))]
    const list = parseRecent(JSON.stringify(stored), (path) => path !== p('gone'))
    expect(list).toEqual([p('a'), p('b'), ...Array.from({ length: 8 }, (_, i) => p(`n${i}`))])
  })
})

describe('createRecentFiles', () => {
  it('starts from recent.json without the files deleted since', () => {
    const { deps } = fakeDisk([p('a'), p('c')], JSON.stringify([p('a'), p('b'), p('c')]))
    expect(createRecentFiles(deps).list()).toEqual([p('a'), p('c')])
  })

  it('recovers from a corrupt recent.json and overwrites it on the next change', async () => {
    const disk = fakeDisk([p('a')], '\u0000\u0000garbage')
    const recent = createRecentFiles(disk.deps)
    expect(recent.list()).toEqual([])
    await recent.add(p('a'))
    expect(JSON.parse(disk.writes.at(-1) ?? '')).toEqual([p('a')])
  })

  it('adds most recent first, deduplicates, stores every change in order and reports it', async () => {
    const disk = fakeDisk([p('a'), p('b')], null)
    const recent = createRecentFiles(disk.deps)
    await recent.add(p('a'))
    await recent.add(p('b'))
    await recent.add(p('a'))
    expect(recent.list()).toEqual([p('a'), p('b')])
    expect(disk.writes.map((w) => JSON.parse(w))).toEqual([[p('a')], [p('b'), p('a')], [p('a'), p('b')]])
    expect(disk.changes).toEqual([[p('a')], [p('b'), p('a')], [p('a'), p('b')]])
  })

  it('leaves out a listed file once it is deleted', async () => {
    const disk = fakeDisk([p('a'), p('b')], null)
    const recent = createRecentFiles(disk.deps)
    await recent.add(p('a'))
    await recent.add(p('b'))
    disk.files.delete(p('a'))
    expect(recent.list()).toEqual([p('b')])
  })

  it('knows which paths it holds (what openRecent may open), and forgets on remove and clear', async () => {
    const disk = fakeDisk([p('a'), p('b')], JSON.stringify([p('a'), p('b')]))
    const recent = createRecentFiles(disk.deps)
    expect(recent.has(p('a'))).toBe(true)
    expect(recent.has('/etc/passwd')).toBe(false)
    await recent.remove(p('a'))
    expect(recent.has(p('a'))).toBe(false)
    await recent.clear()
    expect(recent.list()).toEqual([])
    expect(JSON.parse(disk.writes.at(-1) ?? '')).toEqual([])
  })

  it('keeps working when recent.json cannot be written', async () => {
    const logged: string[] = []
    const disk = fakeDisk([p('a')], null)
    const recent = createRecentFiles({
      ...disk.deps,
      writeText: async () => {
        throw new Error('EACCES')
      },
      log: (m) => void logged.push(m),
    })
    await expect(recent.add(p('a'))).resolves.toBeUndefined()
    expect(recent.list()).toEqual([p('a')])
    expect(logged).toEqual(['could not store the recent files list: Error: EACCES'])
  })
})
