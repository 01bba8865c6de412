import { sql } from 'drizzle-orm'
import type { Database } from '../create-db.ts'

export type VendorIntegrationHealth = {
  party: string
  deliveryPaused: boolean
  endpointDisabledAt: string | null
  outbound: {
    queueDepth: number
    oldestUndeliveredAt: string | null
    delivered: number
    failed: number
  }
  inbound: { awaitingApply: number; oldestAwaitingApplyAt: string | null; deadLetters: number }
  /** webhooks over the last 24 hours, from every adapters replica's flushed counters */
  intake: { accepted: number; duplicates: number; duplicateRate: number | null }
}

export type IntakeCountDelta = {
  party: string
  hour: Date
  accepted: number
  duplicates: number
  refused: number
  unauthenticated: number
  rateLimited: number
}

/**
 * Adds counted webhooks to the hourly totals (intake_counts), in one statement; each replica
 * adds only what it counted since its last flush. A party slug the world no longer has is skipped.
 */
export async function addIntakeCounts(db: Database, deltas: readonly IntakeCountDelta[]) {
  if (deltas.length === 0) return
  const rows = JSON.stringify(
    deltas.map((d) => ({ ...d, hour: d.hour.toISOString(), rate_limited: d.rateLimited }))
  )
  await db.execute(sql`insert into intake_counts as c
      (party_id, hour, accepted, duplicates, refused, unauthenticated, rate_limited)
    select p.id, r.hour, r.accepted, r.duplicates, r.refused, r.unauthenticated, r.rate_limited
    from jsonb_to_recordset(${rows}::jsonb) as r(party text, hour timestamptz, accepted int,
      duplicates int, refused int, unauthenticated int, rate_limited int)
    join parties p on p.slug = r.party
    on conflict (party_id, hour) do update set
      accepted = c.accepted + excluded.accepted,
      duplicates = c.duplicates + excluded.duplicates,
      refused = c.refused + excluded.refused,
      unauthenticated = c.unauthenticated + excluded.unauthenticated,
      rate_limited = c.rate_limited + excluded.rate_limited`)
}

/** Figures of one vendor integration, from the database; the intake counts cover the 24 hours before `now`. */
export async function vendorIntegrationHealth(
  db: Database,
  partyId: string,
  slug: string,
  now: Date = new Date()
): Promise<VendorIntegrationHealth> {
  const since = new Date(now.getTime() - 24 * 3600_000)
  // Hours are counted whole: the hour that holds `since` is in.
  since.setUTCMinutes(0, 0, 0)
  const [row] = await db.execute<Record<string, unknown>>(sql`select
    (select delivery_paused from adapter_endpoints where party_id = ${partyId}) as paused,
    (select disabled_at from adapter_endpoints where party_id = ${partyId}) as disabled_at,
    (select count(*)::int from outbound_deliveries where party_id = ${partyId} and status = 'PENDING') as depth,
    (select min(created_at) from outbound_deliveries where party_id = ${partyId} and status = 'PENDING') as oldest,
    (select count(*)::int from outbound_deliveries where party_id = ${partyId} and status = 'DELIVERED') as delivered,
    (select count(*)::int from outbound_deliveries where party_id = ${partyId} and status in ('FAILED', 'DISABLED')) as failed,
    (select min(received_at) from inbound_receipts where party_id = ${partyId} and status = 'RECORDED') as oldest_awaiting,
    (select count(*)::int from inbound_receipts where party_id = ${partyId} and status = 'RECORDED') as awaiting_apply,
    (select count(*)::int from inbound_receipts where party_id = ${partyId} and status in ('REJECTED', 'DEAD_LETTER')) as dead,
    (select coalesce(sum(accepted), 0)::int from intake_counts where party_id = ${partyId} and hour >= ${since.toISOString()}) as accepted_24h,
    (select coalesce(sum(duplicates), 0)::int from intake_counts where party_id = ${partyId} and hour >= ${since.toISOString()}) as duplicates_24h`)
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null)
  return {
    party: slug,
    deliveryPaused: row?.paused === true,
    endpointDisabledAt: iso(row?.disabled_at),
    outbound: {
      queueDepth: Number(row?.depth ?? 0),
      oldestUndeliveredAt: iso(row?.oldest),
      delivered: Number(row?.delivered ?? 0),
      failed: Number(row?.failed ?? 0),
    },
    inbound: {
      awaitingApply: Number(row?.awaiting_apply ?? 0),
      oldestAwaitingApplyAt: iso(row?.oldest_awaiting),
      deadLetters: Number(row?.dead ?? 0),
    },
    intake: intakeFigures(Number(row?.accepted_24h ?? 0), Number(row?.duplicates_24h ?? 0)),
  }
}

const intakeFigures = (accepted: number, duplicates: number) => ({
  accepted,
  duplicates,
  // A duplicate repeats a message id already received: its share of what arrived and was not refused.
  duplicateRate: accepted + duplicates === 0 ? null : duplicates / (accepted + duplicates),
})

/** Pause or resume a party's outbound delivery; enable clears a 410-disabled endpoint. */
export async function setEndpointState(
  db: Database,
  partyId: string,
  change: { paused?: boolean; enable?: boolean }
) {
  await db.execute(sql`insert into adapter_endpoints (party_id, delivery_paused) values (${partyId}, ${change.paused ?? false})
    on conflict (party_id) do update set
      delivery_paused = ${change.paused === undefined ? sql`adapter_endpoints.delivery_paused` : change.paused},
      disabled_at = ${change.enable ? null : sql`adapter_endpoints.disabled_at`},
      disabled_reason = ${change.enable ? null : sql`adapter_endpoints.disabled_reason`},
      updated_at = now()`)
}
