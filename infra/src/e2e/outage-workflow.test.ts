import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computeIncidentView, type IncidentEvent } from '@baton/domain'
import { loadPinnedWorld } from '@baton/db'
import { snapshotQuery } from '@baton/temporal'
import { createHarness, type Harness } from '../testing/e2e-harness.ts'
import { saveHistoryIfAsked } from '../testing/save-history.ts'
import { advance, commandAt, NY, outageP1, outageP2, type Cmd } from '../testing/scenario-clock.ts'

// The docs/scenario.md outage with the real demo-world agreements, on simulated incident clocks that
// the test moves from one scenario instant to the next (advanceClock): deterministic however
// slow the machine, and every fact lands at its exact scenario instant.
let h: Harness
beforeAll(async () => {
  h = await createHarness({ scale: 1, withoutIntegrations: true })
  await h.startWorker()
})
afterAll(() => h?.close())

describe('the docs/scenario.md outage played through the incident workflow', () => {
  it('ends with the custody, breaches, attributions and escalations the domain expects', async () => {
    const p1 = await h.declare(outageP1('outage-p1'))
    const at = (iso: string, inc = p1) => advance(inc, iso)
    const send = (iso: string, c: Cmd, inc = p1) => commandAt(inc, iso, c)

    await send(NY('15:04'), { type: 'acknowledged', party: 'sentinel' })
    const containment = await send(NY('15:20'), {
      type: 'handoff_offered',
      handoffId: '',
      from: 'sentinel',
      to: 'stratus',
      reason: 'block ranges at the WAF, isolate two hosts',
    })
    await at(NY('15:30'))
    const p2 = await h.declare(outageP2('outage-p2', p1.key))
    await send(NY('15:41'), {
      type: 'handoff_accepted',
      handoffId: containment.handoffId!,
      party: 'stratus',
    })
    await send(NY('15:50'), { type: 'acknowledged', party: 'bayside' }, p2)
    const defect = await send(NY('16:30'), {
      type: 'handoff_offered',
      handoffId: '',
      from: 'stratus',
      to: 'vistula',
      reason: 'checkout defect allows account enumeration',
    })
    await at(NY('16:45'))
    await send(NY('16:55'), {
      type: 'handoff_rejected',
      handoffId: defect.handoffId!,
      party: 'vistula',
      reason: 'WAF misconfiguration, not an application defect',
    })
    const again = await send(NY('17:05'), {
      type: 'handoff_offered',
      handoffId: '',
      from: 'stratus',
      to: 'vistula',
      reason: 'evidence: enumeration via /api/login',
      reasonCode: 'NEW_EVIDENCE',
    })
    await send(NY('17:12'), {
      type: 'handoff_accepted',
      handoffId: again.handoffId!,
      party: 'vistula',
    })
    await at(NY('19:00'))
    const back = await send(NY('00:30', '2026-03-07'), {
      type: 'handoff_offered',
      handoffId: '',
      from: 'vistula',
      to: 'stratus',
      reason: 'fix shipped; lift the emergency WAF rules',
    })
    await send(NY('00:38', '2026-03-07'), {
      type: 'handoff_accepted',
      handoffId: back.handoffId!,
      party: 'stratus',
    })
    // The parent cannot resolve while its linked child is open.
    await at(NY('01:10', '2026-03-07'))
    await expect(
      send(NY('01:10', '2026-03-07'), {
        type: 'resolved',
        party: 'stratus',
        resolution: 'WAF rules lifted',
      })
    ).rejects.toMatchObject({
      cause: { type: 'BatonConflict', message: expect.stringContaining(p2.key) },
    })
    await send(
      NY('01:00', '2026-03-07'),
      { type: 'resolved', party: 'bayside', resolution: 'staff passwords reset' },
      p2
    )
    await expect
      .poll(async () => (await p1.handle.query(snapshotQuery)).children, { timeout: 10_000 })
      .toEqual([{ key: p2.key, status: 'RESOLVED' }])
    await send(NY('01:10', '2026-03-07'), {
      type: 'resolved',
      party: 'stratus',
      resolution: 'WAF rules lifted, fix deployed',
    })
    await send('2026-03-09T13:00:00.000Z', { type: 'closed', party: 'northwind' })
    await send('2026-03-09T13:05:00.000Z', { type: 'closed', party: 'northwind' }, p2)
    // (The workflow itself completes once its pages are delivered; the facts are final now.)
    await expect
      .poll(
        async () => (await h.t.sql`select status from incidents where id = ${p1.id}`)[0]!.status,
        { timeout: 60_000 }
      )
      .toBe('CLOSED')
    await saveHistoryIfAsked(p1.handle, 'outage-p1')
    await saveHistoryIfAsked(p2.handle, 'outage-p2-child')

    const ledger = await h.t
      .sql`select seq, type, at, data from ledger_entries where incident_id = ${p1.id} order by seq`
    expect(ledger.map((e) => e.seq)).toEqual(ledger.map((_, i) => i + 1))
    const breaches = ledger
      .filter((e) => e.type === 'clock.breached')
      .map(
        (e) =>
          `${new Date(e.at).toISOString().slice(11, 16)} ${e.data.agreement}/${e.data.metric}/${e.data.party} -> ${e.data.attributedTo}`
      )
    expect(breaches).toEqual([
      '20:35 stratus-hosting@1/RESPONSE/stratus -> stratus',
      '20:35 containment@1/HANDOFF_ACCEPT/stratus -> stratus',
      '21:45 handoff-acceptance@1/HANDOFF_ACCEPT/vistula -> vistula',
      '00:00 checkout-availability@1/RESOLUTION/northwind -> vistula',
    ])

    // The workflow's final view is exactly what the domain derives from the recorded events.
    const [row] = await h.t.sql`select status, state from incidents where id = ${p1.id}`
    expect(row!.status).toBe('CLOSED')
    const events = row!.state.events as IncidentEvent[]
    const world = await loadPinnedWorld(h.t.db, events[0]!.at)
    const expected = computeIncidentView(
      { events, world, options: { pingPong: world.pingPong } },
      new Date(events.at(-1)!.at)
    )
    expect(row!.state.segments).toEqual(expected.custody.segments)
    expect(row!.state.segments.map((s: { party: string }) => s.party)).toEqual([
      'sentinel',
      'stratus',
      'vistula',
      'stratus',
    ])
    expect(row!.state.clocks).toEqual(expected.clocks)

    // Who was paged, at which step, in which order (ledger order = firing order).
    const fired = ledger
      .filter((e) => e.type === 'escalation.triggered')
      .map(
        (e) =>
          `${new Date(e.at).toISOString().slice(11, 16)} ${e.data.key} ${e.data.recipients.join(' + ')}`
      )
    expect(fired).toEqual([
      '20:00 ladder:sentinel:1:1:0 SOC shift lead <soc@sentinel.example>',
      '20:20 ladder:stratus:1:1:0 Stratus duty engineer <oncall@stratus.example>',
      '20:35 ladder:stratus:1:2:0 Stratus duty engineer <oncall@stratus.example> + Sam Okafor <mim@northwind.example>',
      '21:30 ladder:vistula:1:1:0 On-call engineer <oncall@vistula.example>',
      '21:45 ladder:vistula:1:2:0 Duty manager <duty@vistula.example>',
      `22:05 pingpong:${again.handoffId} Sam Okafor <mim@northwind.example>`,
      '22:05 ladder:vistula:2:1:0 On-call engineer <oncall@vistula.example>',
      '05:30 ladder:stratus:2:1:0 Stratus duty engineer <oncall@stratus.example>',
    ])
    // Settled on close: the credits Stratus and Vistula owe under their UCs (docs/scenario.md).
    await expect
      .poll(
        async () =>
          (
            await h.t
              .sql`select party, sum(amount)::float as owed from credit_lines where incident_id = ${p1.id} group by party order by party`
          ).map((r) => `${r.party} ${r.owed}`),
        { timeout: 30_000 }
      )
      .toEqual(['stratus 2400', 'vistula 6400'])
    // Delivery states land in the ledger once each escalation's pages settle.
    await expect
      .poll(
        async () =>
          (
            await h.t
              .sql`select count(*)::int as n from ledger_entries where incident_id = ${p1.id} and type = 'notification.delivery'`
          )[0]!.n,
        { timeout: 90_000 }
      )
      .toBe(fired.length)
    const delivery = await h.t
      .sql`select data from ledger_entries where incident_id = ${p1.id} and type = 'notification.delivery' order by seq limit 1`
    expect(delivery[0]!.data.outcomes[0]).toMatchObject({ state: 'SENT', attempts: 1 })
    // Every page reached the local mailbox (one message per recipient).
    await expect.poll(() => h.mailbox.received(), { timeout: 90_000 }).toBeGreaterThanOrEqual(10)
  }, 240_000)
})
