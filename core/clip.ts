// Every message that quotes user text (a name, an id, a key, a wire end, a piece of formula) quotes it
// through clip: a file may hold a 20 MB name, and a message that echoes it is unreadable and as large as
// the file. Control characters are written out so that a message stays on one line.

/** How much of a quoted text a message shows; past this it ends in '…'. */
export const CLIP_LENGTH = 40

const CONTROL = /[\u0000-\u001f\u007f]/g
const HAS_CONTROL = /[\u0000-\u001f\u007f]/

function escape(c: string): string {
  if (c === '\t') return '\\t'
  if (c === '\n') return '\\n'
  if (c === '\r') return '\\r'
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
}

export function clip(text: string, max = CLIP_LENGTH): string {
  if (text.length <= max && !HAS_CONTROL.test(text)) return text
  let end = Math.min(text.length, max)
  // Never cut a character written as two UTF-16 units in half.
  const last = text.charCodeAt(end - 1)
  if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--
  const head = text.slice(0, end).replace(CONTROL, escape)
  return end < text.length ? `${head}…` : head
}
