import { hashApiToken, type Database } from '@baton/db'
import { createLookupCache } from './lookup-cache.ts'
import { authenticate, bearerToken, type Viewer } from './viewer.ts'

export type TokenCache = {
  /** authenticate(), answered from memory for a token looked up within the bound */
  authenticate: (header: string | null | undefined) => Promise<Viewer | null>
  /** forgets every lookup (after a mutation here, which may have revoked a token) */
  clear: () => void
}

/** Live tokens' viewers kept by token hash for `maxAgeMs`: a token revoked elsewhere stops working within that bound. */
export function createTokenCache(db: Database, maxAgeMs: number): TokenCache {
  const cache = createLookupCache<Viewer>(maxAgeMs)
  return {
    authenticate(header) {
      const token = bearerToken(header)
      return token
        ? cache.get(hashApiToken(token), () => authenticate(db, header))
        : Promise.resolve(null)
    },
    clear: cache.clear,
  }
}
