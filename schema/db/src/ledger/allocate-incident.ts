import { eq, sql } from 'drizzle-orm'
import type { Database } from '../create-db.ts'
import { incidents, parties } from '../schema.ts'

export type AllocateIncidentInput = {
  clientKey: string
  title: string
  priority: string
  holder: string
  openedAt: string
  serviceId?: string | null
  parentId?: string | null
}
export type AllocatedIncident = { id: string; key: string; created: boolean }

/**
 * Reserves the incident row and its human key before the workflow starts, idempotent on the
 * client key, so a retried declaration (console or vendor) always maps to one workflow.
 */
export async function allocateIncident(
  db: Database,
  input: AllocateIncidentInput
): Promise<AllocatedIncident> {
  const [holder] = await db
    .select({ id: parties.id })
    .from(parties)
    .where(eq(parties.slug, input.holder))
  if (!holder) throw new Error(`unknown party '${input.holder}'`)
  const inserted = await db
    .insert(incidents)
    .values({
      key: sql`'INC-' || nextval('incident_key_seq')`,
      clientKey: input.clientKey,
      title: input.title,
      priority: input.priority,
      status: 'OPEN',
      holderPartyId: holder.id,
      serviceId: input.serviceId ?? null,
      parentId: input.parentId ?? null,
      openedAt: new Date(input.openedAt),
    })
    .onConflictDoNothing({ target: incidents.clientKey })
    .returning({ id: incidents.id, key: incidents.key })
  if (inserted[0]) return { ...inserted[0], created: true }
  const [existing] = await db
    .select({ id: incidents.id, key: incidents.key })
    .from(incidents)
    .where(eq(incidents.clientKey, input.clientKey))
  if (!existing) throw new Error(`incident for client key ${input.clientKey} vanished`)
  return { ...existing, created: false }
}
