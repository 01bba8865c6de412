import { randomUUID } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Client } from '@temporalio/client'
import {
  activePartySecrets,
  createDb,
  storePartySecret,
  generateWebhookSecret,
  type DbHandle,
  vendorIntegrationHealth,
} from '@baton/db'
import type { TestDatabase } from '@baton/db/testing'
import { incidentWorkflowId } from '@baton/temporal'
import {
  createAdaptersApp,
  createAdaptersAppWithState,
  type AdaptersApp,
} from '../../app/create-adapters-app.ts'
import type { SeededVendor } from '../../testing/index.ts'
import { seedBondedIncident, seedVendor, signedInit } from '../../testing/index.ts'
import type { StratusIntake } from '../../testing/intake-test.ts'
import {
  openStratusIntake,
  seedStratusIncident,
  startIdleIncidentWorkflow,
  TEST_MASTER_KEY as masterKey,
  testLogger as logger,
} from '../../testing/intake-test.ts'
import { sweepReceipts } from '../signalling/sweep-receipts.ts'
import { registry, serveMetrics } from '../../app/metrics.ts'

let x: StratusIntake
let taskQueue: string
let t: TestDatabase
let client: Client
let app: AdaptersApp['app']
let intake: AdaptersApp['intake']
let stratus: SeededVendor
let incident: StratusIntake['incident']

const startIdleWorkflow = (inc: { id: string; key: string }) =>
  startIdleIncidentWorkflow(client, taskQueue, inc)
const ack = (over: Record<string, unknown> = {}) => ({
  type: 'incident.acknowledged',
  incident: { id: incident.id },
  occurredAt: new Date().toISOString(),
  actor: { name: 'Ops' },
  ...over,
})
let flushCounts: () => Promise<void>
const post = (slug: string, init: RequestInit) => app.request(`/webhooks/${slug}`, init)
/** `body` signed with stratus's inbound secret, posted as stratus. */
const postAsStratus = (body: unknown, o?: Parameters<typeof signedInit>[3]) =>
  post('stratus', signedInit('canonical', stratus.inboundSecret, body, o))
const receipts = async () =>
  (await t.sql`select count(*)::int as n from inbound_receipts`)[0]!.n as number

beforeAll(async () => {
  x = await openStratusIntake({ queue: 'test-adapters', clientKey: 'c1', kind: 'CLOUD' })
  ;({ t, client, taskQueue, stratus, incident } = x)
  await seedVendor(t.db, {
    slug: 'slowpoke',
    masterKey,
    integration: { dialect: 'canonical', ratePerSecond: 1 },
  })
  await startIdleWorkflow(incident)
  const made = createAdaptersAppWithState(
    x.deps({ partyCacheTtlMs: 0, adminToken: 'admin-token-0123456789' })
  )
  app = made.app
  intake = made.intake
  flushCounts = made.intakeCounts.flush
})
afterAll(async () => {
  await x?.close()
})

