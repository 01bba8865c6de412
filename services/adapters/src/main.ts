import { serve } from '@hono/node-server'
import { serveMetrics } from './app/metrics.ts'
import { Client, Connection } from '@temporalio/client'
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker'
import { pino } from 'pino'
import { createDb } from '@baton/db'
import { loadTracingConfig, startTracing } from '@baton/temporal/tracing'
import { createAdaptersAppWithState } from './app/create-adapters-app.ts'
import { loadAdaptersConfig } from './config.ts'
import { createDeliveryWorker } from './delivery/create-delivery-worker.ts'
import { outboundPolicyOf } from '@baton/temporal/outbound'
import { sdkLogLevel, sdkLogTo } from '@baton/temporal/sdk-log'
import { exitAfterLog } from '@baton/temporal/log-exit'

process.env.TZ = 'UTC'
const config = loadAdaptersConfig(process.env)
// OpenTelemetry tracing is off unless configured (docs/operations.md); on, Temporal calls start the trace.
const tracing = await startTracing(loadTracingConfig(process.env, 'baton-adapters'))
// Never log secrets or raw bodies: the logger only ever gets ids, slugs and outcomes.
const stdout = pino.destination({ fd: 1 })
const logger = pino(
  {
    level: config.LOG_LEVEL,
    base: { service: 'adapters' },
    redact: ['req.headers.authorization', '*.secret', '*.masterKey'],
  },
  stdout
)
// Ends the process once the last line is written, or its reader has gone (docs/operations.md).
const exit = exitAfterLog(logger, stdout)
// The delivery worker's SDK logs go through pino as JSON lines too (one line each, the error with
// its stack under `err`), not the SDK's multi-line console format.
Runtime.install({
  logger: new DefaultLogger(
    sdkLogLevel(config.LOG_LEVEL),
    // This process hosts an activity-only worker on purpose.
    sdkLogTo(logger, (message) => message.startsWith('No workflows registered'))
  ),
})

async function connectWithRetries<T>(
  what: string,
  connect: () => Promise<T>,
  attempts = 10
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await connect()
    } catch (error) {
      if (attempt >= attempts) throw error
      logger.warn({ attempt, what }, 'not reachable yet; retrying')
      await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** attempt, 5000)))
    }
  }
}

try {
  const db = createDb({
    url: config.DATABASE_URL,
    max: 20,
    applicationName: 'baton-adapters',
    connectTimeoutSeconds: 3,
  })
  const connection = await connectWithRetries('temporal', () =>
    Connection.connect({ address: config.TEMPORAL_ADDRESS })
  )
  const temporal = new Client({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    ...(tracing ? { interceptors: tracing.clientInterceptors() } : {}),
  })
  const { app, intake, intakeCounts } = createAdaptersAppWithState({
    db: db.db,
    temporal,
    masterKey: config.BATON_MASTER_KEY,
    taskQueue: config.BATON_TASK_QUEUE,
    deliveryTaskQueue: config.BATON_DELIVERY_TASK_QUEUE,
    logger,
    ...(config.BATON_ADMIN_TOKEN ? { adminToken: config.BATON_ADMIN_TOKEN } : {}),
    relay: {
      intervalMs: config.BATON_SWEEP_INTERVAL_MS,
      resignalAfterSeconds: config.BATON_SWEEP_AFTER_SECONDS,
    },
  })
  let worker: Worker | null = null
  let native: NativeConnection | null = null
  let workerRun: Promise<void> = Promise.resolve()
  if (config.BATON_ADAPTERS_DELIVERY_WORKER === '1') {
    native = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS })
    worker = await createDeliveryWorker({
      connection: native,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.BATON_DELIVERY_TASK_QUEUE,
      db: db.db,
      masterKey: config.BATON_MASTER_KEY,
      logger,
      outbound: outboundPolicyOf(config),
    })
    workerRun = worker.run()
  }
  const server = serve(
    {
      fetch: tracing ? tracing.traceFetch(app.fetch) : app.fetch,
      port: config.BATON_ADAPTERS_PORT,
      hostname: config.BATON_ADAPTERS_HOST,
    },
    (info) =>
      logger.info(
        { port: info.port, deliveryQueue: worker ? config.BATON_DELIVERY_TASK_QUEUE : null },
        'adapters listening'
      )
  )
  const metrics = config.BATON_ADAPTERS_METRICS_PORT
    ? await serveMetrics({
        port: config.BATON_ADAPTERS_METRICS_PORT,
        hostname: config.BATON_ADAPTERS_HOST,
      })
    : null
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'adapters stopping')
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await metrics?.close()
    // The relay ends its pass and gives up the lease; another replica's relay takes it over.
    await intake.relay?.stop()
    await intakeCounts.stop()
    if (worker && worker.getState() === 'RUNNING') worker.shutdown()
    await workerRun.catch(() => {})
    await native?.close()
    await connection.close()
    await tracing?.shutdown()
    await db.close()
    logger.info('adapters stopped')
    await exit(0)
  }
  process.once('SIGINT', () => void stop('SIGINT'))
  process.once('SIGTERM', () => void stop('SIGTERM'))
} catch (error) {
  logger.fatal({ err: error }, 'adapters cannot start')
  await exit(1)
}
