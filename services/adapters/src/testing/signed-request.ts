import { randomUUID } from 'node:crypto'
import { dialectOf } from '../dialects/registry.ts'
import type { Dialect } from '@baton/domain'

export type CanonicalBody = {
  type: string
  incident: { id?: string; vendorRef?: string }
  occurredAt: string
  actor?: { name?: string; email?: string }
  data?: Record<string, unknown>
}

/** A request init signed as the dialect's vendor would sign it. */
export function signedInit(
  dialect: Dialect,
  secret: string,
  body: unknown,
  o: { now?: Date; messageId?: string; headers?: Record<string, string> } = {}
): RequestInit & { headers: Record<string, string>; body: string } {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  const headers = {
    ...dialectOf(dialect).sign(
      secret,
      text,
      o.now ?? new Date(),
      o.messageId ?? `msg_${randomUUID()}`
    ),
    ...o.headers,
  }
  return { method: 'POST', headers, body: text }
}
