import { all, create, type BigNumber, type EvalFunction } from 'mathjs'

// Reference values computed outside DualWire: mathjs with 80-digit BigNumbers evaluates an independent
// transcription of each function, and central differences in that arithmetic give its derivatives.
// Truncation error ~h²: the gradient step 1e-25 leaves ~1e-50, the Hessian step 1e-20 ~1e-40, while the
// cancellation in the differences costs 25 and 40 of the 80 digits. Everything stays a BigNumber until a
// caller compares it with a double.

export const big = create(all, { number: 'BigNumber', precision: 80 })

export const GRADIENT_STEP = big.bignumber('1e-25')
export const HESSIAN_STEP = big.bignumber('1e-20')

/** The exact decimal value of a double (a double is m·2^e, so m·5^(−e)/10^(−e) has finitely many digits). */
export function exactDecimal(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`${x} is not finite`)
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, x)
  const bits = view.getBigUint64(0)
  const sign = bits >> 63n ? '-' : ''
  const biased = Number((bits >> 52n) & 0x7ffn)
  let mantissa = bits & ((1n << 52n) - 1n)
  let exponent: number
  if (biased === 0) {
    exponent = -1074
  } else {
    mantissa |= 1n << 52n
    exponent = biased - 1075
  }
  if (exponent >= 0) return sign + (mantissa << BigInt(exponent)).toString()
  const places = -exponent
  const digits = (mantissa * 5n ** BigInt(places)).toString().padStart(places + 1, '0')
  return `${sign}${digits.slice(0, digits.length - places)}.${digits.slice(digits.length - places)}`
}

/** The double x as an exact BigNumber: the reference is taken at the very point DualWire is given. */
export function exactBig(x: number): BigNumber {
  return big.bignumber(exactDecimal(x))
}

/** A function of named inputs with named outputs, each output a mathjs expression. */
export class Reference {
  private readonly compiled: EvalFunction[]

  constructor(readonly inputs: readonly string[], readonly outputs: readonly (readonly [name: string, mathjs: string])[]) {
    this.compiled = outputs.map(([, text]) => big.compile(text))
  }

  value(x: readonly BigNumber[]): BigNumber[] {
    const scope = new Map<string, BigNumber>(this.inputs.map((n, i) => [n, x[i]]))
    return this.compiled.map((c, o) => {
      const r: unknown = c.evaluate(scope)
      if (!big.isBigNumber(r) || !r.isFinite()) {
        throw new Error(`reference output ${this.outputs[o][0]} is not a finite real BigNumber at (${x.join(', ')}): ${String(r)}`)
      }
      return r
    })
  }

  private shifted(x: readonly BigNumber[], steps: readonly (readonly [index: number, step: BigNumber])[]): BigNumber[] {
    const y = [...x]
    for (const [i, h] of steps) y[i] = y[i].plus(h)
    return this.value(y)
  }

  /** gradient[output][input] by central differences: (f(x + h eᵢ) − f(x − h eᵢ)) / 2h. */
  gradient(x: readonly BigNumber[]): BigNumber[][] {
    const h = GRADIENT_STEP
    const columns = this.inputs.map((_, i) => {
      const up = this.shifted(x, [[i, h]])
      const down = this.shifted(x, [[i, h.neg()]])
      return up.map((u, o) => u.minus(down[o]).div(h.times(2)))
    })
    return this.outputs.map((_, o) => columns.map((col) => col[o]))
  }

  /**
   * hessian[output][i][j]: (f(x+h eᵢ+h eⱼ) − f(x+h eᵢ−h eⱼ) − f(x−h eᵢ+h eⱼ) + f(x−h eᵢ−h eⱼ)) / 4h² off the
   * diagonal, (f(x+h eᵢ) − 2 f(x) + f(x−h eᵢ)) / h² on it.
   */
  hessian(x: readonly BigNumber[]): BigNumber[][][] {
    const h = HESSIAN_STEP
    const n = this.inputs.length
    const m = this.outputs.length
    const result = Array.from({ length: m }, () => Array.from({ length: n }, () => new Array<BigNumber>(n)))
    const centre = this.value(x)
    for (let i = 0; i < n; i++) {
      const up = this.shifted(x, [[i, h]])
      const down = this.shifted(x, [[i, h.neg()]])
      for (let o = 0; o < m; o++) result[o][i][i] = up[o].minus(centre[o].times(2)).plus(down[o]).div(h.times(h))
      for (let j = i + 1; j < n; j++) {
        const pp = this.shifted(x, [[i, h], [j, h]])
        const pm = this.shifted(x, [[i, h], [j, h.neg()]])
        const mp = this.shifted(x, [[i, h.neg()], [j, h]])
        const mm = this.shifted(x, [[i, h.neg()], [j, h.neg()]])
        for (let o = 0; o < m; o++) {
          const e = pp[o].minus(pm[o]).minus(mp[o]).plus(mm[o]).div(h.times(h).times(4))
          result[o][i][j] = e
          result[o][j][i] = e
        }
      }
    }
    return result
  }
}

/**
 * Below this a reference is a true zero seen through the reference's own rounding: the second difference
 * divides 80-digit noise (~1e-80·|f|) by h² = 1e-40, so an entry that is exactly 0 comes out as ~1e-40. No
 * genuine entry of the tested functions is anywhere near this small.
 */
export const REFERENCE_ZERO = big.bignumber('1e-30')

/**
 * How far a double from DualWire is from an 80-digit reference: |a − r| / |r|, or the absolute |a − r| when
 * r is a true zero (|r| < REFERENCE_ZERO). NaN (which fails every comparison) when a is not a finite number.
 */
export function relativeError(a: number, r: BigNumber): number {
  if (!Number.isFinite(a)) return NaN
  const diff = exactBig(a).minus(r).abs()
  return (r.abs().lt(REFERENCE_ZERO) ? diff : diff.div(r.abs())).toNumber()
}
