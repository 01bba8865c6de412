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
}

/** Figures of one vendor integration, from the database (the duplicate rate comes from the process). */
export async function vendorIntegrationHealth(
  db: Database,
  partyId: string,
  slug: string
): Promise<VendorIntegrationHealth> {
  const [row] = await db.execute<Record<string, unknown>>(sql`select
    (select delivery_paused from adapter_endpoints where party_id = ${partyId}) as paused,
    (select disabled_at from adapter_endpoints where party_id = ${partyId}) as disabled_at,
    (select count(*)::int from outbound_deliveries where party_id = ${partyId} and status = 'PENDING') as depth,
    (select min(created_at) from outbound_deliveries where party_id = ${partyId} and status = 'PENDING') as oldest,
    (select count(*)::int from outbound_deliveries where party_id = ${partyId} and status = 'DELIVERED') as delivered,
    (select count(*)::int from outbound_deliveries where party_id = ${partyId} and status in ('FAILED', 'DISABLED')) as failed,
    (select min(received_at) from inbound_receipts where party_id = ${partyId} and status = 'RECORDED') as oldest_awaiting,
    (select count(*)::int from inbound_receipts where party_id = ${partyId} and status = 'RECORDED') as awaiting_apply,
    (select count(*)::int from inbound_receipts where party_id = ${partyId} and status in ('REJECTED', 'DEAD_LETTER')) as dead`)
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
  }
}

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
