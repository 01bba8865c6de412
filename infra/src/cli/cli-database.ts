import { createDb, type DbHandle } from '@baton/db'
import { migrateDatabase, resolveDatabase } from '../postgres/resolve-database.ts'
import { explainDatabaseError } from './database-error.ts'

const sourceNames = {
  DATABASE_URL: 'DATABASE_URL',
  'local-postgres': 'the local default, no DATABASE_URL set',
  'embedded-postgres': 'the embedded PostgreSQL, no DATABASE_URL set',
} as const

/**
 * The CLI's database: the same resolution as npm start, migrated as the owner, used as the
 * services' role. A database that is missing, unreachable or refuses the role is one plain error
 * saying which (password redacted) and what to do.
 */
export async function openCliDatabase(
  projectRoot: string
): Promise<DbHandle & { release: () => Promise<void> }> {
  const resolved = await resolveDatabase(projectRoot, (l) => console.error(l))
  const source = sourceNames[resolved.source]
  const ownerSource =
    resolved.source === 'DATABASE_URL' && process.env.BATON_OWNER_DATABASE_URL
      ? 'BATON_OWNER_DATABASE_URL'
      : source
  const plain = async (
    run: () => Promise<unknown>,
    target: { url: string; source: string; doing: string },
    cleanup: () => Promise<void>
  ) => {
    try {
      await run()
    } catch (error) {
      await cleanup().catch(() => {})
      const explained = explainDatabaseError(error, target)
      throw explained ? new Error(explained, { cause: error }) : error
    }
  }
  await plain(
    () => migrateDatabase(resolved),
    { url: resolved.ownerUrl, source: ownerSource, doing: 'running the migrations' },
    resolved.stop
  )
  const handle = createDb({ url: resolved.url, max: 2, applicationName: 'baton-cli' })
  const release = async () => {
    await handle.close()
    await resolved.stop()
  }
  await plain(
    () => handle.sql`select 1`,
    { url: resolved.url, source, doing: "connecting as the services' role" },
    release
  )
  return { ...handle, release }
}
