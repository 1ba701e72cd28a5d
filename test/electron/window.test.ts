import { describe, expect, it } from 'vitest'
import {
  type GuardedContents, type GuardedSession, hardenSession, hardenWebContents, mainWindowOptions, type PreventableEvent,
  secureWebPreferences,
} from '../../electron/window'

describe('webPreferences', () => {
  it('isolates, sandboxes and keeps Node out of the renderer, its workers and frames', () => {
    const prefs = secureWebPreferences('/app/dist/electron/preload.cjs', { devTools: false })
    expect(prefs).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      devTools: false,
    })
    expect(prefs).not.toHaveProperty('enableBlinkFeatures')
    expect(prefs).not.toHaveProperty('additionalArguments')
  })

  it('opens DevTools only when asked (unpackaged builds)', () => {
    expect(secureWebPreferences('/p', { devTools: true }).devTools).toBe(true)
  })

  it('the window uses exactly these preferences and shows itself only when painted', () => {
    const options = mainWindowOptions('/p.cjs', { devTools: false })
    expect(options.webPreferences).toEqual(secureWebPreferences('/p.cjs', { devTools: false }))
    expect(options.show).toBe(false)
  })
})

describe('webContents hardening', () => {
  function fakeContents() {
    const listeners = new Map<string, (event: PreventableEvent, ...rest: unknown[]) => void>()
    let openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null
    const contents: GuardedContents = {
      on: (event, listener) => listeners.set(event, listener),
      setWindowOpenHandler: (handler) => {
        openHandler = handler
      },
    }
    const logged: string[] = []
    hardenWebContents(contents, (m) => void logged.push(m))
    return { listeners, openWindow: (url: string) => openHandler?.({ url }), logged }
  }

  function fire(listener: ((event: PreventableEvent, ...rest: unknown[]) => void) | undefined, ...rest: unknown[]): boolean {
    let prevented = false
    listener?.({ preventDefault: () => void (prevented = true) }, ...rest)
    return prevented
  }

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview'])('prevents %s, wherever it goes', (name) => {
    const { listeners } = fakeContents()
    expect(fire(listeners.get(name), 'https://evil.example/')).toBe(true)
    expect(fire(listeners.get(name), 'app://dualwire/index.html')).toBe(true)
    expect(fire(listeners.get(name), 'file:///etc/passwd')).toBe(true)
  })

  it('denies every window.open and logs where it tried to go', () => {
    const { openWindow, logged } = fakeContents()
    expect(openWindow('https://evil.example/')).toEqual({ action: 'deny' })
    expect(openWindow('app://dualwire/index.html')).toEqual({ action: 'deny' })
    expect(logged).toEqual(['blocked new window to https://evil.example/', 'blocked new window to app://dualwire/index.html'])
  })

  it('logs blocked navigations with their target', () => {
    const { listeners, logged } = fakeContents()
    fire(listeners.get('will-navigate'), { url: 'https://evil.example/x' })
    expect(logged).toEqual(['blocked navigation to https://evil.example/x'])
  })
})

describe('session hardening', () => {
  function fakeSession() {
    const handlers: {
      request?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void
      check?: (contents: unknown, permission: string) => boolean
      device?: (details: unknown) => boolean
      download?: (event: PreventableEvent) => void
    } = {}
    const session: GuardedSession = {
      setPermissionRequestHandler: (h) => void (handlers.request = h),
      setPermissionCheckHandler: (h) => void (handlers.check = h),
      setDevicePermissionHandler: (h) => void (handlers.device = h),
      on: (_event, listener) => void (handlers.download = listener),
    }
    hardenSession(session, () => undefined)
    return handlers
  }

  const permissions = ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write',
    'display-capture', 'hid', 'serial', 'usb', 'fullscreen', 'pointerLock', 'openExternal', 'unknown']

  it.each(permissions)('refuses the permission request %s', (permission) => {
    const handlers = fakeSession()
    const answers: boolean[] = []
    handlers.request?.({}, permission, (granted) => void answers.push(granted))
    expect(answers).toEqual([false])
  })

  it('answers every permission check and device check with false', () => {
    const handlers = fakeSession()
    expect(permissions.map((p) => handlers.check?.({}, p))).toEqual(permissions.map(() => false))
    expect(handlers.device?.({ deviceType: 'usb' })).toBe(false)
  })

  it('cancels downloads', () => {
    const handlers = fakeSession()
    let prevented = false
    handlers.download?.({ preventDefault: () => void (prevented = true) })
    expect(prevented).toBe(true)
  })
})
