import { serve } from '@hono/node-server'
import { Client, Connection } from '@temporalio/client'
import { pino } from 'pino'
import { createDb, signingKeyFromSeed } from '@baton/db'
import { loadTracingConfig, startTracing } from '@baton/temporal/tracing'
import { exitAfterLog } from '@baton/temporal/log-exit'
import type { Server } from 'node:http'
import { createGatewayApp } from './app/create-gateway-app.ts'
import { attachGraphqlWs } from './app/graphql-ws.ts'
import { serveMetrics } from './app/metrics.ts'
import { loadGatewayConfig } from './config.ts'

process.env.TZ = 'UTC'
const config = loadGatewayConfig(process.env)
// OpenTelemetry tracing is off unless configured (docs/operations.md); on, Temporal calls start the trace.
const tracing = await startTracing(loadTracingConfig(process.env, 'baton-gateway'))
const stdout = pino.destination({ fd: 1 })
const logger = pino({ level: config.LOG_LEVEL, base: { service: 'gateway' } }, stdout)
// Ends the process once the last line is written, or its reader has gone (docs/operations.md).
const exit = exitAfterLog(logger, stdout)

async function connectTemporal(): Promise<Connection> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await Connection.connect({ address: config.TEMPORAL_ADDRESS })
    } catch (error) {
      if (attempt >= 10) throw error
      logger.warn(
        { attempt, address: config.TEMPORAL_ADDRESS },
        'Temporal not reachable yet; retrying'
      )
      await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** attempt, 5000)))
    }
  }
}

try {
  const connection = await connectTemporal()
  const temporal = new Client({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    ...(tracing ? { interceptors: tracing.clientInterceptors() } : {}),
  })
  const db = createDb({
    url: config.DATABASE_URL,
    max: config.BATON_GATEWAY_DB_POOL,
    applicationName: 'baton-gateway',
  })
  const publicUrl =
    config.BATON_PUBLIC_URL ?? `http://${config.BATON_GATEWAY_HOST}:${config.BATON_GATEWAY_PORT}`
  const signing = config.BATON_SIGNING_KEY ? signingKeyFromSeed(config.BATON_SIGNING_KEY) : null
  const app = createGatewayApp({
    db,
    temporal,
    taskQueue: config.BATON_TASK_QUEUE,
    logger,
    publicUrl,
    trustProxy: config.BATON_TRUST_PROXY,
    commands: {
      deadlineMs: config.BATON_COMMAND_DEADLINE_MS,
      maxInFlightPerIncident: config.BATON_COMMAND_MAX_IN_FLIGHT_PER_INCIDENT,
    },
    rateLimit: { perTokenPerSecond: config.BATON_GRAPHQL_RATE_PER_TOKEN },
    sessions: {
      idleMs: config.BATON_SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: config.BATON_SESSION_MAX_HOURS * 3600_000,
    },
    ...(config.BATON_CONSOLE_DIST ? { consoleDist: config.BATON_CONSOLE_DIST } : {}),
    ...(signing ? { exportKey: { publicKeyPem: signing.publicKeyPem, keyId: signing.keyId } } : {}),
  })
  const server = serve(
    {
      fetch: tracing ? tracing.traceFetch(app.fetch) : app.fetch,
      port: config.BATON_GATEWAY_PORT,
      hostname: config.BATON_GATEWAY_HOST,
    },
    (info) => {
      logger.info({ port: info.port, console: `${publicUrl}/graphql` }, 'gateway listening')
    }
  )
  const graphqlWs = attachGraphqlWs(server as Server, app)
  const metrics = config.BATON_GATEWAY_METRICS_PORT
    ? await serveMetrics({
        port: config.BATON_GATEWAY_METRICS_PORT,
        hostname: config.BATON_GATEWAY_HOST,
      })
    : null

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'gateway stopping')
    // Stop accepting, close graphql-ws sockets, give open SSE streams a moment, then release Postgres and Temporal.
    await graphqlWs.close()
    await metrics?.close()
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    if ('closeAllConnections' in server)
      setTimeout(() => server.closeAllConnections(), 2000).unref()
    await closed
    await app.close()
    await db.close()
    await connection.close()
    await tracing?.shutdown()
    logger.info('gateway stopped')
    await exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
} catch (error) {
  logger.fatal({ err: error }, 'gateway cannot start')
  await exit(1)
}
