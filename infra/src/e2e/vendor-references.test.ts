import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken, desks, parties } from '@baton/db'
import { signedInit } from '@baton/adapters/testing'
import { buildVendorPayload, type VendorAction } from '@baton/adapters/simulator'
import { createHarness, partyIds, type Harness } from '../testing/e2e-harness.ts'
import {
  postGraphql,
  startInProcessAdapters,
  type InProcessAdapters,
} from '../testing/loopback-stack.ts'

// Issue 18, tried as a vendor would: with nothing but its webhook secret, a vendor names things
// (hand-off ids, parties) that are not its to name or that do not exist. Baton mints the ids,
// resolves every reference before its 202 (422 naming the field otherwise), and an incident
// workflow refuses, visibly, what it cannot apply, and goes on with the next message.
let h: Harness
let edge: InProcessAdapters
const tokens: Record<string, string> = {}
let ids: Record<string, string> = {}

const gql = <T>(query: string, variables: Record<string, unknown> = {}) =>
  postGraphql<T>(edge.gw, query, tokens.admin!, variables)
/** A signed webhook, in the vendor's own dialect, through the real adapters app. */
async function send(
  slug: string,
  action: VendorAction,
  edit: (body: Record<string, unknown>) => void = () => {}
) {
  const vendor = edge.vendors.find((v) => v.slug === slug)!
  const { body, messageId } = buildVendorPayload(vendor.dialect, action, vendor.mappings)
  edit(body as Record<string, unknown>)
  const res = await edge.adapters.app.request(
    `/webhooks/${slug}`,
    signedInit(vendor.dialect, vendor.inboundSecret, body, { messageId })
  )
  return {
    status: res.status,
    body: (await res.json()) as {
      receipt?: string
      error?: { code: string; field?: string; message: string }
    },
  }
}
const ledger = async (incidentId: string) =>
  h.t.sql<
    { seq: number; type: string; data: Record<string, unknown> }[]
  >`select seq, type, data from ledger_entries where incident_id = ${incidentId} order by seq`
const types = async (incidentId: string) => (await ledger(incidentId)).map((e) => e.type)
const handoffRows = (incidentId: string) =>
  h.t.sql<
    { id: string; state: string }[]
  >`select id, state from handoffs where incident_id = ${incidentId} order by offered_at`
const holderOf = async (incidentId: string) =>
  (
    await h.t.sql<
      { slug: string }[]
    >`select p.slug from incidents i join parties p on p.id = i.holder_party_id where i.id = ${incidentId}`
  )[0]!.slug
const failedTasks = async (key: string) =>
  ((await h.client.workflow.getHandle(`incident/${key}`).fetchHistory()).events ?? []).filter(
    (e) => e.workflowTaskFailedEventAttributes
  ).length
/** A 422 that names the field and the value that did not resolve. */
function expectUnresolved(answer: Awaited<ReturnType<typeof send>>, field: string, value: string) {
  expect(answer.status).toBe(422)
  expect(answer.body.error).toMatchObject({ code: 'UNPROCESSABLE', field })
  expect(answer.body.error!.message).toContain(`'${value}'`)
}
/**
 * The incident is not frozen: the vendor's next message is applied, a staff command through
 * GraphQL answers within 5 s, and no workflow task of it ever failed.
 */
async function expectGoesOn(inc: { id: string; key: string }, vendorRef: string) {
  expect(
    (
      await send('stratus', {
        type: 'incident.comment',
        vendorRef,
        incidentId: inc.key,
        body: 'still on it',
      })
    ).status
  ).toBe(202)
  await expect.poll(() => types(inc.id), { timeout: 30_000, interval: 200 }).toContain('comment')
  const started = Date.now()
  const staff = await gql<{ addComment: { type: string } }>(
    'mutation($id: ID!) { addComment(incidentId: $id, body: "staff note") { type } }',
    { id: inc.id }
  )
  expect(staff.errors).toBeUndefined()
  expect(Date.now() - started).toBeLessThan(5000)
  expect(await failedTasks(inc.key)).toBe(0)
}

beforeAll(async () => {
  h = await createHarness({ scale: 1, withoutIntegrations: true, isolateKeys: true })
  await h.startWorker()
  ids = await partyIds(h)
  tokens.admin = (await createApiToken(h.t.db, { name: 'e2e-admin', role: 'ADMIN' })).token
  // No party cache: a party the test adds is known to the intake at once.
  edge = await startInProcessAdapters(h, { partyCacheTtlMs: 0 })
}, 120_000)
afterAll(async () => {
  await edge?.close()
  await h?.close()
})

