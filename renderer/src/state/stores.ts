import { effectScope, type InjectionKey, inject } from 'vue'
import { createDocumentStore } from './document'
import { createEvaluationStore } from './evaluation'
import { createHessianStore } from './hessian'
import { createLabelStore } from './labels'
import { createRecoveryStore, type Keeper, keepsNothing } from './recovery'
import { createSeedColourStore } from './seed-colours'
import { createUiStore } from './ui'

// The editor's state as one set of stores, made together: each store is made by its factory from the stores
// it reads, so two sets share nothing (a test makes its own; the page makes one in main.ts and provides it).
// Every watcher a store starts runs in the set's effect scope, and dispose() stops them all.

export type Stores = ReturnType<typeof createStores>

/** `platform` is where recovery keeps the document: the page passes its platform; tests keep nothing. */
export function createStores(platform: Keeper = keepsNothing) {
  const scope = effectScope(true)
  const stores = scope.run(() => {
    const document = createDocumentStore()
    const evaluation = createEvaluationStore(document)
    const ui = createUiStore(document)
    const stores = {
      document,
      evaluation,
      ui,
      labels: createLabelStore(document),
      seedColours: createSeedColourStore(document, evaluation),
      hessian: createHessianStore(document, evaluation),
      recovery: createRecoveryStore(document, ui, platform),
    }
    // Recovery starts later, once the start document has opened (App.vue), but in this scope all the same.
    evaluation.followDocument()
    return stores
  })!
  return { ...stores, dispose: () => scope.stop() }
}

export const STORES_KEY: InjectionKey<Stores> = Symbol('stores')

/**
 * The stores of the app this component belongs to. Nodes and wires are drawn in render roots of their own
 * (editor/drawing.ts), which are given the app's context so that they find them too.
 */
export function useStores(): Stores {
  const stores = inject(STORES_KEY, null)
  if (!stores) throw new Error('useStores(): no stores provided; the app must app.provide(STORES_KEY, createStores()) (see main.ts)')
  return stores
}
