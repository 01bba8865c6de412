import { describe, expect, it } from 'vitest'
import { demoWorld } from '../testing/demo-world.ts'
import { applicableTargets, handoffTargetFor } from './agreements-in-force.ts'
import { formatIsoDuration, parseIsoDuration } from './iso-duration.ts'

describe('ISO durations', () => {
  it.each([
    ['PT15M', 900_000],
    ['PT4H', 14_400_000],
    ['P1D', 86_400_000],
    ['P1DT1H30M', 91_800_000],
    ['PT0.5S', 500],
    ['P1W', 604_800_000],
  ])('%s is %i ms', (iso, ms) => {
    expect(parseIsoDuration(iso)).toBe(ms)
  })
  it('rejects malformed durations naming the field', () => {
    expect(() => parseIsoDuration('15 minutes', 'targets[0].duration')).toThrow(
      /targets\[0\]\.duration/
    )
    expect(() => parseIsoDuration('P')).toThrow(RangeError)
    expect(() => parseIsoDuration('PT')).toThrow(RangeError)
  })
  it('formats back to the shortest form', () => {
    expect([0, 900_000, 5_400_000, 36_600_000, 1_500].map(formatIsoDuration)).toEqual([
      'PT0S',
      'PT15M',
      'PT1H30M',
      'PT10H10M',
      'PT1.5S',
    ])
  })
})

describe('agreements in force', () => {
  const at = new Date('2026-03-06T20:00:00Z')
  it('finds the targets of a P1 on Online Checkout', () => {
    const slugs = applicableTargets(demoWorld, {
      at,
      priority: 'P1',
      serviceId: 'online-checkout',
    }).map((t) => `${t.agreement.slug}:${t.target.metric}:${t.targetMs / 60_000}`)
    expect(slugs).toEqual([
      'checkout-availability:RESOLUTION:240',
      'stratus-hosting:RESPONSE:15',
      'stratus-hosting:RESOLUTION:240',
      'sentinel-monitoring:RESPONSE:10',
      'vistula-application:RESPONSE:30',
      'vistula-application:RESOLUTION:480',
      'handoff-acceptance:HANDOFF_ACCEPT:15',
      'containment:HANDOFF_ACCEPT:15',
    ])
  })
  it('ignores agreements for other services and not yet effective', () => {
    expect(
      applicableTargets(demoWorld, { at, priority: 'P1', serviceId: 'payroll' }).map(
        (t) => t.agreement.slug
      )
    ).toEqual(['handoff-acceptance', 'containment'])
    expect(
      applicableTargets(demoWorld, {
        at: new Date('2025-12-31T00:00:00Z'),
        priority: 'P1',
        serviceId: 'online-checkout',
      })
    ).toEqual([])
  })
  it('picks the most specific OLA for a hand-off, and none for the retained organisation', () => {
    const ola = (from: string, to: string) =>
      handoffTargetFor(demoWorld, { at, priority: 'P1', serviceId: 'online-checkout', from, to })
        ?.agreement.slug
    expect(ola('sentinel', 'stratus')).toBe('containment')
    expect(ola('stratus', 'vistula')).toBe('handoff-acceptance')
    expect(ola('northwind', 'vistula')).toBeUndefined()
  })
})
