import { type Diagram, formulaToDiagram } from '../../core'

// The built-in diagrams: the seed example opens by default; the rest are in the Examples menu.

interface Example {
  id: string
  title: string
  build: () => Diagram
}

function fromFormula(title: string, formula: string, values: Record<string, number>, ranges: Record<string, [number, number]> = {}): Diagram {
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
]

export function exampleDiagram(id: string): Diagram {
  return (EXAMPLES.find((e) => e.id === id) ?? EXAMPLES[0]).build()
}
