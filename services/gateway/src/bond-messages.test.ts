import { recordIncidentEvent } from '@baton/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGatewayFixture, type GatewayFixture } from './testing/gateway-fixture.ts'

let f: GatewayFixture
let admin: string
let incident: { id: string; key: string }

const record = (seq: number, type: string, actor: string, data: Record<string, unknown>) =>
  recordIncidentEvent(f.t.db, {
    incidentId: incident.id,
    seq,
    idempotencyKey: `bond-msg/${seq}`,
    at: `2026-03-06T20:0${seq}:00.000Z`,
    type,
    actor,
    data,
  })

beforeAll(async () => {
  f = await createGatewayFixture()
  admin = await f.token('ADMIN')
  incident = await f.seedIncident({
    clientKey: 'bond-messages',
    holder: 'sentinel',
    involved: ['stratus'],
  })
  await record(2, 'outbound.attempt', 'baton', {
    type: 'incident.assigned',
    party: 'sentinel',
    outcome: 'delivered',
    attempt: 1,
  })
  await record(3, 'acknowledged', 'sentinel/token:soc-bot', { party: 'sentinel' })
  await record(4, 'outbound.attempt', 'baton', {
    type: 'comment.added',
    party: 'sentinel',
    outcome: 'failed',
    attempt: 1,
  })
  await record(5, 'comment', 'northwind/token:console-admin', {
    party: 'northwind',
    body: 'status?',
  })
})
afterAll(async () => {
  await f?.close()
})

describe('the last message each way on a bond', () => {
  it("answers the vendor's newest own fact and the newest delivery addressed to it, and null for a bond with no traffic", async () => {
    const r = await f.gql<{
      incident: {
        bonds: Array<{ party: { slug: string }; lastInbound: unknown; lastOutbound: unknown }>
      }
    }>(
      `query($id: ID!) { incident(id: $id) {
      bonds { party { slug } lastInbound { seq at type outcome } lastOutbound { seq at type outcome } } } }`,
      { token: admin, variables: { id: incident.id } }
    )
    expect(r.errors).toBeUndefined()
    const bySlug = new Map(r.data!.incident.bonds.map((b) => [b.party.slug, b]))
    expect(bySlug.get('sentinel')).toEqual({
      party: { slug: 'sentinel' },
      lastInbound: { seq: 3, at: '2026-03-06T20:03:00.000Z', type: 'acknowledged', outcome: null },
      lastOutbound: {
        seq: 4,
        at: '2026-03-06T20:04:00.000Z',
        type: 'comment.added',
        outcome: 'failed',
      },
    })
    expect(bySlug.get('stratus')).toEqual({
      party: { slug: 'stratus' },
      lastInbound: null,
      lastOutbound: null,
    })
  })
})
