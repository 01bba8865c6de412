import { describe, expect, it } from 'vitest'
import { demoWorld } from '../testing/demo-world.ts'
import { chooseDesk } from './choose-desk.ts'

const pick = (party: string, priority: 'P1' | 'P2' | 'P3', iso: string) => {
  const c = chooseDesk(demoWorld, party, priority, new Date(iso))
  return c && `${c.desk.slug} ${c.open ? 'open' : `opens ${c.opensAt.toISOString()}`}`
}

describe('chooseDesk (follow-the-sun)', () => {
  it.each([
    [
      'Bayside Friday 14:00 Mexico City: Mexico City is open',
      'bayside',
      'P2',
      '2026-03-06T20:00:00Z',
      'mexico-city open',
    ],
    [
      'Bayside Monday 08:00 Manila: Manila is open',
      'bayside',
      'P2',
      '2026-03-09T00:00:00Z',
      'manila open',
    ],
    [
      'Bayside Saturday: neither open, Manila opens first on Monday',
      'bayside',
      'P2',
      '2026-03-07T12:00:00Z',
      'manila opens 2026-03-08T23:00:00.000Z',
    ],
    [
      'Vistula P1 at night: the 24x7 on-call desk takes it',
      'vistula',
      'P1',
      '2026-03-06T21:30:00Z',
      'p1-on-call open',
    ],
    [
      'Vistula P2 at night: Warsaw engineering opens Monday 09:00 CET',
      'vistula',
      'P2',
      '2026-03-06T21:30:00Z',
      'engineering-warsaw opens 2026-03-09T08:00:00.000Z',
    ],
    [
      'Sentinel P3 during a Pune holiday waits for the analysts',
      'sentinel',
      'P3',
      '2026-03-04T06:00:00Z',
      'analysts-pune opens 2026-03-05T03:30:00.000Z',
    ],
    [
      'Sentinel P1 always goes to the SOC',
      'sentinel',
      'P1',
      '2026-03-04T06:00:00Z',
      'soc-pune open',
    ],
  ] as const)('%s', (_name, party, priority, at, expected) => {
    expect(pick(party, priority, at)).toBe(expected)
  })
})
