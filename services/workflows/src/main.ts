import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker'
import { Client, Connection } from '@temporalio/client'
import { ensureReviewPackSchedules } from './accountability/ensure-review-pack-schedules.ts'
import { ensureLedgerAnchorSchedule } from './accountability/ensure-ledger-anchor-schedule.ts'
import { pino } from 'pino'
import { createDb, resolveSecretRef, signingKeyFromSeed } from '@baton/db'
import { startTracing } from '@baton/temporal/tracing'
import { loadWorkerConfig, loadWorkerTracingConfig } from './config.ts'
import { createIncidentWorker } from './create-worker.ts'
import { outboundPolicyOf } from '@baton/temporal/outbound'
import { sdkLogLevel, sdkLogTo } from '@baton/temporal/sdk-log'
import { exitAfterLog } from '@baton/temporal/log-exit'

process.env.TZ = 'UTC'
const config = loadWorkerConfig(process.env)
const stdout = pino.destination({ fd: 1 })
const logger = pino({ level: config.LOG_LEVEL, base: { service: 'worker' } }, stdout)
// Ends the process once the last line is written, or its reader has gone (docs/operations.md).
const exit = exitAfterLog(logger, stdout)
// OpenTelemetry tracing is off unless configured (docs/operations.md); off, nothing is registered.
const tracing = await startTracing(loadWorkerTracingConfig(process.env))
// Prometheus /metrics on the worker: Temporal's SDK metrics plus Baton's workflow metrics.
Runtime.install({
  // An activity's error goes under `err`, so pino writes its message and stack (JSON logs).
  logger: new DefaultLogger(sdkLogLevel(config.LOG_LEVEL), sdkLogTo(logger)),
  ...(config.BATON_WORKER_METRICS_PORT
    ? {
        telemetryOptions: {
          metrics: {
            prometheus: {
              bindAddress: `${config.BATON_WORKER_METRICS_HOST}:${config.BATON_WORKER_METRICS_PORT}`,
            },
          },
        },
      }
    : {}),
})

// Until the worker runs, a stop request ends the process at once. The SDK drains running workers
// only, so a worker still connecting would otherwise go on retrying against a Temporal that is
// going away too (Ctrl-C reaches every process of `npm start`), filling the log with retries.
let running = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (running) return
    logger.info({ signal }, 'stop requested while starting; exiting')
    void exit(0)
  })
}

async function connectWithRetries(): Promise<NativeConnection> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS })
    } catch (error) {
      if (attempt >= config.BATON_WORKER_CONNECT_ATTEMPTS) throw error
      logger.warn(
        { attempt, address: config.TEMPORAL_ADDRESS },
        'Temporal not reachable yet; retrying'
      )
      await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** attempt, 5000)))
    }
  }
}

try {
  const connection = await connectWithRetries()
  const db = createDb({ url: config.DATABASE_URL, max: 20, applicationName: 'baton-worker' })
  const notifications = {
    smtp: {
      host: config.BATON_SMTP_HOST,
      port: config.BATON_SMTP_PORT,
      secure: config.BATON_SMTP_SECURE,
      from: config.BATON_SMTP_FROM,
      ...(config.BATON_SMTP_USER
        ? { auth: { user: config.BATON_SMTP_USER, pass: config.BATON_SMTP_PASS ?? '' } }
        : {}),
    },
    consoleUrl: config.BATON_CONSOLE_URL,
    webhookSecretResolver: (ref: string) => resolveSecretRef(ref),
    outbound: outboundPolicyOf(config),
  }
  const signingKey = config.BATON_SIGNING_KEY ? signingKeyFromSeed(config.BATON_SIGNING_KEY) : null
  const worker = await createIncidentWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.BATON_TASK_QUEUE,
    db: db.db,
    concurrency: config.BATON_WORKER_CONCURRENCY,
    notifications,
    tracing,
    signingKey,
  })
  // Review packs run on Temporal Schedules; creating them is idempotent, so every worker start does it.
  const scheduleClient = new Client({
    connection: await Connection.connect({ address: config.TEMPORAL_ADDRESS }),
    namespace: config.TEMPORAL_NAMESPACE,
  })
  await ensureReviewPackSchedules(scheduleClient, config.BATON_TASK_QUEUE).catch((e: Error) =>
    logger.warn({ err: e }, 'review-pack schedules not ensured')
  )
  // The hourly ledger anchor needs the signing key; without it the worker says so once.
  if (signingKey)
    await ensureLedgerAnchorSchedule(scheduleClient, config.BATON_TASK_QUEUE).catch((e: Error) =>
      logger.warn({ err: e }, 'ledger-anchor schedule not ensured')
    )
  else logger.warn('no BATON_SIGNING_KEY: the ledger is not anchored (see docs/accountability.md)')
  await scheduleClient.connection.close()
  // Worker.run() drains in-flight tasks on SIGINT/SIGTERM (the SDK's default shutdown signals).
  logger.info(
    { taskQueue: config.BATON_TASK_QUEUE, tracing: tracing ? tracing.serviceName : 'off' },
    'worker running'
  )
  running = true
  await worker.run()
  await tracing?.shutdown()
  await db.close()
  await connection.close()
  logger.info('worker stopped')
} catch (error) {
  logger.fatal({ err: error }, 'worker cannot start')
  await exit(1)
}
