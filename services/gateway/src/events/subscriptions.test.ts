import { describe, expect, it } from 'vitest'
import {
  commentOnEach,
  commentReceived,
  INCIDENT_EVENTS,
  serveFixtureForFile,
} from '../testing/served-gateway.test-support.ts'
import { subscribeSse } from '../testing/sse-subscription.ts'

const s = serveFixtureForFile()

const parsed = (received: string[]) => received.map((data) => JSON.parse(data) as unknown)

describe('incidentEvents over SSE', () => {
  it('streams each committed ledger entry to subscribers allowed to see the incident, and nothing else', async () => {
    const sen = await s.f.seedIncident({ clientKey: 'sub-sen', holder: 'sentinel' })
    const vis = await s.f.seedIncident({ clientKey: 'sub-vis', holder: 'vistula' })
    const admin = subscribeSse(s.gw.url, await s.f.token('ADMIN'), INCIDENT_EVENTS)
    const vendor = subscribeSse(s.gw.url, await s.f.token('VENDOR', 'sentinel'), INCIDENT_EVENTS)
    const one = subscribeSse(s.gw.url, await s.f.token('VIEWER'), INCIDENT_EVENTS, { id: vis.id })
    await Promise.all([admin.ready, vendor.ready, one.ready])
    await new Promise((r) => setTimeout(r, 300)) // LISTEN is set up by the first subscriber
    await commentOnEach(s.f, [vis, sen], 'sub')
    await expect.poll(() => admin.received.length, { timeout: 10_000 }).toBe(2)
    await expect.poll(() => vendor.received.length, { timeout: 10_000 }).toBe(1)
    await new Promise((r) => setTimeout(r, 300))
    expect(parsed(vendor.received)).toEqual([commentReceived(sen.key)])
    expect(parsed(one.received)).toEqual([commentReceived(vis.key)])
    await Promise.all([admin.stop(), vendor.stop(), one.stop()])
  })
})
