import type { Place, Slice } from '../expr/ast'
import { FormulaError } from '../expr/lexer'
import { REST } from '../primitives/array'

// Python's slices as Array Subset's offset and length (see subsetSpan): an offset counts from the start, or
// from the end when negative; a length is a count, or when negative stops that many before the end. A slice
// whose two bounds count from different ends has a length that depends on the array's, so it has no block.

export function subsetParams(slice: Slice, at: Place): { offset: number; length: number } {
  const start = slice.start ?? 0
  const stop = slice.stop
  if (stop === undefined) return { offset: start, length: REST }
  // A stop before the start is an empty slice, as in Python.
  if (start >= 0 && stop >= 0) return { offset: start, length: Math.max(0, stop - start) }
  if (stop < 0 && start < 0) return { offset: start, length: stop >= start ? stop : 0 }
  if (stop < 0) return { offset: start, length: stop }
  throw new FormulaError(
    `the slice [${start}:${stop}] counts its start from the end and its stop from the start`, at,
    `; its length would depend on the array's: write x[${start}:] or count both from one end`,
  )
}

/** The slice text of an Array Subset, where one reads back as the same offset and length; else undefined. */
export function sliceText(offset: number, length: number): string | undefined {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length)) return undefined
  const from = offset === 0 ? '' : String(offset)
  if (length === REST) return `[${from}:]`
  if (length < 0 && (offset >= 0 || length >= offset)) return `[${from}:${length}]`
  if (length >= 0 && offset >= 0 && Number.isSafeInteger(offset + length)) return `[${from}:${offset + length}]`
  if (length === 0) return `[${from}:${offset - 1}]`
  return undefined
}
