import { afterEach, beforeEach } from 'vitest'
import { createStores, type Stores } from '../../renderer/src/state/stores'

/**
 * A new set of stores for every test of the file that calls this (made before each test, disposed of after
 * it). What it returns stands for the current set, store by store, so a file can name the stores once:
 * `const { document: doc, evaluation: ev } = freshStores()`.
 */
export function freshStores(): Omit<Stores, 'dispose'> {
  let current: Stores | null = null
  beforeEach(() => {
    current = createStores()
  })
  afterEach(() => {
    current?.dispose()
    current = null
  })
  const now = (): Stores => {
    if (!current) throw new Error('the stores are made before each test: use them inside one')
    return current
  }
  const store = <K extends Exclude<keyof Stores, 'dispose'>>(key: K): Stores[K] =>
    new Proxy({} as Stores[K], { get: (_, member) => Reflect.get(now()[key], member) })
  return {
    document: store('document'),
    evaluation: store('evaluation'),
    ui: store('ui'),
    labels: store('labels'),
    seedColours: store('seedColours'),
    hessian: store('hessian'),
    recovery: store('recovery'),
  }
}
