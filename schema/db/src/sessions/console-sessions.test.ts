import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createHash } from 'node:crypto'
import { createTestDatabase, type TestDatabase } from '../testing/index.ts'
import { createApiToken, revokeApiToken } from '../tokens/api-tokens.ts'
import { endConsoleSession, findConsoleSession, openConsoleSession } from './console-sessions.ts'

let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
})
afterAll(() => t?.drop())

const H = 3600_000
const limits = { idleMs: 12 * H, absoluteMs: 7 * 24 * H }
const t0 = new Date('2026-03-06T20:00:00Z')
const at = (ms: number) => new Date(t0.getTime() + ms)

describe('console sessions', () => {
  it('keep only a hash of the session id and stand for their token', async () => {
    const token = await createApiToken(t.db, { name: 'ops', role: 'VIEWER' })
    const { sessionId, expiresAt } = await openConsoleSession(t.db, token.id, t0, limits)
    expect(expiresAt).toEqual(at(7 * 24 * H))
    const rows = await t.sql<
      { session_hash: string }[]
    >`select session_hash from console_sessions where token_id = ${token.id}`
    expect(rows).toEqual([{ session_hash: createHash('sha256').update(sessionId).digest('hex') }])
    expect(await findConsoleSession(t.db, sessionId, at(H), limits)).toEqual({
      id: token.id,
      name: 'ops',
      role: 'VIEWER',
      partyId: null,
    })
    expect(await findConsoleSession(t.db, `${sessionId}x`, at(H), limits)).toBeNull()
  })

  it('expire after 12 h without use, and 7 days after sign-in however busy', async () => {
    const token = await createApiToken(t.db, { name: 'idle', role: 'VIEWER' })
    const idle = await openConsoleSession(t.db, token.id, t0, limits)
    expect(await findConsoleSession(t.db, idle.sessionId, at(12 * H + 1), limits)).toBeNull()

    const busy = await openConsoleSession(t.db, token.id, t0, limits)
    // Used every 11 h: never idle long enough, yet the absolute bound ends it.
    for (let h = 11; h < 7 * 24; h += 11)
      expect(await findConsoleSession(t.db, busy.sessionId, at(h * H), limits)).not.toBeNull()
    expect(await findConsoleSession(t.db, busy.sessionId, at(7 * 24 * H), limits)).toBeNull()
  })

  it('end when signed out or when their token is revoked', async () => {
    const token = await createApiToken(t.db, { name: 'gone', role: 'ADMIN' })
    const a = await openConsoleSession(t.db, token.id, t0, limits)
    const b = await openConsoleSession(t.db, token.id, t0, limits)
    expect(await endConsoleSession(t.db, a.sessionId, at(1))).toBe(true)
    expect(await endConsoleSession(t.db, a.sessionId, at(2))).toBe(false)
    expect(await findConsoleSession(t.db, a.sessionId, at(3), limits)).toBeNull()
    expect(await findConsoleSession(t.db, b.sessionId, at(3), limits)).not.toBeNull()
    await revokeApiToken(t.db, token.id)
    expect(await findConsoleSession(t.db, b.sessionId, at(4), limits)).toBeNull()
    const ended =
      await t.sql`select 1 from console_sessions where token_id = ${token.id} and ended_at is null`
    expect(ended).toHaveLength(0)
  })
})
