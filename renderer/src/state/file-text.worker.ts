import { type Diagram, diagramFileText } from '../../../core'

// Writes a diagram's file text and reads it back, off the page's thread: at 3,000 blocks that is a task of
// about 0.1 s, which on the page would cost frames of whatever gesture the user is making.
self.onmessage = (e: MessageEvent<{ id: number; diagram: Diagram }>) => {
  self.postMessage({ id: e.data.id, file: diagramFileText(e.data.diagram) })
}
