import { sql } from 'drizzle-orm'
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { generatedUuidId } from '../tables/columns.ts'

// The audit trail of admin changes to the world: who (token name), which mutation on what,
// and the canonical hashes of the whole world before and after.
export const worldChanges = pgTable(
  'world_changes',
  {
    id: generatedUuidId(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    actorTokenId: uuid('actor_token_id'),
    mutation: text('mutation').notNull(),
    subject: text('subject').notNull(),
    beforeHash: text('before_hash').notNull(),
    afterHash: text('after_hash').notNull(),
    /** the coverage warnings the change returned, as one-line messages */
    warnings: jsonb('warnings')
      .notNull()
      .default(sql`'[]'::jsonb`),
  },
  (t) => [index('world_changes_at').on(t.at)]
)

export type WorldChangeRow = typeof worldChanges.$inferSelect
