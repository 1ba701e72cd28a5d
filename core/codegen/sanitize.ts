// Names a user typed become identifiers in exported code only through here: ASCII letters, digits and _,
// never a word JavaScript or TypeScript reserves, never a name an object literal treats specially
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

export function sanitizeIdentifier(name: string): string {
  let id = name.replace(/[^A-Za-z0-9_]/g, '_')
  if (id === '' || /^[0-9]/.test(id)) id = `_${id}`
  if (RESERVED.has(id)) id = `${id}_`
  return id
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
