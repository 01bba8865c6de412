import { describe, expect, it } from 'vitest'
import { demoWorldWithStratusResponseIn30Min } from '../testing/demo-scorecard.ts'
import { demoOutageEvents, demoWorld } from '../testing/demo-world.ts'
import { computeSettlement, diffSettlements } from './settlement.ts'

const closedAt = '2026-03-09T13:00:00Z'

describe('settling a closed incident', () => {
  it('fixes the outage breaches, their attribution and the credits per UC', () => {
    const s = computeSettlement({ events: demoOutageEvents, world: demoWorld, closedAt })
    expect(
      s.attribution.breaches.map((b) => `${b.agreement.slug} ${b.metric} -> ${b.attributedTo}`)
    ).toEqual([
      'stratus-hosting RESPONSE -> stratus',
      'containment HANDOFF_ACCEPT -> stratus',
      'handoff-acceptance HANDOFF_ACCEPT -> vistula',
      'checkout-availability RESOLUTION -> vistula',
    ])
    expect(s.credits.map((c) => [c.party, c.agreement.slug, c.total])).toEqual([
      ['stratus', 'stratus-hosting', 2400],
      ['vistula', 'vistula-application', 6400],
    ])
    expect(s.lines.map((l) => l.amount)).toEqual([2400, 4000, 2400])
  })

  it('reports what a new agreement version would have changed, without touching the settlement', () => {
    const before = computeSettlement({ events: demoOutageEvents, world: demoWorld, closedAt })
    const v2 = demoWorldWithStratusResponseIn30Min()
    const after = computeSettlement({ events: demoOutageEvents, world: v2, closedAt })
    const diff = diffSettlements(before, after)
    expect(diff.clocks).toEqual([
      {
        clockId: 'stratus-hosting/RESPONSE/stratus/1',
        before: { state: 'BREACHED', attributedTo: 'stratus' },
        after: { state: 'MET', attributedTo: null },
      },
    ])
    expect(diff.credits).toEqual([
      { party: 'stratus', agreement: 'stratus-hosting', before: 2400, after: 0, delta: -2400 },
    ])
    expect(diff.totalDelta).toBe(-2400)
  })
})
