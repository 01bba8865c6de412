import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { notifications, settleIncident, storeReviewPack } from '@baton/db'
import { demoOutageSettlement, recordIncident } from '@baton/db/testing'
import { demoOutageEvents, demoWorld } from '@baton/domain/testing'
import { createGatewayFixture, type GatewayFixture } from './testing/gateway-fixture.ts'

const HANDOFF_OLA = 'handoff-acceptance@1/HANDOFF_ACCEPT/vistula/1'
let f: GatewayFixture
let outage: { id: string; key: string }
let integrator: string
let viewer: string
let vistula: string
let stratus: string

/** Records the docs/scenario.md outage as the workflow would (ledger + projection), then settles it as its close does. */
async function seedSettledOutage(): Promise<{ id: string; key: string }> {
  const inc = await recordIncident(f.t.db, 'outage', demoOutageEvents, demoWorld)
  await settleIncident(f.t.db, demoOutageSettlement(inc))
  return inc
}

beforeAll(async () => {
  f = await createGatewayFixture()
  integrator = await f.token('INTEGRATOR')
  viewer = await f.token('VIEWER')
  vistula = await f.token('VENDOR', 'vistula')
  stratus = await f.token('VENDOR', 'stratus')
  outage = await seedSettledOutage()
})
afterAll(async () => {
  await f?.close()
})

type Statement = {
  month: string
  total: number
  grossTotal: number
  currency: string
  agreement: { slug: string } | null
}
const statementsQ = `query($p: ID!) { creditStatements(partyId: $p, months: ["2026-03"]) { month total grossTotal currency agreement { slug } } }`
const vistulaTotal = async (token: string) => {
  const r = await f.gql<{ creditStatements: Statement[] }>(statementsQ, {
    token,
    variables: { p: f.partyId('vistula') },
  })
  expect(r.errors).toBeUndefined()
  return r.data!.creditStatements.reduce((s, st) => s + st.total, 0)
}
const disputesQ = `query($i: ID, $p: ID) { disputes(incidentId: $i, partyId: $p) { id clockId state evidence party { slug } incident { key } decidedBy decisionReason } }`

