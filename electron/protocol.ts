// The app:// protocol that serves the renderer. ES module scripts do not load over file:// (every file
// is its own opaque origin), and file:// would also grant the page read access to the whole disk; a
// privileged standard scheme gives the renderer one real origin that holds nothing but dist/web.
import { readFile, stat } from 'node:fs/promises'
import type { CustomScheme } from 'electron'
import { mimeType, resolveWebPath, responseHeaders } from './webFiles'

export const APP_SCHEME = 'app'
export const APP_HOST = 'dualwire'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/**
 * `standard` gives the scheme origins, relative URLs and cookies like https; `secure` makes it a
 * secure context; `supportFetchAPI` lets module scripts and workers be fetched. Deliberately absent:
 * `bypassCSP` (the policy must apply) and `corsEnabled` (no other origin may read from it).
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
}

/** Whether a URL is on the app's own origin; user info and ports would make look-alike origins. */
export function isAppUrl(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST &&
    parsed.username === '' && parsed.password === ''
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: responseHeaders('text/plain; charset=utf-8') })
}

/** The handler for `protocol.handle(APP_SCHEME, …)`: read-only files from `webRoot`, nothing else. */
export function createAppProtocolHandler(webRoot: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed')
    if (!isAppUrl(request.url)) return plain(404, 'not found')
    const file = resolveWebPath(webRoot, new URL(request.url).pathname || '/')
    if (file === null) return plain(404, 'not found')
    try {
      // A directory is not a page: without an explicit file there is no listing to fall back to.
      if (!(await stat(file)).isFile()) return plain(404, 'not found')
      const body = request.method === 'HEAD' ? null : await readFile(file)
      return new Response(body, { status: 200, headers: responseHeaders(mimeType(file)) })
    } catch {
      return plain(404, 'not found')
    }
  }
}
