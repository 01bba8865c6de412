import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  applyWorld,
  bonds,
  decideDispute,
  monthlyCreditStatements,
  settleIncident,
} from '@baton/db'
import { allocateDemoOutage, demoOutageSettlement, type TestDatabase } from '@baton/db/testing'
import { demoWorld } from '@baton/domain/testing'
import { createAdaptersApp } from '../../app/create-adapters-app.ts'
import type { SeededVendor } from '../../testing/index.ts'
import { seedBondedIncident, seedVendor, signedInit } from '../../testing/index.ts'
import type { IntakeTest } from '../../testing/intake-test.ts'
import { openIntakeTest, TEST_MASTER_KEY as masterKey } from '../../testing/intake-test.ts'

const VISTULA_OLA = 'handoff-acceptance@1/HANDOFF_ACCEPT/vistula/1'
const STRATUS_RESPONSE = 'stratus-hosting@1/RESPONSE/stratus/1'
let x: IntakeTest
let t: TestDatabase
let server: ServerType
let base: string
let stratus: SeededVendor
let vistula: SeededVendor
let outage: { id: string; key: string }
let vistulaOnly: { id: string }

const disputeBody = (
  incident: { id?: string; vendorRef?: string },
  data: Record<string, unknown>
) => ({
  type: 'attribution.disputed',
  incident,
  occurredAt: new Date().toISOString(),
  actor: { name: 'Account director' },
  data,
})
const evidence =
  'The offer reached our on-call pager only at 16:52 CET: the Stratus hand-off named the wrong desk.'
/** Over real HTTP on loopback, as a vendor's system would send it. */
async function post(vendor: SeededVendor, body: unknown, messageId = `msg_${randomUUID()}`) {
  const res = await fetch(
    `${base}/webhooks/${vendor.slug}`,
    signedInit('canonical', vendor.inboundSecret, body, { messageId })
  )
  return {
    status: res.status,
    json: (await res.json()) as {
      receipt?: string
      duplicate?: boolean
      error?: { code: string; field?: string; message: string }
    },
  }
}
const count = async (table: 'disputes' | 'inbound_receipts') =>
  (await t.sql`select count(*)::int as n from ${t.sql(table)}`)[0]!.n as number
const disputedEntries = async () =>
  t.sql`select actor, data from ledger_entries where incident_id = ${outage.id} and type = 'attribution.disputed' order by seq`

beforeAll(async () => {
  x = await openIntakeTest({ queue: 'test-disputes', retained: false })
  t = x.t
  await applyWorld(t.db, demoWorld, { masterKey, resolveSecret: () => 'unused' })
  stratus = await seedVendor(t.db, {
    slug: 'stratus',
    masterKey,
    kind: 'CLOUD',
    integration: { dialect: 'canonical' },
  })
  vistula = await seedVendor(t.db, {
    slug: 'vistula',
    masterKey,
    kind: 'APP_DEV',
    integration: { dialect: 'canonical' },
  })
  const inc = await allocateDemoOutage(t.db)
  await t.db.insert(bonds).values([
    { incidentId: inc.id, partyId: stratus.id, vendorRef: 'STR-4410' },
    { incidentId: inc.id, partyId: vistula.id, vendorRef: 'VIS-311' },
  ])
  await settleIncident(t.db, demoOutageSettlement(inc))
  outage = inc
  await seedBondedIncident(t.db, {
    clientKey: 'still-open',
    holder: 'stratus',
    vendorPartyId: stratus.id,
    vendorRef: 'STR-9000',
  })
  vistulaOnly = await seedBondedIncident(t.db, {
    clientKey: 'vistula-only',
    holder: 'vistula',
    vendorPartyId: vistula.id,
  })
  const app = createAdaptersApp(x.deps({ partyCacheTtlMs: 0 }))
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve())
  })
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  await x?.close()
})

