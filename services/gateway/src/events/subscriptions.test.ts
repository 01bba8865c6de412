import { describe, expect, it } from 'vitest'
import {
  commentOnEach,
  commentReceived,
  INCIDENT_EVENTS,
  serveFixtureForFile,
} from '../testing/served-gateway.test-support.ts'

const s = serveFixtureForFile()

/** Opens an SSE subscription and collects the `next` payloads until `count` arrive. */
function subscribe(token: string, query: string, variables: Record<string, unknown> = {}) {
  const controller = new AbortController()
  const received: unknown[] = []
  const opened = fetch(`${s.gw.url}/graphql`, {
    method: 'POST',
    signal: controller.signal,
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ query, variables }),
  })
  const done = opened
    .then(async (res) => {
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
      let buffer = ''
      for (;;) {
        const { value, done: end } = await reader.read()
        if (end) return
        buffer += value
        let i
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const chunk = buffer.slice(0, i)
          buffer = buffer.slice(i + 2)
          const data = chunk.split('\n').find((l) => l.startsWith('data:'))
          if (data && chunk.includes('event: next')) received.push(JSON.parse(data.slice(5)))
        }
      }
    })
    .catch(() => {})
  return {
    received,
    stop: async () => {
      controller.abort()
      await done
    },
    ready: opened,
  }
}

describe('incidentEvents over SSE', () => {
  it('streams each committed ledger entry to subscribers allowed to see the incident, and nothing else', async () => {
    const sen = await s.f.seedIncident({ clientKey: 'sub-sen', holder: 'sentinel' })
    const vis = await s.f.seedIncident({ clientKey: 'sub-vis', holder: 'vistula' })
    const admin = subscribe(await s.f.token('ADMIN'), INCIDENT_EVENTS)
    const vendor = subscribe(await s.f.token('VENDOR', 'sentinel'), INCIDENT_EVENTS)
    const one = subscribe(await s.f.token('VIEWER'), INCIDENT_EVENTS, { id: vis.id })
    await Promise.all([admin.ready, vendor.ready, one.ready])
    await new Promise((r) => setTimeout(r, 300)) // LISTEN is set up by the first subscriber
    await commentOnEach(s.f, [vis, sen], 'sub')
    await expect.poll(() => admin.received.length, { timeout: 10_000 }).toBe(2)
    await expect.poll(() => vendor.received.length, { timeout: 10_000 }).toBe(1)
    await new Promise((r) => setTimeout(r, 300))
    expect(vendor.received).toEqual([commentReceived(sen.key)])
    expect(one.received).toEqual([commentReceived(vis.key)])
    await Promise.all([admin.stop(), vendor.stop(), one.stop()])
  })
})
