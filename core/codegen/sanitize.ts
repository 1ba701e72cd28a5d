// Names a user typed become identifiers in exported code only through here: letters and digits of any
// script (Unicode ID_Start / ID_Continue: θ, é, 流量 stay as they are) and _, never $ and never the invisible
// joiners ZWJ and ZWNJ (two names that look the same must not be two identifiers), never a word JavaScript or TypeScript reserves, never a name an object literal treats specially
// (__proto__), never the name of a host global (so a module's text never says `require` or `globalThis`,
// even harmlessly as a key), and never two names the same after sanitising.

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
    'import in instanceof new null return super switch this throw true try typeof var void while with yield let static ' +
    'implements interface package private protected public await async of get set declare type namespace module abstract ' +
    'any boolean number string symbol never unknown object undefined NaN Infinity arguments eval constructor prototype ' +
    '__proto__ toString valueOf hasOwnProperty isPrototypeOf propertyIsEnumerable toLocaleString __defineGetter__ ' +
    '__defineSetter__ __lookupGetter__ __lookupSetter__ globalThis window self global document require module exports ' +
    'process Function'
  ).split(' '),
)

/**
 * What an identifier may start with and continue with; any other character becomes _. Letters, marks, digits
 * and connectors that ECMAScript's ID_Start / ID_Continue allow, and no more: not the few symbols those
 * tables list besides (·), which older compilers' tables lack, nor the joiners.
 */
const START = /^(?=[\p{ID_Start}_])[\p{L}\p{Nl}_]$/u
const CONTINUE = /^(?=\p{ID_Continue})[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]$/u

/** Whether a text is an identifier sanitizeIdentifier could make (reserved words aside). */
export function isSanitizedIdentifier(id: string): boolean {
  const chars = Array.from(id)
  return chars.length > 0 && START.test(chars[0]) && chars.every((c) => CONTINUE.test(c))
}

export function sanitizeIdentifier(name: string): string {
  // By code point: a letter outside the BMP (𝑥) is one character, not two halves that are not letters.
  let id = Array.from(name.normalize('NFC'), (c) => (CONTINUE.test(c) ? c : '_')).join('')
  if (id === '' || !START.test(Array.from(id)[0])) id = `_${id}`
  if (RESERVED.has(id)) id = `${id}_`
  // A letter of another script is no word character to a text search: in 令eval the module would seem to
  // say eval. The words a module never says get a _ wherever they stand alone to such a search.
  return id.replace(/\b(eval|require|globalThis)\b/g, '$1_')
}

/** Sanitised identifiers for a list of names, made unique by _2, _3, … suffixes in order. */
export function sanitizeAll(names: string[], taken: Iterable<string> = []): string[] {
  const used = new Set(taken)
  return names.map((name) => {
    const base = sanitizeIdentifier(name)
    let id = base
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`
    used.add(id)
    return id
  })
}
