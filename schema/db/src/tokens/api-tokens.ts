import { createHash, randomBytes } from 'node:crypto'
import { and, asc, eq, isNull } from 'drizzle-orm'
import type { Database } from '../create-db.ts'
import { apiTokens, parties } from '../tables/config.ts'
import { consoleSessions } from '../tables/console-sessions.ts'

export const API_TOKEN_ROLES = ['ADMIN', 'INTEGRATOR', 'VIEWER', 'VENDOR'] as const
export type ApiTokenRole = (typeof API_TOKEN_ROLES)[number]
export type ApiTokenRecord = {
  id: string
  name: string
  role: ApiTokenRole
  partyId: string | null
}
export type CreatedApiToken = { id: string; token: string }

/** Only the sha256 of a token is stored; the token itself is shown once, at creation. */
export const hashApiToken = (token: string) =>
  createHash('sha256').update(token, 'utf8').digest('hex')

/** Creates a bearer token. VENDOR tokens must name their party; staff tokens must not. */
export async function createApiToken(
  db: Database,
  input: { name: string; role: ApiTokenRole; partyId?: string | null }
): Promise<CreatedApiToken> {
  if (!API_TOKEN_ROLES.includes(input.role))
    throw new RangeError(`role: unknown role '${input.role}'`)
  if (input.role === 'VENDOR' && !input.partyId)
    throw new RangeError('partyId: a VENDOR token needs a party')
  if (input.role !== 'VENDOR' && input.partyId)
    throw new RangeError('partyId: only VENDOR tokens belong to a party')
  const token = `bat_${randomBytes(24).toString('base64url')}`
  const [row] = await db
    .insert(apiTokens)
    .values({
      name: input.name,
      role: input.role,
      partyId: input.partyId ?? null,
      tokenHash: hashApiToken(token),
    })
    .returning({ id: apiTokens.id })
  return { id: row!.id, token }
}

/** The live (unrevoked) token with this value, or null. */
export async function findApiToken(db: Database, token: string): Promise<ApiTokenRecord | null> {
  const [row] = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      role: apiTokens.role,
      partyId: apiTokens.partyId,
    })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hashApiToken(token)), isNull(apiTokens.revokedAt)))
  if (!row || !API_TOKEN_ROLES.includes(row.role as ApiTokenRole)) return null
  return { ...row, role: row.role as ApiTokenRole }
}

/** Revokes a token and ends every console session opened with it, in one transaction. */
export async function revokeApiToken(db: Database, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const now = new Date()
    const rows = await tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id })
    await tx
      .update(consoleSessions)
      .set({ endedAt: now })
      .where(and(eq(consoleSessions.tokenId, id), isNull(consoleSessions.endedAt)))
    return rows.length > 0
  })
}

export type ApiTokenListing = ApiTokenRecord & {
  partySlug: string | null
  createdAt: Date
  revokedAt: Date | null
}

/** Every token (never its value: only the hash is stored), oldest first; revoked ones too when asked. */
export async function listApiTokens(
  db: Database,
  o: { includeRevoked?: boolean } = {}
): Promise<ApiTokenListing[]> {
  const rows = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      role: apiTokens.role,
      partyId: apiTokens.partyId,
      partySlug: parties.slug,
      createdAt: apiTokens.createdAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .leftJoin(parties, eq(parties.id, apiTokens.partyId))
    .where(o.includeRevoked ? undefined : isNull(apiTokens.revokedAt))
    .orderBy(asc(apiTokens.createdAt), asc(apiTokens.id))
  return rows.map((r) => ({ ...r, role: r.role as ApiTokenRole }))
}