describe('canonical webhooks (Standard Webhooks)', () => {
  it('answers 202 with a receipt only after recording it, and signals the incident workflow', async () => {
    const res = await postAsStratus(ack(), { messageId: 'm-valid' })
    expect(res.status).toBe(202)
    const { receipt } = (await res.json()) as { receipt: string }
    const [row] =
      await t.sql`select status, type, message_id, payload, event, incident_id from inbound_receipts where receipt = ${receipt}`
    expect(row).toMatchObject({
      status: 'RECORDED',
      type: 'incident.acknowledged',
      message_id: 'm-valid',
      incident_id: incident.id,
    })
    expect(row!.payload).toMatchObject({ type: 'incident.acknowledged' })
    expect(row!.event).toMatchObject({ type: 'acknowledged', party: 'stratus' })
    await intake.relay!.drain()
    const history = await client.workflow.getHandle(incidentWorkflowId(incident.key)).fetchHistory()
    const signal = history.events?.find((e) => e.workflowExecutionSignaledEventAttributes)
    expect(signal?.workflowExecutionSignaledEventAttributes?.signalName).toBe('vendorEvents')
  })

  it('refuses a bad signature with 401 and records nothing', async () => {
    const before = await receipts()
    const init = signedInit('canonical', generateWebhookSecret(), ack())
    expect((await post('stratus', init)).status).toBe(401)
    const tampered = signedInit('canonical', stratus.inboundSecret, ack())
    expect(
      (await post('stratus', { ...tampered, body: tampered.body.replace('Ops', 'Opz') })).status
    ).toBe(401)
    expect(
      (
        await post('stratus', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(ack()),
        })
      ).status
    ).toBe(401)
    expect(await receipts()).toBe(before)
  })

  it('refuses a signature older than five minutes with 401', async () => {
    const stale = signedInit('canonical', stratus.inboundSecret, ack(), {
      now: new Date(Date.now() - 6 * 60_000),
    })
    const res = await post('stratus', stale)
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } })
  })

  it('accepts either secret during a rotation, and several signatures in one header', async () => {
    const next = generateWebhookSecret()
    await storePartySecret(t.db, {
      partyId: stratus.id,
      purpose: 'inbound',
      plaintext: next,
      masterKey,
    })
    expect((await postAsStratus(ack())).status).toBe(202)
    expect((await post('stratus', signedInit('canonical', next, ack()))).status).toBe(202)
    const both = signedInit('canonical', next, ack())
    const old = signedInit('canonical', generateWebhookSecret(), JSON.parse(both.body), {
      messageId: both.headers['webhook-id'],
      now: new Date(Number(both.headers['webhook-timestamp']) * 1000),
    })
    both.headers['webhook-signature'] =
      `${old.headers['webhook-signature']} ${both.headers['webhook-signature']}`
    expect((await post('stratus', both)).status).toBe(202)
  })

  it('answers a repeat with 200 and the first receipt, and the same id with another body with 409', async () => {
    await flushCounts()
    const before = (await vendorIntegrationHealth(t.db, stratus.id, 'stratus')).intake
    const body = ack()
    const first = await postAsStratus(body, { messageId: 'm-repeat' })
    const again = await postAsStratus(body, { messageId: 'm-repeat' })
    expect(first.status).toBe(202)
    expect(again.status).toBe(200)
    expect(((await again.json()) as { receipt: string }).receipt).toBe(
      ((await first.json()) as { receipt: string }).receipt
    )
    const other = await postAsStratus(ack({ actor: { name: 'Someone else' } }), {
      messageId: 'm-repeat',
    })
    expect(other.status).toBe(409)
    expect(
      (
        await t.sql`select count(*)::int as n from inbound_receipts where message_id = 'm-repeat'`
      )[0]!.n
    ).toBe(1)
    // The integration health counts the repeat as a duplicate once the counts are flushed.
    await flushCounts()
    const after = (await vendorIntegrationHealth(t.db, stratus.id, 'stratus')).intake
    expect(after.accepted - before.accepted).toBe(1)
    expect(after.duplicates - before.duplicates).toBe(1)
    expect(after.duplicateRate).toBeCloseTo(
      after.duplicates / (after.accepted + after.duplicates),
      9
    )
  })

  it('answers 404 for an unknown party, a party without integration, and an incident not bonded to the party', async () => {
    expect(
      (await post('nobody', signedInit('canonical', stratus.inboundSecret, ack()))).status
    ).toBe(404)
    expect(
      (await post('northwind', signedInit('canonical', stratus.inboundSecret, ack()))).status
    ).toBe(404)
    const other = await seedBondedIncident(t.db, {
      clientKey: 'c-other',
      holder: 'northwind',
      vendorPartyId: (
        await seedVendor(t.db, { slug: 'other', masterKey, integration: { dialect: 'canonical' } })
      ).id,
    })
    const res = await postAsStratus(ack({ incident: { id: other.key } }))
    expect(res.status).toBe(404)
    expect((await postAsStratus(ack({ incident: { vendorRef: 'UNKNOWN-1' } }))).status).toBe(404)
  })

  it('answers malformed JSON with 400 and an invalid field with 422, each naming the field', async () => {
    const before = await receipts()
    const bad = await postAsStratus('{"type": "incident.acknowledged",')
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: { code: 'BAD_REQUEST', field: '(body)' } })
    const invalid = await postAsStratus(ack({ occurredAt: 'yesterday' }))
    expect(invalid.status).toBe(422)
    expect(await invalid.json()).toMatchObject({ error: { field: 'occurredAt' } })
    const unknownType = await postAsStratus(ack({ type: 'incident.exploded' }))
    expect(unknownType.status).toBe(422)
    expect(await unknownType.json()).toMatchObject({ error: { field: 'type' } })
    const noBody = await postAsStratus(ack({ type: 'incident.comment' }))
    expect(await noBody.json()).toMatchObject({ error: { field: 'data.body' } })
    expect(await receipts()).toBe(before)
  })

  it('refuses a body over 256 KiB with 413 and a non-JSON content type with 415', async () => {
    const big = signedInit(
      'canonical',
      stratus.inboundSecret,
      ack({ data: { body: 'x'.repeat(300 * 1024) } })
    )
    expect((await post('stratus', big)).status).toBe(413)
    const init = signedInit('canonical', stratus.inboundSecret, ack())
    expect(
      (
        await post('stratus', {
          ...init,
          headers: { ...init.headers, 'content-type': 'text/plain' },
        })
      ).status
    ).toBe(415)
  })

  it("reads the body from Node's request when served by @hono/node-server, with the same checks", async () => {
    const served = createAdaptersApp(x.deps({ relay: false, maxBodyBytes: 2048 }))
    const server = serve({ fetch: served.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise((r) => server.once('listening', r))
    const port = (server.address() as AddressInfo).port
    // Sends the body in the given chunks (chunked transfer: no content-length).
    const send = (headers: Record<string, string>, chunks: Buffer[]) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(
          { host: '127.0.0.1', port, method: 'POST', path: '/webhooks/stratus', headers },
          (res) => {
            let body = ''
            res.setEncoding('utf8')
            res.on('data', (d: string) => (body += d))
            res.on('end', () => resolve({ status: res.statusCode!, body }))
          }
        )
        req.on('error', reject)
        for (const c of chunks) req.write(c)
        req.end()
      })
    try {
      // A multi-byte character split across two chunks: the signature is over the bytes.
      const init = signedInit(
        'canonical',
        stratus.inboundSecret,
        ack({ type: 'incident.comment', data: { body: 'café ünïcode' } }),
        { messageId: 'm-node-body' }
      )
      const bytes = Buffer.from(init.body, 'utf8')
      const cut = bytes.indexOf(Buffer.from('é', 'utf8')) + 1
      const ok = await send(init.headers, [bytes.subarray(0, cut), bytes.subarray(cut)])
      expect(ok.status).toBe(202)
      const { receipt } = JSON.parse(ok.body) as { receipt: string }
      const [row] = await t.sql`select payload from inbound_receipts where receipt = ${receipt}`
      expect(row!.payload).toMatchObject({ data: { body: 'café ünïcode' } })
      const before = await receipts()
      const big = signedInit(
        'canonical',
        stratus.inboundSecret,
        ack({ type: 'incident.comment', data: { body: 'x'.repeat(4096) } })
      )
      const text: string = big.body
      const headers: Record<string, string> = big.headers
      // Declared over the limit: 413 before reading.
      const declared = await send({ ...headers, 'content-length': String(text.length) }, [
        Buffer.from(text),
      ])
      expect(declared.status).toBe(413)
      // Streamed over the limit: refused (the request is cut off, as before), nothing recorded.
      const streamed = await send(headers, [
        Buffer.from(text.slice(0, 1024)),
        Buffer.from(text.slice(1024)),
      ]).catch((error: Error) => ({ status: 0, body: error.message }))
      expect(streamed.status === 413 || streamed.status === 0).toBe(true)
      expect(await receipts()).toBe(before)
    } finally {
      server.close()
    }
  })

  it('answers 429 over the party rate', async () => {
    const slow = (await t.sql`select id from parties where slug = 'slowpoke'`)[0]!.id as string
    const inc = await seedBondedIncident(t.db, {
      clientKey: 'c-slow',
      holder: 'northwind',
      vendorPartyId: slow,
    })
    const [key] = await activePartySecrets(t.db, slow, 'inbound', masterKey)
    const statuses = []
    for (let i = 0; i < 3; i++)
      statuses.push(
        (
          await post(
            'slowpoke',
            signedInit(
              'canonical',
              key!,
              ack({ type: 'incident.comment', incident: { id: inc.id }, data: { body: `n${i}` } })
            )
          )
        ).status
      )
    expect(statuses[0]).not.toBe(429)
    expect(statuses).toContain(429)
  })

  it('attaches the vendor ref the first time a message names it with the Baton incident', async () => {
    const inc = await seedStratusIncident(t.db, stratus, 'c-ref')
    await startIdleWorkflow(inc)
    expect(
      (await postAsStratus(ack({ incident: { id: inc.key, vendorRef: 'STR-77' } }))).status
    ).toBe(202)
    expect(
      (await t.sql`select vendor_ref from bonds where id = ${inc.bondId}`)[0]!.vendor_ref
    ).toBe('STR-77')
    const byRef = await postAsStratus({
      type: 'incident.comment',
      incident: { vendorRef: 'STR-77' },
      occurredAt: new Date().toISOString(),
      data: { body: 'by ref' },
    })
    expect(byRef.status).toBe(202)
  })

  it('opens an incident for triage when incident.opened names an unknown vendor ref', async () => {
    const body = {
      type: 'incident.opened',
      incident: { vendorRef: 'STR-900' },
      occurredAt: new Date().toISOString(),
      data: { title: 'Checkout 502s', priority: 'P2' },
    }
    const res = await postAsStratus(body)
    expect(res.status).toBe(202)
    const [bond] =
      await t.sql`select b.incident_id, i.key, i.priority, i.title from bonds b join incidents i on i.id = b.incident_id where b.vendor_ref = 'STR-900'`
    expect(bond).toMatchObject({ priority: 'P2', title: 'Checkout 502s' })
    await intake.relay!.drain() // the relay starts the workflow, after the 202
    const description = await client.workflow.getHandle(incidentWorkflowId(bond!.key)).describe()
    expect(description.taskQueue).toBe(taskQueue)
    const { receipt } = (await res.json()) as { receipt: string }
    expect(
      (await t.sql`select status from inbound_receipts where receipt = ${receipt}`)[0]!.status
    ).toBe('APPLIED')
    // a second opening of the same ref (new message id) changes nothing
    expect((await postAsStratus(body)).status).toBe(202)
    expect(
      (await t.sql`select count(*)::int as n from bonds where vendor_ref = 'STR-900'`)[0]!.n
    ).toBe(1)
    const noPriority = await postAsStratus({
      ...body,
      incident: { vendorRef: 'STR-901' },
      data: {},
    })
    expect(noPriority.status).toBe(422)
    expect(await noPriority.json()).toMatchObject({ error: { field: 'data.priority' } })
  })

  it('dead-letters a message for an incident whose workflow no longer runs; admin lists, replays and discards it', async () => {
    const inc = await seedStratusIncident(t.db, stratus, 'c-dead')
    const res = await postAsStratus(ack({ incident: { id: inc.id } }))
    expect(res.status).toBe(202)
    const { receipt } = (await res.json()) as { receipt: string }
    await intake.relay!.drain()
    expect(
      (await t.sql`select status from inbound_receipts where receipt = ${receipt}`)[0]!.status
    ).toBe('DEAD_LETTER')
    const auth = { authorization: 'Bearer admin-token-0123456789' }
    expect((await app.request('/admin/dead-letters')).status).toBe(401)
    const list = (await (
      await app.request('/admin/dead-letters?party=stratus', { headers: auth })
    ).json()) as { deadLetters: { receipt: string }[] }
    expect(list.deadLetters.map((d) => d.receipt)).toContain(receipt)
    await startIdleWorkflow(inc)
    const replay = await app.request(`/admin/dead-letters/${receipt}/replay`, {
      method: 'POST',
      headers: auth,
    })
    expect(await replay.json()).toMatchObject({ replays: 1, outcome: 'signalled' })
    await t.sql`update inbound_receipts set status = 'REJECTED' where receipt = ${receipt}`
    expect(
      (
        await app.request(`/admin/dead-letters/${receipt}/discard`, {
          method: 'POST',
          headers: auth,
        })
      ).status
    ).toBe(400)
    const discard = await app.request(`/admin/dead-letters/${receipt}/discard`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'duplicate of the vendor ticket' }),
    })
    expect(await discard.json()).toMatchObject({
      receipt,
      status: 'DISCARDED',
      discardedBy: 'adapters/admin-route',
      discardReason: 'duplicate of the vendor ticket',
    })
    expect(
      (await t.sql`select status from inbound_receipts where receipt = ${receipt}`)[0]!.status
    ).toBe('DISCARDED')
    expect(
      (
        await app.request(`/admin/dead-letters/${receipt}/replay`, {
          method: 'POST',
          headers: auth,
        })
      ).status
    ).toBe(409)
    const health = await (
      await app.request('/admin/parties/stratus/health', { headers: auth })
    ).json()
    expect(health).toMatchObject({
      party: 'stratus',
      inbound: { deadLetters: 0 },
      intake: { accepted: expect.any(Number) },
    })
  })

  it('re-signals receipts still RECORDED after the sweep delay', async () => {
    const res = await postAsStratus(ack(), { messageId: 'm-sweep' })
    const { receipt } = (await res.json()) as { receipt: string }
    await intake.relay!.drain()
    // signalled a minute ago and still not applied (no worker here): the sweep signals it again
    await t.sql`update inbound_receipts set received_at = now() - interval '1 minute', signalled_at = now() - interval '1 minute' where receipt = ${receipt}`
    const result = await sweepReceipts(
      { db: t.db, temporal: client, taskQueue, logger },
      { olderThanSeconds: 30 }
    )
    expect(result.signalled).toBeGreaterThanOrEqual(1)
    expect(
      (await t.sql`select signalled_at from inbound_receipts where receipt = ${receipt}`)[0]!
        .signalled_at
    ).not.toBeNull()
  })

  it('answers 503, not 500, when Postgres refuses connections', async () => {
    const down: DbHandle = createDb({
      url: 'postgres://postgres@127.0.0.1:1/none',
      max: 1,
      connectTimeoutSeconds: 2,
    })
    const offline = createAdaptersApp({
      db: down.db,
      temporal: client,
      masterKey,
      taskQueue,
      logger,
    })
    const res = await offline.request(
      '/webhooks/stratus',
      signedInit('canonical', stratus.inboundSecret, ack())
    )
    expect(res.status).toBe(503)
    expect((await offline.request('/readyz')).status).toBe(503)
    await down.close()
  })

  it('serves health, readiness and an OpenAPI 3.1 document of every dialect', async () => {
    expect((await app.request('/healthz')).status).toBe(200)
    expect(await (await app.request('/readyz')).json()).toMatchObject({ ok: true })
    const doc = (await (await app.request('/openapi.json')).json()) as {
      openapi: string
      components: { schemas: Record<string, unknown> }
    }
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'CanonicalWebhook',
        'PagerDutyWebhook',
        'JiraWebhook',
        'ServiceNowRecord',
        'OutboundMessage',
      ])
    )
  })

  it('counts webhook answers by party and status on the metrics port, not on the vendors’ one', async () => {
    await post('stratus', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ack()),
    })
    const metrics = await serveMetrics({ port: 0, hostname: '127.0.0.1' })
    try {
      const text = await (await fetch(`http://127.0.0.1:${metrics.port}/metrics`)).text()
      expect(text).toMatch(/baton_webhooks_total\{party="stratus",status="401"\} [1-9]/)
    } finally {
      await metrics.close()
    }
    expect((await app.request('/metrics')).status).toBe(404)
  })

  it('takes no label value from unauthenticated input: 200 requests to random slugs add no series', async () => {
    const series = async () =>
      (await registry.metrics()).split('\n').filter((l) => l.startsWith('baton_webhooks_total{'))
    await post(`nobody-${randomUUID()}`, { method: 'POST', body: '{}' })
    const before = await series()
    for (let i = 0; i < 200; i++)
      await post(`nobody-${randomUUID()}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
    const after = await series()
    expect(after.length).toBe(before.length)
    expect(after.join('\n')).not.toMatch(/nobody-/)
    expect(after.join('\n')).toMatch(/baton_webhooks_total\{party="unknown",status="404"\} [1-9]/)
  })
})
