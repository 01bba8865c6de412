import { spawn, type ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { activePartySecrets, parties } from '@baton/db'
import { standardWebhookHeaders } from '@baton/adapters'
import { eq } from 'drizzle-orm'
import {
  createHarness,
  projectRoot,
  TEST_MASTER_KEY,
  type Harness,
} from '../testing/e2e-harness.ts'
import { freePort } from '../net/free-port.ts'

// Two worker processes and two adapters processes against one Temporal and one Postgres:
// every vendor message is sent twice (to both adapters), concurrently; each must apply once.
const INCIDENTS = 10
const MESSAGES = 200
let h: Harness
const children: ChildProcess[] = []
const adapters: string[] = []

const start = (entry: string, env: Record<string, string>) => {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: projectRoot,
    env: {
      ...process.env,
      DATABASE_URL: h.t.url,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      BATON_TASK_QUEUE: h.taskQueue,
      BATON_MASTER_KEY: TEST_MASTER_KEY,
      // The test's vendors and webhooks listen on loopback (refused by default in production).
      BATON_OUTBOUND_ALLOW_LOOPBACK: '1',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: 'ignore',
  })
  children.push(child)
}
const healthy = async (url: string) => {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`${url} never became healthy`)
}

beforeAll(async () => {
  h = await createHarness({ scale: 1, withoutIntegrations: true })
  const delivery = `${h.taskQueue}-delivery`
  for (let i = 0; i < 2; i++)
    start('services/workflows/src/main.ts', {
      BATON_WORKER_METRICS_PORT: '0',
      BATON_SMTP_PORT: String(h.mailbox.port),
    })
  for (let i = 0; i < 2; i++) {
    const port = await freePort()
    start('services/adapters/src/main.ts', {
      BATON_ADAPTERS_PORT: String(port),
      BATON_DELIVERY_TASK_QUEUE: delivery,
    })
    adapters.push(`http://127.0.0.1:${port}`)
  }
  await Promise.all(adapters.map(healthy))
}, 120_000)
afterAll(async () => {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((r) => {
          if (c.exitCode !== null) return r()
          c.once('exit', () => r())
          c.kill('SIGTERM')
          setTimeout(() => c.kill('SIGKILL'), 10_000)
        })
    )
  )
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
    const [stratus] = await h.t.db
      .select({ id: parties.id })
      .from(parties)
      .where(eq(parties.slug, 'stratus'))
    const [secret] = await activePartySecrets(h.t.db, stratus!.id, 'inbound', TEST_MASTER_KEY)
    const post = async (url: string, id: string, body: string) => {
      for (let attempt = 0; ; attempt++) {
        const res = await fetch(`${url}/webhooks/stratus`, {
          method: 'POST',
          headers: standardWebhookHeaders(secret!, id, Math.floor(Date.now() / 1000), body),
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
