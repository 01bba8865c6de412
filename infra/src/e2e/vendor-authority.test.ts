import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pino } from 'pino'
import { activePartySecrets, createApiToken } from '@baton/db'
import type { TestDatabase } from '@baton/db/testing'
import type { World } from '@baton/domain'
import { createAdaptersApp } from '@baton/adapters'
import { signedInit } from '@baton/adapters/testing'
import type { ServedGateway } from '@baton/gateway'
import { createHarness, partyIds, TEST_MASTER_KEY, type Harness } from '../testing/e2e-harness.ts'
import { startGateway } from '../testing/loopback-stack.ts'

// Issue 18, Authority: who may do what is data. Vendors act only as they would: signed canonical
// webhooks to the real adapters app and VENDOR-token GraphQL to the real gateway, with the real
// incident workflow behind both. stratus is granted direct priority changes as holder in the world file.
let h: Harness
let t: TestDatabase
let adapters: ReturnType<typeof createAdaptersApp>
let gw: ServedGateway
const secrets: Record<string, string> = {}
const tokens: Record<string, string> = {}

const VENDORS = ['stratus', 'sentinel', 'vistula']

const declare = (clientKey: string, holder: string, priority: 'P1' | 'P2') =>
  h.declare({ clientKey, title: 'Checkout down', priority, holder })

/** A signed canonical webhook, as the vendor sends it. */
async function send(
  vendor: string,
  type: string,
  incidentId: string,
  data: Record<string, unknown> = {}
) {
  const body = {
    type,
    incident: { id: incidentId },
    occurredAt: new Date().toISOString(),
    actor: { name: `${vendor} ops` },
    data,
  }
  const res = await adapters.request(
    `/webhooks/${vendor}`,
    signedInit('canonical', secrets[vendor]!, body)
  )
  return {
    status: res.status,
    body: (await res.json()) as {
      receipt?: string
      error?: { code: string; message: string; rule?: string }
    },
  }
}

type Gql<T> = {
  data?: T
  errors?: { message: string; extensions?: { code?: string; reason?: string; rule?: string } }[]
}
async function gql<T = Record<string, unknown>>(
  token: string,
  query: string,
  variables: Record<string, unknown> = {}
): Promise<Gql<T>> {
  const res = await fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  })
  return (await res.json()) as Gql<T>
}

const row = async (id: string) =>
  (
    await t.sql<{ priority: string; holder: string; last_seq: number }[]>`
  select i.priority, p.slug as holder, i.last_seq from incidents i join parties p on p.id = i.holder_party_id where i.id = ${id}`
  )[0]!
const receiptStatus = async (receipt: string) =>
  (
    await t.sql<
      { status: string }[]
    >`select status from inbound_receipts where receipt = ${receipt}`
  )[0]?.status
const ledgerTypes = async (id: string) =>
  (
    await t.sql<
      { type: string }[]
    >`select type from ledger_entries where incident_id = ${id} order by seq`
  ).map((r) => r.type)

