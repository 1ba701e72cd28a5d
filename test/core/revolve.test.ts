import { describe, expect, it } from 'vitest'
import { type Action, beta, repetitions, revolve, revolveCost } from '../../core/sweeps/revolve'
import { richardson } from '../support/finite-differences'

// Binomial checkpointing against what is known independently of it: the least number of steps run again,
// by brute force over every split; Griewank's closed form and his example; and a loop's gradient taken
// through the schedule against the same sweep storing every state and against central differences.

/** Plays the actions on step indices, refusing one that is not possible, and counts what it cost. */
function play(l: number, s: number) {
  const kept = new Set<number>()
  let current: number | null = 0
  let steps = 0
  let mostKept = 0
  const reversed: number[] = []
  // Plain checks rather than expect: a million steps make millions of actions.
  const check = (ok: boolean, what: string) => {
    if (!ok) throw new Error(`l ${l}, s ${s}: ${what} (current ${current})`)
  }
  revolve(l, s, (a: Action) => {
    if (a.kind === 'snapshot') {
      check(current === a.at, `snapshot at ${a.at}`)
      kept.add(a.at)
      mostKept = Math.max(mostKept, kept.size)
    } else if (a.kind === 'restore') {
      check(kept.has(a.at), `restore ${a.at}, which is not kept`)
      current = a.at
    } else if (a.kind === 'advance') {
      check(current !== null && current < a.to, `advance to ${a.to}`)
      steps += a.to - current!
      current = a.to
    } else if (a.kind === 'reverse') {
      check(current === a.at, `reverse ${a.at}`)
      reversed.push(a.at)
      current = null // reversing a step uses the state up
    } else {
      check(kept.delete(a.at), `drop ${a.at}, which is not kept`)
    }
  })
  check(kept.size === 0, `${kept.size} states still kept at the end`)
  return { steps, mostKept, reversed }
}

/** The least steps run again over every way of splitting, with s snapshots (the first state in one). */
function bruteForce(maxL: number, maxS: number): number[][] {
  const T = Array.from({ length: maxL + 1 }, () => new Array<number>(maxS + 1).fill(0))
  for (let l = 2; l <= maxL; l++) {
    T[l][1] = (l * (l - 1)) / 2
    for (let s = 2; s <= maxS; s++) {
      let best = Infinity
      for (let m = 1; m < l; m++) best = Math.min(best, m + T[l - m][s - 1] + T[m][s])
      T[l][s] = best
    }
  }
  return T
}

describe('revolve', () => {
  it('reverses every step once, last first, never holding more than s states, in the fewest steps (brute force, l ≤ 60, s ≤ 7)', () => {
    const T = bruteForce(60, 7)
    for (let l = 1; l <= 60; l++) {
      for (let s = 1; s <= 7; s++) {
        const r = play(l, s)
        expect(r.reversed).toEqual(Array.from({ length: l }, (_, i) => l - 1 - i))
        expect(r.mostKept, `l ${l}, s ${s}`).toBeLessThanOrEqual(s)
        expect(r.steps, `l ${l}, s ${s}`).toBe(T[l][s])
        expect(revolveCost(l, s), `closed form, l ${l}, s ${s}`).toBe(T[l][s])
      }
    }
  })

  it("follows Griewank's binomial counts: 10⁶ steps with 50 snapshots recompute each step at most 5 times", () => {
    expect(beta(50, 5)).toBe(3_478_761) // C(55, 5)
    expect(beta(50, 4)).toBe(316_251) // C(54, 4)
    expect(repetitions(1_000_000, 50)).toBe(5)
    const r = play(1_000_000, 50)
    expect(r.mostKept).toBeLessThanOrEqual(50)
    expect(r.reversed.length).toBe(1_000_000)
    expect(r.reversed.every((k, i) => k === 999_999 - i)).toBe(true)
    expect(r.steps).toBe(revolveCost(1_000_000, 50))
    // At most 5 recomputations a step, and fewer than 5 passes in all: 5·l − C(56, 4).
    expect(r.steps).toBe(5 * 1_000_000 - beta(51, 4))
    expect(r.steps).toBeLessThan(5 * 1_000_000)
  })

  it('refuses a loop of a negative or fractional length and fewer than one snapshot, with the number', () => {
    const none = () => {
      throw new Error('no action expected')
    }
    expect(() => revolve(-1, 4, none)).toThrow('a loop runs a whole number of steps, not -1')
    expect(() => revolve(2.5, 4, none)).toThrow('a loop runs a whole number of steps, not 2.5')
    expect(() => revolve(10, 0, none)).toThrow('checkpointing needs at least one snapshot, not 0')
    expect(() => revolve(0, 3, none)).not.toThrow()
  })

  it("a loop's gradient through the schedule is the store-everything sweep's, to the bit, and matches central differences", () => {
    // Explicit Euler on x' = sin(a·x): x[k+1] = x[k] + h·sin(a·x[k]); the gradient of x[N] by x[0] and a.
    const N = 500
    const h = 0.01
    const step = (x: number, a: number) => x + h * Math.sin(a * x)
    const final = (x0: number, a: number) => {
      let x = x0
      for (let k = 0; k < N; k++) x = step(x, a)
      return x
    }
    /** Adds step k's transpose at state x into the adjoints. */
    const reverseStep = (x: number, a: number, g: { x: number; a: number }) => {
      const c = Math.cos(a * x)
      g.a += g.x * h * x * c
      g.x *= 1 + h * a * c
    }
    const x0 = 0.7
    const a = 1.3
    // Every state stored.
    const states = [x0]
    for (let k = 0; k < N; k++) states.push(step(states[k], a))
    const stored = { x: 1, a: 0 }
    for (let k = N - 1; k >= 0; k--) reverseStep(states[k], a, stored)
    for (const s of [1, 2, 3, 8, 64]) {
      // The state is one number and where it stands (the state before step `at`).
      const kept = new Map<number, number>()
      let x = x0
      let at = 0
      let mostKept = 0
      const g = { x: 1, a: 0 }
      revolve(N, s, (act) => {
        if (act.kind === 'snapshot') {
          kept.set(act.at, x)
          mostKept = Math.max(mostKept, kept.size)
        } else if (act.kind === 'restore') [x, at] = [kept.get(act.at)!, act.at]
        else if (act.kind === 'drop') kept.delete(act.at)
        else if (act.kind === 'advance') for (; at < act.to; at++) x = step(x, a)
        else reverseStep(x, a, g)
      })
      expect(mostKept).toBeLessThanOrEqual(s)
      expect(g).toEqual(stored)
    }
    const fx = richardson((t) => [final(x0 + t, a)], 1e-3)[0]
    const fa = richardson((t) => [final(x0, a + t)], 1e-3)[0]
    expect(Math.abs(stored.x - fx)).toBeLessThan(1e-9 * Math.abs(fx))
    expect(Math.abs(stored.a - fa)).toBeLessThan(1e-9 * Math.abs(fa))
  })
})