describe('accountability over GraphQL', () => {
  it('bills Vistula USD 6,400 for March 2026, to staff and to Vistula itself', async () => {
    expect(await vistulaTotal(integrator)).toBe(6400)
    expect(await vistulaTotal(vistula)).toBe(6400)
    const bad = await f.gql(
      `query($p: ID!) { creditStatements(partyId: $p, months: ["March"]) { total } }`,
      { token: integrator, variables: { p: f.partyId('vistula') } }
    )
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
  })

  it('a vendor disputes its hand-off OLA breach, an integrator accepts, and the credits drop by exactly its amount', async () => {
    const before = await vistulaTotal(integrator)
    const openQ = `mutation($i: ID!, $c: String!, $e: String!) { openDispute(incidentId: $i, clockId: $c, evidence: $e) { id state clockId party { slug } incident { key } } }`
    // Staff cannot open a dispute, and a vendor cannot dispute another party's breach.
    expect(
      (
        await f.gql(openQ, {
          token: integrator,
          variables: { i: outage.id, c: HANDOFF_OLA, e: 'x' },
        })
      ).errors?.[0]?.extensions?.code
    ).toBe('FORBIDDEN')
    expect(
      (await f.gql(openQ, { token: stratus, variables: { i: outage.id, c: HANDOFF_OLA, e: 'x' } }))
        .errors?.[0]?.extensions?.code
    ).toBe('CONFLICT')
    const opened = await f.gql<{
      openDispute: {
        id: string
        state: string
        clockId: string
        party: { slug: string }
        incident: { key: string }
      }
    }>(openQ, {
      token: vistula,
      variables: {
        i: outage.id,
        c: HANDOFF_OLA,
        e: 'the on-call pager gateway was down (carrier incident CX-88)',
      },
    })
    expect(opened.errors).toBeUndefined()
    expect(opened.data!.openDispute).toMatchObject({
      state: 'OPEN',
      clockId: HANDOFF_OLA,
      party: { slug: 'vistula' },
      incident: { key: outage.key },
    })
    const id = opened.data!.openDispute.id

    const decideQ = `mutation($d: ID!, $a: Boolean!, $r: String!) { decideDispute(disputeId: $d, accept: $a, reason: $r) { id state decidedBy decisionReason decidedAt } }`
    const refused = await f.gql(decideQ, { token: viewer, variables: { d: id, a: true, r: 'no' } })
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    expect(
      (await f.gql(decideQ, { token: vistula, variables: { d: id, a: true, r: 'mine' } }))
        .errors?.[0]?.extensions?.code
    ).toBe('FORBIDDEN')
    const decided = await f.gql<{
      decideDispute: { state: string; decidedBy: string; decisionReason: string; decidedAt: string }
    }>(decideQ, { token: integrator, variables: { d: id, a: true, r: 'carrier outage confirmed' } })
    expect(decided.errors).toBeUndefined()
    expect(decided.data!.decideDispute).toMatchObject({
      state: 'ACCEPTED',
      decidedBy: 'test-integrator',
      decisionReason: 'carrier outage confirmed',
    })
    expect(
      (await f.gql(decideQ, { token: integrator, variables: { d: id, a: false, r: 'again' } }))
        .errors?.[0]?.extensions?.code
    ).toBe('CONFLICT')
    expect(
      (await f.gql(decideQ, { token: integrator, variables: { d: 'nope', a: false, r: 'x' } }))
        .errors?.[0]?.extensions?.code
    ).toBe('NOT_FOUND')

    expect(before - (await vistulaTotal(integrator))).toBe(2400)
    // The ledger names the acting party and the token of each side.
    const actors = await f.t.sql`
      select type, actor from ledger_entries
      where incident_id = ${outage.id} and type like 'attribution.%' order by seq`
    expect(actors.map((r) => `${r.type} ${r.actor}`)).toEqual([
      'attribution.disputed vistula/token:test-vendor-vistula',
      'attribution.dispute_accepted northwind/token:test-integrator',
    ])
    // One dispute by id: its clock's credit lines, the breach's and the adjustment cancelling it.
    const oneQ = `query($d: ID!) { dispute(id: $d) { id state creditLines { amount currency reason party { slug } agreement { slug } } } }`
    const one = await f.gql<{
      dispute: { state: string; creditLines: { amount: number; reason: string }[] } | null
    }>(oneQ, { token: vistula, variables: { d: id } })
    expect(one.errors).toBeUndefined()
    expect(one.data!.dispute!.state).toBe('ACCEPTED')
    expect(one.data!.dispute!.creditLines.map((l) => l.amount)).toEqual([2400, -2400])
    expect(one.data!.dispute!.creditLines[1]!.reason).toContain('carrier outage confirmed')
    const theirs = await f.gql<{ dispute: unknown }>(oneQ, { token: stratus, variables: { d: id } })
    expect(theirs.errors).toBeUndefined()
    expect(theirs.data!.dispute).toBeNull()
    const missing = await f.gql<{ dispute: unknown }>(oneQ, {
      token: integrator,
      variables: { d: '00000000-0000-4000-8000-000000000000' },
    })
    expect(missing.data!.dispute).toBeNull()
    const mine = await f.gql<{
      disputes: { id: string; state: string; party: { slug: string }; incident: { key: string } }[]
    }>(disputesQ, { token: vistula, variables: { i: outage.id } })
    expect(mine.errors).toBeUndefined()
    expect(mine.data!.disputes).toEqual([
      expect.objectContaining({
        id,
        state: 'ACCEPTED',
        party: { slug: 'vistula' },
        incident: { key: outage.key },
      }),
    ])
  })

  it("reads only an incident's attribution entries with timeline's typePrefix", async () => {
    const q = `query($i: ID!, $p: String) { incident(id: $i) { timeline(first: 500, typePrefix: $p) { nodes { seq type } } } }`
    const read = async (p: string | null) => {
      const r = await f.gql<{ incident: { timeline: { nodes: { seq: number; type: string }[] } } }>(
        q,
        { token: integrator, variables: { i: outage.id, p } }
      )
      expect(r.errors).toBeUndefined()
      return r.data!.incident.timeline.nodes
    }
    const all = await read(null)
    const attributions = await read('attribution.')
    expect(attributions.map((e) => e.type)).toEqual([
      'attribution.disputed',
      'attribution.dispute_accepted',
    ])
    expect(attributions).toEqual(all.filter((e) => e.type.startsWith('attribution.')))
    // The prefix is text, not a pattern: LIKE's wildcards in it match only themselves.
    expect(await read('%')).toEqual([])
    expect(await read('attribution_')).toEqual([])
  })

  it("keeps Vistula's disputes and statements from Stratus", async () => {
    const all = await f.gql<{ disputes: unknown[] }>(disputesQ, {
      token: stratus,
      variables: { i: outage.id },
    })
    expect(all.errors).toBeUndefined()
    expect(all.data!.disputes).toEqual([])
    const named = await f.gql(disputesQ, { token: stratus, variables: { p: f.partyId('vistula') } })
    expect(named.errors?.[0]?.extensions?.code).toBe('NOT_FOUND')
    const statements = await f.gql(statementsQ, {
      token: stratus,
      variables: { p: f.partyId('vistula') },
    })
    expect(statements.errors?.[0]?.extensions?.code).toBe('NOT_FOUND')
    const packs = await f.gql(`query($p: ID) { reviewPacks(partyId: $p) { id } }`, {
      token: stratus,
      variables: { p: f.partyId('vistula') },
    })
    expect(packs.errors?.[0]?.extensions?.code).toBe('NOT_FOUND')
    // Staff see every party's disputes.
    const staff = await f.gql<{ disputes: unknown[] }>(disputesQ, {
      token: viewer,
      variables: { p: f.partyId('vistula') },
    })
    expect(staff.data!.disputes).toHaveLength(1)
  })

  it('lists review packs: a vendor only those about itself, staff every one', async () => {
    const pack = (kind: 'monthly' | 'quarterly', party: string | null, periodLabel: string) => ({
      kind,
      party,
      periodLabel,
      from: '2026-03-01T00:00:00Z',
      to: '2026-04-01T00:00:00Z',
      title: `${kind} ${party ?? 'all'}`,
      markdown: '# pack',
      csv: 'a,b',
      charts: [{ name: 'c.svg', svg: '<svg/>' }],
    })
    await storeReviewPack(f.t.db, pack('monthly', 'stratus', '2026-03'))
    await storeReviewPack(f.t.db, pack('monthly', 'vistula', '2026-03'))
    await storeReviewPack(f.t.db, pack('quarterly', null, '2026-Q1'))
    const q = `query($k: ReviewPackKind) { reviewPacks(kind: $k) { kind title periodLabel from party { slug } charts { name svg } } }`
    type Packs = {
      reviewPacks: {
        kind: string
        title: string
        party: { slug: string } | null
        charts: { name: string }[]
      }[]
    }
    const own = await f.gql<Packs>(q, { token: stratus })
    expect(own.errors).toBeUndefined()
    expect(own.data!.reviewPacks.map((p) => p.title)).toEqual(['monthly stratus'])
    expect(own.data!.reviewPacks[0]).toMatchObject({
      kind: 'MONTHLY',
      party: { slug: 'stratus' },
      charts: [{ name: 'c.svg' }],
    })
    const staff = await f.gql<Packs>(q, { token: viewer })
    expect(staff.data!.reviewPacks.map((p) => p.title).sort()).toEqual([
      'monthly stratus',
      'monthly vistula',
      'quarterly all',
    ])
    const quarterly = await f.gql<Packs>(q, { token: viewer, variables: { k: 'QUARTERLY' } })
    expect(quarterly.data!.reviewPacks.map((p) => [p.kind, p.party])).toEqual([['QUARTERLY', null]])
  })

  it("shows a review pack's messages and their delivery states to staff, and none to a vendor", async () => {
    const stored = await storeReviewPack(f.t.db, {
      kind: 'monthly',
      party: 'stratus',
      periodLabel: '2026-02',
      from: '2026-02-01T00:00:00Z',
      to: '2026-03-01T00:00:00Z',
      title: 'monthly stratus feb',
      markdown: '# pack',
      csv: 'a,b',
      charts: [],
    })
    await f.t.db.insert(notifications).values({
      reviewPackId: stored.id,
      dedupKey: 'review-pack:monthly/stratus/2026-02#Dana <dana@northwind.example>',
      escalationKey: 'review-pack:monthly/stratus/2026-02',
      party: 'northwind',
      desk: 'service-integration-ny',
      recipient: 'Dana <dana@northwind.example>',
      state: 'SENT',
      channel: 'email:dana@northwind.example',
      attempts: 1,
      payload: {},
    })
    const q = `query { reviewPacks(kind: MONTHLY) { title notifications { escalationKey recipient state channel attempts } } }`
    type Packs = {
      reviewPacks: {
        title: string
        notifications: {
          escalationKey: string
          recipient: string
          state: string
          channel: string
          attempts: number
        }[]
      }[]
    }
    const staff = await f.gql<Packs>(q, { token: viewer })
    expect(staff.errors).toBeUndefined()
    expect(
      staff.data!.reviewPacks.find((p) => p.title === 'monthly stratus feb')!.notifications
    ).toEqual([
      {
        escalationKey: 'review-pack:monthly/stratus/2026-02',
        recipient: 'Dana <dana@northwind.example>',
        state: 'SENT',
        channel: 'email:dana@northwind.example',
        attempts: 1,
      },
    ])
    const vendor = await f.gql<Packs>(q, { token: stratus })
    expect(
      vendor.data!.reviewPacks.find((p) => p.title === 'monthly stratus feb')!.notifications
    ).toEqual([])
  })

  it('recomputes a settlement what-if for staff only, audited, without touching the credits', async () => {
    const q = `mutation($i: ID!) { recomputeSettlementWhatIf(incidentId: $i) { incident { key } agreementVersions credits { party { slug } delta } totalDelta } }`
    expect(
      (await f.gql(q, { token: vistula, variables: { i: outage.id } })).errors?.[0]?.extensions
        ?.code
    ).toBe('FORBIDDEN')
    const r = await f.gql<{
      recomputeSettlementWhatIf: {
        incident: { key: string }
        agreementVersions: string[]
        totalDelta: number
      }
    }>(q, { token: integrator, variables: { i: outage.id } })
    expect(r.errors).toBeUndefined()
    expect(r.data!.recomputeSettlementWhatIf).toMatchObject({
      incident: { key: outage.key },
      totalDelta: 0,
    })
    expect(r.data!.recomputeSettlementWhatIf.agreementVersions).toContain('stratus-hosting@1')
    expect(await vistulaTotal(integrator)).toBe(4000)
  })
})
