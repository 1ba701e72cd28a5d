// A static server for dist/web on the loopback interface: the browser fallback of `npm start` and the
// page the end-to-end tests open in Chromium. Same files, types and policy as Electron's app:// handler
// (both use electron/webFiles.ts), so what runs in the browser is what runs in the app.
import { readFile, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mimeType, resolveWebPath, responseHeaders } from '../electron/webFiles'

/** Only this machine can connect; the server never listens on a network interface. */
export const LOOPBACK = '127.0.0.1'

export interface StaticServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string
  readonly port: number
  readonly server: Server
  close(): Promise<void>
}

function send(res: ServerResponse, status: number, type: string, body: Buffer | string | null, head = false): void {
  const headers: Record<string, string | number> = responseHeaders(type)
  if (body !== null) headers['Content-Length'] = Buffer.byteLength(body)
  res.writeHead(status, headers)
  res.end(head ? undefined : body ?? undefined)
}

async function handle(root: string, port: () => number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const text = 'text/plain; charset=utf-8'
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD')
    return send(res, 405, text, 'method not allowed')
  }
  // A page on another site can point a DNS name at 127.0.0.1 and read the answers as its own origin;
  // answering only to our own host names stops that.
  const host = req.headers.host ?? ''
  if (host !== `${LOOPBACK}:${port()}` && host !== `localhost:${port()}`) return send(res, 421, text, 'wrong host')
  // The raw target, not `new URL(target, base)`, which would read `//x/y` as the host x.
  const target = req.url ?? ''
  const file = resolveWebPath(root, target.split(/[?#]/, 1)[0] ?? '')
  const head = req.method === 'HEAD'
  if (file === null) return send(res, 404, text, 'not found', head)
  try {
    if (!(await stat(file)).isFile()) return send(res, 404, text, 'not found', head) // no directory listings
    send(res, 200, mimeType(file), await readFile(file), head)
  } catch {
    send(res, 404, text, 'not found', head)
  }
}

/** Serves `root` on 127.0.0.1; port 0 (the default) takes any free port. */
export async function serveStatic(root: string, options: { port?: number } = {}): Promise<StaticServer> {
  let port = options.port ?? 0
  const server = createServer((req, res) => {
    handle(root, () => port, req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error')
      else res.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port
  return {
    url: `http://${LOOPBACK}:${port}/`,
    port,
    server,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()))
      server.closeAllConnections()
    }),
  }
}
