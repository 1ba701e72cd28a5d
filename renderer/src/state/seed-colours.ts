import { SEED_COLOURS } from '../format'
import { diagram } from './document'
import { direction, tangentInputIds } from './evaluation'

// A seed's colour belongs to its input: the input's place among all inputs, not among the seeded ones, so
// seeding or unseeding one input never repaints another's tangent.

const colour = (i: number): string => SEED_COLOURS[((i % SEED_COLOURS.length) + SEED_COLOURS.length) % SEED_COLOURS.length]

export function inputColour(inputId: string): string {
  return colour(Math.max(0, diagram.value?.inputs.findIndex((t) => t.id === inputId) ?? 0))
}

/** The colour of tangent j of the last forward sweep (a sweep along one direction has one tangent). */
export function tangentColour(j: number): string {
  const id = direction.value ? undefined : tangentInputIds()[j]
  return id === undefined ? colour(j) : inputColour(id)
}
