import { createDb, type DbHandle } from '@baton/db'
import { migrateDatabase, resolveDatabase } from '../postgres/resolve-database.ts'
import { databaseSource, explainDatabaseError, migrateExplained } from './database-error.ts'

/**
 * The CLI's database: the same resolution as npm start, migrated as the owner, used as the
 * services' role. A database that is missing, unreachable or refuses the role is one plain error
 * saying which (password redacted) and what to do.
 */
export async function openCliDatabase(
  projectRoot: string
): Promise<DbHandle & { release: () => Promise<void> }> {
  const resolved = await resolveDatabase(projectRoot, (l) => console.error(l))
  try {
    await migrateExplained(resolved, () => migrateDatabase(resolved))
  } catch (error) {
    await resolved.stop().catch(() => {})
    throw error
  }
  const handle = createDb({ url: resolved.url, max: 2, applicationName: 'baton-cli' })
  const release = async () => {
    await handle.close()
    await resolved.stop()
  }
  try {
    await handle.sql`select 1`
  } catch (error) {
    await release().catch(() => {})
    const explained = explainDatabaseError(error, {
      url: resolved.url,
      source: databaseSource(resolved.source),
      doing: "connecting as the services' role",
    })
    throw explained ? new Error(explained, { cause: error }) : error
  }
  return { ...handle, release }
}
