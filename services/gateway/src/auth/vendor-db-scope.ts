import type postgres from 'postgres'
import { PgDialect } from 'drizzle-orm/pg-core'
import { PostgresJsDatabase, PostgresJsSession } from 'drizzle-orm/postgres-js'
import type { Database, DbHandle } from '@baton/db'
import { isUuid } from '@baton/domain'

/** The NOLOGIN role of migration 0007_vendor_rls; its policies read `baton.vendor_party_id`. */
export const VENDOR_ROLE = 'baton_vendor'

/** Both settings are LOCAL: they end with the transaction, so a pooled connection never keeps them. */
function scopeStatement(partyId: string): string {
  // Inlined (not a parameter) so BEGIN and the scope travel as one simple query; the uuid check makes that safe.
  if (!isUuid(partyId))
    throw new Error(`a vendor party id must be a uuid, got ${JSON.stringify(partyId)}`)
  return `select set_config('role', '${VENDOR_ROLE}', true), set_config('baton.vendor_party_id', '${partyId}', true)`
}

type Fn = (...args: never[]) => unknown
type Client = { unsafe: Fn; begin: Fn; savepoint?: Fn }

/** Raw postgres.js would bypass the scope: a vendor request's handle refuses it instead of leaking. */
const noRawSql = new Proxy(() => {}, {
  apply: () => {
    throw new Error('raw SQL is not available to a VENDOR request: use the scoped drizzle handle')
  },
  get: () => {
    throw new Error('raw SQL is not available to a VENDOR request: use the scoped drizzle handle')
  },
}) as unknown as postgres.Sql

/**
 * Makes drizzle handles over the vendor-scoped clients below, reusing the base handle's parsed
 * schema (drizzle() would re-parse it on every request).
 */
export function createVendorDbScope(base: DbHandle) {
  const dialect = new PgDialect()
  const relational = {
    fullSchema: base.db._.fullSchema,
    schema: base.db._.schema!,
    tableNamesMap: base.db._.tableNamesMap,
  }
  const drizzleOver = (client: Client): DbHandle => {
    const session = new PostgresJsSession(client as unknown as postgres.Sql, dialect, relational)
    const db = Object.assign(new PostgresJsDatabase(dialect, session, relational), {
      $client: client,
    }) as unknown as Database
    return { db, sql: noRawSql, close: async () => {} }
  }

  /**
   * One reserved connection in one transaction for the request: BEGIN, SET LOCAL ROLE and the
   * party setting in one round trip. `end` commits (or rolls back) and returns the connection to
   * the pool. `pause` does the same mid-request (before waiting on Temporal, say); the next
   * statement then reserves a connection and opens a new scoped transaction.
   */
  async function beginRequest(partyId: string) {
    const setup = `begin; ${scopeStatement(partyId)}`
    let conn: postgres.ReservedSql | null = null
    let opening: Promise<postgres.ReservedSql> | null = null
    let ended = false
    const open = () =>
      (opening ??= (async () => {
        const c = await base.sql.reserve()
        try {
          await c.unsafe(setup)
        } catch (error) {
          await c.unsafe('rollback').catch(() => {})
          c.release()
          opening = null
          throw error
        }
        conn = c
        return c
      })())
    const close = async (sql: string) => {
      const pending = opening
      opening = null
      conn = null
      const c = await pending?.catch(() => null)
      if (!c) return
      try {
        await c.unsafe(sql)
      } finally {
        c.release()
      }
    }
    await open()
    const finish = async (sql: string) => {
      if (ended) return
      ended = true
      await close(sql)
    }
    const unsafe = (...args: Parameters<postgres.Sql['unsafe']>) => {
      // After the commit the connection is back in the pool, unscoped: a late query must fail, not run as the owner.
      if (ended) throw new Error('the vendor request transaction has ended')
      if (conn) return conn.unsafe(...args)
      // Paused: drizzle awaits the query or calls .values() on it; either reopens the scope first.
      return {
        values: () => open().then((c) => c.unsafe(...args).values()),
        then: (ok: (v: unknown) => unknown, ko: (e: unknown) => unknown) =>
          open()
            .then((c) => c.unsafe(...args))
            .then(ok, ko),
      }
    }
    let savepoints = 0
    // drizzle's transaction() calls begin(), a nested one savepoint(): inside the request both are savepoints.
    const savepoint = async <T>(fn: (c: Client) => Promise<T>): Promise<T> => {
      const name = `baton_sp_${++savepoints}`
      await unsafe(`savepoint ${name}`)
      try {
        const result = await fn(client)
        await unsafe(`release savepoint ${name}`)
        return result
      } catch (error) {
        await unsafe(`rollback to savepoint ${name}`)
        throw error
      }
    }
    const client: Client = { unsafe, begin: savepoint, savepoint }
    const pause = async () => {
      if (!ended) await close('commit')
    }
    return {
      handle: Object.assign(drizzleOver(client), { pause }),
      end: (commit: boolean) => finish(commit ? 'commit' : 'rollback'),
    }
  }

  /**
   * For long-lived responses (SSE subscriptions): no connection is held between events; each
   * statement runs in its own short transaction with the same scope.
   */
  function perStatement(partyId: string): DbHandle {
    const setup = scopeStatement(partyId)
    const inScope = <T>(fn: (tx: postgres.TransactionSql) => Promise<T>) =>
      base.sql.begin(async (tx) => {
        await tx.unsafe(setup)
        return fn(tx)
      }) as Promise<T>
    const client: Client = {
      // drizzle awaits the query or calls .values() on it: run lazily, once, in whichever form it asks for.
      unsafe: (...args: Parameters<postgres.Sql['unsafe']>) => ({
        values: () => inScope(async (tx) => tx.unsafe(...args).values()),
        then: (ok: (v: unknown) => unknown, ko: (e: unknown) => unknown) =>
          inScope(async (tx) => tx.unsafe(...args)).then(ok, ko),
      }),
      begin: <T>(fn: (tx: postgres.TransactionSql) => Promise<T>) => inScope(fn),
    }
    return drizzleOver(client)
  }

  return { beginRequest, perStatement }
}
export type VendorDbScope = ReturnType<typeof createVendorDbScope>

/**
 * Ends a VENDOR request's transaction and returns its connection to the pool until its next
 * statement (a no-op for other handles): nothing is held while the request waits on Temporal.
 */
export async function releaseRequestConnection(db: DbHandle): Promise<void> {
  await (db as DbHandle & { pause?: () => Promise<void> }).pause?.()
}
