import type { EvaluationStore } from '../state/evaluation'

// Zoomed so far out that the nodes are plain boxes, every wire is on screen at once, and thousands of wire
// elements made each frame of a pan cost 50–100 ms. There the wires are drawn instead as one svg with a path
// per style (numbers, Booleans, inactive, broken), a pixel and a half wide at any zoom; it is redrawn only when
// the wires or their styles change, so a pan just moves it.

type Point = { x: number; y: number }

const STYLES = { active: '#e07b24', inactive: '#e9b98e', boolean: '#3c9a4a', broken: '#222' } as const
type Style = keyof typeof STYLES

const SVG = 'http://www.w3.org/2000/svg'

export class WireOverview {
  private readonly svg = document.createElementNS(SVG, 'svg')
  private readonly paths = new Map<Style, SVGPathElement>()
  stale = true

  constructor(
    holder: HTMLElement,
    private readonly evaluation: EvaluationStore,
  ) {
    this.svg.setAttribute('class', 'wire-overview')
    this.svg.setAttribute('data-testid', 'wire-overview')
    Object.assign(this.svg.style, { position: 'absolute', left: '0', top: '0', width: '1px', height: '1px', overflow: 'visible', pointerEvents: 'none', display: 'none' })
    for (const [style, colour] of Object.entries(STYLES) as [Style, string][]) {
      const path = document.createElementNS(SVG, 'path')
      path.setAttribute('fill', 'none')
      path.setAttribute('stroke', colour)
      path.setAttribute('stroke-width', '1.5')
      path.setAttribute('vector-effect', 'non-scaling-stroke')
      this.svg.appendChild(path)
      this.paths.set(style, path)
    }
    holder.prepend(this.svg)
  }

  show(visible: boolean): void {
    this.svg.style.display = visible ? '' : 'none'
  }

  /** Draws these wires (id and route) in their current styles. */
  draw(wires: Iterable<[string, Point[]]>): void {
    const { brokenWires, wireStatus } = this.evaluation
    const broken = brokenWires.value
    const d: Record<Style, string[]> = { active: [], inactive: [], boolean: [], broken: [] }
    for (const [id, route] of wires) {
      const style: Style = broken.has(id) ? 'broken' : (wireStatus(id) ?? 'active')
      d[style].push(`M${route.map((p) => `${p.x} ${p.y}`).join('L')}`)
    }
    for (const [style, path] of this.paths) path.setAttribute('d', d[style].join(''))
    this.stale = false
  }
}
