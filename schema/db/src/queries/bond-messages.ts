import { sql } from 'drizzle-orm'
import type { Database } from '../create-db.ts'

/** The newest message each way between an incident and one party, as its ledger records it. */
export type BondMessageRow = {
  incidentId: string
  /** Party slug: the recording party (inbound) or the addressee of the delivery (outbound). */
  party: string
  direction: 'in' | 'out'
  seq: number
  at: Date
  /** Inbound: the ledger event type; outbound: the message type delivered. */
  type: string
  /** Outbound: the delivery outcome (`delivered`, `failed`...); null inbound. */
  outcome: string | null
}

/**
 * Per incident and party, the newest fact the party recorded itself (actor `slug` or
 * `slug/token:…`) and the newest `outbound.attempt` addressed to it. One statement for a page of
 * incidents; the caller keeps the rows of the bonded vendors.
 */
export async function bondMessagesByIncidentIds(
  db: Database,
  ids: readonly string[]
): Promise<BondMessageRow[]> {
  if (ids.length === 0) return []
  const list = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `
  )
  const rows = (await db.execute(sql`
    select distinct on (incident_id, party, direction) incident_id, party, direction, seq, at, type, outcome from (
      select incident_id, split_part(actor, '/', 1) as party, 'in' as direction, seq, at, type, null::text as outcome
        from ledger_entries where incident_id in (${list}) and type <> 'outbound.attempt'
      union all
      select incident_id, data->>'party', 'out', seq, at, coalesce(data->>'type', type), data->>'outcome'
        from ledger_entries where incident_id in (${list}) and type = 'outbound.attempt' and data ? 'party'
    ) m
    order by incident_id, party, direction, seq desc`)) as unknown as Array<{
    incident_id: string
    party: string
    direction: 'in' | 'out'
    seq: number
    at: Date | string
    type: string
    outcome: string | null
  }>
  return rows.map((r) => ({
    incidentId: r.incident_id,
    party: r.party,
    direction: r.direction,
    seq: Number(r.seq),
    at: new Date(r.at),
    type: r.type,
    outcome: r.outcome,
  }))
}
