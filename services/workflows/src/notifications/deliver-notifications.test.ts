import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { Webhook } from 'standardwebhooks'
import { Client, Connection } from '@temporalio/client'
import { MockActivityEnvironment } from '@temporalio/testing'
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker'
import { createDb, generateWebhookSecret, notifications } from '@baton/db'
import { createTestDatabase, type TestDatabase } from '@baton/db/testing'
import type { NotificationRequest } from '@baton/temporal'
import { formatRecipient, recipientOf, type Recipient } from '@baton/domain'
import { eq } from 'drizzle-orm'
import { createActivities } from '../activities/create-activities.ts'
import {
  createNotificationActivities,
  type NotificationDeps,
} from './create-notification-activities.ts'
import {
  startHttpReceiver,
  startMailbox,
  type HttpReceiver,
  type Mailbox,
} from './loopback-receivers.test-support.ts'
import {
  notificationWorld,
  recipientOf as recipientText,
  seedNotificationIncident,
  vistulaStep3Escalation,
} from './notification-world.test-support.ts'

// ERROR only: the retries this file provokes on purpose would log a warning each
try {
  Runtime.install({ logger: new DefaultLogger('ERROR') })
} catch {
  /* already installed in this process */
}

let t: TestDatabase
let mailbox: Mailbox
let http: HttpReceiver
let world: ReturnType<typeof notificationWorld>
let incident: { id: string; key: string }
const arrivals: string[] = []
const quiet = new DefaultLogger('ERROR')
const olaSecret = generateWebhookSecret()
const clock = { now: new Date('2026-03-07T21:50:00.000Z') }

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
  mailbox = await startMailbox(arrivals)
  http = await startHttpReceiver(arrivals)
  world = notificationWorld({ http: http.url })
  incident = await seedNotificationIncident(t.db, world, 'notif-1')
})
afterAll(async () => {
  await mailbox?.close()
  await http?.close()
  await t?.drop()
})

const deps = (extra: Partial<NotificationDeps> = {}): NotificationDeps => ({
  db: t.db,
  smtp: { host: '127.0.0.1', port: mailbox.port, from: 'Baton <baton@northwind.test>' },
  consoleUrl: 'http://127.0.0.1:4000',
  webhookSecretResolver: (ref) => {
    if (ref === 'env:OLA_WEBHOOK_SECRET') return olaSecret
    throw new Error(`unknown ${ref}`)
  },
  now: () => clock.now,
  ...extra,
})

/** Queues one escalation the way the incident workflow does, and returns its key. */
async function queue(slugs: string[], o: Partial<NotificationRequest> = {}): Promise<string> {
  const key = `wf-notif#ladder:vistula:${randomUUID()}`
  await createActivities({ db: t.db }).requestNotification({
    ...vistulaStep3Escalation(
      incident,
      key,
      slugs.map((s) => recipientText(world, s))
    ),
    ...o,
  })
  return key
}
const rowsOf = async (key: string) =>
  Object.fromEntries(
    (await t.db.select().from(notifications).where(eq(notifications.escalationKey, key))).map(
      (r) => [r.recipient.replace(/ <.*/, ''), r]
    )
  )
const port = () => new URL(http.url('/')).port

