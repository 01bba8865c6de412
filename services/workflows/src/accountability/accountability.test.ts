import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { MockActivityEnvironment } from '@temporalio/testing'
import { Client, Connection } from '@temporalio/client'
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker'
import { applyWorld, listReviewPacks } from '@baton/db'
import {
  allocateDemoOutage,
  createTestDatabase,
  demoOutageSettlement,
  type TestDatabase,
} from '@baton/db/testing'
import { demoWorld } from '@baton/domain/testing'
import {
  REVIEW_PACK_CRON,
  REVIEW_PACK_WORKFLOW_TYPE,
  type SettleIncidentActivityInput,
  type SettleIncidentActivityResult,
} from '@baton/temporal'
import { createAccountabilityActivities } from './create-accountability-activities.ts'
import { accountabilityWorkflowsPath } from './accountability-workflows-path.ts'
import { ensureReviewPackSchedules } from './ensure-review-pack-schedules.ts'
import { createNotificationActivities } from '../notifications/index.ts'
import { startMailbox, type Mailbox } from '../notifications/loopback-receivers.test-support.ts'

try {
  Runtime.install({ logger: new DefaultLogger('WARN') })
} catch {
  /* already installed in this process */
}

let t: TestDatabase
let input: SettleIncidentActivityInput
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
  await applyWorld(t.db, demoWorld, { masterKey: 'k', resolveSecret: () => 'unused' })
  input = demoOutageSettlement(await allocateDemoOutage(t.db))
})
afterAll(() => t?.drop())

describe('settleIncident activity', () => {
  it('settles the outage once: Stratus USD 2,400, Vistula USD 6,400; a retry writes nothing', async () => {
    const env = new MockActivityEnvironment()
    const acts = createAccountabilityActivities({ db: t.db })
    const first = (await env.run(acts.settleIncident, input)) as SettleIncidentActivityResult
    const retry = (await env.run(acts.settleIncident, input)) as SettleIncidentActivityResult
    expect(first).toMatchObject({
      settled: true,
      breaches: 4,
      credits: [
        { party: 'stratus', agreement: 'stratus-hosting@1', total: 2400, currency: 'USD' },
        { party: 'vistula', agreement: 'vistula-application@1', total: 6400, currency: 'USD' },
      ],
    })
    expect(retry).toEqual({ ...first, settled: false })
    const entries =
      await t.sql`select type, idempotency_key from ledger_entries where incident_id = ${input.incidentId}`
    expect(entries.map((e) => `${e.type} ${e.idempotency_key}`)).toEqual([
      `accountability.settled ${input.workflowId}#settled`,
    ])
  })
})

