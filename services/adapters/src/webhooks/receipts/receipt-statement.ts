import { sql } from 'drizzle-orm'
import type { Database } from '@baton/db'

/** One verified message for the one-statement intake: the incident is named by id, key or vendor ref. */
export type ReceiptInput = {
  receipt: string
  partyId: string
  messageId: string
  bodyHash: string
  ref: { byId?: string | undefined; byKey?: string | undefined; vendorRef?: string | undefined }
  type: string
  event: unknown
  payload: unknown
}

export type RecordOutcome =
  | { kind: 'recorded'; receipt: string; incidentId: string; incidentKey: string; bondId: string }
  | { kind: 'repeat'; receipt: string; bodyHash: string }
  | { kind: 'no-bond' }
  /** the bond's vendor ref must be attached or differs, or a concurrent insert won: the caller takes the slow path */
  | { kind: 'slow-path' }

type Row = {
  ord: number
  prior_receipt: string | null
  prior_hash: string | null
  incident_id: string | null
  key: string | null
  bond_id: string | null
  bond_ref: string | null
  inserted: string | null
}

/**
 * Repeat detection, bond resolution and the receipt insert for a batch of messages, in one
 * statement (one round trip, one commit), which also wakes the relay (NOTIFY baton_receipts, sent
 * on commit; signalling/receipt-relay.ts). Rows are inserted in input order, so receipt ids follow
 * it; a message id already received answers with the first receipt.
 */
export async function recordReceipts(
  db: Database,
  inputs: readonly ReceiptInput[]
): Promise<RecordOutcome[]> {
  const json = JSON.stringify(
    inputs.map((r, ord) => ({
      ord,
      receipt: r.receipt,
      party_id: r.partyId,
      message_id: r.messageId,
      body_hash: r.bodyHash,
      by_id: r.ref.byId ?? null,
      by_key: r.ref.byKey ?? null,
      vendor_ref: r.ref.vendorRef ?? null,
      type: r.type,
      event: r.event,
      payload: r.payload,
    }))
  )
  const rows = await db.execute<Row>(sql`
    with input as (
      select * from jsonb_to_recordset(${json}::jsonb) as x(ord int, receipt text, party_id uuid, message_id text, body_hash text, by_id uuid, by_key text, vendor_ref text, type text, event jsonb, payload jsonb)
    ), prior as (
      select x.ord, r.receipt, r.body_hash from input x join inbound_receipts r on r.party_id = x.party_id and r.message_id = x.message_id
    ), bond as (
      select x.ord, i.id as incident_id, i.key, b.id as bond_id, b.vendor_ref from input x
        join incidents i on i.id = x.by_id join bonds b on b.incident_id = i.id and b.party_id = x.party_id
      union all
      select x.ord, i.id, i.key, b.id, b.vendor_ref from input x
        join incidents i on i.key = x.by_key join bonds b on b.incident_id = i.id and b.party_id = x.party_id
      union all
      select x.ord, i.id, i.key, b.id, b.vendor_ref from input x
        join bonds b on b.party_id = x.party_id and b.vendor_ref = x.vendor_ref join incidents i on i.id = b.incident_id
        where x.by_id is null and x.by_key is null
    ), ins as (
      insert into inbound_receipts (receipt, party_id, message_id, body_hash, incident_id, bond_id, type, event, payload)
      select x.receipt, x.party_id, x.message_id, x.body_hash, b.incident_id, b.bond_id, x.type, x.event, x.payload
      from input x join bond b on b.ord = x.ord
      where not exists (select 1 from prior p where p.ord = x.ord) and (x.vendor_ref is null or b.vendor_ref = x.vendor_ref)
      order by x.ord
      on conflict (party_id, message_id) do nothing
      returning receipt
    ), note as (
      select count(pg_notify('baton_receipts', '')) as notified from ins
    )
    select x.ord, p.receipt as prior_receipt, p.body_hash as prior_hash, b.incident_id, b.key, b.bond_id, b.vendor_ref as bond_ref, ins.receipt as inserted
    from input x left join prior p on p.ord = x.ord left join bond b on b.ord = x.ord left join ins on ins.receipt = x.receipt cross join note
    order by x.ord`)
  const byOrd = new Map(rows.map((r) => [Number(r.ord), r]))
  return inputs.map((_, ord) => outcomeOf(byOrd.get(ord)))
}

function outcomeOf(row: Row | undefined): RecordOutcome {
  if (!row) throw new Error('the intake statement returned no row for a message')
  if (row.prior_receipt)
    return { kind: 'repeat', receipt: row.prior_receipt, bodyHash: row.prior_hash! }
  if (row.inserted)
    return {
      kind: 'recorded',
      receipt: row.inserted,
      incidentId: row.incident_id!,
      incidentKey: row.key!,
      bondId: row.bond_id!,
    }
  if (!row.bond_id) return { kind: 'no-bond' }
  return { kind: 'slow-path' }
}
