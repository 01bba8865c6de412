import { AsyncResource } from 'node:async_hooks'
import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import type { Database, DbHandle } from '@baton/db'
import { relayPass, unsignalledOr, type PassResult, type RelayDeps } from './relay-pass.ts'

/** The channel intake notifies once receipts are committed (the receipt statement, or notifyRelay). */
export const RECEIPTS_CHANNEL = 'baton_receipts'
/** The advisory lock key of the relay's lease: one relay per database at a time. */
const RELAY_LEASE = 0x62746e72 // 'btnr'

/** Wakes the relay of whichever replica holds the lease; delivered when the caller's transaction commits. */
export const notifyRelay = (db: Database) =>
  db.execute(sql`select pg_notify(${RECEIPTS_CHANNEL}, '')`)

export type RelayOptions = {
  /** a pass at least this often without a notification; also how often a replica tries the lease (default 1 s) */
  intervalMs?: number
  /** a receipt signalled this long ago and still RECORDED is signalled again (default 60 s) */
  resignalAfterSeconds?: number
  /** receipts read per pass (default 2,000) */
  limit?: number
  /** incidents signalled at once (default 32) */
  concurrency?: number
  onPass?: (result: PassResult) => void
}

/**
 * Hands recorded receipts to their incident workflows, off the request path. Every adapters
 * replica runs one; a session-level advisory lock (the lease) lets exactly one of them work at a
 * time, the others retry every intervalMs and take over when the holder's connection ends
 * (crash, SIGKILL, network). The holder LISTENs on RECEIPTS_CHANNEL and runs a pass when woken
 * (and every intervalMs regardless): each pass signals every pending receipt of an incident in
 * one signal, in receipt order (relay-pass.ts). Nothing is held in memory that the database does
 * not have: a relay that dies loses nothing, the next holder reads the same RECORDED rows.
 */
export class ReceiptRelay {
  private stopped = false
  private woken = false
  private sleeper: { done: () => void; wakeable: boolean } | null = null
  private loop: Promise<void> = Promise.resolve()
  private readonly intervalMs: number
  private readonly resignalAfterSeconds: number
  /** whether this process holds the lease now */
  leader = false
  /** the request's async context (trace) of receipts recorded here, until relayed; bounded */
  private readonly scopes = new Map<string, AsyncResource>()

  constructor(
    private readonly deps: RelayDeps,
    private readonly o: RelayOptions = {}
  ) {
    this.intervalMs = o.intervalMs ?? 1000
    this.resignalAfterSeconds = o.resignalAfterSeconds ?? 60
  }

  start(): this {
    this.loop = this.run()
    return this
  }

  /** Ends the current pass, gives the lease up and stops; receipts not yet signalled stay RECORDED. */
  async stop(): Promise<void> {
    this.stopped = true
    this.sleeper?.done()
    await this.loop
  }

  /**
   * Remembers the recording request's async context, so that when this replica's relay signals
   * the receipt, the signal joins the webhook's trace (OpenTelemetry). Best effort: when another
   * replica relays it, or 10,000 newer receipts came first, the signal starts its own trace.
   */
  keepScope(receipt: string): void {
    if (this.scopes.size >= 10_000) this.scopes.delete(this.scopes.keys().next().value!)
    this.scopes.set(receipt, new AsyncResource('baton.relay'))
  }

  /** Runs a pass soon (a notification does the same). */
  wake(): void {
    this.woken = true
    if (this.sleeper?.wakeable) this.sleeper.done()
  }

  /**
   * Resolves once no receipt is waiting for its first signal (whichever replica's relay sends
   * it); for tests and shutdown. Rejects after timeoutMs.
   */
  async drain(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const [row] = await this.deps.db.execute<{ n: number }>(
        sql`select count(*)::int as n from inbound_receipts where status = 'RECORDED' and signalled_at is null`
      )
      if (row!.n === 0) return
      if (Date.now() > deadline) throw new Error(`${row!.n} receipts still not signalled`)
      this.wake()
      await new Promise((r) => setTimeout(r, 25))
    }
  }

  private sleep(ms: number, wakeable: boolean): Promise<void> {
    if ((wakeable && this.woken) || this.stopped) {
      this.woken = false
      return Promise.resolve()
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        this.sleeper = null
        this.woken = false
        resolve()
      }
      const timer = setTimeout(done, ms)
      timer.unref()
      this.sleeper = { done, wakeable }
    })
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.lead()
      } catch (error) {
        if (!this.stopped)
          this.deps.logger.warn(
            { err: (error as Error).message },
            'receipt relay: lease or store lost; retrying'
          )
      }
      if (!this.stopped) await this.sleep(this.intervalMs, false)
    }
  }

  /**
   * Takes the lease if free and relays until stopped or the lease is lost. The lease is a session
   * advisory lock on a connection of its own (a one-connection client, not a reserved pool
   * connection: postgres.js 3.4.9 can throw an uncatchable error writing to a reserved
   * connection whose backend died). Before each pass the relay asks again whether its session
   * holds the lock, taking it if free: a connection that died and came back either finds the
   * lock free (and holds it again) or another replica's (and this relay stops).
   */
  private async lead(): Promise<void> {
    const client = (this.deps.db as Database & { $client: DbHandle['sql'] }).$client
    const lease = postgres({
      ...(client.options as unknown as postgres.Options<Record<string, never>>),
      max: 1,
      idle_timeout: undefined,
      max_lifetime: null,
      // The lease asks one boolean. Without this, each new lease connection first reads the array
      // types, and postgres.js 3.4 leaves that query's failure unhandled when the backend dies
      // during it (a restart, a dropped database): an unhandled rejection, which ends a process.
      fetch_types: false,
      onnotice: () => {},
    })
    const holds = async () => {
      const [row] = await lease<{ ok: boolean }[]>`
        select case when exists (
          select 1 from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()
            and classid = 0 and objid = ${RELAY_LEASE} and objsubid = 1 and granted
        ) then true else pg_try_advisory_lock(${RELAY_LEASE}) end as ok`
      return row?.ok === true
    }
    try {
      if (!(await holds())) return
      this.leader = true
      const listener = await client.listen(RECEIPTS_CHANNEL, () => this.wake())
      try {
        const pending = unsignalledOr(this.resignalAfterSeconds)
        while (!this.stopped && (await holds())) {
          this.woken = false
          const result = await relayPass(this.deps, {
            pending,
            scopes: this.scopes,
            ...(this.o.limit ? { limit: this.o.limit } : {}),
            ...(this.o.concurrency ? { concurrency: this.o.concurrency } : {}),
          })
          this.o.onPass?.(result)
          const progressed = result.signalled + result.started + result.deadLettered > 0
          // More may have arrived meanwhile: look again at once; nothing to do: wait for a
          // notification; only deferrals (Temporal away): back off for a whole interval.
          if (progressed) continue
          await this.sleep(this.intervalMs, result.deferred === 0)
        }
      } finally {
        this.leader = false
        await listener.unlisten().catch(() => {})
      }
    } finally {
      // Ending the session releases the lock.
      await lease.end({ timeout: 1 }).catch(() => {})
    }
  }
}
