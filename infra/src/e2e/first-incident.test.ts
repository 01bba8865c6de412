import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pino } from 'pino'
import { createApiToken } from '@baton/db'
import { createGatewayApp, serveGateway, type ServedGateway } from '@baton/gateway'
import { createHarness, partyIds, type Harness } from '../testing/e2e-harness.ts'
import { postGraphql } from '../testing/loopback-stack.ts'

// The console path end to end on loopback: bearer token -> GraphQL -> Temporal update -> ledger
// and projection -> GraphQL read, with an in-process incident worker on a unique task queue.
let h: Harness
let gw: ServedGateway
const tokens: Record<string, string> = {}
let ids: Record<string, string> = {}

const gql = <T = Record<string, unknown>>(
  query: string,
  token: string | null,
  variables?: Record<string, unknown>
) => postGraphql<T>(gw, query, token, variables)

beforeAll(async () => {
  h = await createHarness({ scale: 1, withoutIntegrations: true })
  await h.startWorker()
  ids = await partyIds(h)
  tokens.admin = (await createApiToken(h.t.db, { name: 'e2e-admin', role: 'ADMIN' })).token
  tokens.viewer = (await createApiToken(h.t.db, { name: 'e2e-viewer', role: 'VIEWER' })).token
  for (const v of ['sentinel', 'stratus', 'vistula'])
    tokens[v] = (
      await createApiToken(h.t.db, { name: `e2e-${v}`, role: 'VENDOR', partyId: ids[v]! })
    ).token
  const app = createGatewayApp({
    db: h.t,
    temporal: h.client,
    taskQueue: h.taskQueue,
    logger: pino({ level: 'silent' }),
    publicUrl: 'http://127.0.0.1',
  })
  gw = await serveGateway(app, { port: 0 })
})
afterAll(async () => {
  await gw?.close()
  await h?.close()
})

const DECLARE = `mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id key status priority holder { slug } openedAt } }`
const INCIDENT = `query($id: ID!) { incident(id: $id) { key status holder { slug } acknowledgedAt
  custody { party { slug } state from to } handoffs { from { slug } to { slug } state } bonds { party { slug } }
  timeline { nodes { seq type actor } } } }`

