import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGatewayFixture, type GatewayFixture } from './testing/gateway-fixture.ts'

// Party.integrationHealth, pauseDelivery/resumeDelivery and DeadLetter.payload over the shared
// @baton/db figures, as the console's Integration health page asks for them.
let f: GatewayFixture
let incident: { id: string; key: string }
const tokens: Record<string, string> = {}

const HEALTH = `deliveryPaused queueDepth oldestUndeliveredAt delivered failed awaitingApply deadLetters party { slug }`
type Health = {
  deliveryPaused: boolean
  queueDepth: number
  oldestUndeliveredAt: string | null
  delivered: number
  failed: number
  awaitingApply: number
  deadLetters: number
  party: { slug: string }
}
const healthOf = async (token: string, slug: string) =>
  (
    await f.gql<{ parties: { slug: string; integrationHealth: Health | null }[] }>(
      `{ parties { slug integrationHealth { ${HEALTH} } } }`,
      { token }
    )
  ).data!.parties.find((p) => p.slug === slug)!.integrationHealth

beforeAll(async () => {
  f = await createGatewayFixture()
  tokens.admin = await f.token('ADMIN')
  tokens.integrator = await f.token('INTEGRATOR')
  tokens.viewer = await f.token('VIEWER')
  tokens.stratus = await f.token('VENDOR', 'stratus')
  incident = await f.seedIncident({ clientKey: 'integration-health', holder: 'stratus' })
  const stratus = f.partyId('stratus')
  // Two undelivered messages (the older one queued 20:00), one delivered; one refused inbound message.
  for (const [key, status, at] of [
    ['ih-1', 'PENDING', '2026-03-06T20:00:00.000Z'],
    ['ih-2', 'PENDING', '2026-03-06T20:05:00.000Z'],
    ['ih-3', 'DELIVERED', '2026-03-06T19:00:00.000Z'],
  ] as const)
    await f.t
      .sql`insert into outbound_deliveries (idempotency_key, message_id, party_id, incident_id, type, payload, status, created_at)
      values (${key}, ${`msg_${key}`}, ${stratus}, ${incident.id}, 'incident.assigned', '{}', ${status}, ${at})`
  await f.t
    .sql`insert into inbound_receipts (receipt, party_id, message_id, body_hash, incident_id, type, event, payload, status, error)
    values ('rcpt_ih_1', ${stratus}, 'vendor-msg-1', 'h', ${incident.id}, 'incident.resumed', '{}',
      ${JSON.stringify({ type: 'incident.resumed', incident: { vendorRef: 'STR-1' } })}::jsonb, 'REJECTED', 'the incident is not waiting')`
})
afterAll(async () => {
  await f?.close()
})

describe('integration health through GraphQL', () => {
  it("gives staff a vendor's queue depth, oldest undelivered message and open dead letters; vendors and parties without an integration get null", async () => {
    for (const role of ['admin', 'integrator', 'viewer'])
      expect(await healthOf(tokens[role]!, 'stratus')).toEqual({
        deliveryPaused: false,
        queueDepth: 2,
        oldestUndeliveredAt: '2026-03-06T20:00:00.000Z',
        delivered: 1,
        failed: 0,
        awaitingApply: 0,
        deadLetters: 1,
        party: { slug: 'stratus' },
      })
    expect(await healthOf(tokens.admin!, 'northwind')).toBeNull()
    expect(await healthOf(tokens.stratus!, 'stratus')).toBeNull()
  })

  it('pauses and resumes delivery for ADMIN and INTEGRATOR tokens only, idempotently', async () => {
    const SWITCH = (m: string) => `mutation($p: ID!) { ${m}(partyId: $p) { ${HEALTH} } }`
    const p = f.partyId('stratus')
    for (const token of [tokens.viewer!, tokens.stratus!])
      expect(
        (await f.gql(SWITCH('pauseDelivery'), { token, variables: { p } })).errors?.[0]?.extensions
          ?.code
      ).toBe('FORBIDDEN')
    for (let i = 0; i < 2; i++) {
      const paused = await f.gql<{ pauseDelivery: Health }>(SWITCH('pauseDelivery'), {
        token: tokens.integrator!,
        variables: { p },
      })
      expect(paused.errors).toBeUndefined()
      expect(paused.data!.pauseDelivery).toMatchObject({ deliveryPaused: true, queueDepth: 2 })
    }
    expect(
      (await f.t.sql`select delivery_paused from adapter_endpoints where party_id = ${p}`)[0]
    ).toEqual({ delivery_paused: true })
    expect((await healthOf(tokens.viewer!, 'stratus'))!.deliveryPaused).toBe(true)
    const resumed = await f.gql<{ resumeDelivery: Health }>(SWITCH('resumeDelivery'), {
      token: tokens.admin!,
      variables: { p },
    })
    expect(resumed.data!.resumeDelivery.deliveryPaused).toBe(false)
    // who switched it is on record, once per change (the repeated pause changed nothing)
    const changes = await f.gql<{
      worldChanges: { actor: string; mutation: string; subject: string }[]
    }>('{ worldChanges(first: 5) { actor mutation subject } }', { token: tokens.admin! })
    expect(changes.data!.worldChanges.slice(0, 2).reverse()).toEqual([
      { actor: 'test-integrator', mutation: 'pauseDelivery', subject: 'delivery to stratus' },
      { actor: 'test-admin', mutation: 'resumeDelivery', subject: 'delivery to stratus' },
    ])
    expect(
      (
        await f.gql(SWITCH('resumeDelivery'), {
          token: tokens.admin!,
          variables: { p: f.partyId('northwind') },
        })
      ).errors?.[0]?.extensions?.code
    ).toBe('NOT_FOUND')
  })

  it("shows a dead letter's original payload to staff and to its own vendor", async () => {
    const Q = `{ deadLetters { nodes { id payload } } }`
    for (const token of [tokens.admin!, tokens.stratus!]) {
      const r = await f.gql<{ deadLetters: { nodes: { id: string; payload: string }[] } }>(Q, {
        token,
      })
      expect(r.errors).toBeUndefined()
      const letter = r.data!.deadLetters.nodes.find((n) => n.id === 'rcpt_ih_1')!
      expect(JSON.parse(letter.payload)).toEqual({
        type: 'incident.resumed',
        incident: { vendorRef: 'STR-1' },
      })
    }
  })
})
