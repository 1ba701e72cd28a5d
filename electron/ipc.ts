// The main process's side of the bridge. Every message is checked twice before a handler sees it: who
// sent it (only the main window's top frame, showing the app:// origin; an iframe, a navigated-away
// page or another window is refused) and what it carries (types, sizes, arity, no extra fields).
// A renderer compromised by a malicious diagram must not be able to do more than the UI could.
import { CHANNELS, type DualWireBridge } from './bridge'
import { MAX_FILE_BYTES } from './files'
import { isAppUrl } from './protocol'

export type InvokeName = 'openFile' | 'openRecent' | 'initialFile' | 'save' | 'saveAs' | 'exportModule' | 'recentFiles'
export type SendName = 'setDocumentState' | 'closeAfterSave' | 'newDocument' | 'restoreResult' | 'openResult' | 'backup'
export type ChannelName = InvokeName | SendName
type Bridge = Required<DualWireBridge>
export type ChannelArgs<N extends ChannelName> = Parameters<Bridge[N]>

export type InvokeHandlers = { [N in InvokeName]: (...args: ChannelArgs<N>) => ReturnType<Bridge[N]> }
export type SendHandlers = { [N in SendName]: (...args: ChannelArgs<N>) => void }

export const INVOKE_NAMES: readonly InvokeName[] =
  ['openFile', 'openRecent', 'initialFile', 'save', 'saveAs', 'exportModule', 'recentFiles']
export const SEND_NAMES: readonly SendName[] = ['setDocumentState', 'closeAfterSave', 'newDocument', 'restoreResult', 'openResult', 'backup']

/** Paths longer than any file system allows are not paths. */
export const MAX_PATH_CHARS = 4096
/** A file name; dialogs and file systems cap names at 255. */
export const MAX_NAME_CHARS = 255
export const MAX_TITLE_CHARS = 1024

class PayloadError extends Error {}

function arity(args: readonly unknown[], count: number): void {
  if (args.length !== count) throw new PayloadError(`expected ${count} argument(s), got ${args.length}`)
}

function string(value: unknown, what: string, maxChars: number): string {
  if (typeof value !== 'string') throw new PayloadError(`${what} must be a string`)
  if (value.length > maxChars) throw new PayloadError(`${what} is longer than ${maxChars} characters`)
  if (value.includes('\0')) throw new PayloadError(`${what} contains a NUL character`)
  return value
}

/** Document text: measured in UTF-8 bytes, as it will be on disk; the length test first is cheap. */
function documentText(value: unknown): string {
  if (typeof value !== 'string') throw new PayloadError('text must be a string')
  if (value.length > MAX_FILE_BYTES || Buffer.byteLength(value, 'utf8') > MAX_FILE_BYTES) {
    throw new PayloadError(`text is larger than ${MAX_FILE_BYTES} bytes`)
  }
  return value
}

function boolean(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') throw new PayloadError(`${what} must be a boolean`)
  return value
}

function documentState(value: unknown): { title: string; dirty: boolean } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PayloadError('state must be an object')
  }
  const keys = Object.keys(value).sort()
  if (keys.length !== 2 || keys[0] !== 'dirty' || keys[1] !== 'title') {
    throw new PayloadError('state must have exactly the fields title and dirty')
  }
  const { title, dirty } = value as { title: unknown; dirty: unknown }
  return { title: string(title, 'title', MAX_TITLE_CHARS), dirty: boolean(dirty, 'dirty') }
}

const VALIDATORS: { [N in ChannelName]: (args: readonly unknown[]) => ChannelArgs<N> } = {
  openFile: (a) => (arity(a, 0), []),
  initialFile: (a) => (arity(a, 0), []),
  recentFiles: (a) => (arity(a, 0), []),
  openRecent: (a) => (arity(a, 1), [string(a[0], 'path', MAX_PATH_CHARS)]),
  save: (a) => (arity(a, 1), [documentText(a[0])]),
  saveAs: (a) => (arity(a, 2), [documentText(a[0]), string(a[1], 'suggested name', MAX_NAME_CHARS)]),
  exportModule: (a) => (arity(a, 2), [documentText(a[0]), string(a[1], 'suggested name', MAX_NAME_CHARS)]),
  setDocumentState: (a) => (arity(a, 1), [documentState(a[0])]),
  closeAfterSave: (a) => (arity(a, 1), [boolean(a[0], 'saved')]),
  newDocument: (a) => (arity(a, 0), []),
  restoreResult: (a) => (arity(a, 1), [boolean(a[0], 'opened')]),
  openResult: (a) => (arity(a, 1), [boolean(a[0], 'opened')]),
  backup: (a) => (arity(a, 1), [a[0] === null ? null : documentText(a[0])]),
}