describe('review packs on Temporal', () => {
  let client: Client
  let native: NativeConnection
  let mailbox: Mailbox
  // the worker's activities: review packs are sent through the notification machinery
  const activities = () => ({
    ...createAccountabilityActivities({ db: t.db }),
    ...createNotificationActivities({
      db: t.db,
      smtp: { host: '127.0.0.1', port: mailbox.port, from: 'Baton <baton@northwind.example>' },
      consoleUrl: 'http://127.0.0.1:4000',
    }),
  })
  beforeAll(async () => {
    client = new Client({
      connection: await Connection.connect({ address: inject('temporalAddress') }),
    })
    native = await NativeConnection.connect({ address: inject('temporalAddress') })
    mailbox = await startMailbox()
  })
  afterAll(async () => {
    await native?.close()
    await client?.connection.close()
    await mailbox?.close()
  })

  it('renders and stores one monthly pack per vendor for the month before asOf, once', async () => {
    const taskQueue = `packs-${randomUUID()}`
    const worker = await Worker.create({
      connection: native,
      taskQueue,
      workflowsPath: accountabilityWorkflowsPath,
      activities: activities(),
    })
    const run = async () =>
      client.workflow.execute(REVIEW_PACK_WORKFLOW_TYPE, {
        taskQueue,
        workflowId: `packs-${randomUUID()}`,
        args: [{ kind: 'monthly', asOf: '2026-04-01T06:00:00Z' }],
      })
    const [first, second, weekly] = await worker.runUntil(async () => [
      await run(),
      await run(),
      await client.workflow.execute(REVIEW_PACK_WORKFLOW_TYPE, {
        taskQueue,
        workflowId: `packs-${randomUUID()}`,
        args: [{ kind: 'weekly', asOf: '2026-03-09T06:00:00Z' }],
      }),
    ])
    expect(first.map((p: { key: string }) => p.key)).toEqual([
      'monthly/bayside/2026-03',
      'monthly/sentinel/2026-03',
      'monthly/stratus/2026-03',
      'monthly/vistula/2026-03',
    ])
    expect(first.every((p: { created: boolean }) => p.created)).toBe(true)
    expect(second.every((p: { created: boolean }) => !p.created)).toBe(true)
    expect(weekly.map((p: { key: string }) => p.key)).toEqual(['weekly/*/week of 2026-03-02'])
    const [stratus] = await listReviewPacks(t.db, { kind: 'monthly', party: 'stratus' })
    expect(stratus?.markdown).toContain('| credits owed | USD 2,400.00 |')
    const [vistula] = await listReviewPacks(t.db, { kind: 'monthly', party: 'vistula' })
    expect(vistula?.markdown).toContain('| credits owed | USD 6,400.00 |')
    const [week] = await listReviewPacks(t.db, { kind: 'weekly' })
    expect(week?.markdown).toContain('## Breaches (4)')
  }, 120_000)

  it('e-mails the monthly pack once to the service integrator, attached, when SMTP fails once and the run is retried', async () => {
    const taskQueue = `packs-${randomUUID()}`
    const key = 'monthly/stratus/2026-04'
    const ofPack = () =>
      mailbox.messages.filter((m) => m.mail.headers.get('x-baton-review-pack') === key)
    const [integrator] =
      await t.sql`select c->'channels'->0->>'address' as address from desks d join parties p on p.id = d.party_id, jsonb_array_elements(d.contacts) c where p.slug = 'northwind' and c->'roles' ? 'service-integrator'`
    mailbox.faults.set(integrator!.address.toLowerCase(), [
      { stage: 'data', code: 451, message: 'try again later' },
    ])
    const worker = await Worker.create({
      connection: native,
      taskQueue,
      workflowsPath: accountabilityWorkflowsPath,
      activities: activities(),
    })
    const run = () =>
      client.workflow.execute(REVIEW_PACK_WORKFLOW_TYPE, {
        taskQueue,
        workflowId: `packs-${randomUUID()}`,
        args: [{ kind: 'monthly', asOf: '2026-05-01T06:00:00Z', parties: ['stratus'] }],
      })
    await worker.runUntil(async () => {
      await run()
      await run()
    })
    const mails = ofPack()
    expect(mails).toHaveLength(1)
    const [pack] = await listReviewPacks(t.db, {
      kind: 'monthly',
      party: 'stratus',
      from: '2026-04-01T00:00:00Z',
    })
    const { mail, to } = mails[0]!
    expect(to).toEqual([integrator!.address])
    expect(mail.subject).toBe(pack!.title)
    expect(mail.text).toContain(pack!.markdown.split('\n')[0])
    expect(mail.html).toContain('<table')
    expect(mail.attachments.map((a) => a.filename)).toEqual([
      'monthly-stratus-2026-04.csv',
      ...(pack!.charts as { name: string }[]).map(
        (c) => `monthly-stratus-2026-04-${c.name.replace(/[^A-Za-z0-9._-]+/g, '-')}.svg`
      ),
    ])
    expect(mail.attachments[0]!.content.toString('utf8')).toBe(pack!.csv)
    const rows =
      await t.sql`select recipient, state, attempts, channel, incident_id from notifications where review_pack_id = ${pack!.id}`
    expect(rows.map((r) => [r.state, r.attempts, r.channel, r.incident_id])).toEqual([
      ['SENT', 2, `email:${integrator!.address}`, null],
    ])
  }, 120_000)

  it('creates the weekly, monthly and quarterly schedules idempotently', async () => {
    const idPrefix = `test-${randomUUID()}`
    const ids = await ensureReviewPackSchedules(client, 'baton-incidents', {
      idPrefix,
      paused: true,
    })
    expect(
      await ensureReviewPackSchedules(client, 'baton-incidents', { idPrefix, paused: true })
    ).toEqual(ids)
    try {
      const described = await Promise.all(ids.map((id) => client.schedule.getHandle(id).describe()))
      expect(described.map((d) => d.state.paused)).toEqual([true, true, true])
      expect(
        described.map((d) => d.action.type === 'startWorkflow' && d.action.workflowType)
      ).toEqual([REVIEW_PACK_WORKFLOW_TYPE, REVIEW_PACK_WORKFLOW_TYPE, REVIEW_PACK_WORKFLOW_TYPE])
      expect(described.map((d) => d.action.type === 'startWorkflow' && d.action.args)).toEqual([
        [{ kind: 'weekly' }],
        [{ kind: 'monthly' }],
        [{ kind: 'quarterly' }],
      ])
      expect(Object.keys(REVIEW_PACK_CRON)).toEqual(['weekly', 'monthly', 'quarterly'])
    } finally {
      await Promise.all(ids.map((id) => client.schedule.getHandle(id).delete()))
    }
  })
})
