import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGatewayFixture, type GatewayFixture } from './testing/gateway-fixture.ts'

let f: GatewayFixture
let parent: { id: string; key: string }
let bayside: { id: string; key: string }
let sentinelChild: { id: string; key: string }

beforeAll(async () => {
  f = await createGatewayFixture()
  parent = await f.seedIncident({
    clientKey: 'link-parent',
    holder: 'sentinel',
    openedAt: '2026-03-06T20:00:00.000Z',
  })
  bayside = await f.seedIncident({
    clientKey: 'link-bayside',
    holder: 'bayside',
    priority: 'P2',
    openedAt: '2026-03-06T20:30:00.000Z',
  })
  sentinelChild = await f.seedIncident({
    clientKey: 'link-sentinel',
    holder: 'sentinel',
    priority: 'P3',
    openedAt: '2026-03-06T20:40:00.000Z',
  })
  await f.seedIncident({
    clientKey: 'link-unrelated',
    holder: 'bayside',
    openedAt: '2026-03-06T20:35:00.000Z',
  })
  await f.t
    .sql`update incidents set parent_id = ${parent.id} where id in (${bayside.id}, ${sentinelChild.id})`
})
afterAll(async () => {
  await f?.close()
})

const query = `query($key: String!) { incidentByKey(key: $key) { key children { key parent { key } } } }`

describe('linked incidents', () => {
  it('lists the incidents declared under one, oldest first', async () => {
    const r = await f.gql<{ incidentByKey: { children: unknown[] } }>(query, {
      token: await f.token('VIEWER'),
      variables: { key: parent.key },
    })
    expect(r.errors).toBeUndefined()
    expect(r.data!.incidentByKey).toEqual({
      key: parent.key,
      children: [
        { key: bayside.key, parent: { key: parent.key } },
        { key: sentinelChild.key, parent: { key: parent.key } },
      ],
    })
  })

  it('shows a vendor only the linked incidents within its own scope', async () => {
    const r = await f.gql<{ incidentByKey: { children: unknown[] } }>(query, {
      token: await f.token('VENDOR', 'sentinel'),
      variables: { key: parent.key },
    })
    expect(r.errors).toBeUndefined()
    expect(r.data!.incidentByKey.children).toEqual([
      { key: sentinelChild.key, parent: { key: parent.key } },
    ])
  })
})
