// The part of libavoid-js's WebIDL glue that router.ts uses. The package's own typings are not where its
// package.json says, so its module is loaded untyped (worker.ts, the tests) and passed around as this.

type AvoidObject = any // eslint-disable-line @typescript-eslint/no-explicit-any
type Constructor = new (...args: any[]) => AvoidObject // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Avoid {
  Router: Constructor
  Point: Constructor
  Rectangle: Constructor
  ShapeRef: Constructor
  ShapeConnectionPin: Constructor
  ConnEnd: Constructor
  ConnRef: Constructor
  destroy(object: AvoidObject): void
  OrthogonalRouting: number
  ConnType_Orthogonal: number
  ConnDirLeft: number
  ConnDirRight: number
  segmentPenalty: number
  crossingPenalty: number
  fixedSharedPathPenalty: number
  shapeBufferDistance: number
  idealNudgingDistance: number
  nudgeOrthogonalSegmentsConnectedToShapes: number
  nudgeOrthogonalTouchingColinearSegments: number
  performUnifyingNudgingPreprocessingStep: number
  nudgeSharedPathsWithCommonEndPoint: number
}

/** Loads libavoid-js's module (its browser or its Node build) with its .wasm from `wasm`. */
export async function loadAvoid(module: { AvoidLib: { load(wasm?: string): Promise<void>; getInstance(): unknown } }, wasm: string): Promise<Avoid> {
  await module.AvoidLib.load(wasm)
  return module.AvoidLib.getInstance() as Avoid
}
