import { describe, expect, it } from 'vitest'
import { World } from '@baton/domain'
import { demoWorld } from '../testing/e2e-harness.ts'
import { newCoverageHoles } from './coverage-warnings.ts'

describe('coverage warnings on apply', () => {
  it('warns about the hole a change opens, and not about holes that were already there', () => {
    const before = demoWorld()
    const withoutDuty = World.parse({
      ...before,
      parties: before.parties.map((p) =>
        p.slug !== 'vistula'
          ? p
          : {
              ...p,
              desks: p.desks.map((d) => ({
                ...d,
                contacts: d.contacts.filter((c) => !c.roles.includes('duty-manager')),
              })),
            }
      ),
    })
    const opened = newCoverageHoles(before, withoutDuty)
    expect(opened).toHaveLength(1)
    expect(opened[0]).toMatch(/^vistula P1 step 2: role:duty-manager no-contact/)
    expect(newCoverageHoles(withoutDuty, withoutDuty)).toEqual([])
  })
})
