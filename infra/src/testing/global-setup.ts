import { resolve } from 'node:path'
import postgres from 'postgres'
import type { TestProject } from 'vitest/node'
import { allowAppRoleLogin, runMigrations } from '@baton/db'
import '@baton/db/testing'
import { ensureTemporalBinary } from '../temporal/find-temporal-binary.ts'
import { startDevServer, type DevServer } from '../temporal/start-dev-server.ts'

const projectRoot = resolve(import.meta.dirname, '../../..')

/**
 * One migrated template database and one Temporal dev server for the whole run. Each test file
 * clones the template (createTestDatabase) and uses its own task queue. BATON_TEST_INFRA=0
 * skips both, for pure packages.
 */
export default async function setup(project: TestProject) {
  if (process.env.BATON_TEST_INFRA === '0') return
  const adminUrl =
    process.env.BATON_TEST_PG_URL ??
    process.env.DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres'
  const template = `baton_tpl_${process.pid}_${Date.now().toString(36)}`
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`CREATE DATABASE "${template}"`)
  const url = new URL(adminUrl)
  url.pathname = `/${template}`
  await runMigrations(url.toString())
  // Tests connect as the services' role (migration 0019), as the services do.
  await allowAppRoleLogin(url.toString())
  let server: DevServer | null = null
  const address =
    process.env.TEMPORAL_ADDRESS ??
    (server = await startDevServer({
      binary: await ensureTemporalBinary(projectRoot),
      headless: true,
    })).address
  project.provide('pgAdminUrl', adminUrl)
  project.provide('pgTemplate', template)
  project.provide('temporalAddress', address)
  return async () => {
    await server?.stop()
    await admin.unsafe(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`).catch(() => {})
    await admin.end()
  }
}
