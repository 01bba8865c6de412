// A CLI command that cannot use its database says which one (host, port, database, user; never
// the password), where the address came from, what went wrong and what to do, instead of the
// driver's "Failed query: CREATE SCHEMA IF NOT EXISTS "drizzle"".

/** The URL with its password replaced by ***. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@')
  }
}

type Cause = { code?: unknown; message?: unknown; cause?: unknown }
/** The innermost error with a code (postgres.js wraps none; drizzle wraps the driver's as `cause`). */
function rootCause(error: unknown): { code: string; message: string } {
  let e = error as Cause | undefined
  let found: { code: string; message: string } | undefined
  for (let depth = 0; e && depth < 5; depth++, e = e.cause as Cause | undefined)
    if (typeof e.code === 'string')
      found = { code: e.code, message: typeof e.message === 'string' ? e.message : String(e) }
  return found ?? { code: '', message: error instanceof Error ? error.message : String(error) }
}

export type DatabaseTarget = {
  url: string
  /** where the address came from, e.g. 'DATABASE_URL' */
  source: string
  /** what the command was doing: 'running the migrations' */
  doing: string
}

/** A plain sentence for an error reaching or using the database; undefined if it is not one. */
export function explainDatabaseError(error: unknown, t: DatabaseTarget): string | undefined {
  const { code, message } = rootCause(error)
  let u: URL | undefined
  try {
    u = new URL(t.url)
  } catch {
    /* described by the redacted text alone */
  }
  const host = u?.hostname || '127.0.0.1'
  const port = u?.port || '5432'
  const database = decodeURIComponent(u?.pathname.slice(1) ?? '') || '(default)'
  const user = decodeURIComponent(u?.username ?? '') || '(default)'
  const where = `database "${database}" on ${host}:${port} as ${user} (${redactUrl(t.url)}, from ${t.source})`
  const setUrl =
    t.source === 'DATABASE_URL'
      ? 'set DATABASE_URL to a database that exists (postgres://user:password@host:port/database), or unset it to use local PostgreSQL on 127.0.0.1:5432 or the embedded PostgreSQL'
      : 'set DATABASE_URL to the database to use (postgres://user:password@host:port/database)'
  const what: Record<string, string> = {
    '3D000': `the database does not exist. Create it (createdb -h ${host} -p ${port} ${database}), or ${setUrl}.`,
    ECONNREFUSED: `nothing accepts connections on ${host}:${port}. Start PostgreSQL there, or ${setUrl}.`,
    ENOTFOUND: `the host ${host} is not known. Check the host name, or ${setUrl}.`,
    EAI_AGAIN: `the host ${host} cannot be resolved now. Check the network and the host name, or ${setUrl}.`,
    ETIMEDOUT: `${host}:${port} does not answer (timed out). Check that PostgreSQL runs there and that no firewall is in between, or ${setUrl}.`,
    CONNECT_TIMEOUT: `${host}:${port} does not answer (timed out). Check that PostgreSQL runs there and that no firewall is in between, or ${setUrl}.`,
    EHOSTUNREACH: `${host} cannot be reached. Check the network, or ${setUrl}.`,
    '28P01': `the password of ${user} was refused. Check the user and password in the URL.`,
    '28000': `PostgreSQL refused ${user} (${message}). Check the user in the URL (and pg_hba.conf).`,
    '42501': `${user} is not allowed to do this (${message}). Migrations need the tables' owner: set BATON_OWNER_DATABASE_URL to connect as the owner.`,
    '57P03': `PostgreSQL on ${host}:${port} is starting up or shutting down. Try again in a moment.`,
    '53300': `PostgreSQL on ${host}:${port} has no free connection slots. Close idle clients or raise max_connections.`,
  }
  const advice = what[code]
  if (!advice) return undefined
  return `cannot use the ${where} while ${t.doing}: ${advice}`
}

const sourceNames: Record<string, string> = {
  DATABASE_URL: 'DATABASE_URL',
  'local-postgres': 'the local default, no DATABASE_URL set',
  'embedded-postgres': 'the embedded PostgreSQL, no DATABASE_URL set',
}

/**
 * Runs the migrations of a resolved database (npm start, every CLI command); a database that is
 * missing, unreachable or refuses the owner is one plain error (explainDatabaseError).
 */
export async function migrateExplained(
  resolved: { source: string; ownerUrl: string },
  migrate: () => Promise<void>
): Promise<void> {
  try {
    await migrate()
  } catch (error) {
    const source =
      resolved.source === 'DATABASE_URL' && process.env.BATON_OWNER_DATABASE_URL
        ? 'BATON_OWNER_DATABASE_URL'
        : (sourceNames[resolved.source] ?? resolved.source)
    const explained = explainDatabaseError(error, {
      url: resolved.ownerUrl,
      source,
      doing: 'running the migrations',
    })
    throw explained ? new Error(explained, { cause: error }) : error
  }
}

/** Where a resolved database's address came from, in words. */
export const databaseSource = (source: string): string => sourceNames[source] ?? source
