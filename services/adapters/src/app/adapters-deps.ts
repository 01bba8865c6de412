import type { Client } from '@temporalio/client'
import type { Logger } from 'pino'
import type { Database } from '@baton/db'
import type { RelayOptions } from '../webhooks/signalling/receipt-relay.ts'

export type AdaptersDeps = {
  db: Database
  temporal: Client
  /** decrypts the parties' secrets (BATON_MASTER_KEY) */
  masterKey: string
  /** the incident workflows' task queue, for incidents a vendor opens */
  taskQueue: string
  /** the delivery task queue written into workflows the adapters start */
  deliveryTaskQueue?: string
  logger: Logger
  clock?: () => Date
  /** bearer token of the admin routes; the routes answer 404 when unset */
  adminToken?: string
  /** how long a party's configuration and secrets are cached (default 5 s; a failed signature refreshes them sooner) */
  partyCacheTtlMs?: number
  /** a signal that takes longer is left to the relay's next pass (default 10 s: off the request path, a slow Temporal is waited for rather than signalled twice) */
  signalTimeoutMs?: number
  /**
   * the receipt relay this app runs (signalling/receipt-relay.ts): on by default; false for an
   * app that only records (another replica's relay signals what it records)
   */
  relay?: boolean | RelayOptions
  maxBodyBytes?: number
  /** a webhook not answered by then is a 503 (the store hangs); default 5 s */
  requestTimeoutMs?: number
  /** how often the intake counts are added to intake_counts (flush-intake-counts.ts); default 10 s */
  intakeCountsFlushMs?: number
}

export type ResolvedDeps = Required<
  Pick<
    AdaptersDeps,
    'clock' | 'partyCacheTtlMs' | 'signalTimeoutMs' | 'maxBodyBytes' | 'requestTimeoutMs'
  >
> &
  AdaptersDeps

export const withDefaults = (d: AdaptersDeps): ResolvedDeps => ({
  ...d,
  clock: d.clock ?? (() => new Date()),
  partyCacheTtlMs: d.partyCacheTtlMs ?? 5000,
  signalTimeoutMs: d.signalTimeoutMs ?? 10_000,
  maxBodyBytes: d.maxBodyBytes ?? 256 * 1024,
  requestTimeoutMs: d.requestTimeoutMs ?? 5000,
})
