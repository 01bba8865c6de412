import {
  bigint,
  bigserial,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core'
import { incidents } from './incidents.ts'

// Each incident's ledger head, advanced by a trigger on every ledger insert (migration 0017), in
// the inserting transaction: verifyLedger compares each chain's end with it.
export const ledgerHeads = pgTable('ledger_heads', {
  incidentId: uuid('incident_id')
    .primaryKey()
    .references(() => incidents.id),
  seq: integer('seq').notNull(),
  hash: text('hash').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})

// Signed roots over every incident's head, made on a schedule; append-only (migration 0017).
// `heads` holds only the heads that changed since the previous anchor: folding the anchors up to
// one in id order gives every head it covers, and their root must equal its `root`.
export const ledgerAnchors = pgTable('ledger_anchors', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  anchoredAt: timestamp('anchored_at', { withTimezone: true }).notNull(),
  format: text('format').notNull(),
  incidents: integer('incidents').notNull(),
  entries: bigint('entries', { mode: 'number' }).notNull(),
  root: text('root').notNull(),
  previousRoot: text('previous_root'),
  heads: jsonb('heads').notNull(),
  keyId: text('key_id').notNull(),
  publicKeyPem: text('public_key_pem').notNull(),
  signature: text('signature').notNull(),
})
