import { SEED_COLOURS } from '../format'
import type { DocumentStore } from './document'
import type { EvaluationStore } from './evaluation'

// A seed's colour belongs to its input: the input's place among all inputs, not among the seeded ones, so
// seeding or unseeding one input never repaints another's tangent.

const colour = (i: number): string => SEED_COLOURS[((i % SEED_COLOURS.length) + SEED_COLOURS.length) % SEED_COLOURS.length]

export type SeedColourStore = ReturnType<typeof createSeedColourStore>

export function createSeedColourStore(document: DocumentStore, evaluation: EvaluationStore) {
  function inputColour(inputId: string): string {
    return colour(Math.max(0, document.diagram.value?.inputs.findIndex((t) => t.id === inputId) ?? 0))
  }

  /** The colour of tangent j of the last forward sweep (a sweep along one direction has one tangent). */
  function tangentColour(j: number): string {
    const id = evaluation.direction.value ? undefined : evaluation.tangentInputIds()[j]
    return id === undefined ? colour(j) : inputColour(id)
  }

  return { inputColour, tangentColour }
}
