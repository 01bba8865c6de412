import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve, type ServerType } from '@hono/node-server'
import type { TestDatabase } from '@baton/db/testing'
import { createAdaptersApp } from '../app/create-adapters-app.ts'
import type { SeededVendor } from '../testing/index.ts'
import { signedInit } from '../testing/index.ts'
import type { StratusIntake } from '../testing/intake-test.ts'
import { openStratusIntake, startIdleIncidentWorkflow } from '../testing/intake-test.ts'
import { bucketCapacity, leaseSize, SharedRateLimiter } from './shared-rate-limiter.ts'

const RATE = 20
let x: StratusIntake
let t: TestDatabase
let vendor: SeededVendor
let incident: StratusIntake['incident']
const servers: ServerType[] = []
const urls: string[] = []

const listen = async () => {
  const app = createAdaptersApp(x.deps())
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
  x = await openStratusIntake({
    queue: 'test-rate',
    clientKey: 'rate-1',
    kind: 'CLOUD',
    integration: { ratePerSecond: RATE },
  })
  ;({ t, stratus: vendor, incident } = x)
  await startIdleIncidentWorkflow(x.client, x.taskQueue, incident)
  urls.push(await listen(), await listen())
})
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))))
  await x?.close()
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
