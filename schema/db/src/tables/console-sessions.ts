import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { generatedUuidId } from './columns.ts'
import { apiTokens } from './config.ts'

/**
 * Browser sessions of the console, each opened with an API token. Only the sha256 of the session
 * id is kept (like tokens): a copy of this table cannot be replayed as cookies. A session is alive
 * while not ended, before expires_at (absolute), within the idle bound of last_seen_at, and while
 * its token is unrevoked.
 */
export const consoleSessions = pgTable(
  'console_sessions',
  {
    id: generatedUuidId(),
    sessionHash: text('session_hash').notNull().unique(),
    tokenId: uuid('token_id')
      .notNull()
      .references(() => apiTokens.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [index('console_sessions_token_id').on(t.tokenId)]
)
