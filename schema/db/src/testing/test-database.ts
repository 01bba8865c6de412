import postgres from 'postgres'
import { createDb, type DbHandle } from '../create-db.ts'

export type TestDatabase = DbHandle & { url: string; name: string; drop: () => Promise<void> }

const withDatabase = (url: string, name: string) => { const u = new URL(url); u.pathname = `/${name}`; return u.toString() }

/** Clones the migrated template (made once per run by the global setup) into a fresh database. */
export async function createTestDatabase(adminUrl: string, template: string): Promise<TestDatabase> {
  const name = `baton_t_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${template}"`)
  } finally {
    await admin.end()
  }
  const url = withDatabase(adminUrl, name)
  const handle = createDb({ url, max: 5, applicationName: 'baton-test' })
  // Test files share one Temporal server: distinct incident keys keep their workflow ids apart.
  await handle.sql.unsafe(`ALTER SEQUENCE incident_key_seq RESTART WITH ${1000 + Math.floor(Math.random() * 1e9)}`)
  const drop = async () => {
    await handle.close()
    const a = postgres(adminUrl, { max: 1, onnotice: () => {} })
    try { await a.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) } finally { await a.end() }
  }
  return { ...handle, url, name, drop }
}
