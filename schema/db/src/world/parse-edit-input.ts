import { ServiceError } from '@baton/domain'

// Admin edits refuse bad input as a ServiceError BAD_USER_INPUT naming the field (see
// schema/domain/src/errors/service-error.ts); NOT_FOUND and CONFLICT come from the edits themselves.

/** Parses with a domain schema; the first issue becomes a BAD_USER_INPUT naming the field under `prefix`. */
type Schema<T> = {
  safeParse(
    v: unknown
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } }
}

export function parseInput<T>(schema: Schema<T>, value: unknown, prefix: string): T {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]!
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.')
  throw new ServiceError('BAD_USER_INPUT', `${field}: ${issue.message}`, { field })
}

export const badInput = (field: string, message: string) =>
  new ServiceError('BAD_USER_INPUT', `${field}: ${message}`, { field })
