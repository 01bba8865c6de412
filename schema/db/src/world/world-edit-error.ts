import type { WorldProblem } from '@baton/domain'

/**
 * An admin edit the world cannot take: bad input (with the field, and for a world the domain's
 * validateWorld refuses, every problem the edit would introduce), a conflict, or something absent.
 */
export class WorldEditError extends Error {
  constructor(
    readonly code: 'BAD_USER_INPUT' | 'CONFLICT' | 'NOT_FOUND',
    message: string,
    readonly field?: string,
    readonly problems?: WorldProblem[]
  ) {
    super(message)
  }
}

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
  throw new WorldEditError('BAD_USER_INPUT', `${field}: ${issue.message}`, field)
}

export const badInput = (field: string, message: string) =>
  new WorldEditError('BAD_USER_INPUT', `${field}: ${message}`, field)
