import { afterAll, beforeAll } from 'vitest'
import { type Session, startSession } from './browser'

/**
 * The browser and server a test file shares: started before its first test and closed after its last. The
 * object stands for the session, so that a test passes it to openEditor as it is.
 */
export function sessionForFile(startTimeoutMs?: number): Session {
  let session: Session | undefined
  beforeAll(async () => {
    session = await startSession()
  }, startTimeoutMs)
  afterAll(async () => {
    await session?.close()
  })
  const current = (): Session => {
    if (!session) throw new Error('the session starts in beforeAll: use it inside a test')
    return session
  }
  return {
    get browser() {
      return current().browser
    },
    get server() {
      return current().server
    },
    close: () => current().close(),
  }
}
