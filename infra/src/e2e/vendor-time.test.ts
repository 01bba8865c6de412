import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken } from '@baton/db'
import type { VendorAction, VendorSimulator } from '@baton/adapters/simulator'
import type { ServedGateway } from '@baton/gateway'
import { createHarness, type Harness } from '../testing/e2e-harness.ts'
import { postGraphql, startLoopbackStack, type LoopbackStack } from '../testing/loopback-stack.ts'

// Who says when (issue 18), tried as a vendor would: signed webhooks in the vendors' own dialects
// against the real adapters, the real incident workflow and Postgres. Agreements run 150x faster
// (stratus' 15-minute P1 response is 6 s); stratus' world entry allows it 15 minutes of clock skew,
// every other vendor has the default two minutes.
const SCALE = 1 / 150
let h: Harness
let gw: ServedGateway
let stack: LoopbackStack
let sim: VendorSimulator
const tokens: Record<string, string> = {}

type Entry = { seq: number; type: string; at: Date; actor: string; data: Record<string, unknown> }
const ledger = async (incidentId: string): Promise<Entry[]> =>
  (
    await h.t.sql<
      Entry[]
    >`select seq, type, at, actor, data from ledger_entries where incident_id = ${incidentId} order by seq`
  ).map((e) => ({ ...e, at: new Date(e.at) }))
const openedAtOf = async (incidentId: string) =>
  new Date(
    (
      await h.t.sql<
        { opened_at: string }[]
      >`select opened_at from incidents where id = ${incidentId}`
    )[0]!.opened_at
  )
const entry = async (incidentId: string, type: string) =>
  (await ledger(incidentId)).find((e) => e.type === type)
const waitFor = async (incidentId: string, type: string) => {
  await expect
    .poll(async () => (await ledger(incidentId)).map((e) => e.type), {
      timeout: 30_000,
      interval: 100,
    })
    .toContain(type)
  return (await entry(incidentId, type))!
}
const send = (vendor: string, action: VendorAction) => sim.send(vendor, action, { attempts: 1 })
/** The vendor acknowledges `inc` (claiming `at`, if given), the adapters take it (202), and the ledger's entry is returned. */
const acknowledge = async (
  vendor: 'stratus' | 'vistula',
  inc: { id: string; key: string },
  at?: Date
) => {
  const ref = `${vendor === 'stratus' ? 'STR' : 'VIS'}-${inc.key}`
  expect(
    (await send(vendor, { type: 'incident.acknowledged', vendorRef: ref, incidentId: inc.key, at }))
      .status
  ).toBe(202)
  return waitFor(inc.id, 'acknowledged')
}
/** The acknowledgement runs at Baton's receipt time (not before `before`), the claim kept as evidence. */
const expectReceiptTime = (ack: Entry, before: number, claimed: Date) => {
  expect(ack.at.getTime()).toBeGreaterThanOrEqual(before - 5)
  expect(ack.data).toMatchObject({ claimedAt: claimed.toISOString() })
}

const gql = <T = Record<string, unknown>>(
  query: string,
  token: string,
  variables?: Record<string, unknown>
) => postGraphql<T>(gw, query, token, variables)
type ClockRow = { id: string; metric: string; state: string; party: { slug: string } }
const clocksOf = async (incidentId: string) =>
  (
    await gql<{ incident: { clocks: ClockRow[] } }>(
      'query($id: ID!) { incident(id: $id) { clocks { id metric state party { slug } } } }',
      tokens.admin!,
      { id: incidentId }
    )
  ).data!.incident.clocks

beforeAll(async () => {
  h = await createHarness({
    scale: SCALE,
    withoutIntegrations: true,
    isolateKeys: true,
    adjust: (w) => ({
      ...w,
      parties: w.parties.map((p) =>
        p.slug === 'stratus' && p.integration
          ? { ...p, integration: { ...p.integration, clockSkew: 'PT15M' } }
          : p
      ),
    }),
  })
  await h.startWorker()
  tokens.admin = (await createApiToken(h.t.db, { name: 'e2e-time-admin', role: 'ADMIN' })).token
  const [stratus] = await h.t.sql<{ id: string }[]>`select id from parties where slug = 'stratus'`
  tokens.stratus = (
    await createApiToken(h.t.db, { name: 'e2e-time-stratus', role: 'VENDOR', partyId: stratus!.id })
  ).token
  stack = await startLoopbackStack(h)
  ;({ gw, sim } = stack)
}, 120_000)
afterAll(async () => {
  await stack?.close()
  await h?.close()
})

