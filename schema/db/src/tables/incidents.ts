import { sql } from 'drizzle-orm'
import type { Recipient } from '@baton/domain'
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { generatedUuidId, requiredUuidRef } from './columns.ts'
import { desks, parties, services } from './config.ts'

// The projection: rebuilt from the ledger, written only by the incident workflow's activity.
export const incidents = pgTable(
  'incidents',
  {
    id: generatedUuidId(),
    key: text('key').notNull().unique(),
    clientKey: text('client_key').unique(),
    title: text('title').notNull(),
    priority: text('priority').notNull(),
    status: text('status').notNull(),
    holderPartyId: requiredUuidRef('holder_party_id', () => parties.id),
    holderDeskId: uuid('holder_desk_id').references(() => desks.id),
    serviceId: uuid('service_id').references(() => services.id),
    parentId: uuid('parent_id'),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    breached: integer('breached').notNull().default(0),
    nextDeadline: timestamp('next_deadline', { withTimezone: true }),
    lastSeq: integer('last_seq').notNull().default(0),
    state: jsonb('state')
      .notNull()
      .default(sql`'{}'::jsonb`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('incidents_status_opened').on(t.status, t.openedAt),
    // The incidents page walks (opened_at desc, id desc) and stops after one page; per holder too.
    // Ascending on purpose: scanned backward it is DESC NULLS FIRST, what `order by ... desc` means
    // (a DESC NULLS LAST index, drizzle's .desc(), is not used for it).
    index('incidents_opened_at_id').on(t.openedAt, t.id),
    index('incidents_holder_opened_at').on(t.holderPartyId, t.openedAt, t.id),
    // The at-risk filter: unresolved incidents by their next deadline.
    index('incidents_open_deadline')
      .on(t.nextDeadline)
      .where(sql`${t.resolvedAt} is null`),
  ]
)

// Append-only, hash-chained per incident. A trigger (migration 0001) refuses UPDATE and DELETE.
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    incidentId: requiredUuidRef('incident_id', () => incidents.id),
    seq: integer('seq').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    type: text('type').notNull(),
    actor: text('actor').notNull(),
    data: jsonb('data').notNull(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    /** imported from a vendor's party export with data withheld: its hash is the source's, vouched for by the export's signature */
    redacted: boolean('redacted').notNull().default(false),
  },
  (t) => [uniqueIndex('ledger_incident_seq').on(t.incidentId, t.seq)]
)

export const bonds = pgTable(
  'bonds',
  {
    id: generatedUuidId(),
    incidentId: requiredUuidRef('incident_id', () => incidents.id),
    partyId: requiredUuidRef('party_id', () => parties.id),
    vendorRef: text('vendor_ref'),
    state: text('state').notNull().default('ACTIVE'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('bonds_incident_party').on(t.incidentId, t.partyId),
    uniqueIndex('bonds_party_ref').on(t.partyId, t.vendorRef),
  ]
)

export const handoffs = pgTable(
  'handoffs',
  {
    id: text('id').primaryKey(),
    incidentId: requiredUuidRef('incident_id', () => incidents.id),
    fromPartyId: requiredUuidRef('from_party_id', () => parties.id),
    toPartyId: requiredUuidRef('to_party_id', () => parties.id),
    state: text('state').notNull(),
    offeredAt: timestamp('offered_at', { withTimezone: true }).notNull(),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    reason: text('reason'),
  },
  (t) => [index('handoffs_incident').on(t.incidentId)]
)

export const escalations = pgTable(
  'escalations',
  {
    id: generatedUuidId(),
    incidentId: requiredUuidRef('incident_id', () => incidents.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
    reason: text('reason').notNull(),
    step: integer('step'),
    partyId: requiredUuidRef('party_id', () => parties.id),
    deskId: uuid('desk_id').references(() => desks.id),
    /** each recipient as text (formatRecipient of `to`), as the ledger entry keeps it */
    recipients: text('recipients').array().notNull(),
    /** the recipients, structured, in the same order; null on escalations recorded before migration 0023 */
    to: jsonb('to_recipients').$type<Recipient[]>(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
  },
  (t) => [index('escalations_incident').on(t.incidentId)]
)

// Inbound vendor messages: written durably before the 202, the unit of exactly-once intake.
export const inboundReceipts = pgTable(
  'inbound_receipts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    receipt: text('receipt').notNull().unique(),
    partyId: requiredUuidRef('party_id', () => parties.id),
    messageId: text('message_id').notNull(),
    bodyHash: text('body_hash').notNull(),
    incidentId: uuid('incident_id').references(() => incidents.id),
    bondId: uuid('bond_id').references(() => bonds.id),
    type: text('type').notNull(),
    event: jsonb('event').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status').notNull().default('RECORDED'),
    error: text('error'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    signalledAt: timestamp('signalled_at', { withTimezone: true }),
    appliedAt: timestamp('applied_at', { withTimezone: true }),
    // A dead letter discarded by an operator: who and why (dead-letters/dead-letter-actions.ts).
    discardedAt: timestamp('discarded_at', { withTimezone: true }),
    discardedBy: text('discarded_by'),
    discardReason: text('discard_reason'),
  },
  (t) => [
    uniqueIndex('receipts_party_message').on(t.partyId, t.messageId),
    index('receipts_status').on(t.status, t.receivedAt),
  ]
)
