import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, inject } from 'vitest'
import { Client, Connection } from '@temporalio/client'
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker'
import { allocateIncident, type Database } from '@baton/db'
import { createTestDatabaseWithParties, type TestDatabase } from '@baton/db/testing'
import { incidentWorkflowId, syncUpdate, type IncidentWorkflowInput } from '@baton/temporal'
import { createIncidentWorker } from '../create-worker.ts'

// Worker logs at WARN and above, in every test file that imports this one: the suite's output
// stays readable.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') })
} catch {
  /* already installed in this process */
}

/** Notifications of a test worker: to a closed SMTP port, so nothing is delivered. */
export const unreachableNotifications = {
  smtp: { host: '127.0.0.1', port: 1, from: 'baton@localhost' },
  consoleUrl: 'http://127.0.0.1:4000',
}

/** A test database, an incident worker polling the test Temporal on its own task queue, and a client. */
export type TestIncidentWorker = {
  t: TestDatabase
  client: Client
  /** Stops the worker and closes the connections and the database. */
  close(): Promise<void>
}

/**
 * Starts what the incident workflow tests share: a database cloned from the template with the
 * given parties, the real incident worker on `taskQueue` (notifications to a closed SMTP port)
 * and a Temporal client.
 */
export async function startTestIncidentWorker(
  taskQueue: string,
  partyRows: { slug: string; name: string; kind: string }[]
): Promise<TestIncidentWorker> {
  const t = await createTestDatabaseWithParties(
    inject('pgAdminUrl'),
    inject('pgTemplate'),
    partyRows
  )
  const native = await NativeConnection.connect({ address: inject('temporalAddress') })
  const worker: Worker = await createIncidentWorker({
    connection: native,
    taskQueue,
    db: t.db,
    notifications: unreachableNotifications,
  })
  const running = worker.run()
  const client = new Client({
    connection: await Connection.connect({ address: inject('temporalAddress') }),
  })
  return {
    t,
    client,
    close: async () => {
      worker.shutdown()
      await running
      await native.close()
      await client.connection.close()
      await t.drop()
    },
  }
}

/**
 * startTestIncidentWorker for one test file, on a task queue of its own (`test-<name>-<uuid>`):
 * started before the file's tests and closed after them. `t` and `client` are set once beforeAll ran.
 */
export function useTestIncidentWorker(
  name: string,
  partyRows: { slug: string; name: string; kind: string }[]
): Omit<TestIncidentWorker, 'close'> & { taskQueue: string } {
  const taskQueue = `test-${name}-${randomUUID()}`
  let stack: TestIncidentWorker | undefined
  const w = { taskQueue } as Omit<TestIncidentWorker, 'close'> & { taskQueue: string }
  beforeAll(async () => {
    stack = await startTestIncidentWorker(taskQueue, partyRows)
    w.t = stack.t
    w.client = stack.client
  })
  afterAll(async () => {
    await stack?.close()
  })
  return w
}

/**
 * A P1 held by sentinel, declared by northwind at 2026-03-06T20:00Z with an empty world unless
 * `extra` says otherwise: its allocated row and the input of its incident workflow.
 */
export async function sentinelIncident(
  db: Database,
  clientKey: string,
  title: string,
  extra: Partial<IncidentWorkflowInput> = {}
) {
  const openedAt = '2026-03-06T20:00:00.000Z'
  const inc = await allocateIncident(db, {
    clientKey,
    title,
    priority: 'P1',
    holder: 'sentinel',
    openedAt,
  })
  const input: IncidentWorkflowInput = {
    incidentId: inc.id,
    key: inc.key,
    title,
    priority: 'P1',
    holder: 'sentinel',
    openedAt,
    declaredBy: 'northwind',
    world: { calendars: [], parties: [], agreements: [], ladders: [], services: [] },
    ...extra,
  }
  return { inc, input }
}

/** Starts the incident's workflow on `taskQueue` and waits until it recorded its declaration. */
export async function startIncident(
  client: Client,
  taskQueue: string,
  { inc, input }: Awaited<ReturnType<typeof sentinelIncident>>
) {
  const handle = await client.workflow.start('incidentWorkflow', {
    taskQueue,
    workflowId: incidentWorkflowId(inc.key),
    args: [input],
  })
  await handle.executeUpdate(syncUpdate, { args: [{ minSeq: 1 }] })
  return { inc, handle }
}
