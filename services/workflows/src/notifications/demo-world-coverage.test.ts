import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { World, ladderCoverage } from '@baton/domain'

// The coverage check over the world `npm start` seeds.
const demo = World.parse(
  JSON.parse(
    readFileSync(new URL('../../../../infra/worlds/demo.world.json', import.meta.url), 'utf8')
  )
)
const summary = (party: string) =>
  ladderCoverage(demo, party).map(
    (s) =>
      `${s.priority}#${s.step} silent[${s.silentRanges.join(', ')}] ${s.holes.map((h) => `${h.target} ${h.reason}`).join('; ')}`
  )

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

  // Engineering Warsaw takes P2-P4 only (docs/scenario.md), so a P1 always reaches the 24x7 on-call desk.
  it('finds no hole in the Vistula P1 ladder: the on-call desk has the duty manager and account director', () => {
    expect(summary('vistula')).toEqual([])
  })
})
