import { describe, expect, it } from 'vitest'
import {
  conflictChoice, conflictQuestion, pageGoneChoice, pageGoneQuestion, readOnlyChoice, readOnlyQuestion, restoreChoice, restoreQuestion,
  unresponsiveChoice, unresponsiveQuestion,
} from '../../electron/questions'

// Every question about the user's work: Escape (cancelId) is always the answer that changes nothing.

const backup = (name: string | null, savedAt: number) => ({ id: 'x', name, title: 'Untitled', path: null, fingerprint: null, savedAt, text: '' })

describe('questions', () => {
  it('after a crash: names each diagram, Restore by default, Escape keeps them for later', () => {
    const now = new Date(2026, 11, 3, 15, 0).getTime()
    const q = restoreQuestion([backup('a.dwire.json', now - 60_000), backup(null, now - 120_000)], now)
    expect(q.message).toBe('DualWire closed unexpectedly. Restore 2 diagrams with unsaved changes?')
    expect(q.detail).toContain('• a.dwire.json (unsaved changes from ')
    expect(q.detail).toContain('• Untitled (unsaved changes from ')
    expect(q.buttons).toEqual(['Restore', 'Discard', 'Later'])
    expect([q.defaultId, q.cancelId].map(restoreChoice)).toEqual(['restore', 'later'])
    expect(restoreChoice(1)).toBe('discard')
    expect(restoreQuestion([backup('one', now)], now).message).toBe('DualWire closed unexpectedly. Restore the diagram with unsaved changes?')
    const many = restoreQuestion(Array.from({ length: 11 }, (_, i) => backup(`d${i}`, now)), now)
    expect(many.detail).toContain('• and 3 more')
  })

  it('a dead page: Reload by default, and the time of the kept work', () => {
    const q = pageGoneQuestion('crashed', null)
    expect(q.message).toBe('The diagram in this window stopped unexpectedly (crashed).')
    expect(q.detail).toBe('It had no unsaved changes. Reload shows it again.')
    expect(pageGoneQuestion('oom', Date.now()).detail).toMatch(/^Its unsaved changes as of .+ are kept\. Reload opens them again, unsaved\.$/)
    expect([0, 1, 5].map(pageGoneChoice)).toEqual(['reload', 'close', 'reload'])
  })

  it('a hung page: Wait unless the user asks for Reload', () => {
    expect(unresponsiveQuestion(null).buttons).toEqual(['Wait', 'Reload'])
    expect([0, 1, -1].map(unresponsiveChoice)).toEqual(['wait', 'reload', 'wait'])
  })

  it('a file changed on disk: Save As by default, Escape cancels', () => {
    const q = conflictQuestion('a.dwire.json')
    expect(q.message).toBe('a.dwire.json has changed on disk since you opened or last saved it.')
    expect([q.defaultId, 1, q.cancelId].map(conflictChoice)).toEqual(['save-as', 'overwrite', 'cancel'])
  })

  it('a read-only file or folder: Save As or nothing', () => {
    expect(readOnlyQuestion('a.dwire.json', 'file').message).toBe('a.dwire.json is read-only.')
    expect(readOnlyQuestion('a.dwire.json', 'folder').message).toBe('The folder of a.dwire.json is read-only.')
    const q = readOnlyQuestion('a', 'file')
    expect([q.defaultId, q.cancelId].map(readOnlyChoice)).toEqual(['save-as', 'cancel'])
  })
})
