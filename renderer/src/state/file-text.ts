import { type Diagram, diagramFileText, type FileText } from '../../../core'

// A diagram's checked file text (diagramFileText), made by a worker when the page has one, so that keeping
// a large diagram never blocks a frame; the page makes it itself where workers are missing (unit tests).

let worker: Worker | null | undefined
let nextId = 0
const waiting = new Map<number, (file: FileText) => void>()

/** What a worker that failed answers: the page then makes the text itself. */
const WORKER_FAILED: FileText = { ok: false, problems: [], message: 'worker failed' }

function start(): Worker | null {
  if (typeof Worker === 'undefined') return null
  try {
    const w = new Worker(new URL('./file-text.worker.ts', import.meta.url), { type: 'module' })
    w.onmessage = (e: MessageEvent<{ id: number; file: FileText }>) => {
      waiting.get(e.data.id)?.(e.data.file)
      waiting.delete(e.data.id)
    }
    // A worker that cannot start (a policy, a broken build) leaves the page to do the work itself.
    w.onerror = () => {
      worker = null
      for (const resolve of waiting.values()) resolve(WORKER_FAILED)
      waiting.clear()
    }
    return w
  } catch {
    return null
  }
}

export async function fileTextOffThread(d: Diagram): Promise<FileText> {
  if (worker === undefined) worker = start()
  if (worker === null) return diagramFileText(d)
  const id = ++nextId
  const file = await new Promise<FileText>((resolve) => {
    waiting.set(id, resolve)
    worker!.postMessage({ id, diagram: d })
  })
  return file === WORKER_FAILED ? diagramFileText(d) : file
}
