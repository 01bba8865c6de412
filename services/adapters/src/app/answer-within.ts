import type { MiddlewareHandler } from 'hono'
import { ServiceError } from './service-error.ts'

/**
 * A request still waiting on the store after `ms` is answered 503, never left hanging. Its work
 * may still commit: the vendor's retry then gets 200 and the same receipt, so nothing doubles.
 */
export function answerWithin(ms: number): MiddlewareHandler {
  return async (_c, next) => {
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ServiceError(
              'UNAVAILABLE',
              `no answer from the store within ${ms} ms; retry`,
              undefined,
              { 'retry-after': '5' }
            )
          ),
        ms
      )
    })
    try {
      await Promise.race([next(), late])
    } finally {
      clearTimeout(timer)
    }
  }
}
