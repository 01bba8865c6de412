import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import type { Database } from '../create-db.ts'
import { partySecrets } from '../schema.ts'
import { decryptSecret, encryptSecret } from './secret-box.ts'

export type SecretPurpose = 'inbound' | 'outbound'

/** Adds a secret beside the current ones: during a rotation both verify until the old is retired. */
export async function storePartySecret(
  db: Database,
  o: { partyId: string; purpose: SecretPurpose; plaintext: string; masterKey: string }
): Promise<string> {
  const [row] = await db
    .insert(partySecrets)
    .values({
      partyId: o.partyId,
      purpose: o.purpose,
      ciphertext: encryptSecret(o.masterKey, o.plaintext),
    })
    .returning({ id: partySecrets.id })
  return row!.id
}

/** The party's unretired secret rows for one purpose, newest first. */
const activeRows = (db: Database, partyId: string, purpose: SecretPurpose) =>
  db
    .select({ id: partySecrets.id, ciphertext: partySecrets.ciphertext })
    .from(partySecrets)
    .where(
      and(
        eq(partySecrets.partyId, partyId),
        eq(partySecrets.purpose, purpose),
        isNull(partySecrets.retiredAt)
      )
    )
    .orderBy(desc(partySecrets.createdAt))

/** Active secrets of a party for one purpose, newest first (sign with the first, verify with any). */
export async function activePartySecrets(
  db: Database,
  partyId: string,
  purpose: SecretPurpose,
  masterKey: string
): Promise<string[]> {
  const rows = await activeRows(db, partyId, purpose)
  return rows.map((r) => decryptSecret(masterKey, r.ciphertext))
}

/** Ends a rotation: every secret of the purpose but the newest stops verifying. */
export async function retireOlderPartySecrets(
  db: Database,
  partyId: string,
  purpose: SecretPurpose
): Promise<number> {
  const result =
    await db.execute(sql`update ${partySecrets} set retired_at = now() where party_id = ${partyId} and purpose = ${purpose} and retired_at is null
    and id <> (select id from ${partySecrets} where party_id = ${partyId} and purpose = ${purpose} and retired_at is null order by created_at desc limit 1)`)
  return result.count
}

/**
 * The active secrets, retiring those the master key cannot decrypt (a database reused with a
 * new BATON_MASTER_KEY): they could never verify anything again. Returns what is left, and how
 * many were retired.
 */
export async function usablePartySecrets(
  db: Database,
  partyId: string,
  purpose: SecretPurpose,
  masterKey: string
): Promise<{ secrets: string[]; retired: number }> {
  const rows = await activeRows(db, partyId, purpose)
  const secrets: string[] = []
  let retired = 0
  for (const r of rows) {
    try {
      secrets.push(decryptSecret(masterKey, r.ciphertext))
    } catch {
      await db
        .update(partySecrets)
        .set({ retiredAt: sql`now()` })
        .where(eq(partySecrets.id, r.id))
      retired += 1
    }
  }
  return { secrets, retired }
}