describe("who says when: clocks run on Baton's receipt time", () => {
  it('keeps a RESPONSE breach when the acknowledgement comes after it dated before the deadline, and keeps the claimed time as evidence', async () => {
    const inc = await h.declare({
      clientKey: 'time-backdated-ack',
      title: 'Checkout 502s',
      priority: 'P1',
      holder: 'stratus',
    })
    const openedAt = await openedAtOf(inc.id)
    const breach = await waitFor(inc.id, 'clock.breached')
    expect(breach.data).toMatchObject({ metric: 'RESPONSE', party: 'stratus' })
    // Two seconds after the opening: well inside the 6-second target, and inside stratus' skew of the receipt.
    const claimed = new Date(openedAt.getTime() + 2000)
    const before = Date.now()
    const ack = await acknowledge('stratus', inc, claimed)
    expectReceiptTime(ack, before, claimed)
    expect(Date.parse(ack.data.receivedAt as string)).toBeGreaterThanOrEqual(before - 5)
    await new Promise((r) => setTimeout(r, 300))
    expect(
      (await clocksOf(inc.id))
        .filter((c) => c.metric === 'RESPONSE' && c.party.slug === 'stratus')
        .map((c) => c.state)
    ).toEqual(['BREACHED'])
    expect(
      (await ledger(inc.id)).filter((e) => e.type === 'clock.met' && e.data.metric === 'RESPONSE')
    ).toHaveLength(0)
  }, 60_000)

  it('uses the receipt time for a claim further in the past than the default two-minute skew (Jira)', async () => {
    const opened = new Date(Date.now() - 10 * 60_000).toISOString()
    const inc = await h.declare({
      clientKey: 'time-skew-default',
      title: 'Login loop',
      priority: 'P1',
      holder: 'vistula',
      openedAt: opened,
    })
    const claimed = new Date(Date.now() - 4 * 60_000)
    const before = Date.now()
    const ack = await acknowledge('vistula', inc, claimed)
    expectReceiptTime(ack, before, claimed)
  }, 60_000)

  it("honours the party's own clock skew from the world file: stratus may be 15 minutes out", async () => {
    const opened = new Date(Date.now() - 10 * 60_000).toISOString()
    const inc = await h.declare({
      clientKey: 'time-skew-party',
      title: 'Disk full',
      priority: 'P1',
      holder: 'stratus',
      openedAt: opened,
    })
    await waitFor(inc.id, 'clock.breached')
    const claimed = new Date(Date.now() - 4 * 60_000)
    const ack = await acknowledge('stratus', inc, claimed)
    expect(ack.at.toISOString()).toBe(claimed.toISOString())
    expect(ack.data).toMatchObject({ claimedAt: claimed.toISOString() })
  }, 60_000)

  it("uses the receipt time for a claim earlier than the incident's previous event", async () => {
    const inc = await h.declare({
      clientKey: 'time-before-previous',
      title: 'Slow search',
      priority: 'P3',
      holder: 'stratus',
    })
    expect(
      (
        await send('stratus', {
          type: 'incident.comment',
          vendorRef: `STR-${inc.key}`,
          incidentId: inc.key,
          body: 'looking',
        })
      ).status
    ).toBe(202)
    const comment = await waitFor(inc.id, 'comment')
    await new Promise((r) => setTimeout(r, 1000))
    const claimed = new Date(comment.at.getTime() - 20_000)
    const before = Date.now()
    const ack = await acknowledge('stratus', inc, claimed)
    expectReceiptTime(ack, before, claimed)
  }, 60_000)

  it("refuses a claimed time further in the future than the skew with 422 naming the dialect's time field", async () => {
    const future = await send('stratus', {
      type: 'incident.opened',
      vendorRef: 'STR-FUTURE-1',
      title: 'From the future',
      priority: 'P1',
      at: new Date('2999-01-01T00:00:00Z'),
    })
    expect(future.status).toBe(422)
    expect(future.body).toMatchObject({
      error: {
        code: 'UNPROCESSABLE',
        field: 'occurredAt',
        message: expect.stringContaining("ahead of Baton's receipt time"),
      },
    })
    expect(await h.t.sql`select 1 from bonds where vendor_ref = 'STR-FUTURE-1'`).toHaveLength(0)
    const inc = await h.declare({
      clientKey: 'time-future-jira',
      title: 'Cart empty',
      priority: 'P2',
      holder: 'vistula',
    })
    const jira = await send('vistula', {
      type: 'incident.acknowledged',
      vendorRef: `VIS-${inc.key}`,
      incidentId: inc.key,
      at: new Date(Date.now() + 4 * 60_000),
    })
    expect(jira.status).toBe(422)
    expect(jira.body).toMatchObject({ error: { field: 'timestamp' } })
    const soon = new Date(Date.now() + 4 * 60_000)
    expect(
      await send('bayside', { type: 'incident.acknowledged', vendorRef: 'INC-FUTURE-1', at: soon })
    ).toMatchObject({ status: 422, body: { error: { field: 'sys_updated_on' } } })
    expect(
      await send('sentinel', { type: 'incident.acknowledged', vendorRef: 'SEN-FUTURE-1', at: soon })
    ).toMatchObject({ status: 422, body: { error: { field: 'event.occurred_at' } } })
  }, 60_000)

  it('opens a vendor incident dated 2020 at its receipt time, with its clocks, the claim kept on the opening', async () => {
    const before = Date.now()
    const res = await send('stratus', {
      type: 'incident.opened',
      vendorRef: 'STR-2020-1',
      title: 'Old news',
      priority: 'P1',
      at: new Date('2020-01-01T00:00:00Z'),
    })
    expect(res.status).toBe(202)
    const [bond] = await h.t.sql<
      { incident_id: string }[]
    >`select incident_id from bonds where vendor_ref = 'STR-2020-1'`
    const openedAt = await openedAtOf(bond!.incident_id)
    expect(openedAt.getTime()).toBeGreaterThanOrEqual(before - 1000)
    const opened = await waitFor(bond!.incident_id, 'opened')
    expect(opened.at.getTime()).toBe(openedAt.getTime())
    expect(opened.data).toMatchObject({ claimedAt: '2020-01-01T00:00:00.000Z' })
    await expect
      .poll(
        async () => (await clocksOf(bond!.incident_id)).map((c) => `${c.metric}/${c.party.slug}`),
        { timeout: 15_000 }
      )
      .toContain('RESPONSE/stratus')
  }, 60_000)

  it("runs a vendor's event on a simulated incident clock at the incident's now, the wall-clock claim kept as evidence", async () => {
    const origin = '2026-03-06T20:00:00.000Z'
    const inc = await h.declare({
      clientKey: 'time-simulated',
      title: 'Demo outage',
      priority: 'P3',
      holder: 'stratus',
      openedAt: origin,
      clock: { origin, speed: 60, advancedMs: 0 },
    })
    const claimed = new Date()
    const ack = await acknowledge('stratus', inc, claimed)
    // seconds of real time at 60x: minutes after the scenario origin, nowhere near the wall clock
    expect(ack.at.getTime() - Date.parse(origin)).toBeGreaterThanOrEqual(0)
    expect(ack.at.getTime() - Date.parse(origin)).toBeLessThan(60 * 60_000)
    expect(ack.data).toMatchObject({
      claimedAt: claimed.toISOString(),
      receivedAt: ack.at.toISOString(),
    })
  }, 60_000)
})

