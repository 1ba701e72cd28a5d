// A strict JSON reader that says where things are: every error carries a line and column, duplicate keys are
// errors (JSON.parse keeps the last silently), and each object remembers where its keys start so that the
// loader can point at the exact field of a problem. Keys quoted in messages are clipped.

import { clip } from '../clip'

export class JsonError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message)
    this.name = 'JsonError'
  }
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** Where each parsed object or array started, and where each of an object's keys did. */
export interface Places {
  of(value: object): { line: number; column: number } | undefined
  ofKey(value: object, key: string): { line: number; column: number } | undefined
}

const MAX_DEPTH = 200

const ESCAPES = new Map([['"', '"'], ['\\', '\\'], ['/', '/'], ['b', '\b'], ['f', '\f'], ['n', '\n'], ['r', '\r'], ['t', '\t']])

export function parseJson(text: string): { value: Json; places: Places } {
  let i = 0
  // Where each array starts; for an object, where it starts and where its keys do, as
  // [start, key, offset, key, offset, …]. One entry per object: a Map of its keys for every object would
  // cost more than the rest of the parse, so one is made only for an object a place is asked about.
  const starts = new Map<object, number | Array<string | number>>()
  const keyIndex = new Map<object, Map<string, number>>()

  let lineStarts: number[] | undefined
  const position = (at: number) => {
    if (!lineStarts) {
      lineStarts = [0]
      for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 10) lineStarts.push(k + 1)
    }
    let lo = 0
    let hi = lineStarts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (lineStarts[mid] <= at) lo = mid
      else hi = mid - 1
    }
    return { line: lo + 1, column: at - lineStarts[lo] + 1 }
  }
  const fail = (message: string, at = i): never => {
    const p = position(at)
    throw new JsonError(message, p.line, p.column)
  }
  const skip = () => {
    for (;;) {
      const c = text.charCodeAt(i)
      if (c === 32 || c === 9 || c === 10 || c === 13) i++
      else break
    }
  }
  const found = () => (i >= text.length ? 'the end of the file' : `'${text[i]}'`)

  const string = (): string => {
    const start = i
    i++
    let out = ''
    let run = i
    for (;;) {
      if (i >= text.length) fail('unterminated string', start)
      const c = text.charCodeAt(i)
      if (c === 34) {
        out += text.slice(run, i)
        i++
        return out
      }
      if (c === 10 || c === 13) fail('unterminated string (a string ends on the line it starts)', start)
      if (c < 32) fail('control character in a string (write it as an escape)')
      if (c === 92) {
        out += text.slice(run, i)
        const e = text[i + 1]
        const plain = ESCAPES.get(e)
        if (plain !== undefined) {
          out += plain
          i += 2
        } else if (e === 'u') {
          const hex = text.slice(i + 2, i + 6)
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape')
          out += String.fromCharCode(parseInt(hex, 16))
          i += 6
        } else {
          fail(`bad escape '\\${e ?? ''}'`)
        }
        run = i
        continue
      }
      i++
    }
  }

  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y

  const value = (depth: number): Json => {
    if (depth > MAX_DEPTH) fail(`nested more than ${MAX_DEPTH} levels deep`)
    skip()
    const c = text.charCodeAt(i)
    if (c === 123 /* { */) {
      const obj: { [key: string]: Json } = {}
      const keys: Array<string | number> = [i]
      i++
      skip()
      if (text[i] === '}') {
        i++
      } else {
        for (;;) {
          skip()
          if (text[i] !== '"') fail(`expected a key in double quotes but found ${found()}`)
          const keyAt = i
          const key = string()
          if (Object.hasOwn(obj, key)) fail(`duplicate key "${clip(key)}"`, keyAt)
          keys.push(key, keyAt)
          skip()
          if (text[i] !== ':') fail(`expected ':' after "${clip(key)}" but found ${found()}`)
          i++
          // A key named "__proto__" must stay an ordinary field, not set the object's prototype.
          if (key === '__proto__') Object.defineProperty(obj, key, { value: value(depth + 1), enumerable: true, writable: true, configurable: true })
          else obj[key] = value(depth + 1)
          skip()
          if (text[i] === ',') {
            i++
            continue
          }
          if (text[i] === '}') {
            i++
            break
          }
          fail(`expected ',' or '}' but found ${found()}`)
        }
      }
      starts.set(obj, keys)
      return obj
    }
    if (c === 91 /* [ */) {
      const start = i
      i++
      const arr: Json[] = []
      skip()
      if (text[i] === ']') {
        i++
      } else {
        for (;;) {
          arr.push(value(depth + 1))
          skip()
          if (text[i] === ',') {
            i++
            continue
          }
          if (text[i] === ']') {
            i++
            break
          }
          fail(`expected ',' or ']' but found ${found()}`)
        }
      }
      starts.set(arr, start)
      return arr
    }
    if (c === 34 /* " */) return string()
    if (text.startsWith('true', i)) {
      i += 4
      return true
    }
    if (text.startsWith('false', i)) {
      i += 5
      return false
    }
    if (text.startsWith('null', i)) {
      i += 4
      return null
    }
    NUMBER.lastIndex = i
    const m = NUMBER.exec(text)
    if (m) {
      i += m[0].length
      return Number(m[0])
    }
    if (/^-?(?:NaN|Infinity)/.test(text.slice(i, i + 9))) fail('NaN and Infinity are not JSON numbers')
    return fail(`expected a value but found ${found()}`)
  }

  if (text.charCodeAt(0) === 0xfeff) i = 1
  const result = value(0)
  skip()
  if (i < text.length) fail(`unexpected ${found()} after the end of the document`)

  // Lines are counted only when a place is asked for.
  const places: Places = {
    of: (v) => {
      const at = starts.get(v)
      return at === undefined ? undefined : position(typeof at === 'number' ? at : (at[0] as number))
    },
    ofKey: (v, key) => {
      let index = keyIndex.get(v)
      if (!index) {
        const at = starts.get(v)
        index = new Map()
        if (Array.isArray(at)) for (let k = 1; k < at.length; k += 2) index.set(at[k] as string, at[k + 1] as number)
        keyIndex.set(v, index)
      }
      const at = index.get(key)
      return at === undefined ? undefined : position(at)
    },
  }
  return { value: result, places }
}
