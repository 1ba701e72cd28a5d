// The renderer's cage. The renderer shows diagrams from files anyone may send the user, so it is treated
// like a web page: no Node, its own JavaScript world apart from the preload's, the OS sandbox, and no
// way to leave app:// (navigation, new windows, webviews, downloads) or reach devices (permissions).
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron'

export function secureWebPreferences(preload: string, options: { devTools: boolean }): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    enableWebSQL: false,
    // Dropping a file onto the window would navigate to it, out of app:// and past the preload.
    navigateOnDragDrop: false,
    safeDialogs: true,
    // Chromium's spell checker fetches dictionaries from Google on Windows and Linux; diagrams need none.
    spellcheck: false,
    devTools: options.devTools,
  }
}

export function mainWindowOptions(preload: string, options: { devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    title: 'DualWire',
    // Shown on 'ready-to-show', so the user never sees an empty white frame.
    show: false,
    backgroundColor: '#f4f4f2',
    webPreferences: secureWebPreferences(preload, options),
  }
}

export interface PreventableEvent {
  preventDefault(): void
}

/** The parts of Electron's WebContents the hardening touches. */
export interface GuardedContents {
  on(
    event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect' | 'will-attach-webview',
    listener: (event: PreventableEvent, ...rest: unknown[]) => void,
  ): unknown
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
}

/** Applied to every webContents the app creates, so a window added later cannot forget it. */
export function hardenWebContents(contents: GuardedContents, log: (message: string) => void): void {
  // The page is loaded once by main with loadURL, which emits none of these; anything the page starts
  // itself (a link, a form, location.href, a redirect) would take it off app:// and is stopped.
  const deny = (what: string) => (event: PreventableEvent, ...rest: unknown[]): void => {
    event.preventDefault()
    log(`blocked ${what}${describe(rest[0])}`)
  }
  contents.on('will-navigate', deny('navigation'))
  contents.on('will-frame-navigate', deny('frame navigation'))
  contents.on('will-redirect', deny('redirect'))
  contents.on('will-attach-webview', deny('webview'))
  contents.setWindowOpenHandler((details) => {
    log(`blocked new window${describe(details.url)}`)
    return { action: 'deny' }
  })
}

function describe(value: unknown): string {
  if (typeof value === 'string') return ` to ${value.slice(0, 200)}`
  if (typeof value === 'object' && value !== null && 'url' in value && typeof value.url === 'string') {
    return ` to ${value.url.slice(0, 200)}`
  }
  return ''
}

/** The parts of Electron's Session the hardening touches. */
export interface GuardedSession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void
  on(event: 'will-download', listener: (event: PreventableEvent) => void): unknown
}

/**
 * Every permission (camera, microphone, location, notifications, clipboard reading, HID, serial, USB…)
 * is refused, asked for or merely checked; DualWire needs none. Downloads are refused because files are
 * written only by main, to paths the user chose in main's dialogs.
 */
export function hardenSession(session: GuardedSession, log: (message: string) => void): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log(`refused permission ${permission}`)
    callback(false)
  })
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
  session.on('will-download', (event) => {
    event.preventDefault()
    log('refused a download')
  })
}
