import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { MockActivityEnvironment } from '@temporalio/testing'
import type { Dialect } from '@baton/domain'
import type { TestDatabase } from '@baton/db/testing'
import type { DeliveryRequest } from '@baton/temporal'
import { dialectOf } from '../dialects/registry.ts'
import type { Mappings } from '../dialects/inbound-message.ts'
import { verifyStandardWebhook } from '../signing/standard-webhooks.ts'
import type { EndpointRequest, SeededVendor } from '../testing/index.ts'
import { seedBondedIncident, seedVendor } from '../testing/index.ts'
import { openDeliveryTest, type DeliveryTest } from '../testing/delivery-test.ts'
import { TEST_MASTER_KEY } from '../testing/intake-test.ts'
import { buildOpenApiDocument } from '../openapi/openapi-document.ts'
import { schemaOf } from '../openapi/schema-of.ts'
import { OutboundMessage } from './outbound-message.ts'

const masterKey = TEST_MASTER_KEY
let d: DeliveryTest
let t: TestDatabase
let endpoint: DeliveryTest['endpoint']
const received: EndpointRequest[] = []
const vendors: Record<string, SeededVendor> = {}
const incidents: Record<string, { id: string; key: string }> = {}

const mappings: Record<Exclude<Dialect, 'canonical'>, Mappings> = {
  servicenow: {
    priority: { 1: 'P1', 2: 'P2' },
    state: {
      1: 'incident.opened',
      2: 'incident.acknowledged',
      6: 'incident.resolved',
      7: 'incident.resolved',
    },
  },
  jira: {
    priority: { Highest: 'P1', High: 'P2' },
    state: { 'To Do': 'incident.opened', Done: 'incident.resolved' },
  },
  pagerduty: {
    priority: { 'SEV-1': 'P1' },
    state: { triggered: 'incident.opened', resolved: 'incident.resolved' },
  },
}
const activities = () => d.activities()
let n = 0
const deliver = async (
  slug: string,
  over: Partial<DeliveryRequest> & { priority?: string } = {}
) => {
  const { priority = 'P1', ...rest } = over
  const inc = incidents[slug]!
  const req: DeliveryRequest = {
    idempotencyKey: `incident/${inc.key}#${++n}#${slug}`,
    incidentId: inc.id,
    incidentKey: inc.key,
    party: slug,
    type: 'handoff.offered',
    occurredAt: '2026-03-06T20:20:00.000Z',
    payload: {
      incident: { title: 'Checkout errors', priority, status: 'ACKNOWLEDGED', holder: 'northwind' },
      event: {
        type: 'handoff_offered',
        from: 'northwind',
        to: slug,
        handoffId: 'H7',
        reason: 'the payment API times out',
      },
    },
    ...rest,
  }
  expect(await new MockActivityEnvironment().run(activities().deliverToVendor, req)).toMatchObject({
    status: 'DELIVERED',
  })
  const got = received.filter((r) => r.path === `/${slug}/baton`).at(-1)!
  // Every shape is signed the same way: Standard Webhooks with the party's outbound secret.
  expect(
    verifyStandardWebhook(
      new Headers(got.headers as Record<string, string>),
      got.body,
      [vendors[slug]!.outboundSecret],
      new Date()
    )
  ).toEqual({ ok: true })
  return JSON.parse(got.body) as Record<string, unknown>
}

beforeAll(async () => {
  d = await openDeliveryTest(received)
  ;({ t, endpoint } = d)
  const seed = async (
    slug: string,
    dialect: Dialect,
    extra: { canonicalOutbound?: boolean } = {}
  ) => {
    vendors[slug] = await seedVendor(t.db, {
      slug,
      masterKey,
      integration: {
        dialect,
        outboundUrl: `${endpoint.url}/${slug}/baton`,
        mappings: dialect === 'canonical' ? { priority: {}, state: {} } : mappings[dialect],
        ...extra,
      },
    })
    incidents[slug] = await seedBondedIncident(t.db, {
      clientKey: `dd-${slug}`,
      holder: 'northwind',
      vendorPartyId: vendors[slug]!.id,
      vendorRef: `${slug.toUpperCase()}-9`,
    })
  }
  await seed('bayside', 'servicenow')
  await seed('vistula', 'jira')
  await seed('sentinel', 'pagerduty')
  await seed('stratus', 'canonical')
  await seed('legacy', 'servicenow', { canonicalOutbound: true })
})
beforeEach(() => {
  received.length = 0
})
afterAll(async () => {
  await d?.close()
})

