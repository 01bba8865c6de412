import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computeIncidentView, type IncidentEvent } from '@baton/domain'
import { loadPinnedWorld } from '@baton/db'
import { commandUpdate, snapshotQuery, type IncidentCommand } from '@baton/temporal'
import { createHarness, type Harness } from '../testing/e2e-harness.ts'
import { saveHistoryIfAsked } from '../testing/save-history.ts'

// The SCENARIO.md outage with one scenario minute played as MINUTE ms: every target and ladder
// duration of the demo world is scaled by the same factor, so the P1 chain (all 24x7 or
// wall-clock) keeps its proportions.
const MINUTE = 100
let h: Harness
beforeAll(async () => {
  h = await createHarness({ scale: MINUTE / 60_000, withoutIntegrations: true })
  await h.startWorker()
})
afterAll(() => h?.close())

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())))
type Cmd = IncidentCommand extends infer C ? (C extends { at: string } ? Omit<C, 'at'> : never) : never

describe('the SCENARIO.md outage played through the incident workflow', () => {
  it('ends with the custody, breaches, attributions and escalations the domain expects', async () => {
    const p1 = await h.declare({ clientKey: 'outage-p1', title: 'Credential stuffing against checkout', priority: 'P1', holder: 'sentinel', service: 'online-checkout' })
    const start = Date.now()
    const at = (minute: number) => sleepUntil(start + minute * MINUTE)
    const send = async (handle: typeof p1.handle, c: Cmd) => handle.executeUpdate(commandUpdate, { args: [{ ...c, at: new Date().toISOString() } as IncidentCommand] })

    await at(4); await send(p1.handle, { type: 'acknowledged', party: 'sentinel' })
    await at(20); const containment = await send(p1.handle, { type: 'handoff_offered', handoffId: '', from: 'sentinel', to: 'stratus', reason: 'block ranges at the WAF, isolate two hosts' })
    await at(30); const p2 = await h.declare({ clientKey: 'outage-p2', title: 'Store staff cannot log in', priority: 'P2', holder: 'bayside', parentKey: p1.key })
    await at(41); await send(p1.handle, { type: 'handoff_accepted', handoffId: containment.handoffId!, party: 'stratus' })
    await at(50); await send(p2.handle, { type: 'acknowledged', party: 'bayside' })
    await at(90); const defect = await send(p1.handle, { type: 'handoff_offered', handoffId: '', from: 'stratus', to: 'vistula', reason: 'checkout defect allows account enumeration' })
    await at(115); await send(p1.handle, { type: 'handoff_rejected', handoffId: defect.handoffId!, party: 'vistula', reason: 'WAF misconfiguration, not an application defect' })
    await at(125); const again = await send(p1.handle, { type: 'handoff_offered', handoffId: '', from: 'stratus', to: 'vistula', reason: 'evidence: enumeration via /api/login', reasonCode: 'NEW_EVIDENCE' })
    await at(132); await send(p1.handle, { type: 'handoff_accepted', handoffId: again.handoffId!, party: 'vistula' })
    await at(250)
    await at(570); const back = await send(p1.handle, { type: 'handoff_offered', handoffId: '', from: 'vistula', to: 'stratus', reason: 'fix shipped; lift the emergency WAF rules' })
    await at(578); await send(p1.handle, { type: 'handoff_accepted', handoffId: back.handoffId!, party: 'stratus' })
    await at(600)
    // The parent cannot resolve while its linked child is open.
    await expect(send(p1.handle, { type: 'resolved', party: 'stratus', resolution: 'WAF rules lifted' })).rejects.toMatchObject({ cause: { type: 'BatonConflict', message: expect.stringContaining(p2.key) } })
    await send(p2.handle, { type: 'resolved', party: 'bayside', resolution: 'staff passwords reset' })
    await expect.poll(async () => (await p1.handle.query(snapshotQuery)).children, { timeout: 5000 }).toEqual([{ key: p2.key, status: 'RESOLVED' }])
    await at(610); await send(p1.handle, { type: 'resolved', party: 'stratus', resolution: 'WAF rules lifted, fix deployed' })
    await send(p1.handle, { type: 'closed', party: 'northwind' })
    await p1.handle.result()
    await saveHistoryIfAsked(p1.handle, 'outage-p1')
    await saveHistoryIfAsked(p2.handle, 'outage-p2-child')

    const ledger = await h.t.sql`select seq, type, data from ledger_entries where incident_id = ${p1.id} order by seq`
    const breaches = ledger.filter((e) => e.type === 'clock.breached').map((e) => `${e.data.agreement}/${e.data.metric}/${e.data.party} -> ${e.data.attributedTo}`)
    expect(breaches).toEqual(expect.arrayContaining([
      'containment@1/HANDOFF_ACCEPT/stratus -> stratus',
      'handoff-acceptance@1/HANDOFF_ACCEPT/vistula -> vistula',
      'checkout-availability@1/RESOLUTION/northwind -> vistula',
    ]))
    expect(ledger.map((e) => e.seq)).toEqual(ledger.map((_, i) => i + 1))

    // The workflow's final view is exactly what the domain derives from the recorded events.
    const [row] = await h.t.sql`select status, state from incidents where id = ${p1.id}`
    expect(row!.status).toBe('CLOSED')
    const events = row!.state.events as IncidentEvent[]
    const world = await loadPinnedWorld(h.t.db, events[0]!.at)
    const expected = computeIncidentView({ events, world, options: { pingPong: world.pingPong } }, new Date(events.at(-1)!.at))
    expect(row!.state.segments).toEqual(expected.custody.segments)
    expect(row!.state.segments.map((s: { party: string }) => s.party)).toEqual(['sentinel', 'stratus', 'vistula', 'stratus'])
    expect(new Set(row!.state.clocks.filter((c: { state: string }) => c.state === 'BREACHED').map((c: { id: string }) => c.id))).toEqual(new Set(expected.clocks.filter((c) => c.state === 'BREACHED').map((c) => c.id)))

    const escalations = await h.t.sql`select reason, p.slug as party, d.slug as desk from escalations e join parties p on p.id = e.party_id left join desks d on d.id = e.desk_id where incident_id = ${p1.id} order by e.at`
    expect(escalations.filter((e) => e.reason.startsWith('ping-pong')).map((e) => `${e.party}/${e.desk}`)).toEqual(['northwind/major-incident-manager'])
    // Who was paged, at which step, in which order (ledger order = firing order).
    const fired = ledger.filter((e) => e.type === 'escalation.triggered').map((e) => `${e.data.key ?? ''}|${e.data.recipients.join('+')}`)
    expect(fired.map((f) => f.split('|')[0])).toEqual([
      'ladder:sentinel:1:1:0', // declaration: Sentinel's on-call
      'ladder:stratus:1:1:0', // containment offer: Stratus on-call
      'ladder:stratus:1:2:0', // still unaccepted at 15:35: Stratus duty manager + Northwind MIM
      'ladder:vistula:1:1:0', // 16:30 offer: Vistula on-call
      'ladder:vistula:1:2:0', // 16:45 unaccepted: Vistula duty manager
      `pingpong:${again.handoffId}`, // 17:05 second offer after a rejection: Northwind MIM
      'ladder:vistula:2:1:0', // 17:05 offer: Vistula on-call
      'ladder:stratus:2:1:0', // 00:30 hand-back: Stratus on-call
    ])
    expect(fired[4]).toContain('Duty manager <duty@vistula.example>')
    expect(fired[2]).toContain('Sam Okafor <mim@northwind.example>')
  }, 180_000)
})
