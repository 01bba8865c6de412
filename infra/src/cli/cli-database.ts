import { createDb, type DbHandle } from '@baton/db'
import { migrateDatabase, resolveDatabase } from '../postgres/resolve-database.ts'

/** The CLI's database: the same resolution as npm start, migrated as the owner, used as the services' role. */
export async function openCliDatabase(
  projectRoot: string
): Promise<DbHandle & { release: () => Promise<void> }> {
  const resolved = await resolveDatabase(projectRoot, (l) => console.error(l))
  await migrateDatabase(resolved)
  const handle = createDb({ url: resolved.url, max: 2, applicationName: 'baton-cli' })
  return {
    ...handle,
    release: async () => {
      await handle.close()
      await resolved.stop()
    },
  }
}
