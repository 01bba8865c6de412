import { randomUUID } from 'node:crypto'
import { inject } from 'vitest'
import { Client, Connection } from '@temporalio/client'
import { pino } from 'pino'
import type { Database } from '@baton/db'
import { createTestDatabase, type TestDatabase } from '@baton/db/testing'
import { incidentWorkflowId, INCIDENT_WORKFLOW_TYPE } from '@baton/temporal'
import type { AdaptersDeps } from '../app/adapters-deps.ts'
import {
  isolateIncidentKeys,
  seedBondedIncident,
  seedRetained,
  seedVendor,
  type Integration,
  type SeededVendor,
} from './seed-vendor.ts'

// The set-up the adapters' webhook tests share (vitest only: not exported from ./index.ts, which
// the bench and the simulator import): a cloned database, a Temporal client, an idle workflow.

export const TEST_MASTER_KEY = 'test-master-key-0123456789'
export const testLogger = pino({ level: process.env.TEST_LOG ?? 'silent' })

export type IntakeTest = {
  t: TestDatabase
  client: Client
  /** a queue of this test file's own, that no worker polls */
  taskQueue: string
  /** what `createAdaptersApp` needs on this database, Temporal and queue, with `o` on top */
  deps: (o?: Partial<AdaptersDeps>) => AdaptersDeps
  close: () => Promise<void>
}

/**
 * A test database cloned from the template with its incident keys moved (isolateIncidentKeys) and,
 * unless `retained` is false, the retained organisation `northwind`; a Temporal client.
 */
export async function openIntakeTest(o: {
  queue: string
  retained?: boolean
}): Promise<IntakeTest> {
  const t = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
  const client = new Client({
    connection: await Connection.connect({ address: inject('temporalAddress') }),
  })
  await isolateIncidentKeys(t.db)
  if (o.retained !== false) await seedRetained(t.db)
  const taskQueue = `${o.queue}-${randomUUID()}`
  return {
    t,
    client,
    taskQueue,
    deps: (more = {}) => ({
      db: t.db,
      temporal: client,
      masterKey: TEST_MASTER_KEY,
      taskQueue,
      logger: testLogger,
      ...more,
    }),
    close: async () => {
      await client.connection.close()
      await t.drop()
    },
  }
}

/** The canonical vendor `stratus` that intake tests post as, with `kind` and `integration` on top of the defaults. */
export const seedStratus = (
  db: Database,
  o: { kind?: string; integration?: Partial<Integration> } = {}
): Promise<SeededVendor> =>
  seedVendor(db, {
    slug: 'stratus',
    masterKey: TEST_MASTER_KEY,
    kind: o.kind,
    integration: { dialect: 'canonical', ...o.integration },
  })

/** An incident that `stratus` holds, bonded to it. */
export const seedStratusIncident = (db: Database, stratus: SeededVendor, clientKey: string) =>
  seedBondedIncident(db, { clientKey, holder: 'stratus', vendorPartyId: stratus.id })

export type StratusIntake = IntakeTest & {
  stratus: SeededVendor
  incident: Awaited<ReturnType<typeof seedStratusIncident>>
}

/** openIntakeTest with `stratus` (seedStratus, `o` on top) and an incident it holds (`clientKey`). */
export async function openStratusIntake(o: {
  queue: string
  clientKey: string
  kind?: string
  integration?: Partial<Integration>
}): Promise<StratusIntake> {
  const x = await openIntakeTest({ queue: o.queue })
  const stratus = await seedStratus(x.t.db, o)
  return { ...x, stratus, incident: await seedStratusIncident(x.t.db, stratus, o.clientKey) }
}

/**
 * Starts the incident workflow of `inc` on `taskQueue` with an empty world. No worker polls the
 * queue: the execution exists and records the signals it gets in their order, which is all intake needs.
 */
export async function startIdleIncidentWorkflow(
  client: Client,
  taskQueue: string,
  inc: { id: string; key: string },
  o: { holder?: string; openedAt?: string } = {}
) {
  await client.workflow.start(INCIDENT_WORKFLOW_TYPE, {
    taskQueue,
    workflowId: incidentWorkflowId(inc.key),
    args: [
      {
        incidentId: inc.id,
        key: inc.key,
        title: 'x',
        priority: 'P1',
        holder: o.holder ?? 'stratus',
        openedAt: o.openedAt ?? new Date().toISOString(),
        declaredBy: 'northwind',
        world: { calendars: [], parties: [], agreements: [], ladders: [], services: [] },
      },
    ],
  })
}
