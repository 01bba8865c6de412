import { sql } from 'drizzle-orm'
import {
  boolean,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { generatedUuidId, requiredUuidRef } from './columns.ts'

// Configuration tables: the applied world. jsonb columns hold the zod-validated config objects.
export const parties = pgTable('parties', {
  id: generatedUuidId(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  dialect: text('dialect'),
  integration: jsonb('integration'),
  /** the party's overrides of the default authority table (world file: parties[].authority) */
  authority: jsonb('authority'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})

export const calendars = pgTable('calendars', {
  id: generatedUuidId(),
  slug: text('slug').notNull().unique(),
  timeZone: text('time_zone').notNull(),
  config: jsonb('config').notNull(),
})

export const desks = pgTable(
  'desks',
  {
    id: generatedUuidId(),
    partyId: requiredUuidRef('party_id', () => parties.id),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    calendarSlug: text('calendar_slug').notNull(),
    timeZone: text('time_zone').notNull(),
    is24x7: boolean('is_24x7').notNull().default(false),
    priorities: text('priorities').array().notNull(),
    contacts: jsonb('contacts')
      .notNull()
      .default(sql`'[]'::jsonb`),
  },
  (t) => [uniqueIndex('desks_party_slug').on(t.partyId, t.slug)]
)

export const services = pgTable('services', {
  id: generatedUuidId(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  ownerPartyId: requiredUuidRef('owner_party_id', () => parties.id),
  providers: text('providers').array().notNull(),
})

export const agreements = pgTable(
  'agreements',
  {
    id: generatedUuidId(),
    slug: text('slug').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    providerPartyId: uuid('provider_party_id').references(() => parties.id),
    customerPartyId: uuid('customer_party_id').references(() => parties.id),
    effectiveFrom: timestamp('effective_from', { withTimezone: true }).notNull(),
    config: jsonb('config').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('agreements_slug_version').on(t.slug, t.version)]
)

export const ladders = pgTable('ladders', {
  id: generatedUuidId(),
  partyId: requiredUuidRef('party_id', () => parties.id),
  key: text('key').notNull().unique(),
  config: jsonb('config').notNull(),
})

export const partySecrets = pgTable('party_secrets', {
  id: generatedUuidId(),
  partyId: requiredUuidRef('party_id', () => parties.id),
  purpose: text('purpose').notNull(),
  ciphertext: text('ciphertext').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  retiredAt: timestamp('retired_at', { withTimezone: true }),
})

export const worldSettings = pgTable('world_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
})

export const apiTokens = pgTable('api_tokens', {
  id: generatedUuidId(),
  name: text('name').notNull(),
  role: text('role').notNull(),
  partyId: uuid('party_id').references(() => parties.id),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
})

// One token bucket per API token for GraphQL requests, shared by every gateway replica the way
// adapter_rate_buckets is by adapters replicas (leased in batches with one atomic upsert:
// @baton/db rate-limit/shared-rate-limiter.ts). `granted` is the last lease.
export const apiTokenRateBuckets = pgTable('api_token_rate_buckets', {
  tokenId: uuid('token_id')
    .primaryKey()
    .references(() => apiTokens.id, { onDelete: 'cascade' }),
  tokens: doublePrecision('tokens').notNull(),
  refilledAt: timestamp('refilled_at', { withTimezone: true }).notNull(),
  granted: integer('granted').notNull().default(0),
})
