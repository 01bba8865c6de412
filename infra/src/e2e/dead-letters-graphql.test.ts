import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken } from '@baton/db'
import type { VendorSimulator } from '@baton/adapters/simulator'
import type { ServedGateway } from '@baton/gateway'
import { createHarness, partyIds, type Harness } from '../testing/e2e-harness.ts'
import { postGraphql, startLoopbackStack, type LoopbackStack } from '../testing/loopback-stack.ts'

// Dead letters end to end on loopback: a vendor's signed webhook (adapters) that the incident
// workflow refuses, listed, replayed and discarded through the gateway's GraphQL.
let h: Harness
let gw: ServedGateway
let stack: LoopbackStack
let sim: VendorSimulator
let incident: { id: string; key: string }
const tokens: Record<string, string> = {}
let ids: Record<string, string> = {}

const gql = <T = Record<string, unknown>>(
  query: string,
  token: string,
  variables?: Record<string, unknown>
) => postGraphql<T>(gw, query, token, variables)

type Letter = {
  id: string
  type: string
  status: string
  error: string | null
  replays: number
  replayedBy: string | null
  discardedBy: string | null
  discardReason: string | null
  party: { slug: string }
  bond: { id: string } | null
  incident: { key: string } | null
}
const LETTER =
  'id type status error replays replayedBy discardedBy discardReason party { slug } bond { id } incident { key }'
const LIST = `query($p: ID, $b: ID, $s: [DeadLetterStatus!]) { deadLetters(partyId: $p, bondId: $b, status: $s) { nodes { ${LETTER} } } }`
const REPLAY = `mutation($id: ID!) { replayDeadLetter(id: $id) { replayed outcome deadLetter { ${LETTER} } } }`
const DISCARD = `mutation($id: ID!, $r: String!) { discardDeadLetter(id: $id, reason: $r) { ${LETTER} } }`
type Replay = {
  replayDeadLetter: { replayed: boolean; outcome: string | null; deadLetter: Letter }
}

const ledgerTypes = async () =>
  (
    await h.t.sql<
      { type: string }[]
    >`select type from ledger_entries where incident_id = ${incident.id} order by seq`
  ).map((r) => r.type)
const listOf = async (token: string, vars: Record<string, unknown> = {}) =>
  (await gql<{ deadLetters: { nodes: Letter[] } }>(LIST, token, vars)).data?.deadLetters.nodes ?? []

/** A stratus `incident.resumed` while the incident is not waiting: 202 at the webhook, then refused by the state machine. */
async function sendPoison(): Promise<Letter> {
  const before = new Set(
    (
      await listOf(tokens.admin!, {
        s: ['REJECTED', 'DEAD_LETTER', 'DISCARDED', 'RECORDED', 'APPLIED'],
      })
    ).map((l) => l.id)
  )
  expect(
    (
      await sim.send('stratus', {
        type: 'incident.resumed',
        vendorRef: `STR-${incident.key}`,
        incidentId: incident.key,
      })
    ).status
  ).toBe(202)
  let letter: Letter | undefined
  await expect
    .poll(
      async () =>
        (letter = (await listOf(tokens.admin!, { p: ids.stratus })).find((l) => !before.has(l.id)))
          ?.status,
      { timeout: 30_000, interval: 200 }
    )
    .toBe('REJECTED')
  return letter!
}

beforeAll(async () => {
  h = await createHarness({ scale: 1, withoutIntegrations: true, isolateKeys: true })
  await h.startWorker()
  ids = await partyIds(h)
  tokens.admin = (await createApiToken(h.t.db, { name: 'e2e-admin', role: 'ADMIN' })).token
  tokens.integrator = (
    await createApiToken(h.t.db, { name: 'e2e-integrator', role: 'INTEGRATOR' })
  ).token
  for (const v of ['stratus', 'sentinel'])
    tokens[v] = (
      await createApiToken(h.t.db, { name: `e2e-${v}`, role: 'VENDOR', partyId: ids[v]! })
    ).token
  stack = await startLoopbackStack(h)
  ;({ gw, sim } = stack)
  incident = await h.declare({
    clientKey: 'e2e-dead-letters',
    title: 'Checkout 502s',
    priority: 'P2',
    holder: 'stratus',
  })
}, 120_000)
afterAll(async () => {
  await stack?.close()
  await h?.close()
})