describe('outbound delivery in the vendor dialect', () => {
  it('sends a ServiceNow party a record update with state and priority mapped back through its tables and a work note', async () => {
    const body = await deliver('bayside')
    expect(dialectOf('servicenow').outbound.schema.safeParse(body).success).toBe(true)
    expect(body).toMatchObject({
      number: 'BAYSIDE-9',
      correlation_id: incidents.bayside!.key,
      state: '1',
      priority: '1',
      short_description: 'Checkout errors',
      u_handoff_to: 'bayside',
      sys_updated_on: '2026-03-06 20:20:00',
      u_baton: {
        event: 'handoff.offered',
        incident_id: incidents.bayside!.id,
        handoff_id: 'H7',
        unmapped: [],
      },
    })
    expect(body.work_notes).toBe(
      `[Baton] northwind offers ${incidents.bayside!.key} to bayside: the payment API times out`
    )
    const resolved = await deliver('bayside', {
      type: 'incident.resolved',
      payload: {
        incident: { priority: 'P2' },
        event: { type: 'resolved', resolution: 'rolled back' },
      },
    })
    expect(resolved).toMatchObject({ state: '6', priority: '2' })
  })

  it('falls back to the canonical value inside the payload when the table has no vendor value, and still delivers', async () => {
    const body = await deliver('bayside', { priority: 'P3' })
    expect(body).not.toHaveProperty('priority')
    expect(body).toMatchObject({ state: '1', u_baton: { priority: 'P3', unmapped: ['priority'] } })
    const jira = await deliver('vistula', {
      type: 'incident.closed',
      priority: 'P4',
      payload: { incident: { priority: 'P4' }, event: { type: 'closed' } },
    })
    expect(jira).toMatchObject({
      transition: { name: 'Done' },
      properties: [
        {
          key: 'baton',
          value: { event: 'incident.closed', priority: 'P4', unmapped: ['priority'] },
        },
      ],
    })
    expect(jira.fields).not.toHaveProperty('priority')
  })

  it('sends a Jira party a transition with a comment, and a PagerDuty party an event', async () => {
    const jira = await deliver('vistula')
    expect(dialectOf('jira').outbound.schema.safeParse(jira).success).toBe(true)
    expect(jira).toMatchObject({
      issueKey: 'VISTULA-9',
      transition: { name: 'To Do' },
      fields: {
        summary: 'Checkout errors',
        priority: { name: 'Highest' },
        labels: [`baton:${incidents.vistula!.key}`, 'handoff-to:vistula'],
      },
      update: {
        comment: [{ add: { body: expect.stringContaining('the payment API times out') } }],
      },
    })
    const pd = await deliver('sentinel')
    expect(dialectOf('pagerduty').outbound.schema.safeParse(pd).success).toBe(true)
    expect(pd).toMatchObject({
      event_action: 'trigger',
      dedup_key: incidents.sentinel!.key,
      payload: {
        severity: 'critical',
        source: 'baton',
        timestamp: '2026-03-06T20:20:00.000Z',
        custom_details: {
          incident_id: 'SENTINEL-9',
          priority: 'SEV-1',
          baton: { event: 'handoff.offered', handoff_to: 'sentinel' },
        },
      },
    })
    expect(await deliver('sentinel', { type: 'incident.resolved' })).toMatchObject({
      event_action: 'resolve',
      dedup_key: incidents.sentinel!.key,
    })
  })

  it('sends the canonical OutboundMessage to a canonical party and to a party that opted for it', async () => {
    for (const slug of ['stratus', 'legacy']) {
      const body = await deliver(slug)
      expect(OutboundMessage.parse(body)).toMatchObject({
        type: 'handoff.offered',
        incident: { key: incidents[slug]!.key, vendorRef: `${slug.toUpperCase()}-9` },
        data: { handoffId: 'H7' },
      })
    }
    const [attempt] =
      await t.sql`select data from ledger_entries where type = 'outbound.attempt' and data->>'party' = 'legacy'`
    expect(attempt!.data).toMatchObject({ format: 'canonical', outcome: 'delivered' })
  })

  it('documents the outbound shape of each dialect as an OpenAPI webhook, generated from the schema the renderer is checked with', () => {
    const doc = buildOpenApiDocument() as {
      webhooks: Record<
        string,
        { post: { requestBody: { content: { 'application/json': { schema: { $ref: string } } } } } }
      >
      components: { schemas: Record<string, unknown> }
    }
    for (const d of ['servicenow', 'jira', 'pagerduty'] as const) {
      const schema = dialectOf(d).outbound.schema
      const id = schema.meta()?.id as string
      expect(
        doc.webhooks[`outbound-${d}`]!.post.requestBody.content['application/json'].schema.$ref
      ).toBe(`#/components/schemas/${id}`)
      expect(doc.components.schemas[id]).toEqual(schemaOf(schema, 'output'))
    }
    expect(doc.webhooks.outbound!.post.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/OutboundMessage'
    )
  })
})
