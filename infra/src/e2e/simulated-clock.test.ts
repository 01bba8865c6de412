import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { advanceClockUpdate, commandUpdate, type IncidentCommand } from '@baton/temporal'
import { createHarness, type Harness } from '../testing/e2e-harness.ts'

let h: Harness
beforeAll(async () => {
  h = await createHarness({ scale: 1, withoutIntegrations: true })
  await h.startWorker()
})
afterAll(() => h?.close())

describe('a simulated incident clock', () => {
  it('runs the real agreements at 900x from a past origin, expires the 15-minute OLA in about a second, and can jump a weekend', async () => {
    const origin = '2026-03-06T21:30:00.000Z'
    const realStart = Date.now()
    const inc = await h.declare({
      clientKey: 'sim-1',
      title: 'demo',
      priority: 'P1',
      holder: 'stratus',
      openedAt: origin,
      clock: { origin, speed: 900, advancedMs: 0 },
    })
    const send = (c: Record<string, unknown>) =>
      inc.handle.executeUpdate(commandUpdate, {
        args: [{ ...c, at: '2099-01-01T00:00:00.000Z' } as IncidentCommand],
      })
    await send({ type: 'acknowledged', party: 'stratus' })
    const realAcked = Date.now()
    await send({
      type: 'handoff_offered',
      handoffId: '',
      from: 'stratus',
      to: 'vistula',
      reason: 'defect',
    })
    await expect
      .poll(
        async () =>
          (
            await h.t
              .sql`select at from ledger_entries where incident_id = ${inc.id} and type = 'handoff_expired'`
          ).length,
        { timeout: 10_000, interval: 100 }
      )
      .toBe(1)
    const rows = await h.t
      .sql`select type, at from ledger_entries where incident_id = ${inc.id} order by seq`
    const at = (type: string) => new Date(rows.find((r) => r.type === type)!.at).getTime()
    // Commands claiming the future take the incident's (simulated) now: no later than the origin
    // plus 900x the real time that passed (a loaded machine makes that more than a second).
    const simulatedAck = at('acknowledged') - Date.parse(origin)
    expect(simulatedAck).toBeGreaterThanOrEqual(0)
    expect(simulatedAck).toBeLessThanOrEqual((realAcked - realStart) * 900 + 1000)
    expect(at('handoff_expired') - at('handoff_offered')).toBe(15 * 60_000)
    const jumped = await inc.handle.executeUpdate(advanceClockUpdate, {
      args: [{ to: '2026-03-09T13:00:00.000Z' }],
    })
    expect(Date.parse(jumped.now)).toBeGreaterThanOrEqual(Date.parse('2026-03-09T13:00:00.000Z'))
    await expect(
      inc.handle.executeUpdate(advanceClockUpdate, { args: [{ to: '2026-03-01T00:00:00.000Z' }] })
    ).rejects.toMatchObject({ cause: { type: 'BatonBadInput' } })
  }, 60_000)

  it('refuses to advance a real incident clock', async () => {
    const inc = await h.declare({
      clientKey: 'real-1',
      title: 'real',
      priority: 'P2',
      holder: 'stratus',
    })
    await expect(
      inc.handle.executeUpdate(advanceClockUpdate, { args: [{ to: '2099-01-01T00:00:00.000Z' }] })
    ).rejects.toMatchObject({ cause: { type: 'BatonBadInput' } })
  })
})
