import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { serve, type ServerType } from '@hono/node-server'
import { Client, Connection } from '@temporalio/client'
import { pino } from 'pino'
import { createTestDatabase, type TestDatabase } from '@baton/db/testing'
import { incidentWorkflowId, INCIDENT_WORKFLOW_TYPE } from '@baton/temporal'
import { createAdaptersApp } from '../app/create-adapters-app.ts'
import {
  isolateIncidentKeys,
  seedBondedIncident,
  seedRetained,
  seedVendor,
  signedInit,
  type SeededVendor,
} from '../testing/index.ts'
import { bucketCapacity, leaseSize, SharedRateLimiter } from './shared-rate-limiter.ts'

const masterKey = 'test-master-key-0123456789'
const logger = pino({ level: process.env.TEST_LOG ?? 'silent' })
const taskQueue = `test-rate-${randomUUID()}`
const RATE = 20
let t: TestDatabase
let client: Client
let vendor: SeededVendor
let incident: Awaited<ReturnType<typeof seedBondedIncident>>
const servers: ServerType[] = []
const urls: string[] = []

const listen = async () => {
  const app = createAdaptersApp({ db: t.db, temporal: client, masterKey, taskQueue, logger })
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  servers.push(server)
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}
const comment = (i: number) => ({
  type: 'incident.comment',
  incident: { id: incident.id },
  occurredAt: new Date().toISOString(),
  actor: { name: 'Ops' },
  data: { body: `note ${i}` },
})
const receipts = async () =>
  (await t.sql`select count(*)::int as n from inbound_receipts where party_id = ${vendor.id}`)[0]!
    .n as number

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
  client = new Client({
    connection: await Connection.connect({ address: inject('temporalAddress') }),
  })
  await isolateIncidentKeys(t.db)
  await seedRetained(t.db)
  vendor = await seedVendor(t.db, {
    slug: 'stratus',
    masterKey,
    kind: 'CLOUD',
    integration: { dialect: 'canonical', ratePerSecond: RATE },
  })
  incident = await seedBondedIncident(t.db, {
    clientKey: 'rate-1',
    holder: 'stratus',
    vendorPartyId: vendor.id,
  })
  // No worker polls this queue: the execution exists and accepts signals, which is all intake needs.
  await client.workflow.start(INCIDENT_WORKFLOW_TYPE, {
    taskQueue,
    workflowId: incidentWorkflowId(incident.key),
    args: [
      {
        incidentId: incident.id,
        key: incident.key,
        title: 'x',
        priority: 'P1',
        holder: 'stratus',
        openedAt: new Date().toISOString(),
        declaredBy: 'northwind',
        world: { calendars: [], parties: [], agreements: [], ladders: [], services: [] },
      },
    ],
  })
  urls.push(await listen(), await listen())
})
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))))
  await client?.connection.close()
  await t?.drop()
})

describe('the per-party rate limit shared by adapters replicas', () => {
  it('two limiters on one database spend one bucket: the second gets nothing the first already took', async () => {
    const [other] =
      await t.sql`insert into parties (slug, name, kind) values ('limited', 'Limited', 'OTHER') returning id`
    const a = new SharedRateLimiter(t.db)
    const b = new SharedRateLimiter(t.db)
    let admittedByA = 0
    while ((await a.take(other!.id, 2)) === 0) admittedByA++
    expect(admittedByA).toBe(bucketCapacity(2))
    const wait = await b.take(other!.id, 2)
    expect(wait).toBeGreaterThanOrEqual(1)
  })

  it('two adapters apps on two ports together accept at most the party rate plus its burst, each refusing the excess with 429 and Retry-After', async () => {
    const before = await receipts()
    const total = 100
    const started = performance.now()
    const answers = await Promise.all(
      Array.from({ length: total }, async (_, i) => {
        const init = signedInit('canonical', vendor.inboundSecret, comment(i))
        const res = await fetch(`${urls[i % 2]}/webhooks/stratus`, init)
        return {
          replica: i % 2,
          status: res.status,
          retryAfter: res.headers.get('retry-after'),
          body: (await res.json()) as { error?: { code: string } },
        }
      })
    )
    const seconds = (performance.now() - started) / 1000
    const accepted = answers.filter((a) => a.status === 202).length
    const refused = answers.filter((a) => a.status === 429)
    // The documented bound: the rate over the window, plus one second's burst, plus under two leases
    // of stock per replica (two per-process buckets would admit twice the burst and twice the rate).
    const bound = Math.floor(RATE * seconds + bucketCapacity(RATE) + 2 * 2 * leaseSize(RATE))
    expect(accepted).toBeGreaterThanOrEqual(bucketCapacity(RATE))
    expect(accepted).toBeLessThanOrEqual(bound)
    expect(accepted + refused.length).toBe(total)
    expect(new Set(refused.map((a) => a.replica))).toEqual(new Set([0, 1]))
    for (const r of refused) {
      expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1)
      expect(r.body).toMatchObject({ error: { code: 'RATE_LIMITED' } })
    }
    // A refusal records nothing: only the accepted messages have receipts.
    expect(await receipts()).toBe(before + accepted)
  })

  it('admits again once the Retry-After has passed', async () => {
    let res = await fetch(
      `${urls[0]}/webhooks/stratus`,
      signedInit('canonical', vendor.inboundSecret, comment(100))
    )
    for (let i = 0; res.status === 202 && i < 300; i++)
      res = await fetch(
        `${urls[i % 2]}/webhooks/stratus`,
        signedInit('canonical', vendor.inboundSecret, comment(101 + i))
      )
    expect(res.status).toBe(429)
    await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after')) * 1000 + 50))
    expect(
      (
        await fetch(
          `${urls[1]}/webhooks/stratus`,
          signedInit('canonical', vendor.inboundSecret, comment(200))
        )
      ).status
    ).toBe(202)
  })
})
