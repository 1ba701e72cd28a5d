import { describe, expect, it } from 'vitest'
import { clip } from '../../core'

// clip: how every message quotes user text (names, ids, keys, formula text).

describe('clip', () => {
  it('leaves text of up to 40 characters as it is', () => {
    expect(clip('')).toBe('')
    expect(clip('flow rate')).toBe('flow rate')
    expect(clip('a'.repeat(40))).toBe('a'.repeat(40))
  })

  it('cuts longer text to 40 characters and an ellipsis', () => {
    expect(clip('a'.repeat(41))).toBe(`${'a'.repeat(40)}…`)
    expect(clip('b'.repeat(20_000_000))).toBe(`${'b'.repeat(40)}…`)
  })

  it('does not cut a character written as two UTF-16 units in half', () => {
    // 39 letters, then 😀 (two units) across the cut at 40
    expect(clip(`${'a'.repeat(39)}😀tail`)).toBe(`${'a'.repeat(39)}…`)
    expect(clip(`${'a'.repeat(38)}😀tail`)).toBe(`${'a'.repeat(38)}😀…`)
  })

  it('writes control characters out, so that a message stays on one line', () => {
    expect(clip('a\tb\nc\rd\u0007e\u007f')).toBe('a\\tb\\nc\\rd\\u0007e\\u007f')
  })
})
