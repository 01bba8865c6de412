import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { MockActivityEnvironment } from '@temporalio/testing'
import { ApplicationFailure } from '@temporalio/common'
import { pino } from 'pino'
import type { Dialect } from '@baton/domain'
import { createTestDatabase, type TestDatabase } from '@baton/db/testing'
import type { DeliveryRequest } from '@baton/temporal'
import type { Mappings } from '../dialects/inbound-message.ts'
import { createDeliveryActivities } from '../delivery/create-delivery-activities.ts'
import {
  isolateIncidentKeys,
  seedBondedIncident,
  seedRetained,
  seedVendor,
} from '../testing/index.ts'
import { loadSimulatedVendors, pointVendorsAt } from './scenario-vendors.ts'
import { cooperativeVendor, VendorSimulator } from './vendor-simulator.ts'

const masterKey = 'test-master-key-0123456789'
let t: TestDatabase
let sim: VendorSimulator
const incidents: Record<string, { id: string; key: string }> = {}

// The demo world's tables (infra/worlds/demo.world.json).
const demo: Record<Dialect, Mappings> = {
  canonical: { priority: {}, state: {} },
  pagerduty: {
    priority: { P1: 'P1', P2: 'P2', P3: 'P3', P4: 'P4' },
    state: {
      triggered: 'incident.opened',
      acknowledged: 'incident.acknowledged',
      resolved: 'incident.resolved',
      annotated: 'incident.comment',
    },
  },
  jira: {
    priority: { Highest: 'P1', High: 'P2', Medium: 'P3', Low: 'P4' },
    state: {
      'In Progress': 'incident.acknowledged',
      'To Do': 'incident.opened',
      Done: 'incident.resolved',
    },
  },
  servicenow: {
    priority: { 1: 'P1', 2: 'P2', 3: 'P3', 4: 'P4' },
    state: {
      1: 'incident.opened',
      2: 'incident.acknowledged',
      6: 'incident.resolved',
      7: 'incident.resolved',
    },
  },
}
const parties: { slug: string; dialect: Dialect; canonicalOutbound?: boolean }[] = [
  { slug: 'stratus', dialect: 'canonical' },
  { slug: 'sentinel', dialect: 'pagerduty' },
  { slug: 'vistula', dialect: 'jira' },
  { slug: 'bayside', dialect: 'servicenow' },
  { slug: 'legacy', dialect: 'servicenow', canonicalOutbound: true },
  { slug: 'confused', dialect: 'servicenow', canonicalOutbound: true },
]
let n = 0
const offer = (slug: string): DeliveryRequest => ({
  idempotencyKey: `incident/${incidents[slug]!.key}#${++n}#${slug}`,
  incidentId: incidents[slug]!.id,
  incidentKey: incidents[slug]!.key,
  party: slug,
  type: 'handoff.offered',
  occurredAt: new Date().toISOString(),
  payload: {
    incident: {
      title: 'Checkout errors',
      priority: 'P2',
      status: 'ACKNOWLEDGED',
      holder: 'northwind',
    },
    event: {
      type: 'handoff_offered',
      from: 'northwind',
      to: slug,
      handoffId: `H-${slug}`,
      reason: 'payment API',
    },
  },
})
const deliver = (req: DeliveryRequest) =>
  new MockActivityEnvironment().run(
    createDeliveryActivities({ db: t.db, masterKey, logger: pino({ level: 'silent' }) })
      .deliverToVendor,
    req
  )

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
  await isolateIncidentKeys(t.db)
  await seedRetained(t.db)
  for (const p of parties) {
    const v = await seedVendor(t.db, {
      slug: p.slug,
      masterKey,
      integration: {
        dialect: p.dialect,
        outboundUrl: 'http://127.0.0.1:9/unset',
        mappings: demo[p.dialect],
        ...(p.canonicalOutbound ? { canonicalOutbound: true } : {}),
      },
    })
    incidents[p.slug] = await seedBondedIncident(t.db, {
      clientKey: `sim-${p.slug}`,
      holder: 'northwind',
      vendorPartyId: v.id,
      vendorRef: `${p.slug.toUpperCase()}-77`,
    })
  }
  // 'confused' is a vendor that expects its dialect's shape although its party opted for canonical.
  const vendors = (await loadSimulatedVendors(t.db, masterKey)).map((v) =>
    v.slug === 'confused' ? { ...v, canonicalOutbound: false } : v
  )
  sim = await new VendorSimulator({ webhookBaseUrl: 'http://127.0.0.1:9', vendors }).start()
  await pointVendorsAt(t.db, (slug) => sim.endpointOf(slug))
})
afterAll(async () => {
  await sim?.stop()
  await t?.drop()
})

describe('the vendor simulator', () => {
  it.each(parties.filter((p) => p.slug !== 'confused'))(
    '$slug reads the outbound shape its party is sent and reacts to it',
    async (p) => {
      expect(await deliver(offer(p.slug))).toMatchObject({ status: 'DELIVERED' })
      const got = sim.messagesFor(p.slug).at(-1)!
      expect(got).toMatchObject({
        verified: true,
        format: p.canonicalOutbound ? 'canonical' : p.dialect,
      })
      expect(got.message).toMatchObject({
        type: 'handoff.offered',
        incident: {
          id: incidents[p.slug]!.id,
          key: incidents[p.slug]!.key,
          vendorRef: `${p.slug.toUpperCase()}-77`,
          priority: 'P2',
          holder: 'northwind',
        },
        data: { handoffId: `H-${p.slug}`, to: p.slug },
      })
      const vendor = (await loadSimulatedVendors(t.db, masterKey)).find((v) => v.slug === p.slug)!
      expect(cooperativeVendor(vendor, got.message)).toMatchObject({
        type: 'handoff.accepted',
        handoffId: `H-${p.slug}`,
        vendorRef: `${p.slug.toUpperCase()}-77`,
      })
    }
  )

  it('answers 400 to a shape its vendor cannot read, which Baton treats as a permanent refusal', async () => {
    const error = await deliver(offer('confused')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApplicationFailure)
    expect((error as ApplicationFailure).nonRetryable).toBe(true)
    expect(sim.unreadable).toEqual([
      expect.objectContaining({ vendor: 'confused', format: 'servicenow' }),
    ])
    expect(sim.messagesFor('confused')).toEqual([])
  })
})
