import { timeGraphql } from './metrics.ts'
import { Hono } from 'hono'
import { requestId } from 'hono/request-id'
import { desc, sql } from 'drizzle-orm'
import { ledgerAnchors, publishedAnchor } from '@baton/db'
import type { GatewayDeps } from '../context.ts'
import { createTokenCache } from '../auth/token-cache.ts'
import { createIncidentEventBus } from '../events/incident-event-bus.ts'
import { createGatewayYoga } from '../graphql/create-yoga.ts'
import { createVendorDbScope } from '../auth/vendor-db-scope.ts'
import { runAsVendor } from './vendor-request.ts'
import { createConsoleSessions } from '../auth/console-sessions.ts'
import { createRequestAuthenticator } from '../auth/authenticate-request.ts'
import { createSessionRoutes } from '../auth/session-routes.ts'
import { createConsoleRoutes } from './console-routes.ts'
import { graphiqlPolicy } from './console-headers.ts'
import { SharedRateLimiter, TOKEN_BUCKETS } from '@baton/db'
import type { Viewer } from '../auth/viewer.ts'

type Env = { Variables: { requestId: string } }

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref()
    ),
  ])

/**
 * The gateway: the web console at / (its built files; sessions at /auth/session), GraphQL (and GraphiQL) at /graphql, liveness at /healthz, readiness
 * (Postgres and Temporal answer) at /readyz, Baton's export-signing public key (PEM) at
 * /.well-known/baton-export-key and the latest signed ledger anchor at /.well-known/baton-ledger-anchor. `close()` stops the LISTEN connection.
 */
export function createGatewayApp(deps: GatewayDeps) {
  const events = createIncidentEventBus(deps.db.sql, deps.logger)
  const tokens = createTokenCache(deps.db.db, deps.freshness?.tokenMs ?? 1000)
  // Sessions expire in real time, whatever instant a test pins the incidents' figures to (deps.now).
  const sessions = createConsoleSessions(deps.db.db, {
    now: () => new Date(),
    limits: deps.sessions,
    maxAgeMs: deps.freshness?.tokenMs ?? 1000,
  })
  const policy = { publicUrl: deps.publicUrl, trustProxy: deps.trustProxy ?? false }
  const authenticateRequest = createRequestAuthenticator(tokens, sessions, policy)
  const yoga = createGatewayYoga(deps, events, () => {
    tokens.clear()
    sessions.clear()
  })
  const vendorDb = createVendorDbScope(deps.db)
  const tokenRate = deps.rateLimit?.perTokenPerSecond ?? 0
  const limiter = new SharedRateLimiter(deps.db.db, Date.now, TOKEN_BUCKETS)
  /** 0 when the viewer's token may send one more GraphQL request now, else the seconds to wait. */
  const rateWait = (viewer: Viewer): Promise<number> =>
    tokenRate > 0 ? limiter.take(viewer.tokenId, tokenRate) : Promise.resolve(0)
  const app = new Hono<Env>()

  app.use('*', requestId())
  app.use('*', async (c, next) => {
    const started = performance.now()
    await next()
    deps.logger.debug(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request'
    )
  })

  app.get('/healthz', (c) => c.json({ ok: true }))
  // Public, unauthenticated: the key an auditor pins to verify exports and ledger anchors offline.
  app.get('/.well-known/baton-export-key', (c) =>
    deps.exportKey
      ? c.text(deps.exportKey.publicKeyPem, 200, {
          'content-type': 'application/x-pem-file',
          'x-baton-key-id': deps.exportKey.keyId,
          'cache-control': 'public, max-age=300',
        })
      : c.json({ error: 'no signing key configured (BATON_SIGNING_KEY)' }, 404)
  )
  // Public too: the latest signed ledger anchor, for auditors to keep (`ledger verify-anchor --anchor`).
  app.get('/.well-known/baton-ledger-anchor', async (c) => {
    const [row] = await deps.db.db
      .select()
      .from(ledgerAnchors)
      .orderBy(desc(ledgerAnchors.id))
      .limit(1)
    return row ? c.json(publishedAnchor(row)) : c.json({ error: 'no ledger anchor yet' }, 404)
  })
  app.use('/graphql', timeGraphql)
  app.use('/graphql', graphiqlPolicy)
  app.get('/readyz', async (c) => {
    const checks = await Promise.allSettled([
      withTimeout(deps.db.db.execute(sql`select 1`), 2000),
      withTimeout(deps.temporal.workflowService.getSystemInfo({}), 2000),
    ])
    const [pg, temporal] = checks.map((r) => (r.status === 'fulfilled' ? 'ok' : String(r.reason)))
    const ok = pg === 'ok' && temporal === 'ok'
    return c.json({ ok, postgres: pg, temporal }, ok ? 200 : 503)
  })

  app.route('/auth', createSessionRoutes({ db: deps.db.db, tokens, sessions, policy }))

  app.on(['GET', 'POST', 'OPTIONS'], '/graphql', async (c) => {
    const id = c.get('requestId')
    const log = deps.logger.child({ requestId: id })
    const auth = await authenticateRequest(c.req.raw)
    if (auth.refused !== undefined)
      return c.json({ errors: [{ message: auth.refused, extensions: { code: 'FORBIDDEN' } }] }, 403)
    const viewer = auth.viewer
    const consolePage =
      c.req.method === 'GET' && (c.req.header('accept') ?? '').includes('text/html')
    if (!viewer && !consolePage && c.req.method !== 'OPTIONS') {
      return c.json(
        {
          errors: [
            {
              message: 'send a valid token: Authorization: Bearer <token>',
              extensions: { code: 'UNAUTHENTICATED' },
            },
          ],
        },
        401,
        { 'www-authenticate': 'Bearer' }
      )
    }
    const wait = viewer ? await rateWait(viewer) : 0
    if (wait > 0)
      return c.json(
        {
          errors: [
            {
              message: `over ${tokenRate} GraphQL requests per second for this token; retry after ${wait} s`,
              extensions: { code: 'RATE_LIMITED', retryAfter: wait },
            },
          ],
        },
        429,
        { 'retry-after': String(wait) }
      )
    if (viewer?.role === 'VENDOR' && viewer.partyId) {
      // Postgres enforces the vendor's scope again, under the query layer: see vendor-request.ts.
      return runAsVendor(vendorDb, viewer.partyId, c.req.raw, async (db) =>
        yoga.fetch(c.req.raw, { viewer, requestId: id, log, db })
      )
    }
    return yoga.fetch(c.req.raw, { viewer, requestId: id, log })
  })

  // Last: the web console (services/console/dist) answers every remaining page a browser asks for.
  app.route('/', createConsoleRoutes({ distDir: deps.consoleDist, publicUrl: deps.publicUrl }))

  return Object.assign(app, {
    close: () => events.close(),
    graphql: { yoga, vendorDb, deps, sessions, policy, tokens, rateWait, tokenRate },
  })
}
export type GatewayApp = ReturnType<typeof createGatewayApp>
