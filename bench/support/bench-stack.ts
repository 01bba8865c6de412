import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import postgres from 'postgres'
import { Client, Connection, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client'
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker'
import {
  allocateIncident,
  applyWorld,
  createDb,
  loadPinnedWorld,
  runMigrations,
  type DbHandle,
} from '@baton/db'
import { World, type Priority } from '@baton/domain'
import { incidentWorkflowId, syncUpdate, type IncidentWorkflowInput } from '@baton/temporal'
import { ensureTemporalBinary } from '../../infra/src/temporal/find-temporal-binary.ts'
import { startDevServer } from '../../infra/src/temporal/start-dev-server.ts'
import { scaleWorldDurations } from '../../infra/src/testing/scale-world.ts'
import { childPidsNamed, type CpuScope } from './cpu-meter.ts'

export const projectRoot = join(import.meta.dirname, '../..')
export type BenchStack = {
  db: DbHandle
  dbUrl: string
  client: Client
  native: NativeConnection
  temporalAddress: string
  /** the bench's own PostgreSQL backends and Temporal server, for startCpuMeter (kept current every second) */
  cpuScope: CpuScope
  close: () => Promise<void>
}

/** A throwaway database (demo world applied, durations scaled) and a Temporal dev server. */
export async function startBenchStack(o: { scale: number }): Promise<BenchStack> {
  try {
    // The bench stops itself on a signal (below); the SDK's own handler would only stop the
    // workers and leave the bench waiting for them.
    Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] })
  } catch {
    /* installed */
  }
  const admin =
    process.env.BATON_TEST_PG_URL ??
    process.env.DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres'
  const name = `baton_bench_${Date.now().toString(36)}`
  const sql = postgres(admin, { max: 1, onnotice: () => {} })
  await sql.unsafe(`CREATE DATABASE "${name}"`)
  const url = new URL(admin)
  url.pathname = `/${name}`
  await runMigrations(url.toString())
  const db = createDb({ url: url.toString(), max: 20, applicationName: 'baton-bench' })
  const world = scaleWorldDurations(
    World.parse(
      JSON.parse(readFileSync(join(projectRoot, 'infra/worlds/demo.world.json'), 'utf8'))
    ),
    o.scale
  )
  const withoutEndpoints = {
    ...world,
    parties: world.parties.map((p) =>
      p.integration ? { ...p, integration: { ...p.integration, outboundUrl: undefined } } : p
    ),
  }
  await applyWorld(db.db, withoutEndpoints, { masterKey: 'bench', resolveSecret: () => 'x' })
  const server = await startDevServer({
    binary: await ensureTemporalBinary(projectRoot),
    headless: true,
  })
  const client = new Client({ connection: await Connection.connect({ address: server.address }) })
  const native = await NativeConnection.connect({ address: server.address })
  // Other suites may run their own servers and databases on the machine: the CPU meter counts
  // only the backends connected to this database and the server this stack started.
  const cpuScope = { postgres: new Set<number>(), temporal: new Set<number>() }
  const rescope = async () => {
    const rows = await sql<{ pid: number }[]>`
      select pid from pg_stat_activity where datname = ${name}`.catch(() => [])
    cpuScope.postgres = new Set([...cpuScope.postgres, ...rows.map((r) => Number(r.pid))])
    if (server.process.pid)
      cpuScope.temporal = new Set(childPidsNamed(server.process.pid, 'temporal'))
  }
  await rescope()
  const rescoping = setInterval(() => void rescope(), 1000)
  rescoping.unref()
  // Ctrl-C or a SIGTERM mid-run: stop the Temporal server and drop the throwaway database, then
  // exit (the workers live in this process). Each step is tried even when the one before fails.
  const onSignal = (signal: NodeJS.Signals) => {
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
    console.error(`\n${signal}: stopping the bench's Temporal server, dropping ${name}`)
    const exit = () => process.exit(signal === 'SIGINT' ? 130 : 143)
    setTimeout(exit, 30_000).unref()
    void (async () => {
      await server.stop().catch((e: unknown) => console.error(`  server: ${String(e)}`))
      await db.close().catch(() => {})
      await sql
        .unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
        .catch((e: unknown) => console.error(`  drop ${name}: ${String(e)}`))
      await sql.end().catch(() => {})
    })().finally(exit)
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  return {
    db,
    dbUrl: url.toString(),
    client,
    native,
    temporalAddress: server.address,
    cpuScope,
    async close() {
      process.removeListener('SIGINT', onSignal)
      process.removeListener('SIGTERM', onSignal)
      clearInterval(rescoping)
      await native.close()
      await client.connection.close()
      await db.close()
      await server.stop()
      await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      await sql.end()
    },
  }
}

/**
 * What the gateway does for declareIncident: allocate, start the workflow, wait for the projection
 * (unless `wait` is false). `openedAt` (default now) may be in the past: a retroactive declaration.
 */
export async function declareIncident(
  s: BenchStack,
  taskQueue: string,
  o: { priority: Priority; holder: string; title?: string; openedAt?: string; wait?: boolean }
) {
  const openedAt = o.openedAt ?? new Date().toISOString()
  const inc = await allocateIncident(s.db.db, {
    clientKey: randomUUID(),
    title: o.title ?? 'bench',
    priority: o.priority,
    holder: o.holder,
    openedAt,
  })
  const input: IncidentWorkflowInput = {
    incidentId: inc.id,
    key: inc.key,
    title: o.title ?? 'bench',
    priority: o.priority,
    holder: o.holder,
    openedAt,
    declaredBy: 'northwind',
    world: await loadPinnedWorld(s.db.db, openedAt),
  }
  const handle = await s.client.workflow.start('incidentWorkflow', {
    taskQueue,
    workflowId: incidentWorkflowId(inc.key),
    args: [input],
  })
  if (o.wait !== false)
    await updateRetrying((id) =>
      handle.executeUpdate(syncUpdate, { args: [{ minSeq: 1 }], updateId: id })
    )
  return { ...inc, handle }
}

/**
 * Runs a workflow update, retried up to 12 times: an overloaded machine can time out the update
 * RPC, or the workflow's task (then the server refuses updates until the task is retried, for
 * about 90 s here in all). The same update id makes a retry apply once.
 */
export async function updateRetrying<T>(update: (updateId: string) => Promise<T>): Promise<T> {
  const updateId = randomUUID()
  for (let attempt = 1; ; attempt++) {
    try {
      return await update(updateId)
    } catch (error) {
      const taskFailed = `${String(error)} ${String((error as Error).cause)}`.includes(
        'Workflow Task in failed state'
      )
      if (!(error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || taskFailed)) throw error
      if (attempt >= 12) throw error
      if (taskFailed) await new Promise((r) => setTimeout(r, Math.min(10_000, 2000 * attempt)))
    }
  }
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

/** Runs `count` tasks with `concurrency` in flight; returns each task's latency in ms. */
export async function runConcurrent(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<unknown>
): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = []
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++
        const t0 = performance.now()
        await task(i)
        latencies.push(performance.now() - t0)
      }
    })
  )
  return { latencies, seconds: (performance.now() - started) / 1000 }
}
