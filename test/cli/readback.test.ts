import { describe, expect, it } from 'vitest'
import { UsageError } from '../../cli/args'
import { diagramText, formulaText } from '../../cli/writers'
import { formulaToDiagram, saveDiagram } from '../../core'

// convert prints or writes only text it has read back. A file the CLI reads can never hold a diagram that
// fails this (the loader refuses it first), so these cases are built in memory: an input named with a
// backtick, which the loader rejects and no formula can quote.

function withBacktickInput() {
  const d = formulaToDiagram('y = sin(x)')
  d.inputs[0].name = 'a`b'
  return d
}

const thrown = (f: () => unknown): UsageError => {
  try {
    f()
  } catch (e) {
    if (e instanceof UsageError) return e
    throw e
  }
  throw new Error('nothing was thrown')
}

describe('diagramText: the file text of convert formula → diagram', () => {
  it('is saveDiagram’s text when it loads back as the same diagram', () => {
    const d = formulaToDiagram('r = hypot(x, y); t = atan2(y, x)')
    expect(diagramText(d, '--expr')).toBe(saveDiagram(d))
  })

  it('is refused, with diagramFileText’s reason, when the file would not open again', () => {
    const message = thrown(() => diagramText(withBacktickInput(), '--expr')).message
    expect(message).toMatch(/^--expr: the diagram would not open again: /)
    expect(message).toContain('backticks')
  })
})

describe('formulaText: the formula of convert diagram → formula', () => {
  it('is the printed formula and a line end when it parses back', () => {
    expect(formulaText(formulaToDiagram('y = sin(x)*2'), 'd.dwire.json')).toBe('y = sin(x) * 2\n')
  })

  it('is refused when the printed formula does not parse', () => {
    expect(thrown(() => formulaText(withBacktickInput(), 'd.dwire.json')).message).toMatch(/^d\.dwire\.json: its formula would not read back: /)
  })
})
