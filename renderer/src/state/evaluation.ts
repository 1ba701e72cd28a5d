import { computed, shallowRef, watch } from 'vue'
import {
  activity, type BlockNote, causeText, compile, countOf, firstElements, flatValues, type Diagram, diagnose, Evaluator, fdCheck, FLAG_DERIVATIVE, FLAG_VALUE,
  flagValues, type Flags, type Problem, problemsText, SCALAR, type Schedule, type ScheduledBlock, wireResult, type WireResult,
} from '../../../core'
import { cells } from './cells'
import type { DocumentStore } from './document'

// Evaluation of the document: a structural change recompiles, any other change re-sweeps. Results are read
// from the evaluator's arrays, wire by wire, when a label renders; `version` is the one reactive value they
// subscribe to, so a sweep costs one Vue update per label and nothing per wire in Rete.
//
// A broken diagram is compiled partially: what has complete inputs keeps its values and derivatives, and
// only the rest shows nothing. The reverse sweep seeds the chosen output (the first by default); when that
// output cannot be computed there are no adjoints (labels show —), since there is nothing to differentiate.
// Flags (core/drivers/flags.ts) mark values and derivatives that cannot be trusted at this point; when the
// seeded output's derivatives are flagged, so is every adjoint that flows into it.

export type Mode = 'forward' | 'reverse' | 'both'

/**
 * The results live in plain arrays (a sweep rewrites them in place), and each kind has a counter that a sweep
 * bumps when it changes. Every accessor below reads its own counter, so a computed or a template that calls
 * an accessor follows the sweeps by itself: components never touch a counter.
 */
function track(...counters: { value: number }[]): void {
  for (const c of counters) void c.value
}

export interface WireView extends WireResult {
  /** Depends on a seeded input and reaches the seeded output; inactive wires are drawn faded. */
  active: boolean
  /** False when the seeded output cannot be computed: then there is no adjoint to show. */
  adjointKnown: boolean
}

export type Flag = 'value' | 'derivative'

const NO_NOTES: readonly BlockNote[] = Object.freeze([])

function nodeOfEdge(s: Schedule, e: number): number {
  let lo = 0
  let hi = s.edgeStart.length - 2
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (s.edgeStart[mid] <= e) lo = mid
    else hi = mid - 1
  }
  return s.inputs.length + lo
}

const causesKey = (f: Flags) => f.causes.map(causeText).join('\n')

function sameBytes(a: Uint8Array | null, b: Uint8Array): boolean {
  return a !== null && a.length === b.length && a.every((x, i) => x === b[i])
}

export type EvaluationStore = ReturnType<typeof createEvaluationStore>

