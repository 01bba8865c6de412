import { sql } from 'drizzle-orm'
import {
  bigserial,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { generatedUuidId, requiredUuidRef } from './columns.ts'
import { incidents } from './incidents.ts'

// Accountability: what an incident's close fixed (never overwritten), the credit lines it
// accrued, disputes and their adjustments, and the rendered review packs. Parties by slug.
export const incidentSettlements = pgTable(
  'incident_settlements',
  {
    incidentId: uuid('incident_id')
      .primaryKey()
      .references(() => incidents.id),
    incidentKey: text('incident_key').notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }).notNull(),
    settledAt: timestamp('settled_at', { withTimezone: true }).notNull().defaultNow(),
    /** the inputs, so the settlement can be re-derived and audited offline */
    events: jsonb('events').notNull(),
    world: jsonb('world').notNull(),
    clocks: jsonb('clocks').notNull(),
    attribution: jsonb('attribution').notNull(),
    credits: jsonb('credits').notNull(),
    ledgerHash: text('ledger_hash').notNull(),
  },
  (t) => [index('settlements_closed_at').on(t.closedAt)]
)

export const incidentAttributions = pgTable(
  'incident_attributions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    incidentId: requiredUuidRef('incident_id', () => incidents.id),
    clockId: text('clock_id').notNull(),
    agreementSlug: text('agreement_slug').notNull(),
    agreementVersion: integer('agreement_version').notNull(),
    agreementKind: text('agreement_kind').notNull(),
    metric: text('metric').notNull(),
    clockParty: text('clock_party').notNull(),
    attributedTo: text('attributed_to'),
    breachedAt: timestamp('breached_at', { withTimezone: true }).notNull(),
    handoffId: text('handoff_id'),
  },
  (t) => [
    uniqueIndex('attributions_incident_clock').on(t.incidentId, t.clockId),
    index('attributions_party').on(t.attributedTo, t.breachedAt),
  ]
)

export const disputes = pgTable(
  'disputes',
  {
    id: generatedUuidId(),
    incidentId: requiredUuidRef('incident_id', () => incidents.id),
    clockId: text('clock_id').notNull(),
    party: text('party').notNull(),
    evidence: text('evidence').notNull(),
    state: text('state').notNull().default('OPEN'),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: text('decided_by'),
    decisionReason: text('decision_reason'),
  },
  (t) => [
    index('disputes_incident').on(t.incidentId),
    index('disputes_party_state').on(t.party, t.state),
    // One open dispute per clock, held by the database: two concurrent openers cannot both pass the check.
    uniqueIndex('disputes_one_open_per_clock')
      .on(t.incidentId, t.clockId)
      .where(sql`state = 'OPEN'`),
  ]
)

export const creditLines = pgTable(
  'credit_lines',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    incidentId: requiredUuidRef('incident_id', () => incidents.id),
    party: text('party').notNull(),
    agreementSlug: text('agreement_slug').notNull(),
    agreementVersion: integer('agreement_version').notNull(),
    clockId: text('clock_id').notNull(),
    breachedAt: timestamp('breached_at', { withTimezone: true }).notNull(),
    /** 'YYYY-MM' (UTC) of the breach: the month whose cap it counts against */
    period: text('period').notNull(),
    amount: numeric('amount', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    kind: text('kind').notNull(),
    reason: text('reason').notNull(),
    disputeId: uuid('dispute_id').references(() => disputes.id),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('credit_lines_party_period').on(t.party, t.period),
    index('credit_lines_incident').on(t.incidentId),
  ]
)

export const reviewPacks = pgTable(
  'review_packs',
  {
    id: generatedUuidId(),
    /** kind/party/period: one pack per period, a rerun of the schedule finds it */
    key: text('key').notNull().unique(),
    kind: text('kind').notNull(),
    party: text('party'),
    periodLabel: text('period_label').notNull(),
    periodFrom: timestamp('period_from', { withTimezone: true }).notNull(),
    periodTo: timestamp('period_to', { withTimezone: true }).notNull(),
    title: text('title').notNull(),
    markdown: text('markdown').notNull(),
    csv: text('csv').notNull(),
    charts: jsonb('charts').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('review_packs_kind_period').on(t.kind, t.periodFrom)]
)
