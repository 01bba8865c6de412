import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken } from '@baton/db'
import type { ServedGateway } from '@baton/gateway'
import { subscribeSse } from '@baton/gateway/testing'
import { createHarness, partyIds, type Harness } from '../testing/e2e-harness.ts'
import { startGateway } from '../testing/loopback-stack.ts'

// Issue 18, visibility: a VENDOR token must not learn other parties' contacts or endpoints from
// an incident it is bonded to, in any field, ledger payload or subscription event; staff still do.
// A real worker fires real ladders (durations scaled) and pages the local mailbox.
let h: Harness
let gw: ServedGateway
const tokens: Record<string, string> = {}
let ids: Record<string, string> = {}
const FOREIGN = ['@northwind.example', '@sentinel.example', 'Sam Okafor', 'SOC shift lead']

type Gql<T> = { data?: T; errors?: { message: string }[] }
async function gql<T>(
  query: string,
  token: string,
  variables: Record<string, unknown> = {}
): Promise<T> {
  const res = await fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  })
  const body = (await res.json()) as Gql<T>
  expect(body.errors).toBeUndefined()
  return body.data!
}

type Recipient = { party: string; contact: string; name: string; address: string | null }
type Escalation = {
  step: number | null
  party: { slug: string }
  recipients: string[]
  to: Recipient[] | null
}
type Notification = {
  escalationKey: string
  recipient: string
  channel: string | null
  state: string
  error: string | null
}
type View = {
  incident: {
    escalations: Escalation[]
    notifications: Notification[]
    timeline: { nodes: { seq: number; type: string; data: string }[] }
  }
}
const VIEW = `query($id: ID!) { incident(id: $id) { escalations { step party { slug } recipients to { party contact name address } } notifications { escalationKey recipient channel state error }
  timeline(first: 200) { nodes { seq type data } } } }`

/** The ladder steps this test asserts on: Sentinel's two (the SOC, then the retained MIM) and Stratus's first. */
const EXPECTED: [party: string, step: number][] = [
  ['sentinel', 1],
  ['sentinel', 2],
  ['stratus', 1],
]
const escalated = (view: View['incident'], steps: [string, number][]) =>
  steps.every(([party, step]) =>
    view.escalations.some((e) => e.party.slug === party && e.step === step)
  )
async function untilEscalated(id: string, steps: [string, number][]) {
  await expect
    .poll(async () => escalated((await gql<View>(VIEW, tokens.admin!, { id })).incident, steps), {
      timeout: 30_000,
      interval: 100,
    })
    .toBe(true)
}

beforeAll(async () => {
  h = await createHarness({ scale: 0.001, withoutIntegrations: true })
  await h.startWorker()
  ids = await partyIds(h)
  tokens.admin = (await createApiToken(h.t.db, { name: 'e2e-admin', role: 'ADMIN' })).token
  tokens.stratus = (
    await createApiToken(h.t.db, { name: 'e2e-stratus', role: 'VENDOR', partyId: ids.stratus! })
  ).token
  gw = await startGateway(h)
}, 60_000)
afterAll(async () => {
  await gw?.close()
  await h?.close()
})

