// Binomial checkpointing (Griewank's revolve): how to run the reverse sweep of a loop of l steps holding at
// most s states at once. The reverse sweep needs the state before each step, last step first; storing all
// of them costs l states, recomputing each from the start costs l²/2 steps. With s snapshots, each step is
// recomputed at most r times where β(s, r) = C(s + r, s) ≥ l, and no schedule does fewer steps
// (Griewank 1992; Griewank & Walther, Evaluating Derivatives, ch. 12): T(l, s) = r·l − β(s + 1, r − 1).
//
// The schedule is recursive. With the state at `from` in a snapshot: advance m steps, keep that state in a
// second snapshot, reverse the last l − m steps with one snapshot fewer, drop it, then reverse the first m
// with all of them. T is convex and piecewise linear in l (slope r on β(s, r − 1) < l ≤ β(s, r)), so a split
// is optimal exactly when each part lies where its own line is the one of T's: the first m on the band of
// r − 1 with s snapshots, the rest on the band of r with s − 1 (splitRange). test/core/revolve.test.ts holds
// the schedule to a brute-force optimum and to the closed form.
//
// This module does not know what a state is: the For Loop's reverse sweep (issue 12) gives it one.

/** What the caller does, in order. `at` is a step index: the state before step `at`. */
export type Action =
  /** Run the loop's steps from the current state up to the state before step `to`. */
  | { kind: 'advance'; to: number }
  /** Keep a copy of the current state (the state before step `at`). */
  | { kind: 'snapshot'; at: number }
  /** Make the kept state before step `at` the current state. */
  | { kind: 'restore'; at: number }
  /** The current state is the one before step `at`: run step `at` keeping what its reverse needs, then reverse it. */
  | { kind: 'reverse'; at: number }
  /** The kept state before step `at` is needed no more. */
  | { kind: 'drop'; at: number }

/** β(s, r) = C(s + r, s): how many steps s snapshots reverse with each step recomputed at most r times. */
export function beta(s: number, r: number): number {
  if (r < 0 || s < 0) return 0
  let b = 1
  for (let i = 1; i <= Math.min(s, r); i++) b = (b * (Math.max(s, r) + i)) / i
  return Math.round(b)
}

/** The least r with β(s, r) ≥ l: how many times the busiest step is run again. */
export function repetitions(l: number, s: number): number {
  let r = 0
  while (beta(s, r) < l) r++
  return r
}

/**
 * Steps a reverse sweep of l steps runs again, with s snapshots (the loop's first state in one of them)
 * and the state before the step being reversed, which each reverse step makes for itself, not counted.
 */
export function revolveCost(l: number, s: number): number {
  if (l <= 1) return 0
  if (s === 1) return (l * (l - 1)) / 2
  const r = repetitions(l, s)
  return r * l - beta(s + 1, r - 1)
}

/** An optimal first split of l steps with s ≥ 2 snapshots (see the header). */
function splitRange(l: number, s: number): number {
  const r = repetitions(l, s)
  const m = Math.max(beta(s, r - 2), l - beta(s - 1, r), 1)
  return Math.min(m, l - 1)
}

/**
 * Calls `act` with the actions that reverse steps l − 1 … 0 of a loop whose state before step 0 is current,
 * holding at most `snapshots` states at once (the first state among them): each step's reverse exactly
 * once, last step first, after running revolveCost(l, snapshots) steps again. A callback rather than a
 * generator: a million steps make millions of actions, each of which would pass through every level of
 * nested generators.
 */
export function revolve(l: number, snapshots: number, act: (a: Action) => void): void {
  if (!Number.isInteger(l) || l < 0) throw new RangeError(`a loop runs a whole number of steps, not ${l}`)
  if (!Number.isInteger(snapshots) || snapshots < 1) throw new RangeError(`checkpointing needs at least one snapshot, not ${snapshots}`)
  if (l === 0) return
  act({ kind: 'snapshot', at: 0 })
  reverseRange(0, l, snapshots, true, act)
  act({ kind: 'drop', at: 0 })
}

/** Reverses steps from … from + l − 1; the state before `from` is kept, and current when `current` says so. */
function reverseRange(from: number, l: number, s: number, current: boolean, act: (a: Action) => void): void {
  if (l === 1 || s === 1) {
    // With one snapshot, every step starts again from it.
    for (let k = from + l - 1; k >= from; k--) {
      if (!current) act({ kind: 'restore', at: from })
      current = false
      if (k > from) act({ kind: 'advance', to: k })
      act({ kind: 'reverse', at: k })
    }
    return
  }
  const m = splitRange(l, s)
  if (!current) act({ kind: 'restore', at: from })
  act({ kind: 'advance', to: from + m })
  act({ kind: 'snapshot', at: from + m })
  reverseRange(from + m, l - m, s - 1, true, act)
  act({ kind: 'drop', at: from + m })
  reverseRange(from, m, s, false, act)
}