const NAME_OF_CHANNEL = new Map<string, ChannelName>(
  [...INVOKE_NAMES, ...SEND_NAMES].map((name) => [CHANNELS[name], name]),
)

export type Validated<N extends ChannelName> = { ok: true; name: N; args: ChannelArgs<N> } | { ok: false; reason: string }

export function validatePayload<N extends ChannelName>(name: N, args: readonly unknown[]): Validated<N> {
  try {
    return { ok: true, name, args: VALIDATORS[name](args) }
  } catch (error) {
    if (error instanceof PayloadError) return { ok: false, reason: error.message }
    throw error
  }
}

/** By wire name, as a message arrives; channels main only sends (menu commands) are unknown here. */
export function validateChannelPayload(channel: string, args: readonly unknown[]): Validated<ChannelName> {
  const name = NAME_OF_CHANNEL.get(channel)
  return name === undefined ? { ok: false, reason: `unknown channel ${JSON.stringify(channel.slice(0, 100))}` }
    : validatePayload(name, args)
}

/** The parts of Electron's WebFrameMain the sender check reads. */
export interface FrameLike {
  readonly url: string
  readonly parent: FrameLike | null
  readonly processId: number
  readonly routingId: number
}

/** The parts of IpcMainEvent / IpcMainInvokeEvent the sender check reads. */
export interface IpcEventLike {
  readonly sender: unknown
  readonly senderFrame: FrameLike | null
}

/** The main window as it is right now: its webContents and that webContents' top frame. */
export interface TrustedWindow {
  readonly contents: unknown
  readonly mainFrame: FrameLike
}

/** Null when the sender may talk to main, else why not. */
export function senderProblem(event: IpcEventLike, trusted: TrustedWindow | null): string | null {
  if (trusted === null) return 'the sender is not a DualWire window'
  if (event.sender !== trusted.contents) return 'the sender is not the window it claims to be'
  const frame = event.senderFrame
  // Null once the frame has navigated or been destroyed: nobody left to answer.
  if (frame === null) return 'the sending frame is gone'
  if (frame.parent !== null) return 'the sender is a subframe'
  // (processId, routingId) names one frame instance; a frame object alone may be recreated.
  if (frame.processId !== trusted.mainFrame.processId || frame.routingId !== trusted.mainFrame.routingId) {
    return 'the sender is not the main frame'
  }
  if (!isAppUrl(frame.url)) return 'the sender is not on the app:// origin'
  return null
}

/** The registration calls of Electron's ipcMain. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown
}

/** A DualWire window: who may speak for it, and what its calls do. */
export interface Route {
  trusted: TrustedWindow
  invoke: InvokeHandlers
  send: SendHandlers
}

export interface IpcDeps {
  /** The window whose webContents is `sender`, or null when it is none of DualWire's windows. */
  route(sender: unknown): Route | null
  log(message: string): void
}

/**
 * Registers one listener per channel. A refused invoke rejects the renderer's promise with a message that
 * names nothing of main's state; the reason goes to main's log only. A refused send is dropped.
 */
export function registerIpc(ipcMain: IpcMainLike, deps: IpcDeps): void {
  function admit<N extends ChannelName>(name: N, event: IpcEventLike, args: unknown[]): { route: Route; args: ChannelArgs<N> } | null {
    const route = deps.route(event.sender)
    const problem = senderProblem(event, route?.trusted ?? null)
    const checked = problem === null ? validatePayload(name, args) : { ok: false as const, reason: problem }
    if (checked.ok && route !== null) return { route, args: checked.args }
    deps.log(`refused ${CHANNELS[name]}: ${checked.ok ? 'no window' : checked.reason}`)
    return null
  }

  function bindInvoke<N extends InvokeName>(name: N): void {
    ipcMain.handle(CHANNELS[name], (event, ...args) => {
      const admitted = admit(name, event, args)
      if (admitted === null) throw new Error('DualWire refused this request')
      const handler: (...args: ChannelArgs<N>) => ReturnType<Bridge[N]> = admitted.route.invoke[name]
      return handler(...admitted.args)
    })
  }

  function bindSend<N extends SendName>(name: N): void {
    ipcMain.on(CHANNELS[name], (event, ...args) => {
      const admitted = admit(name, event, args)
      if (admitted === null) return
      const handler: (...args: ChannelArgs<N>) => void = admitted.route.send[name]
      handler(...admitted.args)
    })
  }

  INVOKE_NAMES.forEach(bindInvoke)
  SEND_NAMES.forEach(bindSend)
}
