import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { Client, Connection, WorkflowFailedError } from '@temporalio/client'
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker'
import { allocateIncident, applyWorld, recordIncidentEvent, verifyLedgerAnchors } from '@baton/db'
import { createTestDatabase, TEST_SIGNING_KEY, type TestDatabase } from '@baton/db/testing'
import { demoWorld } from '@baton/domain/testing'
import { LEDGER_ANCHOR_CRON, LEDGER_ANCHOR_WORKFLOW_TYPE } from '@baton/temporal'
import { accountabilityWorkflowsPath } from './accountability-workflows-path.ts'
import { createLedgerAnchorActivities } from './create-ledger-anchor-activities.ts'
import { ensureLedgerAnchorSchedule } from './ensure-ledger-anchor-schedule.ts'

try {
  Runtime.install({ logger: new DefaultLogger('WARN') })
} catch {
  /* already installed in this process */
}

let t: TestDatabase
let client: Client
let native: NativeConnection
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
  await applyWorld(t.db, demoWorld, { masterKey: 'k', resolveSecret: () => 'unused' })
  const inc = await allocateIncident(t.db, {
    clientKey: 'anchor-me',
    title: 'Anchored',
    priority: 'P2',
    holder: 'stratus',
    openedAt: '2026-03-10T12:00:00Z',
  })
  for (const [i, type] of ['opened', 'acknowledged', 'comment'].entries())
    await recordIncidentEvent(t.db, {
      incidentId: inc.id,
      seq: 0,
      idempotencyKey: `anchor-me/${i}`,
      at: '2026-03-10T12:00:00Z',
      type,
      actor: 'stratus',
      data: { i },
    })
  client = new Client({
    connection: await Connection.connect({ address: inject('temporalAddress') }),
  })
  native = await NativeConnection.connect({ address: inject('temporalAddress') })
})
afterAll(async () => {
  await native?.close()
  await client?.connection.close()
  await t?.drop()
})

describe('the hourly ledger anchor', () => {
  it('is a Schedule whose run signs and stores an anchor that verifies against the pinned key', async () => {
    const taskQueue = `anchor-${randomUUID()}`
    const idPrefix = `test-${randomUUID()}`
    const id = await ensureLedgerAnchorSchedule(client, taskQueue, { idPrefix, paused: true })
    expect(await ensureLedgerAnchorSchedule(client, taskQueue, { idPrefix, paused: true })).toBe(id)
    const handle = client.schedule.getHandle(id)
    try {
      const d = await handle.describe()
      expect(d.action.type === 'startWorkflow' && d.action.workflowType).toBe(
        LEDGER_ANCHOR_WORKFLOW_TYPE
      )
      expect(LEDGER_ANCHOR_CRON).toBe('7 * * * *')
      const worker = await Worker.create({
        connection: native,
        taskQueue,
        workflowsPath: accountabilityWorkflowsPath,
        activities: createLedgerAnchorActivities({ db: t.db, signingKey: TEST_SIGNING_KEY }),
      })
      await worker.runUntil(async () => {
        await handle.trigger()
        for (let i = 0; i < 100 && (await t.sql`select 1 from ledger_anchors`).length === 0; i++)
          await new Promise((r) => setTimeout(r, 200))
      })
      const [anchor] =
        await t.sql`select incidents, entries::int as entries, key_id from ledger_anchors`
      expect(anchor).toEqual({ incidents: 1, entries: 3, key_id: TEST_SIGNING_KEY.keyId })
      expect(
        await verifyLedgerAnchors(t.db, { publicKeyPem: TEST_SIGNING_KEY.publicKeyPem })
      ).toMatchObject({ ok: true, anchorsChecked: 1, incidentsChecked: 1 })
    } finally {
      await handle.delete()
    }
  })

  it('without a signing key the run fails at once instead of retrying', async () => {
    const taskQueue = `anchor-${randomUUID()}`
    const worker = await Worker.create({
      connection: native,
      taskQueue,
      workflowsPath: accountabilityWorkflowsPath,
      activities: createLedgerAnchorActivities({ db: t.db, signingKey: null }),
    })
    await expect(
      worker.runUntil(
        client.workflow.execute(LEDGER_ANCHOR_WORKFLOW_TYPE, {
          taskQueue,
          workflowId: `anchor-${randomUUID()}`,
        })
      )
    ).rejects.toBeInstanceOf(WorkflowFailedError)
  })
})
