import { createHash, timingSafeEqual } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { ServiceError } from '../app/service-error.ts'

const digest = (s: string) => createHash('sha256').update(s).digest()

/** Bearer-token guard of the admin routes; without a configured token they do not exist. */
export function requireAdmin(token: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (!token) throw new ServiceError('NOT_FOUND', 'no such route')
    const given = c.req.header('authorization')?.match(/^Bearer (.+)$/i)?.[1] ?? ''
    if (!timingSafeEqual(digest(given), digest(token)))
      throw new ServiceError('UNAUTHENTICATED', 'admin bearer token required')
    await next()
  }
}
