import { ServiceError as BatonServiceError, type ServiceErrorCode } from '@baton/domain'

// The adapters' HTTP edge of schema/domain/src/errors/service-error.ts. create-adapters-app.ts's
// onError answers every ServiceError (the domain's, @baton/db's, this subclass) once, with the
// status of its code and `{ error: { code, message, ...details } }`.
export type { ServiceErrorCode }

export const STATUS_OF: Record<
  ServiceErrorCode,
  400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503
> = {
  BAD_REQUEST: 400,
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
}

/** The code an HTTP answer names: these routes call bad input BAD_REQUEST, as their OpenAPI says. */
export const httpCodeOf = (code: ServiceErrorCode) =>
  code === 'BAD_USER_INPUT' ? 'BAD_REQUEST' : code

/** The HTTP answer of any ServiceError: status, headers and the JSON error body. */
export function httpAnswerOf(error: BatonServiceError) {
  return {
    status: STATUS_OF[error.code],
    headers: error instanceof ServiceError ? (error.headers ?? {}) : {},
    body: { error: { code: httpCodeOf(error.code), message: error.message, ...error.details } },
  }
}

/**
 * A ServiceError with response headers (Retry-After), in the positional form the webhook intake
 * uses: `new ServiceError('NOT_FOUND', message, 'incident')`.
 */
export class ServiceError extends BatonServiceError {
  constructor(
    code: ServiceErrorCode,
    message: string,
    field?: string,
    readonly headers?: Record<string, string>,
    details?: Record<string, string>
  ) {
    super(code, message, { field, ...details })
  }
  get status() {
    return STATUS_OF[this.code]
  }
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
])

/** True when the error (or a cause of it) says Postgres cannot be reached right now. */
export function isStoreUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 6; depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true
    const errors = (e as { errors?: unknown }).errors
    if (Array.isArray(errors) && errors.some((x) => isStoreUnavailable(x))) return true
    e = (e as { cause?: unknown }).cause
  }
  return false
}

/** A Postgres data exception (class 22: bad encoding, out of range): bad input, never a 500. */
export function isDataError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 6; depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && code.startsWith('22')) return true
    e = (e as { cause?: unknown }).cause
  }
  return false
}
