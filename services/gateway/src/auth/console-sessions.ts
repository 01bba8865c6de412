import { createHash } from 'node:crypto'
import { parse } from 'hono/utils/cookie'
import {
  DEFAULT_SESSION_LIMITS,
  endConsoleSession,
  findConsoleSession,
  openConsoleSession,
  type Database,
  type SessionLimits,
} from '@baton/db'
import { createLookupCache } from './lookup-cache.ts'
import { viewerOfToken, type Viewer } from './viewer.ts'

export const SESSION_COOKIE = 'baton_session'

/** The session id in a Cookie header, or null. */
export function sessionIdOf(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null
  const value = parse(cookieHeader, SESSION_COOKIE)[SESSION_COOKIE]
  return value && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null
}

const cacheKey = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex')

/**
 * The console's server-side sessions, each standing for the API token it was opened with. Live
 * sessions' viewers are kept for `maxAgeMs` like tokens': a session ended or a token revoked on
 * another replica stops working within that bound; here, at once (clear()).
 */
export function createConsoleSessions(
  db: Database,
  o: { now: () => Date; limits?: SessionLimits; maxAgeMs: number }
) {
  const limits = o.limits ?? DEFAULT_SESSION_LIMITS
  const cache = createLookupCache<Viewer>(o.maxAgeMs)
  return {
    limits,
    /** The viewer behind a live session, or null. */
    viewerOf: (sessionId: string) =>
      cache.get(cacheKey(sessionId), async () =>
        viewerOfToken(await findConsoleSession(db, sessionId, o.now(), limits))
      ),
    open: (viewer: Viewer) => openConsoleSession(db, viewer.tokenId, o.now(), limits),
    async end(sessionId: string) {
      cache.clear()
      return endConsoleSession(db, sessionId, o.now())
    },
    clear: cache.clear,
  }
}
export type ConsoleSessions = ReturnType<typeof createConsoleSessions>
