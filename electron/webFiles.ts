// The rules for serving the built renderer (dist/web), shared by the app:// protocol handler in the
// Electron main process and the development server of `npm start`, so the desktop app and the browser
// fallback send the same bytes with the same policy.
import { sep, resolve } from 'node:path'

/**
 * The same policy as the meta tag of renderer/index.html (a test compares them). Sent as a header too,
 * because a header applies before any byte of the page is parsed and also covers non-HTML responses.
 * 'wasm-unsafe-eval' lets the wire router compile libavoid's WebAssembly (our own file, from 'self');
 * it allows no eval of JavaScript.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'"

// Module scripts are refused unless served with a JavaScript MIME type, and `nosniff` below makes the
// browser hold us to every other type too; anything unlisted goes out as opaque bytes.
const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
}

export function mimeType(filePath: string): string {
  const dot = filePath.lastIndexOf('.')
  const slash = Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\'))
  const ext = dot > slash ? filePath.slice(dot).toLowerCase() : ''
  return MIME_TYPES[ext] ?? 'application/octet-stream'
}

/** Headers for every response, found or not: an error page is still a page the policy must cover. */
export function responseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
    'Referrer-Policy': 'no-referrer',
  }
}

/**
 * Maps a URL path onto a file under `root`, or null when the path could name anything outside it.
 * Percent-decoding happens here, after the URL parser has already removed literal `..` segments, so
 * `%2e%2e`, `%2f` and `%5c` are what this must catch; a drive letter (`C:`) would let `resolve` leave
 * the root on Windows. `/` is the index page; other directories are not listed (the caller finds no file).
 */
export function resolveWebPath(root: string, urlPath: string): string | null {
  if (!urlPath.startsWith('/')) return null
  const segments = urlPath.slice(1).split('/')
  if (segments.length === 1 && segments[0] === '') return resolve(root, 'index.html')
  const decoded: string[] = []
  for (const raw of segments) {
    let segment: string
    try {
      segment = decodeURIComponent(raw)
    } catch {
      return null
    }
    if (segment === '' || segment === '.' || segment === '..') return null
    if (/[/\\:\0]/.test(segment)) return null
    decoded.push(segment)
  }
  const base = resolve(root)
  const full = resolve(base, ...decoded)
  return full.startsWith(base + sep) ? full : null
}