describe('the first incident through the gateway', () => {
  let incidentId = ''

  it('declares an incident with a bearer token, which starts its workflow; declaring again returns the same incident', async () => {
    const input = {
      clientKey: 'e2e-first',
      title: 'Credential stuffing against checkout',
      priority: 'P1',
      holderPartyId: ids.sentinel,
    }
    const r = await gql<{
      declareIncident: { id: string; key: string; status: string; holder: { slug: string } }
    }>(DECLARE, tokens.admin!, { input })
    expect(r.errors).toBeUndefined()
    expect(r.data!.declareIncident).toMatchObject({
      status: 'OPEN',
      priority: 'P1',
      holder: { slug: 'sentinel' },
    })
    incidentId = r.data!.declareIncident.id
    const again = await gql<{ declareIncident: { id: string } }>(DECLARE, tokens.admin!, { input })
    expect(again.data!.declareIncident.id).toBe(incidentId)
    const desc = await h.client.workflow
      .getHandle(`incident/${r.data!.declareIncident.key}`)
      .describe()
    expect(desc.status.name).toBe('RUNNING')
  })

  it('lets the holder vendor acknowledge; incident(id) then answers ACKNOWLEDGED with both events on its timeline', async () => {
    const ack = await gql<{ acknowledgeIncident: { status: string } }>(
      'mutation($id: ID!) { acknowledgeIncident(incidentId: $id) { status } }',
      tokens.sentinel!,
      { id: incidentId }
    )
    expect(ack.errors).toBeUndefined()
    expect(ack.data!.acknowledgeIncident.status).toBe('ACKNOWLEDGED')
    const r = await gql<{
      incident: {
        status: string
        timeline: { nodes: { seq: number; type: string; actor: string }[] }
      }
    }>(INCIDENT, tokens.viewer!, { id: incidentId })
    expect(r.data!.incident.status).toBe('ACKNOWLEDGED')
    // The ledger also records derived facts (clock events, notifications); the two incident events come first.
    const events = r.data!.incident.timeline.nodes.filter((n) =>
      ['opened', 'acknowledged'].includes(n.type)
    )
    expect(events.map((n) => n.type)).toEqual(['opened', 'acknowledged'])
    expect(events[1]!.actor).toBe('sentinel/token:e2e-sentinel')
  })

  it('answers CONFLICT when the workflow refuses a command (a second acknowledgement)', async () => {
    const r = await gql(
      'mutation($id: ID!) { acknowledgeIncident(incidentId: $id) { status } }',
      tokens.admin!,
      { id: incidentId }
    )
    expect(r.errors?.[0]?.extensions?.code).toBe('CONFLICT')
  })

  it('answers UNAUTHENTICATED without a token', async () => {
    const r = await gql(INCIDENT, null, { id: incidentId })
    expect(r.status).toBe(401)
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')
    expect(r.data).toBeUndefined()
  })

  it('answers NOT_FOUND (never data) to a vendor reaching for another vendor’s incident', async () => {
    const read = await gql<{ incident: unknown }>(INCIDENT, tokens.vistula!, { id: incidentId })
    expect(read.data!.incident).toBeNull()
    const act = await gql(
      'mutation($id: ID!) { addComment(incidentId: $id, body: "hello") { seq } }',
      tokens.vistula!,
      { id: incidentId }
    )
    expect(act.errors?.[0]?.extensions?.code).toBe('NOT_FOUND')
    expect(act.data ?? null).toBeNull()
  })

  it('moves the baton by an offered and accepted hand-off, then resolves and closes', async () => {
    const offer = await gql<{ offerHandoff: { id: string; state: string; to: { slug: string } } }>(
      'mutation($i: OfferHandoffInput!) { offerHandoff(input: $i) { id state to { slug } } }',
      tokens.sentinel!,
      { i: { incidentId, toPartyId: ids.stratus, reason: 'block ranges at the WAF' } }
    )
    expect(offer.errors).toBeUndefined()
    expect(offer.data!.offerHandoff).toMatchObject({ state: 'OFFERED', to: { slug: 'stratus' } })
    const accept = await gql<{ respondToHandoff: { state: string } }>(
      'mutation($i: RespondToHandoffInput!) { respondToHandoff(input: $i) { state } }',
      tokens.stratus!,
      { i: { handoffId: offer.data!.offerHandoff.id, accept: true } }
    )
    expect(accept.errors).toBeUndefined()
    expect(accept.data!.respondToHandoff.state).toBe('ACCEPTED')
    const comment = await gql<{ addComment: { seq: number; type: string } }>(
      'mutation($id: ID!) { addComment(incidentId: $id, body: "WAF rules applied") { seq type } }',
      tokens.stratus!,
      { id: incidentId }
    )
    expect(comment.data!.addComment.type).toBe('comment')
    const resolved = await gql<{ resolveIncident: { status: string } }>(
      'mutation($i: ResolveIncidentInput!) { resolveIncident(input: $i) { status } }',
      tokens.admin!,
      { i: { incidentId, resolution: 'ranges blocked' } }
    )
    expect(resolved.data!.resolveIncident.status).toBe('RESOLVED')
    const viewerClose = await gql(
      'mutation($id: ID!) { closeIncident(incidentId: $id) { status } }',
      tokens.viewer!,
      { id: incidentId }
    )
    expect(viewerClose.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    const closed = await gql<{ closeIncident: { status: string } }>(
      'mutation($id: ID!) { closeIncident(incidentId: $id) { status } }',
      tokens.admin!,
      { id: incidentId }
    )
    expect(closed.data!.closeIncident.status).toBe('CLOSED')
    const r = await gql<{
      incident: {
        holder: { slug: string }
        custody: { party: { slug: string }; to: string | null }[]
        handoffs: unknown[]
        bonds: { party: { slug: string } }[]
      }
    }>(INCIDENT, tokens.admin!, { id: incidentId })
    expect(r.data!.incident.holder.slug).toBe('stratus')
    expect(r.data!.incident.custody.map((s) => s.party.slug)).toEqual(['sentinel', 'stratus'])
    expect(r.data!.incident.handoffs).toEqual([
      { from: { slug: 'sentinel' }, to: { slug: 'stratus' }, state: 'ACCEPTED' },
    ])
    expect(r.data!.incident.bonds.map((b) => b.party.slug).sort()).toEqual(['sentinel', 'stratus'])
    const verify = await gql<{ verifyLedger: { ok: boolean } }>(
      'query($id: ID!) { verifyLedger(incidentId: $id) { ok entriesChecked } }',
      tokens.stratus!,
      { id: incidentId }
    )
    expect(verify.data!.verifyLedger.ok).toBe(true)
  })
})
