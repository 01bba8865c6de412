import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { generateWebhookSecret } from '@baton/db'
import { createTestDatabase, type TestDatabase } from '@baton/db/testing'
import { PUBLIC_ONLY } from '@baton/temporal/outbound'
import { createActivities } from '../activities/create-activities.ts'
import { createNotificationActivities } from './create-notification-activities.ts'
import { startMailbox, type Mailbox } from './loopback-receivers.test-support.ts'
import {
  notificationWorld,
  recipientOf,
  seedNotificationIncident,
  vistulaStep3Escalation,
} from './notification-world.test-support.ts'

// Issue #19: a notification webhook answering 307 made Baton POST the whole escalation to the
// address it named (another loopback port). Webhooks now follow no redirect, and the production
// policy refuses loopback altogether.
let t: TestDatabase
let mailbox: Mailbox
let redirector: Server
let target: Server
const received = { redirector: 0, target: [] as string[] }
let world: ReturnType<typeof notificationWorld>
let incident: { id: string; key: string }
const olaSecret = generateWebhookSecret()
const portOf = (s: Server) => (s.address() as AddressInfo).port
const listen = (s: Server) => new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()))

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
  mailbox = await startMailbox([])
  target = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.target.push(Buffer.concat(chunks).toString('utf8'))
      res.writeHead(200).end('ok')
    })
  })
  await listen(target)
  redirector = createServer((req, res) => {
    received.redirector++
    req.resume()
    res.writeHead(307, { location: `http://127.0.0.1:${portOf(target)}/collect` }).end()
  })
  await listen(redirector)
  world = notificationWorld({ http: (path) => `http://127.0.0.1:${portOf(redirector)}${path}` })
  incident = await seedNotificationIncident(t.db, world, 'outbound-policy-1')
})
afterAll(async () => {
  await mailbox?.close()
  for (const s of [redirector, target]) await new Promise((r) => s?.close(r))
  await t?.drop()
})

async function escalateTo(slug: string): Promise<string> {
  const key = `outbound#ladder:vistula:${randomUUID()}`
  await createActivities({ db: t.db }).requestNotification(
    vistulaStep3Escalation(incident, key, [recipientOf(world, slug)])
  )
  return key
}

const deps = (outbound?: typeof PUBLIC_ONLY) => ({
  db: t.db,
  smtp: { host: '127.0.0.1', port: mailbox.port, from: 'Baton <baton@northwind.test>' },
  consoleUrl: 'http://127.0.0.1:4000',
  webhookSecretResolver: () => olaSecret,
  now: () => new Date('2026-03-07T21:50:00.000Z'),
  ...(outbound ? { outbound } : {}),
})

describe('notification webhooks under the outbound address policy (issue #19)', () => {
  it('follows no redirect: the webhook is posted once, the address it names never', async () => {
    const key = await escalateTo('ola') // ola's first channel: a signed webhook
    await createNotificationActivities(deps())
      .deliverNotifications({ escalationKey: key })
      .catch(() => undefined) // a 307 is not a delivery: it is retried or moves on
    expect(received.redirector).toBeGreaterThanOrEqual(1)
    expect(received.target).toEqual([])
  })

  it('refuses loopback under the production policy: the webhook is not even reached', async () => {
    const before = received.redirector
    const key = await escalateTo('ola')
    await createNotificationActivities(deps(PUBLIC_ONLY))
      .deliverNotifications({ escalationKey: key })
      .catch(() => undefined)
    expect(received.redirector).toBe(before)
    const [row] = await t.sql<{ error: string | null }[]>`
      select error from notifications where escalation_key = ${key}`
    expect(row?.error ?? '').toMatch(/EADDRREFUSED_BY_POLICY/)
  })
})
