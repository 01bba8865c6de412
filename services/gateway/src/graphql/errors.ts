import { GraphQLError, type GraphQLErrorType } from './graphql-runtime.ts'

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'INTERNAL'
  | 'NOT_IMPLEMENTED'
  | 'DEADLINE_EXCEEDED'
  | 'UNAVAILABLE'
  | 'RATE_LIMITED'

const STATUS: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401 }

/** A client-facing error: its message and code pass the mask unchanged. */
export function gqlError(
  code: ErrorCode,
  message: string,
  extra: Record<string, unknown> = {}
): GraphQLErrorType {
  const status = STATUS[code]
  return new GraphQLError(message, {
    extensions: { code, ...extra, ...(status ? { http: { status } } : {}) },
  })
}

export const notFound = (what: string, id: string) =>
  gqlError('NOT_FOUND', `${what} ${id} not found`)
export const forbidden = (message: string) => gqlError('FORBIDDEN', message)
export const badInput = (message: string, field?: string) =>
  gqlError('BAD_USER_INPUT', message, field ? { field } : {})
export const conflict = (message: string, reason?: string) =>
  gqlError('CONFLICT', message, reason ? { reason } : {})
