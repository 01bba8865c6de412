import { createDb, runMigrations, type DbHandle } from '@baton/db'
import { resolveDatabase } from '../postgres/resolve-database.ts'

/** The CLI's database: the same resolution as npm start, migrated. */
export async function openCliDatabase(projectRoot: string): Promise<DbHandle & { release: () => Promise<void> }> {
  const resolved = await resolveDatabase(projectRoot, (l) => console.error(l))
  await runMigrations(resolved.url)
  const handle = createDb({ url: resolved.url, max: 2, applicationName: 'baton-cli' })
  return { ...handle, release: async () => { await handle.close(); await resolved.stop() } }
}
