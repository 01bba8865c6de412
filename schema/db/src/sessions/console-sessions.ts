import { createHash, randomBytes } from 'node:crypto'
import { and, eq, gt, isNull } from 'drizzle-orm'
import type { Database } from '../create-db.ts'
import { apiTokens, parties } from '../tables/config.ts'
import { consoleSessions } from '../tables/console-sessions.ts'
import { API_TOKEN_ROLES, type ApiTokenRecord, type ApiTokenRole } from '../tokens/api-tokens.ts'

/** How long a session lives: idleMs after its last use, absoluteMs after it was opened, whichever is first. */
export type SessionLimits = { idleMs: number; absoluteMs: number }
export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  idleMs: 12 * 3600_000,
  absoluteMs: 7 * 24 * 3600_000,
}

/** last_seen_at is written at most this often per session: a request in between costs no write. */
const TOUCH_EVERY_MS = 60_000

const hashSessionId = (sessionId: string) =>
  createHash('sha256').update(sessionId, 'utf8').digest('hex')

/** Opens a session for a live token; returns the opaque id the cookie carries (shown once, stored hashed). */
export async function openConsoleSession(
  db: Database,
  tokenId: string,
  now: Date,
  limits: SessionLimits = DEFAULT_SESSION_LIMITS
): Promise<{ sessionId: string; expiresAt: Date }> {
  const sessionId = randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + limits.absoluteMs)
  await db.insert(consoleSessions).values({
    sessionHash: hashSessionId(sessionId),
    tokenId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
  })
  return { sessionId, expiresAt }
}

/**
 * The token record behind a live session, or null when the session is unknown, ended, past either
 * limit, or its token was revoked. Marks the session used (at most once a minute).
 */
export async function findConsoleSession(
  db: Database,
  sessionId: string,
  now: Date,
  limits: SessionLimits = DEFAULT_SESSION_LIMITS
): Promise<ApiTokenRecord | null> {
  const [row] = await db
    .select({
      sessionId: consoleSessions.id,
      lastSeenAt: consoleSessions.lastSeenAt,
      id: apiTokens.id,
      name: apiTokens.name,
      role: apiTokens.role,
      partyId: apiTokens.partyId,
    })
    .from(consoleSessions)
    .innerJoin(apiTokens, eq(apiTokens.id, consoleSessions.tokenId))
    .where(
      and(
        eq(consoleSessions.sessionHash, hashSessionId(sessionId)),
        isNull(consoleSessions.endedAt),
        gt(consoleSessions.expiresAt, now),
        gt(consoleSessions.lastSeenAt, new Date(now.getTime() - limits.idleMs)),
        isNull(apiTokens.revokedAt)
      )
    )
  if (!row || !API_TOKEN_ROLES.includes(row.role as ApiTokenRole)) return null
  if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await db
      .update(consoleSessions)
      .set({ lastSeenAt: now })
      .where(eq(consoleSessions.id, row.sessionId))
  }
  return { id: row.id, name: row.name, role: row.role as ApiTokenRole, partyId: row.partyId }
}

/** Ends a session server-side; true when it was live. The cookie stops working everywhere. */
export async function endConsoleSession(
  db: Database,
  sessionId: string,
  now: Date
): Promise<boolean> {
  const rows = await db
    .update(consoleSessions)
    .set({ endedAt: now })
    .where(
      and(
        eq(consoleSessions.sessionHash, hashSessionId(sessionId)),
        isNull(consoleSessions.endedAt)
      )
    )
    .returning({ id: consoleSessions.id })
  return rows.length > 0
}

/** A party's slug and name, as the console's header shows a VENDOR viewer's party; null when unknown. */
export async function findPartyLabel(
  db: Database,
  partyId: string
): Promise<{ slug: string; name: string } | null> {
  const [row] = await db
    .select({ slug: parties.slug, name: parties.name })
    .from(parties)
    .where(eq(parties.id, partyId))
  return row ?? null
}
