import { describe, expect, it } from 'vitest'
import { compile, formulaToDiagram, gradient, hessian, jacobian, taylor } from '../../core'

// The two examples the core issue fixes, with values known independently (closed forms).

describe('the seed example f(x1, x2) = x1·x2 + log(x1²) at (1.5, 0.5)', () => {
  const s = compile(formulaToDiagram('x1*x2 + log(x1^2)'), { second: true })
  const x = [1.5, 0.5]

  it('has f = 1.5609302162163288 and gradient (1.8333333333333333, 1.5) in both modes', () => {
    for (const mode of ['forward', 'reverse'] as const) {
      const g = gradient(s, x, 0, mode)
      expect(g.value).toBe(1.5609302162163288)
      expect(g.gradient).toEqual([1.8333333333333333, 1.5])
    }
  })

  it('has Hessian [[-2/x1², 1], [1, 0]]', () => {
    const h = hessian(s, x)
    expect(h.hessian[0][0]).toBeCloseTo(-2 / 2.25, 15)
    expect(h.hessian[0][1]).toBe(1)
    expect(h.hessian[1][0]).toBe(1)
    expect(h.hessian[1][1]).toBe(0)
  })

  it('has k-th derivatives along x1 equal to 2(-1)^(k-1)(k-1)!/x1^k + [k=1]·x2', () => {
    const d = taylor(s, x, [1, 0], 8).derivatives[0]
    let fact = 1
    for (let k = 1; k <= 8; k++) {
      if (k > 1) fact *= k - 1
      const expected = (2 * (-1) ** (k - 1) * fact) / 1.5 ** k + (k === 1 ? 0.5 : 0)
      expect(Math.abs(d[k] - expected) / Math.abs(expected)).toBeLessThan(1e-13)
    }
  })
})

describe('Rosenbrock with three inputs at (0.1, 0.2, 0.3)', () => {
  const s = compile(formulaToDiagram('100*(x2 - x1^2)^2 + (1 - x1)^2 + 100*(x3 - x2^2)^2 + (1 - x2)^2'), { second: true })
  const x = [0.1, 0.2, 0.3]

  it('has gradient (-9.4, 15.6, 52)', () => {
    const expected = [-9.4, 15.6, 52]
    for (const mode of ['forward', 'reverse'] as const) {
      gradient(s, x, 0, mode).gradient.forEach((g, i) => expect(g).toBeCloseTo(expected[i], 13))
    }
  })

  it('has Hessian [[-66, -40, 0], [-40, 130, -80], [0, -80, 200]]', () => {
    expect(hessian(s, x).hessian).toEqual([[-66, -40, 0], [-40, 130, -80], [0, -80, 200]])
  })

  it('picks forward mode for a Jacobian with more outputs than inputs and reverse otherwise', () => {
    expect(jacobian(s, x).mode).toBe('reverse')
    const polar = compile(formulaToDiagram('r = sqrt(x^2 + y^2); theta = atan2(y, x)'))
    const j = jacobian(polar, [3, 4])
    expect(j.mode).toBe('forward')
    expect(j.rows[0][0]).toBeCloseTo(0.6, 15)
    expect(j.rows[1]).toEqual([-0.16, 0.12])
  })
})