describe('staff correct an event time: correctEventTime', () => {
  const CORRECT =
    'mutation($id: ID!, $seq: Int!, $at: DateTime!, $r: String!) { correctEventTime(incidentId: $id, seq: $seq, at: $at, reason: $r) { seq type at actor data } }'
  type Corrected = {
    correctEventTime: { seq: number; type: string; at: string; actor: string; data: string }
  }
  const stratusResponse = async (incidentId: string) =>
    (await clocksOf(incidentId)).filter(
      (c) => c.metric === 'RESPONSE' && c.party.slug === 'stratus'
    )

  it('records who, why, the old and new time as its own ledger entry, recomputes the clock, shows in the timeline and the dispute; a VENDOR token cannot call it', async () => {
    const inc = await h.declare({
      clientKey: 'time-correction',
      title: 'Payments timing out',
      priority: 'P1',
      holder: 'stratus',
    })
    const openedAt = await openedAtOf(inc.id)
    const ack = await acknowledge('stratus', inc)
    await expect
      .poll(async () => (await stratusResponse(inc.id)).map((c) => c.state), { timeout: 10_000 })
      .toEqual(['MET'])
    // The acknowledgement really came 8 s after the opening (past the 6-second target): staff say so.
    const at = new Date(openedAt.getTime() + 8000)
    await new Promise((r) => setTimeout(r, Math.max(0, at.getTime() + 500 - Date.now())))
    const vars = {
      id: inc.id,
      seq: ack.seq,
      at: at.toISOString(),
      r: 'ack was sent from a host whose clock ran 8 s fast (vendor ticket STR-1)',
    }

    const entriesBefore = (await ledger(inc.id)).length
    const vendor = await gql<Corrected>(CORRECT, tokens.stratus!, vars)
    expect(vendor.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    expect((await ledger(inc.id)).length).toBe(entriesBefore)

    const reorder = await gql<Corrected>(CORRECT, tokens.admin!, {
      ...vars,
      at: new Date(openedAt.getTime() - 60_000).toISOString(),
    })
    expect(reorder.errors?.[0]).toMatchObject({
      message: expect.stringContaining('may not reorder custody'),
      extensions: { code: 'BAD_USER_INPUT' },
    })
    const mark = (await ledger(inc.id)).find((e) => e.type === 'clock.met')!
    expect(
      (await gql<Corrected>(CORRECT, tokens.admin!, { ...vars, seq: mark.seq })).errors?.[0]
        ?.extensions?.code
    ).toBe('BAD_USER_INPUT')

    const done = await gql<Corrected>(CORRECT, tokens.admin!, vars)
    expect(done.errors).toBeUndefined()
    const entry = done.data!.correctEventTime
    expect(entry).toMatchObject({
      type: 'event_time_corrected',
      actor: expect.stringContaining('token:e2e-time-admin'),
    })
    expect(JSON.parse(entry.data)).toMatchObject({
      seq: ack.seq,
      eventType: 'acknowledged',
      oldAt: ack.at.toISOString(),
      newAt: at.toISOString(),
      reason: vars.r,
      clocks: expect.arrayContaining([
        expect.objectContaining({
          metric: 'RESPONSE',
          party: 'stratus',
          before: expect.objectContaining({ state: 'MET' }),
          after: expect.objectContaining({ state: 'BREACHED' }),
        }),
      ]),
    })
    expect((await stratusResponse(inc.id)).map((c) => c.state)).toEqual(['BREACHED'])
    await waitFor(inc.id, 'clock.breached')
    // The opening can be corrected too (within its neighbours); the incident's opening time follows.
    const reopened = new Date(openedAt.getTime() + 1000)
    const second = await gql<Corrected>(CORRECT, tokens.admin!, {
      ...vars,
      seq: 1,
      at: reopened.toISOString(),
      r: 'declared a second late on the bridge call',
    })
    expect(second.errors).toBeUndefined()
    expect((await openedAtOf(inc.id)).toISOString()).toBe(reopened.toISOString())
    expect((await stratusResponse(inc.id)).map((c) => c.state)).toEqual(['BREACHED'])
    const timeline = await gql<{
      incident: { timeline: { nodes: { seq: number; type: string }[] } }
    }>(
      'query($id: ID!) { incident(id: $id) { timeline(first: 100) { nodes { seq type } } } }',
      tokens.admin!,
      { id: inc.id }
    )
    expect(timeline.data!.incident.timeline.nodes).toContainEqual({
      seq: entry.seq,
      type: 'event_time_corrected',
    })

    // Settled with the corrected time: the breach is stratus', and its dispute shows the correction.
    expect(
      (
        await gql(
          `mutation($id: ID!) { resolveIncident(input: { incidentId: $id, resolution: "restarted the pool" }) { status } }`,
          tokens.admin!,
          { id: inc.id }
        )
      ).errors
    ).toBeUndefined()
    expect(
      (
        await gql(
          `mutation($id: ID!) { closeIncident(incidentId: $id) { status } }`,
          tokens.admin!,
          { id: inc.id }
        )
      ).errors
    ).toBeUndefined()
    const clockId = JSON.parse(entry.data).clocks.find(
      (c: { metric: string }) => c.metric === 'RESPONSE'
    ).clockId as string
    await expect
      .poll(
        async () =>
          (
            await h.t
              .sql`select 1 from incident_attributions where incident_id = ${inc.id} and clock_id = ${clockId}`
          ).length,
        { timeout: 30_000, interval: 200 }
      )
      .toBe(1)
    const opened = await gql<{
      openDispute: { id: string; timeCorrections: { seq: number; type: string }[] }
    }>(
      'mutation($id: ID!, $c: String!) { openDispute(incidentId: $id, clockId: $c, evidence: "the ack was on time by our clock") { id timeCorrections { seq type } } }',
      tokens.stratus!,
      { id: inc.id, c: clockId }
    )
    expect(opened.errors).toBeUndefined()
    // both corrections moved the RESPONSE clock (the second its start and deadline by a second)
    expect(opened.data!.openDispute.timeCorrections).toEqual([
      { seq: entry.seq, type: 'event_time_corrected' },
      { seq: second.data!.correctEventTime.seq, type: 'event_time_corrected' },
    ])
  }, 90_000)
})
