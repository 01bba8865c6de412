import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pino } from 'pino'
import { createApiToken, createDb, type DbHandle } from '@baton/db'
import { createGatewayApp, serveGateway, type ServedGateway } from '@baton/gateway'
import { createHarness, type Harness } from '../testing/e2e-harness.ts'

// Issue 18, freeze: a command on an incident whose workflow does not answer (its worker is gone)
// must answer a clear error within the command deadline, and must not take the gateway's database
// pool or Temporal client from the other incidents. The gateway here has a pool of 3 connections,
// as many as commands may wait on one incident.
let h: Harness
let gw: ServedGateway
let gwDb: DbHandle
const stuckQueue = `stuck-${randomUUID()}`
const tokens: Record<string, string> = {}
const incidents: Record<'healthy' | 'stuck', { id: string; key: string }> = {} as never
const DEADLINE_MS = 5000
/** What "promptly" means for a call on another incident: half the deadline (the machine may be busy). */
const PROMPT_MS = 2500
const timedOut: string[] = []
const refused: string[] = []

type Answer = {
  ms: number
  errors?: { message: string; extensions?: Record<string, unknown> }[]
  data?: unknown
}
/** One GraphQL call and how long it took; a call that hangs fails after 10 s instead of hanging the test. */
async function gql(
  query: string,
  token: string,
  variables: Record<string, unknown>
): Promise<Answer> {
  const started = performance.now()
  const res = await fetch(`${gw.url}/graphql`, {
    method: 'POST',
    signal: AbortSignal.timeout(10_000),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  })
  const body = (await res.json()) as Omit<Answer, 'ms'>
  return { ...body, ms: performance.now() - started }
}
const ACK = 'mutation($id: ID!) { acknowledgeIncident(incidentId: $id) { status } }'
const COMMENT =
  'mutation($id: ID!, $body: String!) { addComment(incidentId: $id, body: $body) { seq } }'
const READ = 'query($id: ID!) { incident(id: $id) { key status timeline { nodes { seq type } } } }'
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const ledgerOf = async (id: string) =>
  h.t.sql<
    { type: string; data: { body?: string } }[]
  >`select type, data from ledger_entries where incident_id = ${id} order by seq`

beforeAll(async () => {
  h = await createHarness({ scale: 1, withoutIntegrations: true })
  await h.startWorker()
  const stopStuckWorker = await h.startWorkerOn(stuckQueue)
  const [stratus] = await h.t.sql<{ id: string }[]>`select id from parties where slug = 'stratus'`
  tokens.admin = (await createApiToken(h.t.db, { name: 'e2e-admin', role: 'ADMIN' })).token
  tokens.stratus = (
    await createApiToken(h.t.db, { name: 'e2e-stratus', role: 'VENDOR', partyId: stratus!.id })
  ).token
  incidents.healthy = await h.declare({
    clientKey: 'e2e-healthy',
    title: 'Checkout 502s',
    priority: 'P3',
    holder: 'stratus',
  })
  incidents.stuck = await h.declare({
    clientKey: 'e2e-stuck',
    title: 'Storage latency',
    priority: 'P3',
    holder: 'stratus',
    taskQueue: stuckQueue,
  })
  // Its worker goes away: the stuck incident's workflow is still running, but nothing processes it.
  await stopStuckWorker()
  gwDb = createDb({ url: h.t.url, max: 3 })
  const app = createGatewayApp({
    db: gwDb,
    temporal: h.client,
    taskQueue: h.taskQueue,
    logger: pino({ level: 'silent' }),
    publicUrl: 'http://127.0.0.1',
    commands: { deadlineMs: DEADLINE_MS, maxInFlightPerIncident: 3 },
  })
  gw = await serveGateway(app, { port: 0 })
}, 90_000)
afterAll(async () => {
  await gw?.close()
  await gwDb?.close()
  await h?.close()
})

describe('a command on an incident whose workflow does not answer', () => {
  it('answers DEADLINE_EXCEEDED (not accepted) within the deadline, while a staff command on another incident answers promptly', async () => {
    const stuck = gql(ACK, tokens.admin!, { id: incidents.stuck.id })
    await sleep(200)
    const healthy = await gql(COMMENT, tokens.admin!, {
      id: incidents.healthy.id,
      body: 'meanwhile, on another incident',
    })
    expect(healthy.errors).toBeUndefined()
    expect(healthy.ms).toBeLessThan(PROMPT_MS)
    const answer = await stuck
    expect(answer.errors?.[0]?.extensions).toMatchObject({
      code: 'DEADLINE_EXCEEDED',
      reason: 'NOT_ACCEPTED',
      applied: 'UNKNOWN',
      incident: incidents.stuck.key,
    })
    expect(answer.errors?.[0]?.message).toContain(
      `incident ${incidents.stuck.key} did not answer within 5 s`
    )
    expect(answer.ms).toBeGreaterThanOrEqual(DEADLINE_MS - 50)
    expect(answer.ms).toBeLessThan(DEADLINE_MS + 2000)
  }, 30_000)

  it('holds no database connection while vendor commands wait on it, and refuses more than 3 waiting at once with UNAVAILABLE', async () => {
    const stuck = Array.from({ length: 6 }, (_, i) =>
      gql(COMMENT, tokens.stratus!, { id: incidents.stuck.id, body: `stuck ${i}` })
    )
    await sleep(300)
    // Three vendor commands wait on the stuck incident (three more are refused), and still the pool of 3 serves the others at once.
    const others = await Promise.all([
      ...Array.from({ length: 6 }, () => gql(READ, tokens.stratus!, { id: incidents.healthy.id })),
      gql(COMMENT, tokens.stratus!, { id: incidents.healthy.id, body: 'vendor, meanwhile' }),
      gql(READ, tokens.admin!, { id: incidents.stuck.id }),
    ])
    const answers = await Promise.all(stuck)
    answers.forEach((a, i) =>
      (a.errors?.[0]?.extensions?.code === 'UNAVAILABLE' ? refused : timedOut).push(`stuck ${i}`)
    )
    for (const o of others) {
      expect(o.errors).toBeUndefined()
      expect(o.ms).toBeLessThan(PROMPT_MS)
    }
    const codes = answers.map((a) => a.errors?.[0]?.extensions?.code)
    expect(codes.filter((c) => c === 'DEADLINE_EXCEEDED')).toHaveLength(3)
    const busy = answers.filter((a) => a.errors?.[0]?.extensions?.code === 'UNAVAILABLE')
    expect(busy).toHaveLength(3)
    for (const b of busy) {
      expect(b.errors?.[0]?.extensions).toMatchObject({
        reason: 'INCIDENT_BUSY',
        incident: incidents.stuck.key,
      })
      expect(b.ms).toBeLessThan(PROMPT_MS)
    }
  }, 30_000)

  it('applies the commands it had not accepted once its worker is back, as the error warned, and never the refused ones', async () => {
    expect((await ledgerOf(incidents.stuck.id)).map((e) => e.type)).toEqual(['opened'])
    const stop = await h.startWorkerOn(stuckQueue)
    try {
      const applied = async () =>
        (await ledgerOf(incidents.stuck.id))
          .filter((e) => e.type === 'acknowledged' || e.type === 'comment')
          .map((e) => e.data.body ?? e.type)
          .sort()
      await expect
        .poll(applied, { timeout: 30_000, interval: 250 })
        .toEqual(['acknowledged', ...timedOut].sort())
      await sleep(1000)
      expect(await applied()).toEqual(['acknowledged', ...timedOut].sort())
      expect(refused).toHaveLength(3)
    } finally {
      await stop()
    }
  }, 60_000)
})