async function until(check: () => Promise<boolean>, what = 'condition') {
  const deadline = Date.now() + 20_000
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
const applied = (receipt: string | undefined) =>
  until(
    async () => ['APPLIED', 'REJECTED'].includes((await receiptStatus(receipt!)) ?? ''),
    `receipt ${receipt}`
  )

const REQUESTS = `query($id: ID!) { incident(id: $id) { priority priorityChangeRequests { id state priority fromPriority requestedBy { slug } answeredBy { slug } answer } } }`
type Requests = {
  incident: {
    priority: string
    priorityChangeRequests: {
      id: string
      state: string
      priority: string
      fromPriority: string
      requestedBy: { slug: string }
      answeredBy: { slug: string } | null
      answer: string | null
    }[]
  }
}

beforeAll(async () => {
  // Canonical dialect for every vendor here (signed like Standard Webhooks); no outbound endpoints.
  const adjust = (base: World): World => ({
    ...base,
    parties: base.parties.map((p) =>
      !p.integration
        ? p
        : {
            ...p,
            integration: {
              ...p.integration,
              dialect: 'canonical' as const,
              outboundUrl: undefined,
              outboundSecret: undefined,
            },
            ...(p.slug === 'stratus'
              ? { authority: { priority_changed: { holder: 'allow' as const } } }
              : {}),
          }
    ),
  })
  h = await createHarness({ scale: 1, adjust, isolateKeys: true })
  t = h.t
  const ids = await partyIds(h)
  for (const v of VENDORS) {
    secrets[v] = (await activePartySecrets(t.db, ids[v]!, 'inbound', TEST_MASTER_KEY))[0]!
    tokens[v] = (
      await createApiToken(t.db, { name: `e2e-${v}`, role: 'VENDOR', partyId: ids[v]! })
    ).token
  }
  tokens.admin = (await createApiToken(t.db, { name: 'e2e-admin', role: 'ADMIN' })).token
  await h.startWorker()
  adapters = createAdaptersApp({
    db: t.db,
    temporal: h.client,
    masterKey: TEST_MASTER_KEY,
    taskQueue: h.taskQueue,
    logger: pino({ level: 'silent' }),
    adminToken: 'admin-token-e2e-authority-0123',
    partyCacheTtlMs: 0,
  })
  gw = await startGateway(h)
}, 120_000)
afterAll(async () => {
  await gw?.close()
  await h?.close()
})

describe('authority as data: a vendor changes only what its relation to the incident allows', () => {
  let incident: { id: string; key: string }

  it("turns a merely-offered vendor's priority change into a request: the priority stays until the retained team accepts it", async () => {
    incident = await declare('authority-1', 'sentinel', 'P1')
    const offer = await send('sentinel', 'handoff.requested', incident.id, {
      to: 'vistula',
      reason: 'looks like the app',
    })
    expect(offer.status).toBe(202)
    await applied(offer.body.receipt)
    // vistula has only been offered the incident: its P4 must not rewrite sentinel's P1.
    const change = await send('vistula', 'incident.updated', incident.id, { priority: 'P4' })
    expect(change.status).toBe(202)
    await applied(change.body.receipt)
    expect((await row(incident.id)).priority).toBe('P1')
    expect(await ledgerTypes(incident.id)).toContain('priority_change_requested')
    const pending = await gql<Requests>(tokens.admin!, REQUESTS, { id: incident.id })
    expect(pending.data!.incident).toMatchObject({
      priority: 'P1',
      priorityChangeRequests: [
        {
          id: `${incident.key}-P1`,
          state: 'PENDING',
          priority: 'P4',
          fromPriority: 'P1',
          requestedBy: { slug: 'vistula' },
          answeredBy: null,
        },
      ],
    })

    const accepted = await gql<{ acceptPriorityChange: { priority: string } }>(
      tokens.admin!,
      'mutation($id: ID!, $r: ID!) { acceptPriorityChange(incidentId: $id, requestId: $r, reason: "customer impact is low") { priority } }',
      { id: incident.id, r: `${incident.key}-P1` }
    )
    expect(accepted.errors).toBeUndefined()
    expect(accepted.data!.acceptPriorityChange.priority).toBe('P4')
    expect((await row(incident.id)).priority).toBe('P4')
    const after = await gql<Requests>(tokens.admin!, REQUESTS, { id: incident.id })
    expect(after.data!.incident.priorityChangeRequests[0]).toMatchObject({
      state: 'ACCEPTED',
      answeredBy: { slug: 'northwind' },
      answer: 'customer impact is low',
    })
  })

  it('keeps the priority when the retained team declines a request, and a vendor cannot answer one', async () => {
    const change = await send('vistula', 'incident.updated', incident.id, { priority: 'P2' })
    expect(change.status).toBe(202)
    await applied(change.body.receipt)
    const request = `${incident.key}-P2`
    const byVendor = await gql(
      tokens.vistula!,
      'mutation($id: ID!, $r: ID!) { acceptPriorityChange(incidentId: $id, requestId: $r) { priority } }',
      { id: incident.id, r: request }
    )
    expect(byVendor.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    const declined = await gql<{ declinePriorityChange: { priority: string } }>(
      tokens.admin!,
      'mutation($id: ID!, $r: ID!) { declinePriorityChange(incidentId: $id, requestId: $r, reason: "still an outage") { priority } }',
      { id: incident.id, r: request }
    )
    expect(declined.errors).toBeUndefined()
    expect(declined.data!.declinePriorityChange.priority).toBe('P4')
    const after = await gql<Requests>(tokens.admin!, REQUESTS, { id: incident.id })
    expect(after.data!.incident.priorityChangeRequests[1]).toMatchObject({
      state: 'DECLINED',
      priority: 'P2',
      answer: 'still an outage',
    })
    expect(await ledgerTypes(incident.id)).toContain('priority_change_declined')
    const again = await gql(
      tokens.admin!,
      'mutation($id: ID!, $r: ID!) { declinePriorityChange(incidentId: $id, requestId: $r, reason: "twice") { priority } }',
      { id: incident.id, r: request }
    )
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT')
  })

  it('lets the receiver accept and act at once, after which the former holder is a bonded observer that cannot acknowledge, resolve or hand off', async () => {
    // The vendor answers the offer open to it without naming the hand-off.
    expect((await send('vistula', 'handoff.accepted', incident.id)).status).toBe(202)
    // Straight after its acceptance (before the workflow applied it) the new holder may act as the holder.
    const wait = await send('vistula', 'incident.waiting', incident.id, {
      on: 'northwind',
      reason: 'needs a firewall change',
    })
    expect(wait.status).toBe(202)
    await applied(wait.body.receipt)
    expect(await receiptStatus(wait.body.receipt!)).toBe('APPLIED')
    expect((await row(incident.id)).holder).toBe('vistula')

    const receiptsBefore = (await t.sql`select count(*)::int as n from inbound_receipts`)[0]!
      .n as number
    for (const [type, data, rule] of [
      ['incident.acknowledged', {}, 'acknowledged/observer'],
      ['incident.resolved', { resolution: 'fixed it ourselves' }, 'resolved/observer'],
      ['handoff.requested', { to: 'stratus', reason: 'yours now' }, 'handoff_offered/observer'],
    ] as const) {
      const refused = await send('sentinel', type, incident.id, data)
      expect(refused.status, type).toBe(403)
      expect(refused.body.error).toMatchObject({
        code: 'FORBIDDEN',
        rule,
        message: expect.stringContaining('sentinel is a bonded observer of this incident'),
      })
    }
    expect((await t.sql`select count(*)::int as n from inbound_receipts`)[0]!.n).toBe(
      receiptsBefore
    )
    // A comment stays open to every bonded party.
    expect(
      (await send('sentinel', 'incident.comment', incident.id, { body: 'we saw it too' })).status
    ).toBe(202)
  })

  it('refuses the same to the observer through its VENDOR token, naming the rule', async () => {
    const cases = [
      [
        'acknowledgeIncident',
        'mutation($id: ID!) { acknowledgeIncident(incidentId: $id) { status } }',
        {},
        'acknowledged/observer',
      ],
      [
        'resolveIncident',
        'mutation($id: ID!) { resolveIncident(input: { incidentId: $id, resolution: "done" }) { status } }',
        {},
        'resolved/observer',
      ],
      [
        'offerHandoff',
        'mutation($id: ID!, $to: ID!) { offerHandoff(input: { incidentId: $id, toPartyId: $to, reason: "yours" }) { id } }',
        { to: (await t.sql`select id from parties where slug = 'stratus'`)[0]!.id },
        'handoff_offered/observer',
      ],
    ] as const
    for (const [name, query, vars, rule] of cases) {
      const r = await gql(tokens.sentinel!, query, { id: incident.id, ...vars })
      expect(r.errors?.[0]?.extensions, name).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'NOT_PERMITTED',
        rule,
      })
    }
    expect(await row(incident.id)).toMatchObject({ holder: 'vistula', priority: 'P4' })
    const status = await gql<{ incident: { status: string } }>(
      tokens.admin!,
      'query($id: ID!) { incident(id: $id) { status } }',
      { id: incident.id }
    )
    expect(status.data!.incident.status).toBe('WAITING')
  })

  it('applies a priority change directly when the world file grants that vendor the right', async () => {
    const own = await declare('authority-2', 'stratus', 'P2')
    const change = await send('stratus', 'incident.updated', own.id, { priority: 'P1' })
    expect(change.status).toBe(202)
    await applied(change.body.receipt)
    expect((await row(own.id)).priority).toBe('P1')
    const r = await gql<Requests>(tokens.stratus!, REQUESTS, { id: own.id })
    expect(r.data!.incident).toEqual({ priority: 'P1', priorityChangeRequests: [] })
  })
})
