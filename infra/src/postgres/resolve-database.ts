import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import postgres from 'postgres'
import { allowAppRoleLogin, appRoleUrl, runMigrations } from '@baton/db'
import { stateDir } from '../stack/state-dir.ts'

/**
 * `url`: what the services connect with (the baton_app role where it can be arranged);
 * `ownerUrl`: what migrations run with (the owner of the tables).
 */
export type ResolvedDatabase = {
  url: string
  ownerUrl: string
  source: 'DATABASE_URL' | 'local-postgres' | 'embedded-pglite'
  stop: () => Promise<void>
}

const answers = async (url: string) => {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} })
  try {
    await sql`select 1`
    return true
  } catch {
    return false
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {})
  }
}

/**
 * The embedded defaults of INTERFACES.md §1: DATABASE_URL (migrations with
 * BATON_OWNER_DATABASE_URL when set, else the same); else local PostgreSQL on 127.0.0.1:5432
 * (database `baton`, created if missing; migrations as postgres, services as baton_app); else
 * PGlite over the wire protocol (one role: PGlite has no others).
 */
export async function resolveDatabase(
  projectRoot: string,
  log: (line: string) => void
): Promise<ResolvedDatabase> {
  const none = async () => {}
  if (process.env.DATABASE_URL)
    return {
      url: process.env.DATABASE_URL,
      ownerUrl: process.env.BATON_OWNER_DATABASE_URL || process.env.DATABASE_URL,
      source: 'DATABASE_URL',
      stop: none,
    }
  const admin = 'postgres://postgres@127.0.0.1:5432/postgres'
  if (await answers(admin)) {
    const sql = postgres(admin, { max: 1, onnotice: () => {} })
    try {
      const exists = await sql`select 1 from pg_database where datname = 'baton'`
      if (exists.length === 0) {
        await sql.unsafe('CREATE DATABASE baton')
        log('Created database baton on 127.0.0.1:5432')
      }
    } finally {
      await sql.end()
    }
    const ownerUrl = 'postgres://postgres@127.0.0.1:5432/baton'
    return { url: appRoleUrl(ownerUrl), ownerUrl, source: 'local-postgres', stop: none }
  }
  const dataDir = join(stateDir(projectRoot), 'pglite')
  log(`No PostgreSQL answers on 127.0.0.1:5432; starting embedded PGlite (data in ${dataDir})…`)
  const { PGlite } = await import('@electric-sql/pglite')
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket')
  mkdirSync(dataDir, { recursive: true })
  const db = await PGlite.create(dataDir)
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 54329, maxConnections: 64 })
  await server.start()
  const url = 'postgres://postgres@127.0.0.1:54329/postgres?sslmode=disable'
  return {
    url,
    ownerUrl: url,
    source: 'embedded-pglite',
    stop: async () => {
      await server.stop()
      await db.close()
    },
  }
}

/**
 * Runs the migrations as the owner; on npm start's local PostgreSQL also lets the services' role
 * (created by migration 0019) log in. Elsewhere arranging the role's login is the DBA's part.
 */
export async function migrateDatabase(resolved: ResolvedDatabase): Promise<void> {
  await runMigrations(resolved.ownerUrl)
  if (resolved.source === 'local-postgres') await allowAppRoleLogin(resolved.ownerUrl)
}
