import { sql } from 'drizzle-orm'
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core'
import { requiredUuidRef } from './columns.ts'
import { parties } from './config.ts'
import { bonds, inboundReceipts, incidents } from './incidents.ts'

// Adapter-owned state: a vendor endpoint's delivery switch, outbound deliveries, inbound replays.
export const adapterEndpoints = pgTable('adapter_endpoints', {
  partyId: uuid('party_id')
    .primaryKey()
    .references(() => parties.id),
  deliveryPaused: boolean('delivery_paused').notNull().default(false),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  disabledReason: text('disabled_reason'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})

// One row per outbound message (idempotency key = workflow id + event seq + party); attempts are ledger entries.
export const outboundDeliveries = pgTable(
  'outbound_deliveries',
  {
    idempotencyKey: text('idempotency_key').primaryKey(),
    messageId: text('message_id').notNull().unique(),
    partyId: requiredUuidRef('party_id', () => parties.id),
    incidentId: requiredUuidRef('incident_id', () => incidents.id),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status').notNull().default('PENDING'),
    attempts: integer('attempts').notNull().default(0),
    lastHttpStatus: integer('last_http_status'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [index('outbound_party_status').on(t.partyId, t.status, t.createdAt)]
)

// A dead letter replayed gets a fresh signal message id (the workflow dedups on it): `<id>#r<replays>`.
export const inboundReplays = pgTable('inbound_replays', {
  receipt: text('receipt')
    .primaryKey()
    .references(() => inboundReceipts.receipt),
  replays: integer('replays').notNull().default(0),
  /** who asked for the latest replay */
  replayedBy: text('replayed_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true })
    .notNull()
    .default(sql`now()`),
})

// One token bucket per party, shared by every adapters replica: each leases tokens in batches with
// one atomic upsert (services/adapters parties/shared-rate-limiter.ts). `granted` is the last lease.
export const adapterRateBuckets = pgTable('adapter_rate_buckets', {
  partyId: uuid('party_id')
    .primaryKey()
    .references(() => parties.id, { onDelete: 'cascade' }),
  tokens: doublePrecision('tokens').notNull(),
  refilledAt: timestamp('refilled_at', { withTimezone: true }).notNull(),
  granted: integer('granted').notNull().default(0),
})

// A vendor's own name for something Baton named (a hand-off it requested, ...), kept per bond:
// Baton mints every id, and maps the vendor's reference back when the vendor names it again.
export const bondRefs = pgTable(
  'bond_refs',
  {
    bondId: requiredUuidRef('bond_id', () => bonds.id),
    kind: text('kind').notNull(),
    vendorRef: text('vendor_ref').notNull(),
    batonId: text('baton_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.bondId, t.kind, t.vendorRef] })]
)

// What each vendor's webhooks brought, per hour: added to by every adapters replica from its
// in-process counters (services/adapters/src/webhooks/intake/intake-stats.ts), read for the
// integration health's duplicate rate.
export const intakeCounts = pgTable(
  'intake_counts',
  {
    partyId: requiredUuidRef('party_id', () => parties.id),
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    accepted: integer('accepted').notNull().default(0),
    duplicates: integer('duplicates').notNull().default(0),
    refused: integer('refused').notNull().default(0),
    unauthenticated: integer('unauthenticated').notNull().default(0),
    rateLimited: integer('rate_limited').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.partyId, t.hour] })]
)
