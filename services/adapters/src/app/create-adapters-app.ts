import { Hono } from 'hono'
import { requestId } from 'hono/request-id'
import { PartyDirectory } from '../parties/party-directory.ts'
import { SharedRateLimiter } from '../parties/shared-rate-limiter.ts'
import { IntakeStats } from '../webhooks/intake/intake-stats.ts'
import { webhookRoutes } from '../webhooks/intake/receive-webhook.ts'
import { ReceiptRelay } from '../webhooks/signalling/receipt-relay.ts'
import { ReceiptBatcher } from '../webhooks/receipts/group-commit.ts'
import { recordReceipts } from '../webhooks/receipts/receipt-statement.ts'
import type { Intake } from '../webhooks/receipts/record-receipt.ts'
import { adminRoutes } from '../admin/admin-routes.ts'
import { openApiRoute } from '../openapi/openapi-route.ts'
import { withDefaults, type AdaptersDeps } from './adapters-deps.ts'
import { answerWithin } from './answer-within.ts'
import { flushIntakeCounts } from './flush-intake-counts.ts'
import { healthRoutes } from './health-routes.ts'
import { ServiceError } from '@baton/domain'
import { httpAnswerOf, isDataError, isStoreUnavailable } from './service-error.ts'

import { countWebhooks } from './metrics.ts'

export type AdaptersApp = {
  app: Hono
  directory: PartyDirectory
  stats: IntakeStats
  intake: Intake
  /** the intake counts' flusher: `stop` adds what is left (call it when the app stops) */
  intakeCounts: { flush: () => Promise<void>; stop: () => Promise<void> }
}

/** The adapters' HTTP surface: vendor webhooks, admin, health, OpenAPI. Stateless apart from caches. */
export function createAdaptersApp(input: AdaptersDeps): Hono {
  return createAdaptersAppWithState(input).app
}

export function createAdaptersAppWithState(input: AdaptersDeps): AdaptersApp {
  const deps = withDefaults(input)
  const directory = new PartyDirectory(deps.db, deps.masterKey, deps.partyCacheTtlMs)
  const limiter = new SharedRateLimiter(deps.db)
  const stats = new IntakeStats()
  const intakeCounts = flushIntakeCounts({
    db: deps.db,
    stats,
    logger: deps.logger,
    ...(deps.intakeCountsFlushMs ? { everyMs: deps.intakeCountsFlushMs } : {}),
  })
  const intake = createIntake(deps)
  const app = new Hono()
  app.use(requestId())
  app.use('/webhooks/:partySlug', countWebhooks)
  app.use('/webhooks/*', answerWithin(deps.requestTimeoutMs))
  app.route('/', healthRoutes(deps))
  app.route('/', openApiRoute())
  app.route('/', webhookRoutes({ deps, directory, limiter, stats, intake }))
  app.route('/', adminRoutes({ deps, directory, stats }))
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: 'no such route' } }, 404))
  // One place maps faults to answers: a ServiceError (any package's) keeps its code's status; a
  // store outage is 503, never 500. A refused message is a ServiceError UNPROCESSABLE or
  // BAD_REQUEST with `details.field` naming the part at fault.
  app.onError((error, c) => {
    const requestId = c.get('requestId')
    if (error instanceof ServiceError) {
      const answer = httpAnswerOf(error)
      for (const [k, v] of Object.entries(answer.headers)) c.header(k, v)
      return c.json(answer.body, answer.status)
    }
    if (isStoreUnavailable(error)) {
      deps.logger.warn({ requestId, err: (error as Error).message }, 'store unavailable')
      c.header('retry-after', '5')
      return c.json(
        { error: { code: 'UNAVAILABLE', message: 'the store is unavailable; retry later' } },
        503
      )
    }
    if (isDataError(error))
      return c.json({ error: { code: 'UNPROCESSABLE', message: 'a value cannot be stored' } }, 422)
    deps.logger.error({ requestId, err: error }, 'unexpected error')
    return c.json({ error: { code: 'INTERNAL', message: 'internal error', requestId } }, 500)
  })
  return { app, directory, stats, intake, intakeCounts }
}

/**
 * One batcher per app (process): group commit needs the requests to share it. One relay per app
 * too, unless deps.relay is false; relays share a lease, so one per database works at a time.
 */
function createIntake(deps: ReturnType<typeof withDefaults>): Intake {
  const relay =
    deps.relay === false
      ? null
      : new ReceiptRelay(
          {
            db: deps.db,
            temporal: deps.temporal,
            taskQueue: deps.taskQueue,
            deliveryTaskQueue: deps.deliveryTaskQueue,
            logger: deps.logger,
            signalTimeoutMs: deps.signalTimeoutMs,
          },
          deps.relay === true || deps.relay === undefined ? {} : deps.relay
        ).start()
  return {
    batcher: new ReceiptBatcher((inputs) => recordReceipts(deps.db, inputs)),
    relay,
  }
}
