import { describe, expect, it } from 'vitest'
import { computed, nextTick } from 'vue'
import { edits, formulaToDiagram } from '../../core'
import { apply, diagram, load } from '../../renderer/src/state/document'
import {
  blockFlag, blockNotes, brokenPorts, currentSchedule, direction, firstFlag, followDocument, inputAdjoints, mode, outputFlag, outputReason, outputResult,
  portResult, problems, reverseSeed, seeded, version, wire, wireFlag, wireReason, wireStatus,
} from '../../renderer/src/state/evaluation'
import { labelOwners } from '../../renderer/src/editor/labels'

// The evaluation store follows the document: a structural edit recompiles, a value edit only re-sweeps;
// seeds and the reverse seed choose the directions; every wire's results are readable by id. Expected
// numbers are the closed forms of f = x1·x2 + ln(x1²): ∂f/∂x1 = x2 + 2/x1, ∂f/∂x2 = x1.

followDocument()
const wireInto = (node: string, port = 'value') => diagram.value!.wires.find((w) => w.to.node === node && w.to.port === port)!.id
const settle = () => nextTick()

describe('the evaluation store', () => {
  it('evaluates the document and keeps the schedule across value edits', async () => {
    load(formulaToDiagram('x1*x2 + log(x1^2)', { values: { x1: 1.5, x2: 0.5 } }), null)
    await settle()
    const schedule = currentSchedule()
    expect(outputResult('o1')!.value).toBe(1.5609302162163288)
    expect(outputResult('o1')!.tangents).toEqual([1.8333333333333333, 1.5])
    const before = version.value
    apply(edits.setInputValue(diagram.value!, 'i1', 2))
    await settle()
    expect(version.value).toBeGreaterThan(before)
    expect(currentSchedule()).toBe(schedule) // a value edit re-sweeps the same schedule
    expect(outputResult('o1')!.value).toBe(2 * 0.5 + Math.log(4))
    expect(outputResult('o1')!.tangents).toEqual([0.5 + 1, 2])
    apply(edits.addBlock(diagram.value!, 'sin', { x: 0, y: 0 }))
    await settle()
    expect(currentSchedule()).not.toBe(schedule) // a structural edit recompiles
  })

  it('reads every wire: value, one tangent per seeded input, the branch adjoint and the source total', async () => {
    load(formulaToDiagram('x1*x2 + log(x1^2)', { values: { x1: 1.5, x2: 0.5 } }), null)
    await settle()
    const intoMul = wire(wireInto('b1', 'x'))! // x1 → Multiply
    expect(intoMul.value).toBe(1.5)
    expect(intoMul.tangents).toEqual([1, 0])
    expect(intoMul.adjoint).toBe(0.5) // ∂f through this branch: x2
    expect(portResult(wireInto('b1', 'x'))!.adjoint).toBe(1.8333333333333333) // x1's total
    expect(inputAdjoints().get('i2')).toBe(1.5)
    seeded.value = ['i2']
    await settle()
    expect(wire(wireInto('b1', 'x'))!.tangents).toEqual([0])
    expect(outputResult('o1')!.tangents).toEqual([1.5])
    direction.value = { i1: 1, i2: 1 }
    await settle()
    expect(outputResult('o1')!.tangents).toEqual([1.8333333333333333 + 1.5])
    direction.value = null
    seeded.value = 'all'
    mode.value = 'reverse'
    await settle()
  })

  it('seeds the output chosen for the reverse sweep', async () => {
    load(formulaToDiagram('r = hypot(x, y); t = atan2(y, x)', { values: { x: 3, y: 4 } }), null)
    await settle()
    expect(inputAdjoints().get('i1')).toBeCloseTo(0.6, 15) // ∂r/∂x = x/r
    reverseSeed.value = 'o2'
    await settle()
    expect(inputAdjoints().get('i1')).toBeCloseTo(-4 / 25, 15) // ∂θ/∂x = −y/r²
    reverseSeed.value = null
  })

  it('reports the reasons a half-built diagram cannot run, and runs again once it is wired', async () => {
    load(formulaToDiagram('x1*x2', { values: { x1: 2, x2: 3 } }), null)
    await settle()
    const w = wireInto('b1', 'y')
    apply(edits.removeWires(diagram.value!, [w]))
    await settle()
    expect(problems.value.map((p) => p.message)).toEqual(["input 'y' of Multiply b1 is not wired"])
    expect(outputResult('o1')).toBeNull()
    apply(edits.connect(diagram.value!, { node: 'i2', port: 'value' }, { node: 'b1', port: 'y' }))
    await settle()
    expect(problems.value).toEqual([])
    expect(outputResult('o1')!.value).toBe(6)
  })

  // A sweep must not make every wire and block of a large diagram re-render: what they read stays the
  // same object (or the same string) unless it really changed.
  it('keeps label places, quiet blocks’ notes and wire styles identical across a value edit', async () => {
    load(formulaToDiagram('x1*x2 + sqrt(x1)', { values: { x1: 4, x2: 3 } }), null)
    await settle()
    const owners = labelOwners.value
    const quiet = blockNotes('b1')
    const intoMul = wireInto('b1', 'x')
    expect(wireStatus(intoMul)).toBe('active')
    apply(edits.setInputValue(diagram.value!, 'i1', 9))
    await settle()
    expect(labelOwners.value).toBe(owners)
    expect(blockNotes('b1')).toBe(quiet)
    expect(outputResult('o1')!.value).toBe(9 * 3 + 3)
    apply(edits.renameTerminal(diagram.value!, 'i1', 'speed'))
    await settle()
    expect(labelOwners.value).not.toBe(owners)
    expect([...labelOwners.value.values()].map((p) => p.prefix)).toContain('speed')
    apply(edits.setInputValue(diagram.value!, 'i1', -1)) // sqrt(−1): a domain note on the sqrt block only
    await settle()
    const sqrt = diagram.value!.blocks.find((b) => b.primitive === 'sqrt')!.id
    expect(blockNotes(sqrt).map((n) => n.kind)).toEqual(['domain'])
    expect(blockNotes('b1')).toBe(quiet)
  })

  it('draws a wire faded when no seeded tangent reaches it and it reaches no seeded output', async () => {
    load(formulaToDiagram('r = x*y; t = sin(z)', { values: { x: 1, y: 2, z: 3 } }), null)
    await settle()
    const intoSin = diagram.value!.wires.find((w) => w.from.node === 'i3')!.id
    expect(wireStatus(intoSin)).toBe('active') // every input seeded: z carries a tangent
    seeded.value = ['i1']
    await settle()
    expect(wireStatus(intoSin)).toBe('inactive') // no tangent, and t is not the reverse sweep's output
    reverseSeed.value = 'o2'
    await settle()
    expect(wireStatus(intoSin)).toBe('active') // now its adjoint matters
    reverseSeed.value = null
    seeded.value = 'all'
  })

  // The seed example with Multiply's second input unwired: f cannot be computed, but ln(x1²) can, with its
  // tangents: x1² = 2.25 with ∂/∂x1 = 2·x1 = 3, ln(x1²) = ln 2.25 with ∂/∂x1 = 2/x1 = 4/3.
  it('evaluates what has complete inputs when one input is unwired, and gives the rest no value', async () => {
    load(formulaToDiagram('x1*x2 + log(x1^2)', { values: { x1: 1.5, x2: 0.5 } }), null)
    await settle()
    const d = diagram.value!
    const id = (primitive: string) => d.blocks.find((b) => b.primitive === primitive)!.id
    const out = (node: string) => d.wires.find((w) => w.from.node === node)!.id
    apply(edits.removeWires(d, [wireInto(id('mul'), 'y')]))
    await settle()
    expect(problems.value.map((p) => p.message)).toEqual([`input 'y' of Multiply ${id('mul')} is not wired`])
    expect(brokenPorts.value.has(`${id('mul')}.y`)).toBe(true)
    expect(wire(out(id('square')))).toMatchObject({ value: 2.25, tangents: [3, 0] })
    expect(wire(out(id('log')))!.value).toBe(Math.log(2.25))
    expect(wire(out(id('log')))!.tangents).toEqual([4 / 3, 0])
    expect(wire(out(id('mul')))).toBeNull() // Multiply does not run, nor Add after it
    expect(wire(out(id('add')))).toBeNull()
    expect(outputResult('o1')).toBeNull()
    expect(outputReason('o1')).toBe(`cannot be computed: input 'y' of Multiply ${id('mul')} is not wired`)
    // The reverse sweep seeds f, which has no value: there are no adjoints, rather than zeros.
    expect(inputAdjoints().size).toBe(0)
    expect(wire(out(id('log')))!.adjointKnown).toBe(false)
    expect(firstFlag.value).toBeNull()
  })

  // At x1 = 0, ln(x1²) = ln 0 = −∞ and f = −∞; ∂f/∂x1 reads 0.5 (x2: the infinite 2/x1 meets a zero tangent).
  it('flags ln(x1²) at x1 = 0, taints f and every derivative of f, and names the first flagged wire', async () => {
    load(formulaToDiagram('x1*x2 + log(x1^2)', { values: { x1: 0, x2: 0.5 } }), null)
    await settle()
    const d = diagram.value!
    const id = (primitive: string) => d.blocks.find((b) => b.primitive === primitive)!.id
    const out = (node: string) => d.wires.find((w) => w.from.node === node)!.id
    expect(outputResult('o1')!.value).toBe(-Infinity)
    expect(outputResult('o1')!.tangents[0]).toBe(0.5)
    expect(outputFlag('o1')).toBe('value')
    expect(wireFlag(out(id('log')))).toBe('value')
    expect(blockFlag(id('log'))).toBe('value')
    expect(wireFlag(out(id('square')))).toBe('derivative') // 0 is right, but ∂f/∂(x1²) = 1/0 is not finite
    expect(wireFlag(out('i1'))).toBe('derivative') // x1 = 0 is right; its adjoint ∂f/∂x1 = 0.5 is not
    expect(blockFlag(id('mul'))).toBe('derivative') // x1·x2 = 0 is right; its adjoint is a derivative of f = −∞
    expect(firstFlag.value).toEqual({ wire: out(id('log')), text: `Natural Logarithm ${id('log')}: logarithm of zero is −∞ (x = 0)`, flag: 'value' })
    expect(wireReason(out(id('log')))).toBe(`Natural Logarithm ${id('log')}: logarithm of zero is −∞ (x = 0)`)
    expect(wireReason(out('i1'))).toBe(`its adjoint is a derivative of f, flagged by Natural Logarithm ${id('log')}: logarithm of zero is −∞ (x = 0)`)
    apply(edits.setInputValue(diagram.value!, 'i1', 1.5))
    await settle()
    expect(firstFlag.value).toBeNull()
    expect(wireFlag(out(id('log')))).toBeNull()
    expect(outputFlag('o1')).toBeNull()
  })

  // √x2 hangs off x2 and feeds nothing: at x2 = 0 its slope 1/(2√0) is infinite, so the √ block is flagged
  // (derivative) while f and everything in it stays clean. Only the √ block's view is told.
  it('tells a wire or block of a change to its own flag only', async () => {
    load(formulaToDiagram('x1*x2 + log(x1^2)', { values: { x1: 1.5, x2: 0.5 } }), null)
    const added = edits.addBlock(diagram.value!, 'sqrt', { x: 400, y: 300 })
    const root = added.created[0]
    apply(added)
    apply(edits.connect(diagram.value!, { node: 'i2', port: 'value' }, { node: root, port: 'x' }))
    await settle()
    const mul = diagram.value!.blocks.find((b) => b.primitive === 'mul')!.id
    const runs = { mul: 0, root: 0 }
    const mulFlag = computed(() => (runs.mul++, blockFlag(mul)))
    const rootFlag = computed(() => (runs.root++, blockFlag(root)))
    expect([mulFlag.value, rootFlag.value]).toEqual([null, null])
    apply(edits.setInputValue(diagram.value!, 'i2', 0))
    await settle()
    expect([mulFlag.value, rootFlag.value]).toEqual([null, 'derivative'])
    expect(runs).toEqual({ mul: 1, root: 2 })
    apply(edits.setInputValue(diagram.value!, 'i1', 2)) // no flag changes: no one is told
    await settle()
    expect([mulFlag.value, rootFlag.value]).toEqual([null, 'derivative'])
    expect(runs).toEqual({ mul: 1, root: 2 })
  })
})