describe('vendor references at the trust boundary', () => {
  it("hijack: a vendor pre-claiming another incident's next hand-off id gets a Baton id; the retained team's offer and acceptance act on their own incident", async () => {
    const own = await h.declare({
      clientKey: 'tb-hijack-vendor',
      title: 'Stratus own incident',
      priority: 'P2',
      holder: 'stratus',
    })
    const target = await h.declare({
      clientKey: 'tb-hijack-target',
      title: 'Retained incident',
      priority: 'P2',
      holder: 'northwind',
    })
    const claimed = `${target.key}-H1`
    const claim = await send('stratus', {
      type: 'handoff.requested',
      vendorRef: 'STR-HIJACK',
      incidentId: own.key,
      to: 'northwind',
      reason: 'over to you',
      handoffId: claimed,
    })
    expect(claim.status).toBe(202)
    await expect
      .poll(() => types(own.id), { timeout: 30_000, interval: 200 })
      .toContain('handoff_offered')
    // Baton named the vendor's hand-off under the vendor's own incident; the vendor's id is only its reference.
    const [mine] = await handoffRows(own.id)
    expect(mine!.id).toMatch(new RegExp(`^${own.key}-`))
    expect(
      (await h.t.sql`select baton_id from bond_refs where vendor_ref = ${claimed}`).map(
        (r) => r.baton_id
      )
    ).toEqual([mine!.id])

    const offer = await gql<{ offerHandoff: { id: string; state: string; to: { slug: string } } }>(
      'mutation($i: OfferHandoffInput!) { offerHandoff(input: $i) { id state to { slug } } }',
      { i: { incidentId: target.id, toPartyId: ids.sentinel, reason: 'SOC to investigate' } }
    )
    expect(offer.errors).toBeUndefined()
    expect(offer.data!.offerHandoff).toMatchObject({
      id: claimed,
      state: 'OFFERED',
      to: { slug: 'sentinel' },
    })
    const accept = await gql<{ respondToHandoff: { state: string } }>(
      'mutation($i: RespondToHandoffInput!) { respondToHandoff(input: $i) { state } }',
      { i: { handoffId: claimed, accept: true } }
    )
    expect(accept.errors).toBeUndefined()
    expect(accept.data!.respondToHandoff.state).toBe('ACCEPTED')
    expect(await holderOf(target.id)).toBe('sentinel')
    expect(await handoffRows(target.id)).toEqual([{ id: claimed, state: 'ACCEPTED' }])
    expect(await holderOf(own.id)).toBe('stratus')
    expect(await handoffRows(own.id)).toEqual([{ id: mine!.id, state: 'OFFERED' }])
  })

  it("refuses with a 422 naming data.handoffId a vendor's answer that names a hand-off of another incident", async () => {
    const target = await h.declare({
      clientKey: 'tb-foreign-target',
      title: 'Retained incident',
      priority: 'P2',
      holder: 'northwind',
    })
    const offer = await gql<{ offerHandoff: { id: string } }>(
      'mutation($i: OfferHandoffInput!) { offerHandoff(input: $i) { id } }',
      { i: { incidentId: target.id, toPartyId: ids.sentinel, reason: 'SOC' } }
    )
    const foreign = offer.data!.offerHandoff.id
    // Stratus is offered an incident of its own, so the authority table lets it answer a hand-off there.
    const own = await h.declare({
      clientKey: 'tb-foreign-vendor',
      title: 'Offered to stratus',
      priority: 'P2',
      holder: 'northwind',
    })
    expect(
      (
        await gql('mutation($i: OfferHandoffInput!) { offerHandoff(input: $i) { id } }', {
          i: { incidentId: own.id, toPartyId: ids.stratus, reason: 'WAF' },
        })
      ).errors
    ).toBeUndefined()
    const before = (await h.t.sql`select count(*)::int as n from inbound_receipts`)[0]!.n
    for (const type of ['handoff.accepted', 'handoff.rejected'] as const) {
      const answer = await send('stratus', {
        type,
        vendorRef: 'STR-FOREIGN',
        incidentId: own.key,
        handoffId: foreign,
        reason: 'not ours',
      })
      expectUnresolved(answer, 'data.handoffId', foreign)
    }
    expect((await h.t.sql`select count(*)::int as n from inbound_receipts`)[0]!.n).toBe(before)
    expect((await handoffRows(target.id)).map((r) => r.state)).toEqual(['OFFERED'])
    expect((await handoffRows(own.id)).map((r) => r.state)).toEqual(['OFFERED'])
  })

  it('freeze: a hand-off requested to an unknown party is a 422 naming data.to; the incident goes on applying later events and answering staff', async () => {
    const inc = await h.declare({
      clientKey: 'tb-ghost',
      title: 'Checkout 502s',
      priority: 'P2',
      holder: 'stratus',
    })
    const ghost = await send('stratus', {
      type: 'handoff.requested',
      vendorRef: 'STR-GHOST',
      incidentId: inc.key,
      to: 'ghost-ops',
      reason: 'not us',
    })
    expectUnresolved(ghost, 'data.to', 'ghost-ops')
    const waitingOnGhost = await send('stratus', {
      type: 'incident.waiting',
      vendorRef: 'STR-GHOST',
      incidentId: inc.key,
      on: 'ghost-ops',
      reason: 'logs',
    })
    expect(waitingOnGhost).toMatchObject({ status: 422, body: { error: { field: 'data.on' } } })
    await expectGoesOn(inc, 'STR-GHOST')
  })

  it("freeze behind the edge: a party the incident's pinned world does not know is refused by the workflow (ledger + dead letter), and the next event is applied", async () => {
    const inc = await h.declare({
      clientKey: 'tb-latecomer',
      title: 'Checkout 502s',
      priority: 'P2',
      holder: 'stratus',
    })
    // A party joins the world after the incident opened: the intake resolves it, the incident's pinned world has no such party.
    const [late] = await h.t.db
      .insert(parties)
      .values({ slug: 'latecomer', name: 'Latecomer Ltd', kind: 'OTHER' })
      .returning({ id: parties.id })
    await h.t.db.insert(desks).values({
      partyId: late!.id,
      slug: 'main',
      name: 'Main',
      calendarSlug: '24x7-utc',
      timeZone: 'UTC',
      is24x7: true,
      priorities: ['P1', 'P2', 'P3', 'P4'],
    })
    const request = await send('stratus', {
      type: 'handoff.requested',
      vendorRef: 'STR-LATE',
      incidentId: inc.key,
      to: 'Latecomer Ltd',
      reason: 'their network',
    })
    expect(request.status).toBe(202)
    await expect
      .poll(() => types(inc.id), { timeout: 30_000, interval: 200 })
      .toContain('vendor_event.refused')
    const refused = (await ledger(inc.id)).find((e) => e.type === 'vendor_event.refused')!
    expect(refused.data).toMatchObject({
      receipt: request.body.receipt,
      code: 'UNRESOLVED_REFERENCE',
      message: "to: unknown party 'latecomer'",
    })
    await expect
      .poll(
        async () =>
          (
            await h.t
              .sql`select status, error from inbound_receipts where receipt = ${request.body.receipt!}`
          )[0],
        { timeout: 10_000 }
      )
      .toEqual({ status: 'REJECTED', error: "to: unknown party 'latecomer'" })
    await expectGoesOn(inc, 'STR-LATE')
  })

  it('PagerDuty: a reassignment to an assignee whose display name matches no party is a 422 naming the assignee; a party name resolves to its slug', async () => {
    const inc = await h.declare({
      clientKey: 'tb-pagerduty',
      title: 'Credential stuffing',
      priority: 'P2',
      holder: 'sentinel',
    })
    const unknown = await send('sentinel', {
      type: 'handoff.requested',
      vendorRef: 'SEN-77',
      incidentId: inc.key,
      to: 'Night Shift Team',
      reason: 'shift change',
    })
    expectUnresolved(unknown, 'event.data.assignees.0.summary', 'Night Shift Team')
    const named = await send('sentinel', {
      type: 'handoff.requested',
      vendorRef: 'SEN-77',
      incidentId: inc.key,
      to: 'Stratus Cloud',
      reason: 'WAF',
    })
    expect(named.status).toBe(202)
    await expect
      .poll(() => types(inc.id), { timeout: 30_000, interval: 200 })
      .toContain('handoff_offered')
    expect((await ledger(inc.id)).find((e) => e.type === 'handoff_offered')!.data).toMatchObject({
      from: 'sentinel',
      to: 'stratus',
    })
    expect(await failedTasks(inc.key)).toBe(0)
  })
})
