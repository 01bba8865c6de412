import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { standardWebhookHeaders } from '@baton/adapters'
import { createHarness, type Harness } from '../testing/e2e-harness.ts'
import {
  inboundSecret,
  serviceProcesses,
  waitHealthy,
  type ServiceProcesses,
} from '../testing/service-processes.ts'
import { freePort } from '../net/free-port.ts'

// Two worker processes and two adapters processes against one Temporal and one Postgres:
// every vendor message is sent twice (to both adapters), concurrently; each must apply once.
const INCIDENTS = 10
const MESSAGES = 200
let h: Harness
let services: ServiceProcesses
const adapters: string[] = []

beforeAll(async () => {
  h = await createHarness({ scale: 1, withoutIntegrations: true })
  // The test's vendors and webhooks listen on loopback (refused by default in production).
  services = serviceProcesses(h, { BATON_OUTBOUND_ALLOW_LOOPBACK: '1' })
  const delivery = `${h.taskQueue}-delivery`
  for (let i = 0; i < 2; i++)
    services.start('services/workflows/src/main.ts', {
      BATON_WORKER_METRICS_PORT: '0',
      BATON_SMTP_PORT: String(h.mailbox.port),
    })
  for (let i = 0; i < 2; i++) {
    const port = await freePort()
    services.start('services/adapters/src/main.ts', {
      BATON_ADAPTERS_PORT: String(port),
      BATON_DELIVERY_TASK_QUEUE: delivery,
    })
    adapters.push(`http://127.0.0.1:${port}`)
  }
  await Promise.all(adapters.map(waitHealthy))
}, 120_000)
afterAll(async () => {
  await services?.stopAll()
  await h?.close()
})

describe('scale-out: two workers and two adapters', () => {
  it('applies every vendor message exactly once when each is delivered twice, to different replicas, concurrently', async () => {
    const incidents: Array<Awaited<ReturnType<Harness['declare']>>> = []
    for (let i = 0; i < INCIDENTS; i++)
      incidents.push(
        await h.declare({
          clientKey: `scale-${i}`,
          title: `scale ${i}`,
          priority: 'P2',
          holder: 'stratus',
        })
      )
    const secret = await inboundSecret(h, 'stratus')
    const post = async (url: string, id: string, body: string) => {
      for (let attempt = 0; ; attempt++) {
        const res = await fetch(`${url}/webhooks/stratus`, {
          method: 'POST',
          headers: standardWebhookHeaders(secret, id, Math.floor(Date.now() / 1000), body),
          body,
        })
        if (res.status < 500 && res.status !== 429) return res.status
        if (attempt > 20) throw new Error(`gave up on ${id}: ${res.status}`)
        await new Promise((r) => setTimeout(r, 100 * (attempt + 1)))
      }
    }
    const statuses: number[] = []
    let next = 0
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < MESSAGES) {
          const i = next++
          const inc = incidents[i % INCIDENTS]!
          const body = JSON.stringify({
            type: 'incident.comment',
            incident: { id: inc.id, vendorRef: `STR-${i % INCIDENTS}` },
            occurredAt: new Date().toISOString(),
            actor: { name: 'load' },
            data: { body: `note ${i}` },
          })
          statuses.push(
            ...(await Promise.all(adapters.map((url) => post(url, `msg_scale_${i}`, body))))
          )
        }
      })
    )
    expect(statuses.filter((s) => s !== 202 && s !== 200)).toEqual([])
    expect(statuses.filter((s) => s === 202)).toHaveLength(MESSAGES)
    const applied = async () =>
      (
        await h.t
          .sql`select count(*)::int as n, count(distinct data->>'messageId')::int as d from ledger_entries where type = 'comment'`
      )[0]!
    await expect
      .poll(applied, { timeout: 90_000, interval: 500 })
      .toEqual({ n: MESSAGES, d: MESSAGES })
    const receipts = await h.t
      .sql`select status, count(*)::int as n from inbound_receipts group by status`
    expect(receipts).toEqual([{ status: 'APPLIED', n: MESSAGES }])
    for (const inc of incidents) {
      const seqs = (
        await h.t.sql`select seq from ledger_entries where incident_id = ${inc.id} order by seq`
      ).map((r) => r.seq)
      expect(seqs).toEqual(seqs.map((_, i) => i + 1))
    }
  }, 240_000)
})
