import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import * as schema from './schema.ts'

export type DbConfig = {
  url: string
  max?: number
  applicationName?: string
  connectTimeoutSeconds?: number
}
export type Database = PostgresJsDatabase<typeof schema>
export type DbHandle = { db: Database; sql: postgres.Sql; close: () => Promise<void> }

export function createDb(config: DbConfig): DbHandle {
  const sql = postgres(config.url, {
    max: config.max ?? 10,
    onnotice: () => {},
    connect_timeout: config.connectTimeoutSeconds ?? 10,
    connection: { application_name: config.applicationName ?? 'baton' },
  })
  const db = drizzle(sql, { schema })
  return { db, sql, close: () => sql.end({ timeout: 5 }) }
}
