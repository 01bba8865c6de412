import { findApiToken, type ApiTokenRecord, type ApiTokenRole, type Database } from '@baton/db'

/** The caller behind a bearer token. VENDOR viewers carry their party; staff do not. */
export type Viewer = {
  tokenId: string
  name: string
  role: ApiTokenRole
  /** uuid of the vendor party for VENDOR tokens, null for staff */
  partyId: string | null
}

export const isStaff = (v: Viewer) =>
  v.role === 'ADMIN' || v.role === 'INTEGRATOR' || v.role === 'VIEWER'

/** `Bearer <token>` from an Authorization header, or null. */
export function bearerToken(header: string | null | undefined): string | null {
  const m = header?.match(/^Bearer\s+(\S+)\s*$/i)
  return m?.[1] ?? null
}

/** The viewer a live token record stands for; null for a VENDOR token without its party. */
export function viewerOfToken(record: ApiTokenRecord | null): Viewer | null {
  if (!record) return null
  if (record.role === 'VENDOR' && !record.partyId) return null
  return {
    tokenId: record.id,
    name: record.name,
    role: record.role,
    partyId: record.role === 'VENDOR' ? record.partyId : null,
  }
}

/** Resolves the Authorization header to a viewer; null for a missing, unknown or revoked token. */
export async function authenticate(
  db: Database,
  header: string | null | undefined
): Promise<Viewer | null> {
  const token = bearerToken(header)
  return token ? viewerOfToken(await findApiToken(db, token)) : null
}