describe('attribution.disputed webhooks', () => {
  it('opens the dispute and its ledger entry before answering 202, and a repeat returns the first receipt', async () => {
    const body = disputeBody({ vendorRef: 'VIS-311' }, { clockId: VISTULA_OLA, evidence })
    const first = await post(vistula, body, 'vis-dispute-1')
    expect(first.status, JSON.stringify(first.json)).toBe(202)
    const [dispute] =
      await t.sql`select id, party, clock_id, evidence, state from disputes where incident_id = ${outage.id}`
    expect(dispute).toMatchObject({
      party: 'vistula',
      clock_id: VISTULA_OLA,
      evidence,
      state: 'OPEN',
    })
    const [receipt] =
      await t.sql`select status, type, event from inbound_receipts where receipt = ${first.json.receipt!}`
    expect(receipt).toMatchObject({
      status: 'APPLIED',
      type: 'attribution.disputed',
      event: { type: 'disputed', clockId: VISTULA_OLA, disputeId: dispute!.id },
    })
    expect((await disputedEntries()).map((e) => [e.actor, e.data])).toEqual([
      ['vistula', { disputeId: dispute!.id, clockId: VISTULA_OLA, evidence }],
    ])

    const repeat = await post(vistula, body, 'vis-dispute-1')
    expect(repeat).toEqual({ status: 200, json: { receipt: first.json.receipt, duplicate: true } })
    expect(await count('disputes')).toBe(1)
    expect(await disputedEntries()).toHaveLength(1)
  })

  it('opens one dispute when the same message arrives twice at once', async () => {
    const body = disputeBody(
      { id: outage.id },
      { clockId: STRATUS_RESPONSE, evidence: 'Our status page shows the acknowledgement at 15:38.' }
    )
    const answers = await Promise.all([
      post(stratus, body, 'str-dispute-1'),
      post(stratus, body, 'str-dispute-1'),
    ])
    expect(answers.map((a) => a.status).sort()).toEqual([200, 202])
    expect(new Set(answers.map((a) => a.json.receipt)).size).toBe(1)
    expect(
      (await t.sql`select count(*)::int as n from disputes where party = 'stratus'`)[0]!.n
    ).toBe(1)
  })

  it('answers 404 for an incident not bonded to the sender, recording nothing', async () => {
    const [receipts, disputes] = [await count('inbound_receipts'), await count('disputes')]
    const res = await post(
      stratus,
      disputeBody({ id: vistulaOnly.id }, { clockId: STRATUS_RESPONSE, evidence })
    )
    expect(res.status).toBe(404)
    expect(res.json.error).toMatchObject({ code: 'NOT_FOUND', field: 'incident' })
    expect([await count('inbound_receipts'), await count('disputes')]).toEqual([receipts, disputes])
  })

  it.each([
    [
      'a breach attributed to another party',
      () => disputeBody({ vendorRef: 'STR-4410' }, { clockId: VISTULA_OLA, evidence }),
      'data.clockId',
      'attributed to vistula, not stratus',
    ],
    [
      'a clock that did not breach',
      () =>
        disputeBody(
          { vendorRef: 'STR-4410' },
          { clockId: 'stratus-hosting@1/RESOLUTION/stratus/1', evidence }
        ),
      'data.clockId',
      'no breached clock',
    ],
    [
      'an incident not settled yet',
      () => disputeBody({ vendorRef: 'STR-9000' }, { clockId: STRATUS_RESPONSE, evidence }),
      'incident',
      'not settled',
    ],
    [
      'no evidence',
      () => disputeBody({ vendorRef: 'STR-4410' }, { clockId: STRATUS_RESPONSE, evidence: '  ' }),
      'data.evidence',
      'required',
    ],
    [
      'no clock',
      () => disputeBody({ vendorRef: 'STR-4410' }, { evidence }),
      'data.clockId',
      'required',
    ],
  ])(
    'answers 422 naming the field for %s, and records neither receipt nor dispute',
    async (_what, body, field, message) => {
      const [receipts, disputes] = [await count('inbound_receipts'), await count('disputes')]
      const messageId = `refused-${randomUUID()}`
      const res = await post(stratus, body(), messageId)
      expect(res.status).toBe(422)
      expect(res.json.error?.field).toBe(field)
      expect(res.json.error?.message).toContain(message)
      expect([await count('inbound_receipts'), await count('disputes')]).toEqual([
        receipts,
        disputes,
      ])
    }
  )

  it('is in the OpenAPI document, generated from the same schema', async () => {
    type Body = {
      properties: { type: { enum: string[] }; data: { properties: Record<string, unknown> } }
    }
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as {
      components: { schemas: { CanonicalWebhook: { $defs: { CanonicalWebhook: Body } } } }
    }
    const canonical = doc.components.schemas.CanonicalWebhook.$defs.CanonicalWebhook
    expect(canonical.properties.type.enum).toContain('attribution.disputed')
    expect(Object.keys(canonical.properties.data.properties)).toEqual(
      expect.arrayContaining(['clockId', 'evidence'])
    )
  })

  it("lowers Vistula's March credit statement by exactly the breach's amount once the integrator accepts", async () => {
    const statement = async () =>
      (
        await monthlyCreditStatements(t.db, 'vistula', ['2026-03'], {
          asOf: new Date('2026-04-02T00:00:00Z'),
          world: demoWorld,
        })
      )[0]!
    const before = await statement()
    const [dispute] =
      await t.sql`select id from disputes where party = 'vistula' and clock_id = ${VISTULA_OLA}`
    const [line] =
      await t.sql`select amount::float as amount from credit_lines where incident_id = ${outage.id} and clock_id = ${VISTULA_OLA} and kind = 'BREACH'`
    expect(line!.amount).toBe(2400)
    const decided = await decideDispute(t.db, {
      disputeId: dispute!.id as string,
      accept: true,
      reason: 'Pager routing fault on the Stratus side',
      decidedBy: 'dana',
    })
    expect(decided.adjustment).toBe(-2400)
    const after = await statement()
    expect(before.total).toBe(6400)
    expect(before.total - after.total).toBe(line!.amount)
  })
})
