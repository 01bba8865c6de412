import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, connect, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { eq, sql } from 'drizzle-orm'
import { activePartySecrets, parties } from '@baton/db'
import { standardWebhookHeaders } from '@baton/adapters'
import {
  createHarness,
  projectRoot,
  TEST_MASTER_KEY,
  type Harness,
} from '../testing/e2e-harness.ts'
import { freePort } from '../net/free-port.ts'

// The adapters as a real process (services/adapters/src/main.ts) behind senders that retry like
// vendors do. BATON_CRASH_EVENTS=10000 BATON_CRASH_INCIDENTS=500 runs the full size.
const EVENTS = Number(process.env.BATON_CRASH_EVENTS ?? 2000)
const INCIDENTS = Number(process.env.BATON_CRASH_INCIDENTS ?? 100)
const SENDERS = 20
let h: Harness
let secret: string
let keys: string[] = []
let proc: ChildProcess | null = null
let port: number
let proxy: { server: Server; sockets: Set<Socket>; port: number; open: boolean }

/** A TCP proxy in front of Postgres: closing it is Postgres stopping, for the adapters only. */
async function startPgProxy(target: URL) {
  const sockets = new Set<Socket>()
  const p = { server: null as unknown as Server, sockets, port: await freePort(), open: true }
  p.server = createServer((client) => {
    if (!p.open) {
      client.destroy()
      return
    }
    const upstream = connect(Number(target.port || 5432), target.hostname)
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
      s.on('error', () => s.destroy())
    }
    client.pipe(upstream).pipe(client)
  })
  await new Promise<void>((r) => p.server.listen(p.port, '127.0.0.1', r))
  return p
}
const proxiedUrl = () => {
  const u = new URL(h.t.url)
  u.hostname = '127.0.0.1'
  u.port = String(proxy.port)
  return u.toString()
}

async function startAdapters() {
  proc = spawn(process.execPath, ['--import', 'tsx', 'services/adapters/src/main.ts'], {
    cwd: projectRoot,
    stdio: 'ignore',
    env: {
      ...process.env,
      DATABASE_URL: proxiedUrl(),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      BATON_ADAPTERS_PORT: String(port),
      BATON_ADAPTERS_HOST: '127.0.0.1',
      BATON_MASTER_KEY: TEST_MASTER_KEY,
      BATON_TASK_QUEUE: h.taskQueue,
      BATON_ADAPTERS_DELIVERY_WORKER: '0',
      BATON_SWEEP_INTERVAL_MS: '500',
      BATON_SWEEP_AFTER_SECONDS: '2',
      LOG_LEVEL: 'silent',
    },
  })
  for (let i = 0; i < 200; i++) {
    if (
      await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false
      )
    )
      return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('adapters did not start')
}
const kill = () =>
  new Promise<void>((resolve) => {
    if (!proc || proc.exitCode !== null) return resolve()
    proc.once('exit', () => resolve())
    proc.kill('SIGKILL')
  })

/** A signed comment on one of the incidents, as stratus sends it. */
const commentBody = (i: number, text: string) =>
  JSON.stringify({
    type: 'incident.comment',
    incident: { id: keys[i % keys.length] },
    occurredAt: new Date().toISOString(),
    data: { body: text },
  })
/** One POST of `body` as stratus to the adapters: the status, or 0 when no answer came in `timeoutMs`. */
const post = (id: string, body: string, timeoutMs: number) =>
  fetch(`http://127.0.0.1:${port}/webhooks/stratus`, {
    method: 'POST',
    headers: standardWebhookHeaders(secret, id, Math.floor(Date.now() / 1000), body),
    body,
    signal: AbortSignal.timeout(timeoutMs),
  }).then(
    async (r) => {
      await r.arrayBuffer()
      return r.status
    },
    () => 0
  )

type Outcome = { acknowledged: Set<string>; statuses: Map<number, number> }
/** SENDERS vendors post EVENTS signed comments, each retried until a 2xx, like vendors do. */
async function stream(onProgress: (sent: number) => Promise<void> | void): Promise<Outcome> {
  const out: Outcome = { acknowledged: new Set(), statuses: new Map() }
  let next = 0
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (next < EVENTS) {
        const i = next++
        const id = `evt-${i}`
        const body = commentBody(i, `note ${i}`)
        for (;;) {
          const status = await post(id, body, 10_000)
          out.statuses.set(status, (out.statuses.get(status) ?? 0) + 1)
          expect(status === 0 || status === 200 || status === 202 || status === 503).toBe(true)
          if (status === 200 || status === 202) {
            out.acknowledged.add(id)
            break
          }
          await new Promise((r) => setTimeout(r, 100 + Math.random() * 200))
        }
        await onProgress(i)
      }
    })
  )
  return out
}
const appliedCounts = async () =>
  h.t
    .sql`select data->>'messageId' as id, count(*)::int as n from ledger_entries where type = 'comment' group by 1`

