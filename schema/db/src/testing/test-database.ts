import postgres from 'postgres'
import { createDb, type DbHandle } from '../create-db.ts'
import { appRoleUrl } from '../app-role.ts'
import { parties } from '../schema.ts'

/**
 * `db`/`sql`/`url` connect as the services' role (baton_app: DML, INSERT-only on the ledger), as
 * the services do; `owner` as the database owner, for what only the owner may do (tests that
 * tamper behind the ledger's triggers, toggle row-level security, and so on).
 */
export type TestDatabase = DbHandle & {
  url: string
  ownerUrl: string
  owner: postgres.Sql
  name: string
  drop: () => Promise<void>
}

const withDatabase = (url: string, name: string) => {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

/** Clones the migrated template (made once per run by the global setup) into a fresh database. */
export async function createTestDatabase(
  adminUrl: string,
  template: string
): Promise<TestDatabase> {
  const name = `baton_t_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${template}"`)
  } finally {
    await admin.end()
  }
  const ownerUrl = withDatabase(adminUrl, name)
  const owner = postgres(ownerUrl, {
    max: 2,
    onnotice: () => {},
    connection: { application_name: 'baton-test-owner' },
  })
  // Test files share one Temporal server: distinct incident keys keep their workflow ids apart.
  await owner.unsafe(
    `ALTER SEQUENCE incident_key_seq RESTART WITH ${1000 + Math.floor(Math.random() * 1e9)}`
  )
  const url = appRoleUrl(ownerUrl)
  const handle = createDb({ url, max: 5, applicationName: 'baton-test' })
  const drop = async () => {
    await handle.close()
    await owner.end({ timeout: 5 })
    const a = postgres(adminUrl, { max: 1, onnotice: () => {} })
    try {
      await a.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    } finally {
      await a.end()
    }
  }
  return { ...handle, url, ownerUrl, owner, name, drop }
}

/** createTestDatabase, then these rows in `parties` (the parties a test's incidents name). */
export async function createTestDatabaseWithParties(
  adminUrl: string,
  template: string,
  partyRows: (typeof parties.$inferInsert)[]
): Promise<TestDatabase> {
  const t = await createTestDatabase(adminUrl, template)
  await t.db.insert(parties).values(partyRows)
  return t
}
