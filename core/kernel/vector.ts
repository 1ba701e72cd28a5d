import { apply, Op } from './machine'

// The machine's instructions over whole arrays: how a row of the kernel language runs element by element.
// An instruction is nine words, `op, n, dst, a, a-stride, b, b-stride, c, c-stride`: it writes R[dst + i]
// for i < n from R[a + i·a-stride] …, so an operand of stride 0 is a scalar used for every element. Each
// instruction is one loop; the common arithmetic has a loop of its own and the rest call the scalar machine's
// `apply` per element, the same IEEE operation, so an array block computes each element to the bit as a
// scalar block would.

export const VECTOR_WORDS = 9

export function runVector(P: Int32Array, R: Float64Array): void {
  for (let k = 0; k < P.length; k += VECTOR_WORDS) {
    const n = P[k + 1]
    const d = P[k + 2]
    const a = P[k + 3]
    const sa = P[k + 4]
    const b = P[k + 5]
    const sb = P[k + 6]
    switch (P[k]) {
      case Op.add: for (let i = 0; i < n; i++) R[d + i] = R[a + i * sa] + R[b + i * sb]; break
      case Op.sub: for (let i = 0; i < n; i++) R[d + i] = R[a + i * sa] - R[b + i * sb]; break
      case Op.mul: for (let i = 0; i < n; i++) R[d + i] = R[a + i * sa] * R[b + i * sb]; break
      case Op.div: for (let i = 0; i < n; i++) R[d + i] = R[a + i * sa] / R[b + i * sb]; break
      case Op.neg: for (let i = 0; i < n; i++) R[d + i] = -R[a + i * sa]; break
      case Op.select: {
        const c = P[k + 7]
        const sc = P[k + 8]
        for (let i = 0; i < n; i++) R[d + i] = R[a + i * sa] !== 0 ? R[b + i * sb] : R[c + i * sc]
        break
      }
      default: {
        const op = P[k] as Op
        const c = P[k + 7]
        const sc = P[k + 8]
        for (let i = 0; i < n; i++) R[d + i] = apply(op, R[a + i * sa], R[b + i * sb], R[c + i * sc])
      }
    }
  }
}