describe('dead letters through GraphQL', () => {
  let poison: Letter

  it("lists a refused vendor message as a dead letter of the vendor's bond, to staff and to that vendor only", async () => {
    poison = await sendPoison()
    expect(poison).toMatchObject({
      type: 'incident.resumed',
      status: 'REJECTED',
      error: 'the incident is not waiting',
      replays: 0,
      party: { slug: 'stratus' },
      incident: { key: incident.key },
    })
    const bonds = await gql<{
      incident: { bonds: { id: string; party: { slug: string }; deadLetters: { id: string }[] }[] }
    }>(
      'query($id: ID!) { incident(id: $id) { bonds { id party { slug } deadLetters { id } } } }',
      tokens.admin!,
      { id: incident.id }
    )
    const bond = bonds.data!.incident.bonds.find((b) => b.party.slug === 'stratus')!
    expect(bond.deadLetters.map((l) => l.id)).toEqual([poison.id])
    expect(poison.bond?.id).toBe(bond.id)
    expect((await listOf(tokens.integrator!, { b: bond.id })).map((l) => l.id)).toEqual([poison.id])
    expect((await listOf(tokens.stratus!)).map((l) => l.id)).toEqual([poison.id])
    // Another vendor: absent from its list, null by id, NOT_FOUND when it names the party or the bond, FORBIDDEN to act.
    expect(await listOf(tokens.sentinel!)).toEqual([])
    expect(
      (
        await gql<{ deadLetter: unknown }>(
          'query($id: ID!) { deadLetter(id: $id) { id } }',
          tokens.sentinel!,
          { id: poison.id }
        )
      ).data!.deadLetter
    ).toBeNull()
    for (const vars of [{ p: ids.stratus }, { b: bond.id }])
      expect((await gql(LIST, tokens.sentinel!, vars)).errors?.[0]?.extensions?.code).toBe(
        'NOT_FOUND'
      )
    expect(
      (await gql(REPLAY, tokens.stratus!, { id: poison.id })).errors?.[0]?.extensions?.code
    ).toBe('FORBIDDEN')
  })

  it('replays it through the workflow once, even when the replay is asked twice at the same time', async () => {
    const waiting = await gql(
      'mutation($id: ID!, $on: ID!) { setWaiting(input: { incidentId: $id, onPartyId: $on, reason: "awaiting the customer" }) { status } }',
      tokens.admin!,
      { id: incident.id, on: ids.northwind }
    )
    expect(waiting.errors).toBeUndefined()
    const both = await Promise.all([
      gql<Replay>(REPLAY, tokens.integrator!, { id: poison.id }),
      gql<Replay>(REPLAY, tokens.admin!, { id: poison.id }),
    ])
    const answers = both.map((r) => {
      expect(r.errors).toBeUndefined()
      return r.data!.replayDeadLetter
    })
    expect(answers.map((a) => a.replayed).sort()).toEqual([false, true])
    expect(answers.find((a) => a.replayed)!.outcome).toBe('signalled')
    await expect
      .poll(async () => (await ledgerTypes()).filter((t) => t === 'resumed').length, {
        timeout: 30_000,
        interval: 200,
      })
      .toBe(1)
    const applied = (await listOf(tokens.admin!, { s: ['APPLIED'] })).find(
      (l) => l.id === poison.id
    )
    expect(applied).toMatchObject({ status: 'APPLIED', replays: 1, error: null })
    expect(applied!.replayedBy).toMatch(/\/token:e2e-(integrator|admin)$/)
    // Once applied, a replay is a repeat: no new signal, no second effect.
    const again = await gql<Replay>(REPLAY, tokens.admin!, { id: poison.id })
    expect(again.data!.replayDeadLetter).toMatchObject({
      replayed: false,
      outcome: null,
      deadLetter: { status: 'APPLIED', replays: 1 },
    })
    await new Promise((r) => setTimeout(r, 500))
    expect((await ledgerTypes()).filter((t) => t === 'resumed')).toHaveLength(1)
    expect((await listOf(tokens.admin!)).map((l) => l.id)).not.toContain(poison.id)
  })

  it('discards a dead letter with who and why, after which it is no longer open and cannot be replayed', async () => {
    const second = await sendPoison()
    expect(
      (await gql(DISCARD, tokens.integrator!, { id: second.id, r: '  ' })).errors?.[0]?.extensions
        ?.code
    ).toBe('BAD_USER_INPUT')
    expect(
      (await gql(DISCARD, tokens.sentinel!, { id: second.id, r: 'not mine' })).errors?.[0]
        ?.extensions?.code
    ).toBe('FORBIDDEN')
    const r = await gql<{ discardDeadLetter: Letter }>(DISCARD, tokens.integrator!, {
      id: second.id,
      r: 'sent twice by the vendor',
    })
    expect(r.errors).toBeUndefined()
    expect(r.data!.discardDeadLetter).toMatchObject({
      id: second.id,
      status: 'DISCARDED',
      discardReason: 'sent twice by the vendor',
    })
    expect(r.data!.discardDeadLetter.discardedBy).toMatch(/\/token:e2e-integrator$/)
    expect((await listOf(tokens.admin!)).map((l) => l.id)).not.toContain(second.id)
    expect((await listOf(tokens.stratus!, { s: ['DISCARDED'] })).map((l) => l.id)).toEqual([
      second.id,
    ])
    expect(
      (await gql(REPLAY, tokens.admin!, { id: second.id })).errors?.[0]?.extensions?.code
    ).toBe('CONFLICT')
    await new Promise((r) => setTimeout(r, 300))
    expect((await ledgerTypes()).filter((t) => t === 'resumed')).toHaveLength(1)
  })
})