describe('deliverNotifications', () => {
  it("reaches each recipient on its first channel, in ladder order, with the deadline in the recipient's zone across the US DST change", async () => {
    const key = await queue(['ola', 'mim', 'anna', 'piotr'])
    const acts = createNotificationActivities(deps())
    const start = arrivals.length
    expect(await acts.deliverNotifications({ escalationKey: key })).toMatchObject({
      sent: 4,
      failed: 0,
      deferred: 0,
      deferredUntil: null,
    })
    expect(arrivals.slice(start)).toEqual([
      'http:/hooks/ola',
      'smtp:sam.okafor@northwind.test',
      'http:/teams/anna',
      'http:/slack/piotr',
    ])

    // Ola (Warsaw, zone from her desk): a Standard Webhooks message signed with her secret
    const ola = http.accepted('/hooks/ola').at(-1)!
    const payload = new Webhook(olaSecret).verify(
      ola.body,
      ola.headers as Record<string, string>
    ) as {
      type: string
      data: { clock: { deadlineLocal: string }; holder: { name: string }; link: string }
    }
    expect(payload.type).toBe('escalation.notification')
    expect(payload.data.clock.deadlineLocal).toBe(
      'Sun 08 Mar 2026 08:45 CET (UTC+1) · 2026-03-08 07:45 UTC'
    )
    expect(payload.data.holder.name).toBe('Stratus Cloud')
    expect(payload.data.link).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:4000/graphql\\?incident=${incident.key}&query=`)
    )

    // Sam (New York): the same deadline is 03:45 EDT, the escalation itself was 16:45 EST
    const sam = mailbox.messages.find((m) => m.to.includes('sam.okafor@northwind.test'))!
    expect(sam.mail.subject).toBe(
      `[P1] ${incident.key} Checkout account enumeration: escalation step 3`
    )
    expect(sam.mail.from?.value).toEqual([{ name: 'Baton', address: 'baton@northwind.test' }])
    expect(sam.mail.to && 'value' in sam.mail.to ? sam.mail.to.value : []).toEqual([
      { name: 'Sam Okafor', address: 'sam.okafor@northwind.test' },
    ])
    const lines = sam.mail.text!.split('\n')
    expect(lines).toContain('Deadline: Sun 08 Mar 2026 03:45 EDT (UTC-4) · 2026-03-08 07:45 UTC')
    expect(lines).toContain(
      'Escalated at: Sat 07 Mar 2026 16:45 EST (UTC-5) · 2026-03-07 21:45 UTC'
    )
    expect(lines).toContain('Baton held by: Stratus Cloud (stratus)')
    expect(sam.mail.html).toContain(
      '<td>Sun 08 Mar 2026 03:45 EDT (UTC-4) · 2026-03-08 07:45 UTC</td>'
    )
    expect(sam.mail.headers.get('x-baton-incident')).toBe(incident.key)

    const anna = JSON.parse(http.accepted('/teams/anna').at(-1)!.body) as {
      attachments: Array<{
        content: { body: Array<{ facts?: Array<{ title: string; value: string }> }> }
      }>
    }
    expect(
      anna.attachments[0]!.content.body[1]!.facts!.find((f) => f.title === 'Deadline')!.value
    ).toBe('Sun 08 Mar 2026 08:45 CET (UTC+1) · 2026-03-08 07:45 UTC')
    const piotr = JSON.parse(http.accepted('/slack/piotr').at(-1)!.body) as {
      text: string
      blocks: Array<{ type: string }>
    }
    expect(piotr.text).toBe(`[P1] ${incident.key} Checkout account enumeration: escalation step 3`)
    expect(piotr.blocks.map((b) => b.type)).toEqual(['header', 'section', 'actions'])

    const rows = await rowsOf(key)
    expect(
      Object.fromEntries(
        Object.entries(rows).map(([n, r]) => [
          n,
          [r.state, r.channel, r.attempts, r.sentAt !== null, r.deliveredAt !== null],
        ])
      )
    ).toEqual({
      'Ola Nowak': ['DELIVERED', `webhook:127.0.0.1:${port()}`, 1, true, true],
      'Sam Okafor': ['SENT', 'email:sam.okafor@northwind.test', 1, true, false],
      'Anna Director': ['DELIVERED', `teams:127.0.0.1:${port()}`, 1, true, true],
      'Piotr Duty': ['DELIVERED', `slack:127.0.0.1:${port()}`, 1, true, true],
    })
  })

  it('reaches structured recipients by party and contact, never by reading their text', async () => {
    const entry = (slug: string) =>
      world.parties
        .flatMap((p) => p.desks.flatMap((d) => d.contacts.map((c) => ({ p, d, c }))))
        .find((e) => e.c.slug === slug)!
    const ola = entry('ola')
    const to: Recipient[] = [
      // A name with angle brackets that a regex would split into a name and an "address" 'EU'.
      { ...recipientOf(ola.p.slug, ola.d.slug, ola.c), name: 'Ola <EU> Nowak' },
      // A contact no longer in the world, with an address and no name: reached at the address.
      {
        party: 'northwind',
        desk: null,
        contact: 'shared-inbox',
        name: '',
        channel: 'email',
        address: 'shared@northwind.test',
      },
    ]
    const key = await queue([], { recipients: to.map(formatRecipient), to })
    const start = arrivals.length
    expect(
      await createNotificationActivities(deps()).deliverNotifications({ escalationKey: key })
    ).toMatchObject({ sent: 2, failed: 0, deferred: 0 })
    expect(arrivals.slice(start)).toEqual(['http:/hooks/ola', 'smtp:shared@northwind.test'])
    const rows = await t.db.select().from(notifications).where(eq(notifications.escalationKey, key))
    expect(rows.map((r) => [r.recipient, r.to, r.state]).sort()).toEqual(
      [
        ['<shared@northwind.test>', to[1], 'SENT'],
        ['Ola <EU> Nowak <ola.nowak@vistula.test>', to[0], 'DELIVERED'],
      ].sort()
    )
  })

  it('sends a repeated step once: a second request and a second delivery send nothing', async () => {
    const key = await queue(['ola', 'mim'])
    const acts = createNotificationActivities(deps())
    await acts.deliverNotifications({ escalationKey: key })
    const start = arrivals.length
    await createActivities({ db: t.db }).requestNotification({
      ...((await t.db.select().from(notifications).where(eq(notifications.escalationKey, key)))[0]!
        .payload as NotificationRequest),
    })
    expect(await acts.deliverNotifications({ escalationKey: key })).toMatchObject({
      sent: 2,
      failed: 0,
      deferred: 0,
    })
    expect(arrivals.slice(start)).toEqual([])
  })

  it('falls back to the next channel when one refuses for good, and fails a contact with no channel', async () => {
    mailbox.faults.set('marek@left-the-company.test', [
      { stage: 'rcpt', code: 550, message: 'No such user' },
    ])
    const key = await queue(['marek', 'nobody'], { priority: 'P2' })
    const start = arrivals.length
    expect(
      await createNotificationActivities(deps()).deliverNotifications({ escalationKey: key })
    ).toMatchObject({ sent: 1, failed: 1, deferred: 0 })
    expect(arrivals.slice(start)).toEqual(['http:/hooks/marek'])
    const rows = await rowsOf(key)
    expect(rows['Marek Gone']).toMatchObject({
      state: 'DELIVERED',
      channel: `webhook:127.0.0.1:${port()}`,
      attempts: 1,
    })
    expect(rows['Marek Gone']!.error).toMatch(/^email:marek@left-the-company\.test: SMTP 550/)
    expect(rows['No Channel']).toMatchObject({
      state: 'FAILED',
      channel: null,
      attempts: 1,
      error: 'no channel for No Channel',
    })
  })

  it("holds a P2 during the contact's quiet hours and sends it when they end, but sends a P1 at once", async () => {
    clock.now = new Date('2026-03-06T23:30:00.000Z') // Sat 00:30 in Warsaw, Piotr is quiet 22:00-07:00
    const acts = createNotificationActivities(deps())
    const p2 = await queue(['piotr'], { priority: 'P2', at: '2026-03-06T23:30:00.000Z' })
    const p1 = await queue(['piotr'], { priority: 'P1', at: '2026-03-06T23:30:00.000Z' })
    const start = http.accepted('/slack/piotr').length
    /** The priority tags of the Slack messages Piotr has had since `start`. */
    const piotrPriorities = () =>
      http
        .accepted('/slack/piotr')
        .slice(start)
        .map((r) => (JSON.parse(r.body) as { text: string }).text.slice(0, 4))
    expect(await acts.deliverNotifications({ escalationKey: p2 })).toMatchObject({
      sent: 0,
      failed: 0,
      deferred: 1,
      deferredUntil: '2026-03-07T06:00:00.000Z',
    })
    expect((await rowsOf(p2))['Piotr Duty']).toMatchObject({
      state: 'QUEUED',
      attempts: 0,
      error: 'quiet hours until 2026-03-07T06:00:00.000Z',
    })
    expect(await acts.deliverNotifications({ escalationKey: p1 })).toMatchObject({
      sent: 1,
      deferred: 0,
      deferredUntil: null,
    })
    expect(piotrPriorities()).toEqual(['[P1]'])

    clock.now = new Date('2026-03-07T06:00:00.000Z')
    expect(await acts.deliverNotifications({ escalationKey: p2 })).toMatchObject({
      sent: 1,
      deferred: 0,
      deferredUntil: null,
    })
    expect(piotrPriorities()).toEqual(['[P1]', '[P2]'])
    clock.now = new Date('2026-03-07T21:50:00.000Z')
  })

  it('keeps a transiently failing channel for Temporal to retry, then moves to the next channel from the third attempt', async () => {
    http.respond.set('/hooks/jan', [503, 503])
    const key = await queue(['jan'])
    const acts = createNotificationActivities(deps())
    await expect(
      new MockActivityEnvironment({ attempt: 1 }, { logger: quiet }).run(
        acts.deliverNotifications,
        { escalationKey: key }
      )
    ).rejects.toThrow(/failed for now: Jan Flaky: webhook:127\.0\.0\.1:\d+: HTTP 503/)
    expect((await rowsOf(key))['Jan Flaky']).toMatchObject({
      state: 'QUEUED',
      attempts: 1,
      channel: `webhook:127.0.0.1:${port()}`,
    })
    const start = arrivals.length
    expect(
      await new MockActivityEnvironment({ attempt: 3 }, { logger: quiet }).run(
        acts.deliverNotifications,
        { escalationKey: key }
      )
    ).toMatchObject({ sent: 1 })
    expect(arrivals.slice(start)).toEqual(['smtp:jan@vistula.test'])
    expect((await rowsOf(key))['Jan Flaky']).toMatchObject({
      state: 'SENT',
      attempts: 2,
      channel: 'email:jan@vistula.test',
    })
  })

  it('never needs a second pool connection while a row is locked (as many deliveries as connections must not deadlock the pool)', async () => {
    const key = await queue(['zofia', 'mim'])
    const single = createDb({ url: t.url, max: 1, applicationName: 'baton-notif-one-connection' })
    try {
      const acts = createNotificationActivities(deps({ db: single.db }))
      const stuck = new Promise((_, reject) =>
        setTimeout(
          () => reject(new Error('deliverNotifications waited for a second connection')),
          10_000
        ).unref()
      )
      expect(
        await Promise.race([acts.deliverNotifications({ escalationKey: key }), stuck])
      ).toMatchObject({ sent: 2 })
    } finally {
      await single.close()
    }
  })
})

/** Runs the test workflow (the delivery loop) under a real worker on its own task queue. */
async function runUnderWorker(extra: Partial<NotificationDeps>, key: string) {
  const taskQueue = `test-notifications-${randomUUID()}`
  const connection = await NativeConnection.connect({ address: inject('temporalAddress') })
  const client = new Client({
    connection: await Connection.connect({ address: inject('temporalAddress') }),
  })
  try {
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowsPath: fileURLToPath(new URL('./notification-test-workflows.ts', import.meta.url)),
      activities: createNotificationActivities(deps(extra)),
    })
    return await worker.runUntil(
      client.workflow.execute('deliverNotificationsTestWorkflow', {
        taskQueue,
        workflowId: `notif-${randomUUID()}`,
        args: [key],
      })
    )
  } finally {
    await client.connection.close()
    await connection.close()
  }
}

describe('deliverNotifications under a Temporal worker', () => {
  it('delivers exactly one accepted message to a webhook and a mailbox that each fail three times first', async () => {
    http.respond.set('/hooks/jan', [503, 503, 503])
    mailbox.faults.set(
      'zofia@vistula.test',
      [1, 2, 3].map(() => ({ stage: 'data' as const, code: 451, message: 'Try again later' }))
    )
    const key = await queue(['jan', 'zofia'])
    const janBefore = http.requests.filter((r) => r.path === '/hooks/jan').length
    const zofiaBefore = mailbox.messages.filter((m) => m.to.includes('zofia@vistula.test')).length
    expect(await runUnderWorker({ fallbackAfterAttempts: 10 }, key)).toMatchObject({
      sent: 2,
      failed: 0,
      deferred: 0,
    })
    const jan = http.requests.filter((r) => r.path === '/hooks/jan').slice(janBefore)
    expect(jan.map((r) => r.status)).toEqual([503, 503, 503, 200])
    expect(new Set(jan.map((r) => r.headers['webhook-id'])).size).toBe(1)
    expect(
      mailbox.messages.filter((m) => m.to.includes('zofia@vistula.test')).length - zofiaBefore
    ).toBe(1)
    expect(
      Object.fromEntries(
        Object.entries(await rowsOf(key)).map(([n, r]) => [n, [r.state, r.attempts]])
      )
    ).toEqual({ 'Jan Flaky': ['DELIVERED', 4], 'Zofia Mail': ['SENT', 4] })
  })

  it('comes back for a notification held by quiet hours and sends it once they are over', async () => {
    const key = await queue(['piotr', 'anna'], { priority: 'P3' })
    // the policy clock: inside Piotr's quiet hours on the first call, after them from then on
    const instants = [new Date('2026-03-06T23:30:00.000Z'), new Date('2026-03-07T06:00:00.000Z')]
    const seen: string[] = []
    const now = () => {
      const at = instants.length > 1 ? instants.shift()! : instants[0]!
      seen.push(at.toISOString())
      return at
    }
    const start = arrivals.length
    expect(await runUnderWorker({ now }, key)).toMatchObject({
      sent: 2,
      deferred: 0,
      deferredUntil: null,
    })
    expect(seen).toEqual(['2026-03-06T23:30:00.000Z', '2026-03-07T06:00:00.000Z'])
    expect(arrivals.slice(start)).toEqual(['http:/teams/anna', 'http:/slack/piotr'])
  })
})
