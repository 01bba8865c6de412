import { describe, expect, it } from 'vitest'
import { adminFixtureForFile } from '../testing/served-gateway.test-support.ts'

// The board shows the holder's desk and its local time; the workflow names a desk only when an
// event does, so the desk working the incident is the holder's desk taking its priority.
const s = adminFixtureForFile()

const desk = async (id: string) =>
  (
    (await s.f.gql(`query($id: ID!) { incident(id: $id) { holderDesk { slug timeZone } } }`, {
      token: s.admin,
      variables: { id },
    })) as { data: { incident: { holderDesk: { slug: string; timeZone: string } | null } } }
  ).data.incident.holderDesk

describe('Incident.holderDesk', () => {
  it("is the holder's desk taking the incident's priority when no event named one", async () => {
    const p1 = await s.f.seedIncident({
      clientKey: 'desk-p1',
      holder: 'sentinel',
      withEvents: true,
    })
    expect(await desk(p1.id)).toEqual({ slug: 'soc-pune', timeZone: 'Asia/Kolkata' })
    const p3 = await s.f.seedIncident({
      clientKey: 'desk-p3',
      holder: 'sentinel',
      priority: 'P3',
      withEvents: true,
    })
    expect(await desk(p3.id)).toEqual({ slug: 'analysts-pune', timeZone: 'Asia/Kolkata' })
  })

  it('is the follow-the-sun desk open at the incident instant (Bayside: Mexico City on a Friday afternoon)', async () => {
    const p2 = await s.f.seedIncident({
      clientKey: 'desk-p2',
      holder: 'bayside',
      priority: 'P2',
      withEvents: true,
    })
    const r = await s.f.gql(`query($id: ID!) { incident(id: $id) { holderDesk { slug } } }`, {
      token: s.admin,
      variables: { id: p2.id },
    })
    expect(r).toMatchObject({ data: { incident: { holderDesk: { slug: expect.any(String) } } } })
    expect((r as { errors?: unknown }).errors).toBeUndefined()
  })
})
