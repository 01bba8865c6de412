import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { inject } from 'vitest'
import { Client, Connection } from '@temporalio/client'
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker'
import { pino } from 'pino'
import { createDeliveryWorker } from '@baton/adapters'
import { isolateIncidentKeys } from '@baton/adapters/testing'
import { applyWorld } from '@baton/db'
import { createTestDatabase, type TestDatabase } from '@baton/db/testing'
import { World, type Priority } from '@baton/domain'
import type { IncidentWorkflowInput } from '@baton/temporal'
import { createIncidentWorker } from '@baton/workflows'
import { scaleWorldDurations } from './scale-world.ts'
import { startIncident } from '../stack/start-incident.ts'
import { startLocalMailbox, type LocalMailbox } from '../mailbox/local-mailbox.ts'

// Worker logs at WARN and above: the suite's output stays readable.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') })
} catch {
  /* already installed in this process */
}

export const projectRoot = join(import.meta.dirname, '../../..')
export const demoWorld = () =>
  World.parse(JSON.parse(readFileSync(join(projectRoot, 'infra/worlds/demo.world.json'), 'utf8')))
export const TEST_MASTER_KEY = 'test-master-key-for-e2e-runs'

export type Harness = {
  t: TestDatabase
  client: Client
  taskQueue: string
  /** Where the workflows `declare` starts send their outbound messages (option `delivery`). */
  deliveryTaskQueue: string | undefined
  worker: Worker | null
  mailbox: LocalMailbox
  /** The incident worker, and with option `delivery` the delivery worker beside it. */
  startWorker: () => Promise<void>
  stopWorker: () => Promise<void>
  /** Another incident worker on `taskQueue` (e.g. one a test pauses); resolves to its stop function. */
  startWorkerOn: (taskQueue: string) => Promise<() => Promise<void>>
  declare: (
    o: DeclareOptions
  ) => Promise<{ id: string; key: string; handle: ReturnType<Client['workflow']['getHandle']> }>
  close: () => Promise<void>
}
export type DeclareOptions = {
  clock?: IncidentWorkflowInput['clock']
  clientKey: string
  title: string
  priority: Priority
  holder: string
  openedAt?: string
  declaredBy?: string
  parentKey?: string
  service?: string
  taskQueue?: string
  /** false: returns once the workflow is started (e.g. many at once on a loaded machine) */
  untilRecorded?: boolean
}

export type HarnessOptions = {
  scale: number
  /** No party has an outboundUrl: nothing is sent to vendors. */
  withoutIntegrations?: boolean
  /** Each integrated party's outboundUrl by its slug, e.g. a local server standing in for the vendor. */
  outboundUrl?: (slug: string) => string
  /** A delivery worker on its own task queue beside the incident worker, sending outbound messages. */
  delivery?: boolean
  /** The incident worker's activity concurrency (createIncidentWorker's default when absent). */
  concurrency?: number
  /** A last change to the world before it is applied (e.g. one party's clock skew). */
  adjust?: (world: World) => World
  /** Incident keys, and so workflow ids, no other test file's database shares (isolateIncidentKeys). */
  isolateKeys?: boolean
}

/** The world's party ids by slug. */
export async function partyIds(h: Harness): Promise<Record<string, string>> {
  const rows = await h.t.sql<{ id: string; slug: string }[]>`select id, slug from parties`
  return Object.fromEntries(rows.map((r) => [r.slug, r.id]))
}

/**
 * A test database with the demo world applied (durations scaled by `scale`), a Temporal client
 * and an in-process incident worker on a unique task queue.
 */
export async function createHarness(o: HarnessOptions): Promise<Harness> {
  const t = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
  let world = scaleWorldDurations(demoWorld(), o.scale)
  const outboundUrl = o.withoutIntegrations ? () => undefined : o.outboundUrl
  if (outboundUrl)
    world = {
      ...world,
      parties: world.parties.map((p) =>
        p.integration
          ? { ...p, integration: { ...p.integration, outboundUrl: outboundUrl(p.slug) } }
          : p
      ),
    }
  if (o.adjust) world = o.adjust(world)
  await applyWorld(t.db, world, { masterKey: TEST_MASTER_KEY, resolveSecret: () => 'unused' })
  if (o.isolateKeys) await isolateIncidentKeys(t.db)
  const client = new Client({
    connection: await Connection.connect({ address: inject('temporalAddress') }),
  })
  const taskQueue = `e2e-${randomUUID()}`
  const deliveryTaskQueue = o.delivery ? `e2e-delivery-${randomUUID()}` : undefined
  const native = await NativeConnection.connect({ address: inject('temporalAddress') })
  let delivery: Worker | null = null
  let running: Promise<unknown> | null = null
  const mailbox = await startLocalMailbox()
  const workerOn = (queue: string) =>
    createIncidentWorker({
      connection: native,
      taskQueue: queue,
      db: t.db,
      concurrency: o.concurrency,
      notifications: {
        smtp: { host: mailbox.host, port: mailbox.port, from: 'Baton <baton@localhost>' },
        consoleUrl: 'http://127.0.0.1:4000',
      },
    })
  const h: Harness = {
    t,
    client,
    taskQueue,
    deliveryTaskQueue,
    worker: null,
    mailbox,
    async startWorker() {
      h.worker = await workerOn(taskQueue)
      delivery = deliveryTaskQueue
        ? await createDeliveryWorker({
            connection: native,
            taskQueue: deliveryTaskQueue,
            db: t.db,
            masterKey: TEST_MASTER_KEY,
            logger: pino({ level: 'silent' }),
          })
        : null
      running = Promise.all([h.worker.run(), delivery?.run()])
    },
    async startWorkerOn(queue) {
      const worker = await workerOn(queue)
      const run = worker.run()
      return async () => {
        worker.shutdown()
        await run
      }
    },
    async stopWorker() {
      h.worker?.shutdown()
      delivery?.shutdown()
      await running
      h.worker = null
      delivery = null
    },
    async declare(d) {
      return startIncident(t.db, client, {
        ...d,
        openedAt: d.openedAt ?? new Date().toISOString(),
        declaredBy: d.declaredBy ?? 'northwind',
        taskQueue: d.taskQueue ?? taskQueue,
        deliveryTaskQueue,
        workflowIdConflictPolicy: 'USE_EXISTING',
      })
    },
    async close() {
      await h.stopWorker()
      await native.close()
      await mailbox.close()
      await client.connection.close()
      await t.drop()
    },
  }
  return h
}
