import { hashApiToken, type Database } from '@baton/db'
import { authenticate, bearerToken, type Viewer } from './viewer.ts'

export type TokenCache = {
  /** authenticate(), answered from memory for a token looked up within the bound */
  authenticate: (header: string | null | undefined) => Promise<Viewer | null>
  /** forgets every lookup (after a mutation here, which may have revoked a token) */
  clear: () => void
}

const LIMIT = 10_000

/**
 * Live tokens' viewers kept by token hash for `maxAgeMs`, so a request costs no token statement: a token revoked
 * elsewhere stops working within that bound. Unknown and revoked tokens are not kept (a token
 * created a moment later works at once), and a lookup that overlapped a clear() is not kept.
 */
export function createTokenCache(db: Database, maxAgeMs: number): TokenCache {
  const known = new Map<string, { viewer: Viewer; at: number }>()
  let generation = 0
  return {
    async authenticate(header) {
      const token = bearerToken(header)
      if (!token || maxAgeMs <= 0) return authenticate(db, header)
      const key = hashApiToken(token)
      const hit = known.get(key)
      if (hit && performance.now() - hit.at < maxAgeMs) return hit.viewer
      const started = { at: performance.now(), generation }
      const viewer = await authenticate(db, header)
      if (!viewer) known.delete(key)
      else if (started.generation === generation) {
        if (known.size >= LIMIT) known.clear()
        known.set(key, { viewer, at: started.at })
      }
      return viewer
    },
    clear() { generation++; known.clear() },
  }
}