beforeAll(async () => {
  h = await createHarness({
    scale: 1,
    withoutIntegrations: true,
    concurrency: 200,
    isolateKeys: true,
    adjust: (world) => ({
      ...world,
      parties: world.parties.map((p) =>
        p.integration ? { ...p, integration: { ...p.integration, ratePerSecond: 1e6 } } : p
      ),
    }),
  })
  const [stratus] = await h.t.db
    .select({ id: parties.id })
    .from(parties)
    .where(eq(parties.slug, 'stratus'))
  secret = (await activePartySecrets(h.t.db, stratus!.id, 'inbound', TEST_MASTER_KEY))[0]!
  await h.startWorker()
  const openedAt = new Date().toISOString()
  // P4 on the 24x7 stratus desk: no escalation fires during the test
  keys = await Promise.all(
    Array.from({ length: INCIDENTS }, async (_, i) => {
      const inc = await h.declare({
        clientKey: `crash-${i}`,
        title: `crash ${i}`,
        priority: 'P4',
        holder: 'stratus',
        openedAt,
        untilRecorded: false,
      })
      await h.t.db.execute(
        sql`insert into bonds (incident_id, party_id) values (${inc.id}, ${stratus!.id}) on conflict do nothing`
      )
      return inc.key
    })
  )
  proxy = await startPgProxy(new URL(h.t.url))
  port = await freePort()
}, 180_000)
afterAll(async () => {
  await kill()
  proxy?.server.close()
  proxy?.sockets.forEach((s) => s.destroy())
  await h?.close()
})

describe('adapters crash safety', () => {
  it(`applies every one of ${EVENTS} events exactly once when the adapters are SIGKILLed mid-stream and restarted`, async () => {
    await startAdapters()
    let crashed = false
    const out = await stream(async (i) => {
      if (!crashed && i >= EVENTS * 0.3) {
        crashed = true
        await kill()
        setTimeout(() => void startAdapters(), 1000)
      }
    })
    expect(crashed).toBe(true)
    expect(out.acknowledged.size).toBe(EVENTS)
    await expect
      .poll(async () => (await appliedCounts()).length, { timeout: 120_000, interval: 500 })
      .toBe(EVENTS)
    const counts = await appliedCounts()
    expect(counts.filter((c) => c.n !== 1)).toEqual([])
    expect(new Set(counts.map((c) => c.id))).toEqual(
      new Set([...out.acknowledged].map((id) => `stratus/${id}`))
    )
  }, 300_000)

  it('answers 503 (not 500, not a hang) while Postgres is away for 10 s, and loses nothing after it returns', async () => {
    if (!proc || proc.exitCode !== null) await startAdapters()
    const before = (await appliedCounts()).length
    const offset = EVENTS
    keys = keys.slice() // same incidents
    const outage = (async () => {
      await new Promise((r) => setTimeout(r, 500))
      proxy.open = false
      proxy.sockets.forEach((s) => s.destroy())
      await new Promise((r) => setTimeout(r, 10_000))
      proxy.open = true
    })()
    const statuses = new Map<number, number>()
    const ids: string[] = []
    let next = 0
    const total = 400
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        while (next < total) {
          const i = next++
          const id = `outage-${offset + i}`
          const body = commentBody(i, `outage note ${i}`)
          await new Promise((r) => setTimeout(r, 30 * (i % 20)))
          for (;;) {
            const started = Date.now()
            const status = await post(id, body, 15_000)
            statuses.set(status, (statuses.get(status) ?? 0) + 1)
            expect(status, `answered ${status} after ${Date.now() - started} ms`).not.toBe(0)
            expect([200, 202, 503]).toContain(status)
            if (status < 300) {
              ids.push(id)
              break
            }
            await new Promise((r) => setTimeout(r, 250))
          }
        }
      })
    )
    await outage
    expect(statuses.get(503) ?? 0).toBeGreaterThan(0)
    await expect
      .poll(async () => (await appliedCounts()).length, { timeout: 120_000, interval: 500 })
      .toBe(before + total)
    expect((await appliedCounts()).filter((c) => c.n !== 1)).toEqual([])
  }, 300_000)
})