export function createEvaluationStore(document: DocumentStore) {
  const { diagram, lastChangeKind } = document

  const mode = shallowRef<Mode>('both')
  /** Input ids that carry a tangent (one tangent each), or a single direction when `direction` is set. */
  const seeded = shallowRef<string[] | 'all'>('all')
  const direction = shallowRef<Record<string, number> | null>(null)
  /**
   * The seed of an array input: the element seeded with 1 (e_i), or, where absent, every element (the
   * direction of all ones). Chosen in the toolbar's seed menu.
   */
  const seedElement = shallowRef<Record<string, number>>({})
  /** The output whose adjoint is seeded with 1 in the reverse sweep. */
  const reverseSeed = shallowRef<string | null>(null)

  /** Bumped after every sweep; everything showing results reads it. */
  const version = shallowRef(0)
  /**
   * Bumped only when which wires are active (or the schedule) changes, and when the blocks' notes change.
   * A wire or block does not follow these: it reads its own cell (wireStatus, blockFlag; see cells.ts), so a
   * sweep re-renders only what it changed.
   */
  const activityVersion = shallowRef(0)
  const notesVersion = shallowRef(0)
  const problems = shallowRef<Problem[]>([])
  /** The wires a problem names, drawn broken. */
  const brokenWires = computed(() => new Set(problems.value.flatMap((p) => (p.wire ? [p.wire] : []))))
  /** The ports a problem names (`node.port`): an unwired input, one wired twice or with the wrong type. */
  const brokenPorts = computed(() => new Set(problems.value.flatMap((p) => (p.node && p.port ? [`${p.node}.${p.port}`] : []))))
  /** Bumped when which values are flagged changes (wires and blocks read their own cells instead). */
  const flagsVersion = shallowRef(0)
  /** Bumped when the words of a flag change (they quote the values): only the reasons shown read it. */
  const reasonsVersion = shallowRef(0)
  const notes = shallowRef<BlockNote[]>([])
  const lastSweepMs = shallowRef(0)

  let schedule: Schedule | null = null
  let evaluator: Evaluator | null = null
  let scheduledBlocks = new Map<string, ScheduledBlock>()
  let flags: Flags | null = null
  /** The seeded output's derivatives are flagged: so are the adjoints upstream of it. */
  let seedFlagged = false
  /** Whether the output the reverse sweep seeds could be computed. */
  let adjointsKnown = true
  let tangentInputs: string[] = []
  let outputSeeds: number[] = []
  let varied: Uint8Array | null = null
  let useful: Uint8Array | null = null
  /** Set by a recompile, so that the next sweep bumps `activityVersion` and `flagsVersion`. */
  let recompiled = false
  let recompiledFlags = false

  function currentSchedule(): Schedule | null {
    return schedule
  }

  /** The input each tangent of the last forward sweep is seeded on, in tangent order. */
  const tangentInputIds = (): readonly string[] => tangentInputs

  /** The names of the tangent directions of the last forward sweep, e.g. ∂/∂x1. */
  function tangentLabels(): string[] {
    track(version)
    if (direction.value) return ['∂/∂v']
    const d = diagram.value
    return tangentInputs.map((id) => `∂/∂${d?.inputs.find((t) => t.id === id)?.name ?? id}`)
  }

  function wire(id: string): WireView | null {
    track(version)
    if (!evaluator || !schedule || !schedule.wires.has(id)) return null
    return { ...wireResult(evaluator, id, outputSeeds), active: wireStatus(id) === 'active', adjointKnown: adjointsKnown }
  }

  function flagOfRegister(reg: number, slot: number): Flag | null {
    if (!flags) return null
    const bits = flags.bits[reg]
    if (bits & FLAG_VALUE) return 'value'
    if (bits & FLAG_DERIVATIVE) return 'derivative'
    return slot >= 0 && seedFlagged && useful !== null && useful[slot] === 1 ? 'derivative' : null
  }

  /** Whether a wire's value (and so everything on its label) or only its derivatives are flagged. */
  function wireFlag(id: string): Flag | null {
    return wireFlags.read(id)
  }

  /** A block is flagged where one of its outputs is. */
  function blockFlag(id: string): Flag | null {
    return blockFlags.read(id)
  }

  const wireFlags = cells((id): Flag | null => {
    const w = schedule?.wires.get(id)
    return w ? flagOfRegister(w.reg, w.slot) : null
  })

  const blockFlags = cells((id): Flag | null => {
    const b = scheduledBlocks.get(id)
    if (!b) return null
    let found: Flag | null = null
    for (const o of b.outputs) {
      const f = flagOfRegister(o.reg, o.slot)
      if (f === 'value') return f
      found ??= f
    }
    return found
  })

  /** Why an output shows no number, or why its number is flagged; null when there is nothing to say. */
  function outputReason(outputId: string): string | null {
    track(version, flagsVersion, reasonsVersion)
    if (!schedule) return null
    const t = schedule.outputs.find((o) => o.id === outputId)
    if (!t) return problems.value.length > 0 ? `cannot be computed: ${problemsText(problems.value, 1)}` : null
    const c = flags?.cause[t.reg] ?? -1
    if (c >= 0) return causeText(flags!.causes[c])
    return flagOfRegister(t.reg, t.slot) && flags?.causes.length ? causeText(flags.causes[0]) : null
  }

  /** Why a wire is flagged: where its flag began, or (an adjoint only) where the seeded output's did. */
  function wireReason(id: string): string | null {
    track(flagsVersion, reasonsVersion)
    const w = schedule?.wires.get(id)
    if (!w || !flags || !wireFlag(id)) return null
    const c = flags.cause[w.reg]
    if (c >= 0) return causeText(flags.causes[c])
    const seed = schedule!.outputs.find((o) => o.id === (reverseSeed.value ?? schedule!.outputs[0]?.id))
    const s = seed ? flags.cause[seed.reg] : -1
    return s >= 0 ? `its adjoint is a derivative of ${seed!.name}, flagged by ${causeText(flags.causes[s])}` : null
  }

  /** Flagged outputs by id: 'value' or 'derivative'. */
  function outputFlag(outputId: string): Flag | null {
    track(flagsVersion)
    const t = schedule?.outputs.find((o) => o.id === outputId)
    return t ? flagOfRegister(t.reg, t.slot) : null
  }

  /**
   * The first flagged wire in schedule order (a wire leaving the first flagged input or block output), and
   * why: what the status bar says.
   */
  const firstFlag = computed(() => {
    track(flagsVersion, reasonsVersion)
    if (!schedule || !flags || flags.causes.length === 0) return null
    const s = schedule
    const ports: { node: string; port: string; reg: number; slot: number }[] = [
      ...s.inputs.map((t) => ({ node: t.id, port: 'value', reg: t.reg, slot: t.slot })),
      ...s.blocks.flatMap((b) => b.outputs.map((o) => ({ node: b.id, port: o.port, reg: o.reg, slot: o.slot }))),
    ]
    for (const p of ports) {
      if (flags.bits[p.reg] === 0) continue
      const w = s.diagram.wires.find((x) => x.from.node === p.node && x.from.port === p.port)
      const c = flags.cause[p.reg]
      return { wire: w?.id ?? null, text: causeText(flags.causes[c >= 0 ? c : 0]), flag: flagOfRegister(p.reg, p.slot)! }
    }
    return null
  })

  /** A wire's source port: its value, tangents and total adjoint (the sum over all the wires it feeds). */
  function portResult(wireId: string): WireView | null {
    const r = wire(wireId)
    if (!r || !evaluator || !schedule) return r
    const w = schedule.wires.get(wireId)!
    if (w.slot < 0) return r
    if (!schedule.arrays) return { ...r, adjoint: evaluator.A[w.slot] }
    const at = schedule.arrays.slotAt[w.slot]
    if (!r.array) return { ...r, adjoint: evaluator.A[at] }
    return { ...r, array: { ...r.array, adjoint: evaluator.A.slice(at, at + r.array.values.length) } }
  }

  function blockValue(blockId: string, port: string): number | null {
    track(version)
    const b = scheduledBlocks.get(blockId)
    const o = b?.outputs.find((x) => x.port === port)
    return o && evaluator ? evaluator.R[o.reg] : null
  }

  /**
   * Output values and their derivatives for the front panel: tangents per direction. An array output has
   * them element by element in `array` (and NaN, no tangents, above).
   */
  function outputResult(outputId: string): { value: number; tangents: number[]; array?: { values: Float64Array; tangents: Float64Array[] } } | null {
    track(version)
    if (!evaluator || !schedule) return null
    const i = schedule.outputs.findIndex((o) => o.id === outputId)
    if (i < 0) return null
    const ev = evaluator
    const k = ev.k
    const first = firstElements(schedule.outputs)[i]
    const n = schedule.outputs[i].length
    if (n === SCALAR) return { value: ev.output(first), tangents: Array.from({ length: k }, (_, j) => ev.outputTangent(first, j)) }
    return {
      value: NaN, tangents: [],
      array: {
        values: Float64Array.from({ length: n }, (_, el) => ev.output(first + el)),
        tangents: Array.from({ length: k }, (_, j) => Float64Array.from({ length: n }, (_, el) => ev.outputTangent(first + el, j))),
      },
    }
  }

  /**
   * ∂(seeded output)/∂input for every input, from the last reverse sweep (none when it cannot run): a number,
   * or for an array input its elements.
   */
  function inputAdjoints(): Map<string, number | Float64Array> {
    track(version)
    const m = new Map<string, number | Float64Array>()
    if (!evaluator || !schedule || !adjointsKnown) return m
    const ev = evaluator
    const firsts = firstElements(schedule.inputs)
    schedule.inputs.forEach((t, i) => {
      const first = firsts[i]
      m.set(t.id, t.length === SCALAR ? ev.inputAdjoint(first) : Float64Array.from({ length: t.length }, (_, el) => ev.inputAdjoint(first + el)))
    })
    return m
  }

  let notesByBlock = new Map<string, BlockNote[]>()

  /** The same empty array for every quiet block, so that a sweep re-renders only the blocks with notes. */
  function blockNotes(blockId: string): readonly BlockNote[] {
    track(notesVersion)
    return notesByBlock.get(blockId) ?? NO_NOTES
  }

  let notesKey = ''

  function setNotes(list: BlockNote[]): void {
    const key = list.map((n) => `${n.block} ${n.kind} ${n.message}`).join('\n')
    if (key === notesKey) return
    notesKey = key
    notesVersion.value++
    notesByBlock = new Map()
    for (const n of list) {
      const mine = notesByBlock.get(n.block)
      if (mine) mine.push(n)
      else notesByBlock.set(n.block, [n])
    }
    notes.value = list
  }

  /** How a wire is drawn, as one string, so that a sweep that leaves it alone re-renders nothing. */
  function wireStatus(id: string): 'boolean' | 'active' | 'inactive' | null {
    return wireStatuses.read(id)
  }

  const wireStatuses = cells((id): 'boolean' | 'active' | 'inactive' | null => {
    const w = schedule?.wires.get(id)
    if (!w || !evaluator) return null
    if (w.slot < 0) return 'boolean'
    return varied !== null && useful !== null && (varied[w.slot] === 1 || useful[w.slot] === 1) ? 'active' : 'inactive'
  })

  /** Whether a wire carries an array: it is drawn thicker. Changes only with a recompile. */
  function wireShape(id: string): 'array' | 'scalar' | null {
    return wireShapes.read(id)
  }

  const wireShapes = cells((id): 'array' | 'scalar' | null => {
    const w = schedule?.wires.get(id)
    return w ? (w.length === SCALAR ? 'scalar' : 'array') : null
  })

  /** The local partials of a block at the current point: ∂output/∂input, by port. */
  function blockPartials(blockId: string): { output: string; input: string; value: number }[] {
    track(version)
    if (!schedule || !evaluator) return []
    const b = scheduledBlocks.get(blockId)
    // A block with arrays has a partial per element, or none that is one number: the inspector's table shows arrays.
    if (!b || b.io || b.outputs.some((o) => o.length !== SCALAR) || b.inputs.some((i) => i.length !== SCALAR)) return []
    const out: { output: string; input: string; value: number }[] = []
    // The wires into this block, from the diagram (a block has a few; a diagram may have thousands).
    for (const into of schedule.diagram.wires) {
      if (into.to.node !== blockId) continue
      const w = schedule.wires.get(into.id)
      if (!w) continue
      for (const e of w.edges) {
        const node = nodeOfEdge(schedule, e)
        const port = b.outputs.find((o) => o.slot === node)?.port ?? ''
        out.push({ output: port, input: into.to.port, value: evaluator.R[schedule.edgePartial[e]] })
      }
    }
    return out
  }

  /** Central differences of a wire's value along each tangent direction, beside its tangents. */
  function wireFiniteDifferences(wireId: string, element = 0): { fd: number; ad: number; relError: number }[] {
    track(version)
    if (!schedule || !evaluator) return []
    const w = schedule.wires.get(wireId)
    if (!w || w.slot < 0 || element < 0 || element >= countOf(w.length)) return []
    const s = schedule
    const x = Array.from(evaluator.inputs.regs, (r) => evaluator!.R[r])
    const probe = new Evaluator(s)
    const valueAt = (point: number[]) => {
      probe.setInputs(point)
      probe.sweepValues(0)
      return probe.R[w.reg + element]
    }
    const dirs = directions(s)
    const result = wire(wireId)
    return dirs.map((v, j) => {
      const scale = Math.max(1, ...x.map(Math.abs))
      const h = Math.cbrt(Number.EPSILON) * scale
      const up = x.map((xi, i) => xi + h * v[i])
      const down = x.map((xi, i) => xi - h * v[i])
      const fd = (valueAt(up) - valueAt(down)) / (2 * h)
      const ad = (result?.array ? result.array.tangents[j]?.[element] : result?.tangents[j]) ?? NaN
      const err = Math.abs(ad - fd)
      const relError = err === 0 ? 0 : err / Math.max(Math.abs(ad), Math.abs(fd))
      return { fd, ad, relError }
    })
  }

  /** The largest relative error between AD and central differences over every output and input. */
  function checkAll(): { maxRelError: number; ok: boolean } | null {
    if (!schedule || !evaluator) return null
    const x = Array.from(evaluator.inputs.regs, (r) => evaluator!.R[r])
    const c = fdCheck(schedule, x)
    return { maxRelError: c.maxRelError, ok: c.ok }
  }

  /**
   * The tangent directions, flat (one number per input element): one per seeded input, or the one direction
   * the user typed. An array input is seeded on every element (all ones) or on the element chosen (e_i).
   */
  function directions(s: Schedule): number[][] {
    const along = (t: Schedule['inputs'][number], amount: number): number[] => {
      if (t.length === SCALAR) return [amount]
      const picked = seedElement.value[t.id]
      const chosen = picked !== undefined && picked < t.length ? picked : undefined
      return Array.from({ length: t.length }, (_, el) => (chosen === undefined || chosen === el ? amount : 0))
    }
    if (direction.value) return [s.inputs.flatMap((t) => along(t, direction.value![t.id] ?? 0))]
    return tangentInputs.map((id) => s.inputs.flatMap((t) => along(t, t.id === id ? 1 : 0)))
  }

  function sweep(d: Diagram): void {
    if (!schedule || !evaluator) return
    const t0 = performance.now()
    const s = schedule
    evaluator.setInputs(flatValues(d.inputs))
    evaluator.setParams(d)
    evaluator.sweepValues(1)
    const all = s.inputs.map((t) => t.id)
    tangentInputs = seeded.value === 'all' ? all : all.filter((id) => (seeded.value as string[]).includes(id))
    const dirs = directions(s)
    const k = Math.max(1, dirs.length)
    const seeds = new Float64Array(evaluator.inputCount * k)
    dirs.forEach((v, j) => v.forEach((vi, i) => (seeds[i * k + j] = vi)))
    evaluator.forward(seeds, k)
    if (dirs.length === 0) evaluator.k = 0
    const chosen = d.outputs.find((o) => o.id === reverseSeed.value) ?? d.outputs[0]
    const seedOutput = s.outputs.findIndex((o) => o.id === chosen?.id)
    adjointsKnown = seedOutput >= 0
    // An array output is seeded on every element: its adjoints are the gradient of the elements' sum.
    outputSeeds = s.outputs.flatMap((t, i) => new Array<number>(countOf(t.length)).fill(i === seedOutput ? 1 : 0))
    evaluator.reverse(outputSeeds)
    const firsts = firstElements(s.inputs)
    // An input is seeded when a direction moves any of its elements (read in place: this runs every sweep).
    const moves = (v: number[], from: number, n: number) => {
      for (let e = from; e < from + n; e++) if (v[e] !== 0) return true
      return false
    }
    const seededInputs = s.inputs.map((t, i) => dirs.some((v) => moves(v, firsts[i], countOf(t.length))))
    const act = activity(s, seededInputs, s.outputs.map((_, i) => i === seedOutput))
    const activityChanged = recompiled || !sameBytes(varied, act.varied) || !sameBytes(useful, act.useful)
    recompiled = false
    varied = act.varied
    useful = act.useful
    if (activityChanged) {
      wireStatuses.refresh()
      wireShapes.refresh()
      activityVersion.value++
    }
    setNotes(diagnose(evaluator))
    const next = flagValues(evaluator)
    const nextSeedFlagged = seedOutput >= 0 && (next.bits[s.outputs[seedOutput].reg] & FLAG_DERIVATIVE) !== 0
    // Which wires are flagged changes rarely; the words of a reason change with every value they quote. Only
    // a change of the first re-renders the flagged wires and blocks.
    const flagsChanged = recompiledFlags || !flags || !sameBytes(flags.bits, next.bits) || nextSeedFlagged !== seedFlagged
    const reasonsChanged = recompiledFlags || !flags || causesKey(flags) !== causesKey(next)
    recompiledFlags = false
    flags = next
    seedFlagged = nextSeedFlagged
    if (flagsChanged) {
      wireFlags.refresh()
      blockFlags.refresh()
      flagsVersion.value++
    }
    if (reasonsChanged) reasonsVersion.value++
    lastSweepMs.value = performance.now() - t0
    version.value++
  }

  function recompile(d: Diagram): void {
    recompiled = true
    recompiledFlags = true
    schedule = compile(d, { constantEdges: true, partial: true })
    evaluator = new Evaluator(schedule)
    scheduledBlocks = new Map(schedule.blocks.map((b) => [b.id, b]))
    flags = null
    problems.value = schedule.problems
  }

  /**
   * Starts following the document: recompiles on structural changes, re-sweeps on every change. createStores
   * calls it inside the stores' effect scope, so that dispose() stops it.
   */
  function followDocument(): void {
    watch(
      diagram,
      (d) => {
        if (!d) return
        const kind = lastChangeKind.value
        if (kind === 'structure' || kind === 'load' || !schedule || schedule.diagram.blocks.length !== d.blocks.length) recompile(d)
        if (schedule) sweep(d)
        else version.value++
      },
      { immediate: true },
    )
    watch([mode, seeded, direction, seedElement, reverseSeed], () => {
      const d = diagram.value
      if (d && schedule) sweep(d)
    })
  }

  return {
    mode, seeded, direction, seedElement, reverseSeed, version, activityVersion, notesVersion, flagsVersion, reasonsVersion, problems, brokenWires,
    brokenPorts, notes, lastSweepMs, firstFlag, currentSchedule, tangentInputIds, tangentLabels, wire, wireFlag, blockFlag, outputReason,
    wireReason, outputFlag, portResult, blockValue, outputResult, inputAdjoints, blockNotes, wireStatus, wireShape, blockPartials, wireFiniteDifferences,
    checkAll, followDocument,
  }
}
