import { type Diagram, formulaToDiagram, type Value } from '../../core'

// The built-in diagrams: the seed example opens by default; the rest are in the Examples menu.

interface Example {
  id: string
  title: string
  build: () => Diagram
}

function fromFormula(title: string, formula: string, values: Record<string, Value>, ranges: Record<string, [number, number]> = {}): Diagram {
  const d = formulaToDiagram(formula, { title, values })
  for (const t of d.inputs) {
    const r = ranges[t.name]
    if (r) d.layout.ranges[t.id] = { min: r[0], max: r[1] }
  }
  return d
}

/** f(x1, x2) = x1·x2 + log(x1²), laid out as in the design mock-up. */
function seed(): Diagram {
  const d = fromFormula('Seed example: f(x1, x2) = x1·x2 + log(x1²)', 'x1*x2 + log(x1^2)', { x1: 1.5, x2: 0.5 }, { x1: [0.1, 4], x2: [-2, 2] })
  const place: Record<string, [number, number]> = { x1: [0, 40], x2: [0, 240], mul: [230, 222], square: [230, 20], log: [410, 20], add: [590, 130], f: [700, 122] }
  for (const t of d.inputs) d.layout.positions[t.id] = { x: place[t.name][0], y: place[t.name][1] }
  for (const t of d.outputs) d.layout.positions[t.id] = { x: place.f[0], y: place.f[1] }
  for (const b of d.blocks) {
    const p = place[b.primitive]
    if (p) d.layout.positions[b.id] = { x: p[0], y: p[1] }
  }
  return d
}

export const EXAMPLES: Example[] = [
  { id: 'seed', title: 'Seed example: x1·x2 + log(x1²)', build: seed },
  {
    id: 'rosenbrock',
    title: 'Rosenbrock (three inputs)',
    build: () => fromFormula('Rosenbrock', '100*(x2 - x1^2)^2 + (1 - x1)^2 + 100*(x3 - x2^2)^2 + (1 - x2)^2', { x1: 0.1, x2: 0.2, x3: 0.3 }, { x1: [-2, 2], x2: [-2, 2], x3: [-2, 2] }),
  },
  {
    id: 'polar',
    title: 'Polar coordinates (two outputs: a Jacobian)',
    build: () => fromFormula('Polar coordinates', 'r = hypot(x, y); theta = atan2(y, x)', { x: 3, y: 4 }, { x: [-5, 5], y: [-5, 5] }),
  },
  {
    id: 'trig',
    title: 'Trigonometric chain',
    build: () => fromFormula('Trigonometric chain', 'f = sin(cos(tan(x) * y)) + atan2(sin(x), cos(y))', { x: 0.3, y: 1.2 }, { x: [-1.5, 1.5], y: [-3, 3] }),
  },
  {
    id: 'kinks',
    title: 'A function with kinks (abs, max, select)',
    build: () => fromFormula('Kinks', 'f = abs(x) + max(x, y) + select(x > 0, sqrt(x), 0)', { x: 0, y: 0 }, { x: [-2, 2], y: [-2, 2] }),
  },
  { id: 'rosenbrock-arrays', title: 'Rosenbrock, 1,000 variables (arrays)', build: rosenbrockArrays },
  { id: 'bar', title: 'Discretised bar: heat flux (arrays)', build: bar },
  { id: 'least-squares', title: 'Least squares: a line through 50 points (arrays)', build: leastSquares },
]

/**
 * Array labels are wider than a number's: the formula's layout, drawn for numbers, is spread out
 * sideways so that neighbouring labels do not overlap.
 */
function spread(d: Diagram, factor: number): Diagram {
  for (const p of Object.values(d.layout.positions)) p.x = Math.round(p.x * factor)
  return d
}

/** n evenly spaced numbers from a to b. */
const ramp = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => a + (i * (b - a)) / (n - 1))

/** The extended Rosenbrock function of 1,000 variables: x is a point on the diagonal band, s scales it. */
function rosenbrockArrays(): Diagram {
  const x = ramp(-1, 1, 1000).map((v) => 0.5 + 0.5 * v * v)
  return spread(fromFormula('Rosenbrock, 1,000 variables as arrays', 'let y = s * x\nf = sum(100 * (y[1:] - y[:-1]^2)^2 + (1 - y[:-1])^2)', { s: 1, x }, { s: [0, 2] }), 1.8)
}

/**
 * A bar discretised into 11 nodes of temperature T, dx apart, of conductivity k: the heat flux between
 * neighbours (Fourier's law by finite differences), and the net heat flowing into the inner nodes.
 */
function bar(): Diagram {
  const T = ramp(0, 1, 11).map((t) => 300 + 80 * t * t)
  return spread(fromFormula('Discretised bar: heat flux by finite differences', 'flux = -k * (T[1:] - T[:-1]) / dx\nheat_in = sum(k * (T[2:] - 2 * T[1:-1] + T[:-2]) / dx)', { T, k: 50, dx: 0.1 }, { k: [1, 100], dx: [0.01, 1] }), 1.8)
}

/** The mean squared error of the line a·x + b through 50 points: its gradient is the normal equations'. */
function leastSquares(): Diagram {
  const xs = ramp(0, 1, 50)
  const ys = xs.map((x, i) => 2 * x + 1 + 0.1 * Math.sin(7 * i))
  return spread(fromFormula('Least squares: a line through 50 points', 'E = mean((a * xs + b - ys)^2)', { a: 1.5, b: 0.5, xs, ys }, { a: [0, 4], b: [-1, 3] }), 1.8)
}

export function exampleDiagram(id: string): Diagram {
  return (EXAMPLES.find((e) => e.id === id) ?? EXAMPLES[0]).build()
}
