import { sql } from 'drizzle-orm'
import type { Recipient } from '@baton/domain'
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { generatedUuidId } from './columns.ts'
import { incidents } from './incidents.ts'
import { reviewPacks } from './accountability.ts'

// Durable notification requests: one row per (escalation, recipient). The channels deliver them
// and move the state QUEUED -> SENT -> DELIVERED, or FAILED.
export const notifications = pgTable(
  'notifications',
  {
    id: generatedUuidId(),
    /** the escalation's incident; null for a review pack's message (reviewPackId is set instead) */
    incidentId: uuid('incident_id').references(() => incidents.id),
    reviewPackId: uuid('review_pack_id').references(() => reviewPacks.id),
    dedupKey: text('dedup_key').notNull().unique(),
    escalationKey: text('escalation_key').notNull(),
    party: text('party').notNull(),
    desk: text('desk'),
    /** the recipient as text (formatRecipient of `to`): kept for readers of the text and the dedup key */
    recipient: text('recipient').notNull(),
    /** the recipient, structured; null on rows written before structured recipients (migration 0022) */
    to: jsonb('to_recipient').$type<Recipient>(),
    state: text('state').notNull().default('QUEUED'),
    channel: text('channel'),
    payload: jsonb('payload').notNull(),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    index('notifications_incident').on(t.incidentId),
    index('notifications_review_pack').on(t.reviewPackId),
    index('notifications_state').on(t.state, t.createdAt),
    check(
      'notifications_subject',
      sql`${t.incidentId} is not null or ${t.reviewPackId} is not null`
    ),
  ]
)
