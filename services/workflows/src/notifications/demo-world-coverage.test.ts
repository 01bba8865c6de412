import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { World, ladderCoverage } from '@baton/domain'

// The coverage check over the world `npm start` seeds.
const demo = World.parse(JSON.parse(readFileSync(new URL('../../../../infra/worlds/demo.world.json', import.meta.url), 'utf8')))
const summary = (party: string) => ladderCoverage(demo, party).map((s) => `${s.priority}#${s.step} silent[${s.silentRanges.join(', ')}] ${s.holes.map((h) => `${h.target} ${h.reason}`).join('; ')}`)
const warsawOffice = 'Mon 08:00–16:00 UTC, Tue 08:00–16:00 UTC, Wed 08:00–16:00 UTC, Thu 08:00–16:00 UTC, Fri 08:00–16:00 UTC'

describe('ladder coverage of the demo world', () => {
  it('finds no hole in the 24x7 ladders of Stratus and Sentinel', () => {
    expect(summary('stratus')).toEqual([])
    expect(summary('sentinel')).toEqual([])
  })

  it("finds Bayside's second step reaching Northwind's service integrator while New York is closed", () => {
    expect(summary('bayside')).toEqual([
      'P2#2 silent[] retainedRole:service-integrator desk-closed',
      'P3#2 silent[] retainedRole:service-integrator desk-closed',
    ])
  })

  // Engineering Warsaw takes every priority (no `priorities` in the seed), so in Warsaw office
  // hours follow-the-sun sends a P1 there, and that desk has no duty manager or account director.
  it('finds that a Vistula P1 in Warsaw office hours reaches no duty manager', () => {
    expect(summary('vistula')).toEqual([
      `P1#2 silent[${warsawOffice}] role:duty-manager no-contact`,
      'P1#3 silent[] role:account-director no-contact',
    ])
  })
})