describe("what a vendor sees of other parties' contacts", () => {
  it('shows stratus its own pages in full and only placeholders and counts for the MSSP and retained contacts paged on the same incident', async () => {
    const events = subscribeSse(
      gw.url,
      tokens.stratus!,
      'subscription { incidentEvents { incident { key escalations { recipients } notifications { recipient channel } } entry { seq type data } } }'
    )
    await events.ready
    await new Promise((r) => setTimeout(r, 300)) // LISTEN is set up by the first subscriber
    // Sentinel holds a P1 and pages its SOC, then (unacknowledged) the retained MIM; it offers the
    // incident to Stratus, whose ladder pages its duty engineer (then, unaccepted, the MIM: not asserted).
    const declared = await gql<{ declareIncident: { id: string } }>(
      'mutation($i: DeclareIncidentInput!) { declareIncident(input: $i) { id } }',
      tokens.admin!,
      {
        i: {
          clientKey: 'e2e-visibility',
          title: 'Credential stuffing against checkout',
          priority: 'P1',
          holderPartyId: ids.sentinel,
        },
      }
    )
    const id = declared.declareIncident.id
    // Offering the hand-off is Sentinel acting, which ends its own ask (and its ladder): the
    // offer waits until Sentinel's step 2 has paged the MIM, so that page is always there.
    await untilEscalated(id, [
      ['sentinel', 1],
      ['sentinel', 2],
    ])
    await gql(
      'mutation($i: OfferHandoffInput!) { offerHandoff(input: $i) { id } }',
      tokens.admin!,
      { i: { incidentId: id, toPartyId: ids.stratus, reason: 'block the ranges at the WAF' } }
    )

    // Staff (the retained team) see every recipient, address and channel once the pages settled;
    // the vendor's view is read between two equal staff views, so both show the same facts.
    let staff: View['incident'] | undefined
    let vendor: View['incident'] | undefined
    await expect
      .poll(
        async () => {
          staff = (await gql<View>(VIEW, tokens.admin!, { id })).incident
          vendor = (await gql<View>(VIEW, tokens.stratus!, { id })).incident
          const unchanged =
            JSON.stringify((await gql<View>(VIEW, tokens.admin!, { id })).incident) ===
            JSON.stringify(staff)
          const recipients = staff.escalations.flatMap((e) => e.recipients)
          const settled =
            staff.notifications.length > 0 && staff.notifications.every((n) => n.state !== 'QUEUED')
          const delivered =
            staff.timeline.nodes.filter((n) => n.type === 'notification.delivery').length ===
            staff.escalations.length
          return (
            unchanged &&
            settled &&
            delivered &&
            escalated(staff, EXPECTED) &&
            recipients.includes('Sam Okafor <mim@northwind.example>') &&
            recipients.includes('Stratus duty engineer <oncall@stratus.example>')
          )
        },
        { timeout: 60_000, interval: 500 }
      )
      .toBe(true)
    expect(staff!.notifications.map((n) => n.channel)).toContain('email:soc@sentinel.example')
    expect(JSON.stringify(staff!.timeline.nodes)).toContain('mim@northwind.example')
    const seenByVendor = vendor!
    const seen = JSON.stringify(seenByVendor)
    for (const secret of FOREIGN) expect(seen).not.toContain(secret)
    // escalations.recipients: when, step, party and how many are kept; others' contacts are placeholders.
    expect(
      seenByVendor.escalations.map((e) => [e.party.slug, e.step, e.recipients.length])
    ).toEqual(staff!.escalations.map((e) => [e.party.slug, e.step, e.recipients.length]))
    const expected = (r: string) =>
      r.endsWith('@stratus.example>')
        ? r
        : r.endsWith('@northwind.example>')
          ? '[redacted: northwind contact]'
          : '[redacted: sentinel contact]'
    expect(seenByVendor.escalations.map((e) => e.recipients)).toEqual(
      staff!.escalations.map((e) => e.recipients.map(expected))
    )
    expect(
      seenByVendor.escalations.find((e) => e.party.slug === 'sentinel' && e.step === 2)!.recipients
    ).toEqual(['[redacted: sentinel contact]', '[redacted: northwind contact]'])
    // escalations.to: the same recipients structured; whose each is comes from its party, not its text.
    const placeholder = (r: Recipient) => `[redacted: ${r.party} contact]`
    expect(seenByVendor.escalations.map((e) => e.to)).toEqual(
      staff!.escalations.map((e) =>
        e.to!.map((r) =>
          r.party === 'stratus'
            ? r
            : { ...r, contact: placeholder(r), name: placeholder(r), address: null }
        )
      )
    )
    expect(staff!.escalations.map((e) => e.to!.length)).toEqual(
      staff!.escalations.map((e) => e.recipients.length)
    )
    // notifications: its own page in full; the others' as placeholders with the channel's kind.
    expect(seenByVendor.notifications).toHaveLength(staff!.notifications.length)
    expect(seenByVendor.notifications).toContainEqual(
      expect.objectContaining({
        recipient: 'Stratus duty engineer <oncall@stratus.example>',
        channel: 'email:oncall@stratus.example',
      })
    )
    expect(seenByVendor.notifications).toContainEqual(
      expect.objectContaining({
        recipient: '[redacted: sentinel contact]',
        channel: 'email',
        state: staff!.notifications.find((n) => n.recipient.includes('soc@'))!.state,
      })
    )
    // The ledger's escalation and delivery entries, as the timeline shows them.
    const entry = (type: string, pred: (d: Record<string, unknown>) => boolean) =>
      seenByVendor.timeline.nodes
        .filter((n) => n.type === type)
        .map((n) => JSON.parse(n.data) as Record<string, unknown>)
        .find(pred)
    expect(
      entry('escalation.triggered', (d) => d.party === 'sentinel' && d.step === 2)
    ).toMatchObject({
      recipients: ['[redacted: sentinel contact]', '[redacted: northwind contact]'],
    })
    expect(
      entry('escalation.triggered', (d) => d.party === 'stratus' && d.step === 1)
    ).toMatchObject({ recipients: ['Stratus duty engineer <oncall@stratus.example>'] })
    expect(
      entry('notification.delivery', (d) => String(d.escalationKey).startsWith('ladder:sentinel:'))
    ).toMatchObject({ outcomes: [{ recipient: '[redacted: sentinel contact]', channel: 'email' }] })

    // The subscription carried the same facts, equally redacted.
    await expect
      .poll(() => events.received.some((e) => e.includes('[redacted: northwind contact]')), {
        timeout: 30_000,
      })
      .toBe(true)
    await events.stop()
    for (const secret of FOREIGN) expect(events.received.join('\n')).not.toContain(secret)
    expect(events.received.join('\n')).toContain('oncall@stratus.example')
  }, 120_000)
})
