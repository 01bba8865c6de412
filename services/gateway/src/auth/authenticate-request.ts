import type { ConsoleSessions } from './console-sessions.ts'
import { sessionIdOf } from './console-sessions.ts'
import { csrfRefusal } from './csrf.ts'
import { factsOfRequest, type OriginPolicy } from './request-origin.ts'
import type { TokenCache } from './token-cache.ts'
import type { Viewer } from './viewer.ts'

export type RequestAuth =
  { viewer: Viewer | null; refused?: undefined } | { viewer?: undefined; refused: string }

/**
 * The viewer of an HTTP request: an Authorization header decides alone (bearer tokens work as they
 * always did); otherwise the console's session cookie, after the CSRF check for unsafe methods.
 */
export function createRequestAuthenticator(
  tokens: TokenCache,
  sessions: ConsoleSessions,
  policy: OriginPolicy
) {
  return async (req: Request): Promise<RequestAuth> => {
    const authorization = req.headers.get('authorization')
    if (authorization !== null) return { viewer: await tokens.authenticate(authorization) }
    const sessionId = sessionIdOf(req.headers.get('cookie'))
    if (!sessionId) return { viewer: null }
    const refused = csrfRefusal(req.method, factsOfRequest(req), policy)
    if (refused) return { refused }
    return { viewer: await sessions.viewerOf(sessionId) }
  }
}
