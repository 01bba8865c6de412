import { fileURLToPath } from 'node:url'
import { migrate } from 'drizzle-orm/postgres-js/migrator'
import { createDb } from './create-db.ts'

export const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url))

/** Applies the committed drizzle-kit migrations; safe to run on every start. */
export async function runMigrations(url: string): Promise<void> {
  const handle = createDb({ url, max: 1, applicationName: 'baton-migrate' })
  try {
    await migrate(handle.db, { migrationsFolder })
  } finally {
    await handle.close()
  }
}
