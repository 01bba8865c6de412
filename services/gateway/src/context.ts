import type { Client } from '@temporalio/client'
import type { Logger } from 'pino'
import type { DbHandle, SessionLimits } from '@baton/db'
import type { Viewer } from './auth/viewer.ts'
import type { Loaders } from './loaders/create-loaders.ts'
import type { IncidentEventBus } from './events/incident-event-bus.ts'
import type { QueryLimits } from './graphql/plugins/query-limits.ts'

/** What createGatewayApp needs. Made once in main.ts (or a test) and passed down. */
export type GatewayDeps = {
  /** a createDb() handle: drizzle for queries, the raw postgres.js client for LISTEN */
  db: DbHandle
  /** a connected Temporal client (its namespace is used) */
  temporal: Client
  /** the incident workflows' task queue, e.g. 'baton-incidents' */
  taskQueue: string
  logger: Logger
  /** the URL users reach the gateway at, e.g. http://127.0.0.1:4000 */
  publicUrl: string
  /** Baton's export/anchor signing key, public half only: served at /.well-known/baton-export-key */
  exportKey?: { publicKeyPem: string; keyId: string }
  /** the query limits (graphql/plugins/query-limits.ts; defaults DEFAULT_QUERY_LIMITS), the largest page served, simulateIncident's time budget */
  limits?: Partial<QueryLimits> & { maxPage?: number; simulationBudgetMs?: number }
  /**
   * How stale per-process caches may be about changes made elsewhere (another replica, SQL, the
   * CLI); a mutation through this process invalidates them at once. tokenMs: a token's lookup
   * (revocation takes effect within it), default 1000; worldMs: the world fingerprint check, default 1000.
   */
  freshness?: { tokenMs?: number; worldMs?: number }
  /** whether a trusted reverse proxy fronts the gateway: only then does X-Forwarded-Proto decide https (the session cookie's Secure flag, same-origin checks) */
  trustProxy?: boolean
  /** console session lifetimes; default 12 h idle, 7 days absolute */
  sessions?: SessionLimits
  /** the console's built files (services/console/dist by default, resolved from this package) */
  consoleDist?: string
  /**
   * Commands (Temporal updates) on an incident: answered within deadlineMs (default 10 s) or
   * DEADLINE_EXCEEDED; beyond maxInFlightPerIncident (default 4) waiting on one incident, UNAVAILABLE.
   */
  commands?: { deadlineMs?: number; maxInFlightPerIncident?: number }
  /**
   * GraphQL requests (HTTP and graphql-ws operations) per API token per second, shared by every
   * replica through Postgres (api_token_rate_buckets); beyond it 429 with Retry-After. 0 or
   * absent: no limit (main.ts sets BATON_GRAPHQL_RATE_PER_TOKEN, default 100).
   */
  rateLimit?: { perTokenPerSecond: number }
  /** the clock; tests may pin it */
  now?: () => Date
}

/** Per-request GraphQL context. */
export type GatewayContext = {
  /** the process's deps, except `db`: for a VENDOR token it is the request's handle under Postgres RLS (app/vendor-request.ts) */
  deps: GatewayDeps
  viewer: Viewer
  loaders: Loaders
  events: IncidentEventBus
  requestId: string
  log: Logger
  now: () => Date
}
