import { describe, expect, it } from 'vitest'
import { World } from '../world/world.ts'
import { demoWorld } from '../testing/index.ts'
import { coverageWarnings } from './coverage-warnings.ts'

const withoutRole = (w: World, party: string, role: string): World =>
  World.parse({
    ...w,
    parties: w.parties.map((p) =>
      p.slug !== party
        ? p
        : {
            ...p,
            desks: p.desks.map((d) => ({
              ...d,
              contacts: d.contacts.filter((c) => !c.roles.includes(role)),
            })),
          }
    ),
  })

describe('coverageWarnings', () => {
  it('names the step, target, reason and the hours a change leaves without anyone', () => {
    const before = demoWorld
    const after = withoutRole(before, 'vistula', 'duty-manager')
    const warnings = coverageWarnings(before, after)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatchObject({
      party: 'vistula',
      priority: 'P1',
      step: 2,
      target: 'role:duty-manager',
      reason: 'no-contact',
    })
    expect(warnings[0]!.hours.length).toBeGreaterThan(0)
    expect(warnings[0]!.message).toMatch(/^vistula P1 step 2: role:duty-manager no-contact \(/)
  })

  it('says nothing about holes that were already there, and nothing for an unchanged world', () => {
    const broken = withoutRole(demoWorld, 'vistula', 'duty-manager')
    expect(coverageWarnings(broken, broken)).toEqual([])
  })

  it('reports only the hours a growing hole newly takes', () => {
    // A fourth Vistula step paging New York's service integrator already misses the hours New York is closed.
    const before = World.parse({
      ...demoWorld,
      ladders: demoWorld.ladders.map((l) => ({
        ...l,
        steps: [...l.steps, { after: 'PT1H', targets: [{ retainedRole: 'service-integrator' }] }],
      })),
    })
    const ny = before.parties
      .find((p) => p.slug === 'northwind')!
      .desks.find((d) => d.slug === 'service-integration')!.calendar
    const mon = before.calendars.find((c) => c.slug === ny)!.week.mon![0]!
    const later = `${String(Number(mon.start.slice(0, 2)) + 1).padStart(2, '0')}${mon.start.slice(2)}`
    const after = World.parse({
      ...before,
      calendars: before.calendars.map((c) =>
        c.slug !== ny ? c : { ...c, week: { ...c.week, mon: [{ start: later, end: mon.end }] } }
      ),
    })
    const existing = coverageWarnings(null, before).find((w) => w.step === 4)!
    expect(existing).toMatchObject({
      party: 'vistula',
      target: 'retainedRole:service-integrator',
      reason: 'desk-closed',
    })
    const grown = coverageWarnings(before, after)
    expect(grown).toHaveLength(1)
    expect(grown[0]).toMatchObject({ step: 4, reason: 'desk-closed' })
    expect(grown[0]!.hours).toHaveLength(1)
    expect(grown[0]!.ranges[0]).toMatch(/^Mon \d\d:00–\d\d:00 UTC$/)
    expect(existing.hours).not.toContain(grown[0]!.hours[0])
  })
})
