import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { MockActivityEnvironment } from '@temporalio/testing'
import { ApplicationFailure } from '@temporalio/common'
import { parties } from '@baton/db'
import type { TestDatabase } from '@baton/db/testing'
import type { DeliveryRequest } from '@baton/temporal'
import { eq } from 'drizzle-orm'
import { verifyStandardWebhook } from '../signing/standard-webhooks.ts'
import type { EndpointRequest, SeededVendor } from '../testing/index.ts'
import { seedBondedIncident, seedVendor } from '../testing/index.ts'
import { setEndpointState } from '../admin/integration-health.ts'
import { openDeliveryTest, type DeliveryTest } from '../testing/delivery-test.ts'
import { TEST_MASTER_KEY } from '../testing/intake-test.ts'

const masterKey = TEST_MASTER_KEY
let d: DeliveryTest
let t: TestDatabase
let endpoint: DeliveryTest['endpoint']
let url: string
let vendor: SeededVendor
let incident: { id: string; key: string }
let answer = 200
const received: EndpointRequest[] = []

const activities = () => d.activities()
let n = 0
const request = (over: Partial<DeliveryRequest> = {}): DeliveryRequest => ({
  idempotencyKey: `incident/${incident.key}#${++n}#stratus`,
  incidentId: incident.id,
  incidentKey: incident.key,
  party: 'stratus',
  type: 'handoff.offered',
  occurredAt: '2026-03-06T20:20:00.000Z',
  payload: {
    incident: {
      title: 'Credential stuffing',
      priority: 'P1',
      status: 'ACKNOWLEDGED',
      holder: 'sentinel',
    },
    event: { type: 'handoff_offered', from: 'sentinel', to: 'stratus', handoffId: 'H1' },
  },
  ...over,
})
const attempts = async (key: string) =>
  (
    await t.sql`select data from ledger_entries where idempotency_key like ${`${key}#attempt%`} order by seq`
  ).map((r) => r.data as Record<string, unknown>)

beforeAll(async () => {
  d = await openDeliveryTest(received, () => answer)
  ;({ t, endpoint } = d)
  url = `${endpoint.url}/stratus/baton`
  vendor = await seedVendor(t.db, {
    slug: 'stratus',
    masterKey,
    integration: { dialect: 'canonical', outboundUrl: url },
  })
  incident = await seedBondedIncident(t.db, {
    clientKey: 'd1',
    holder: 'northwind',
    vendorPartyId: vendor.id,
    vendorRef: 'STR-1',
  })
})
beforeEach(async () => {
  answer = 200
  received.length = 0
  await setEndpointState(t.db, vendor.id, { paused: false, enable: true })
})
afterAll(async () => {
  await d?.close()
})

describe('outbound delivery', () => {
  it('POSTs a Standard Webhooks message signed with the outbound secret and records the attempt in the ledger', async () => {
    const req = request()
    const result = await new MockActivityEnvironment().run(activities().deliverToVendor, req)
    expect(result).toMatchObject({ status: 'DELIVERED', httpStatus: 200 })
    const got = received[0]!
    const headers = new Headers(got.headers as Record<string, string>)
    expect(verifyStandardWebhook(headers, got.body, [vendor.outboundSecret], new Date())).toEqual({
      ok: true,
    })
    expect(JSON.parse(got.body)).toMatchObject({
      type: 'handoff.offered',
      incident: { key: incident.key, vendorRef: 'STR-1' },
      data: { handoffId: 'H1' },
    })
    expect(await attempts(req.idempotencyKey)).toEqual([
      expect.objectContaining({ outcome: 'delivered', httpStatus: 200, attempt: 1 }),
    ])
    // a retried activity after success sends nothing again
    expect(
      await new MockActivityEnvironment().run(activities().deliverToVendor, req)
    ).toMatchObject({ status: 'DELIVERED' })
    expect(received).toHaveLength(1)
  })

  it('retries a 503 with backoff and jitter, and treats 408 and 429 as retryable', async () => {
    for (const status of [503, 408, 429]) {
      answer = status
      const error = await new MockActivityEnvironment({
        attempt: 3,
        scheduledTimestampMs: Date.now() - 60_000,
      })
        .run(activities().deliverToVendor, request())
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ApplicationFailure)
      expect((error as ApplicationFailure).nonRetryable).toBe(false)
      expect((error as ApplicationFailure).nextRetryDelay).toBe(3000)
    }
  })

  it('gives up after 24 h of retries', async () => {
    answer = 503
    const error = await new MockActivityEnvironment({
      attempt: 30,
      scheduledTimestampMs: Date.now() - 25 * 3_600_000,
    })
      .run(activities().deliverToVendor, request())
      .catch((e: unknown) => e)
    expect((error as ApplicationFailure).nonRetryable).toBe(true)
    expect((error as ApplicationFailure).type).toBe('DeliveryExpired')
  })

  it('gives up at once on other 4xx (nonRetryable)', async () => {
    answer = 400
    const req = request()
    const error = await new MockActivityEnvironment()
      .run(activities().deliverToVendor, req)
      .catch((e: unknown) => e)
    expect((error as ApplicationFailure).nonRetryable).toBe(true)
    expect(await attempts(req.idempotencyKey)).toEqual([
      expect.objectContaining({ outcome: 'rejected', httpStatus: 400 }),
    ])
  })

  it('disables the endpoint on 410 and delivers nothing more until it is enabled', async () => {
    answer = 410
    expect(
      await new MockActivityEnvironment().run(activities().deliverToVendor, request())
    ).toMatchObject({ status: 'DISABLED', httpStatus: 410 })
    answer = 200
    expect(
      await new MockActivityEnvironment().run(activities().deliverToVendor, request())
    ).toMatchObject({ status: 'DISABLED' })
    expect(received).toHaveLength(1)
  })

  it('holds deliveries of a paused party (retryable) and never echoes a vendor its own change', async () => {
    await setEndpointState(t.db, vendor.id, { paused: true })
    const error = await new MockActivityEnvironment()
      .run(activities().deliverToVendor, request())
      .catch((e: unknown) => e)
    expect((error as ApplicationFailure).type).toBe('DeliveryPaused')
    await setEndpointState(t.db, vendor.id, { paused: false })
    const echo = request({
      type: 'incident.updated',
      payload: { event: { type: 'acknowledged', party: 'stratus' } },
    })
    expect(
      await new MockActivityEnvironment().run(activities().deliverToVendor, echo)
    ).toMatchObject({ status: 'SKIPPED' })
    expect(received).toHaveLength(0)
    const [row] = await t.db
      .select({ integration: parties.integration })
      .from(parties)
      .where(eq(parties.slug, 'stratus'))
    expect(row?.integration).toBeTruthy()
  })
})
