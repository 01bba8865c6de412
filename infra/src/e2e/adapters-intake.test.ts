import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve, type ServerType } from '@hono/node-server'
import { pino } from 'pino'
import { createAdaptersApp, sweepReceipts } from '@baton/adapters'
import { cooperativeVendor, loadSimulatedVendors, VendorSimulator } from '@baton/adapters/simulator'
import { createHarness, TEST_MASTER_KEY, type Harness } from '../testing/e2e-harness.ts'
import { freePort } from '../net/free-port.ts'

// Vendors (the simulator, in their own dialects) -> adapters over HTTP -> the real incident workflow -> ledger;
// and back: workflow -> delivery activities -> the simulator's endpoints.
const logger = pino({ level: 'silent' })
let h: Harness
let server: ServerType
let sim: VendorSimulator
let adaptersUrl: string

const ledger = (incidentId: string) =>
  h.t
    .sql`select seq, type, actor, data from ledger_entries where incident_id = ${incidentId} order by seq`
/** Resolves once the incident's ledger has an entry of `type` (fails after 30 s). */
const untilRecorded = (incidentId: string, type: string) =>
  expect
    .poll(async () => (await ledger(incidentId)).map((e) => e.type), { timeout: 30_000 })
    .toContain(type)
const declare = (clientKey: string, holder: string) =>
  h.declare({
    clientKey,
    title: 'Credential stuffing against checkout',
    priority: 'P1',
    holder,
    untilRecorded: false,
  })
/** A comment from `vendor` on the incident of key `key`, by the reference the vendor gives it. */
const comment = (vendor: string, key: string, body: string) => ({
  type: 'incident.comment' as const,
  vendorRef: `${vendor.toUpperCase()}-${key}`,
  incidentId: key,
  body,
})

beforeAll(async () => {
  // The simulator's port is chosen first: the world is applied with its endpoints as outboundUrls.
  const simPort = await freePort()
  h = await createHarness({
    scale: 1,
    delivery: true,
    outboundUrl: (slug) => `http://127.0.0.1:${simPort}/${slug}/baton`,
    isolateKeys: true,
  })
  const app = createAdaptersApp({
    db: h.t.db,
    temporal: h.client,
    masterKey: TEST_MASTER_KEY,
    taskQueue: h.taskQueue,
    deliveryTaskQueue: h.deliveryTaskQueue,
    logger,
    adminToken: 'admin-token-e2e-0123456789',
  })
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  adaptersUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  sim = await new VendorSimulator({
    webhookBaseUrl: adaptersUrl,
    vendors: await loadSimulatedVendors(h.t.db, TEST_MASTER_KEY),
    react: cooperativeVendor,
    port: simPort,
  }).start()
  await h.startWorker()
}, 120_000)
afterAll(async () => {
  await h?.stopWorker()
  await sim?.stop()
  server?.close()
  await h?.close()
})

describe('vendor adapters end to end', () => {
  it('delivers the assignment to the holder, whose signed acknowledgement is applied once by the workflow', async () => {
    const inc = await declare('e2e-ack', 'stratus')
    await expect
      .poll(async () => (await ledger(inc.id)).map((e) => e.type), {
        timeout: 30_000,
        interval: 200,
      })
      .toContain('acknowledged')
    const entries = await ledger(inc.id)
    expect(entries.filter((e) => e.type === 'acknowledged')).toHaveLength(1)
    expect(entries.find((e) => e.type === 'acknowledged')!.actor).toBe('stratus')
    expect(entries.filter((e) => e.type === 'outbound.attempt').map((e) => e.data)).toContainEqual(
      expect.objectContaining({ party: 'stratus', type: 'incident.assigned', outcome: 'delivered' })
    )
    const assigned = sim
      .messagesFor('stratus')
      .find((m) => m.message.incident.key === inc.key && m.message.type === 'incident.assigned')
    expect(assigned).toMatchObject({ verified: true, message: { type: 'incident.assigned' } })
    await expect
      .poll(
        async () =>
          (await h.t.sql`select status from inbound_receipts where incident_id = ${inc.id}`).map(
            (r) => r.status
          ),
        { timeout: 10_000 }
      )
      .toEqual(['APPLIED'])
  })

  it('opens an incident for triage from a PagerDuty-style trigger, then applies its acknowledgement by vendor ref', async () => {
    const opened = await sim.send('sentinel', {
      type: 'incident.opened',
      vendorRef: 'SEN-5521',
      title: 'Credential stuffing',
      priority: 'P1',
    })
    expect(opened.status).toBe(202)
    const [bond] = await h.t.sql`select incident_id from bonds where vendor_ref = 'SEN-5521'`
    await untilRecorded(bond!.incident_id, 'opened')
    expect(
      (await sim.send('sentinel', { type: 'incident.acknowledged', vendorRef: 'SEN-5521' })).status
    ).toBe(202)
    await untilRecorded(bond!.incident_id, 'acknowledged')
  })

  it('dead-letters an event the state machine refuses, without blocking the next one of the same bond', async () => {
    const inc = await declare('e2e-refused', 'vistula')
    await untilRecorded(inc.id, 'acknowledged')
    const resolve = {
      type: 'incident.resolved' as const,
      vendorRef: `VISTULA-${inc.key}`,
      incidentId: inc.key,
      reason: 'fixed',
    }
    expect((await sim.send('vistula', resolve)).status).toBe(202)
    expect((await sim.send('vistula', resolve)).status).toBe(202) // a second resolution: the state machine refuses it
    expect((await sim.send('vistula', comment('vistula', inc.key, 'still on it'))).status).toBe(202)
    await untilRecorded(inc.id, 'comment')
    // The refusal is marked on its receipt by its own write, which may land after the comment's
    // ledger entry when the two arrive in one batch: read until it has.
    const deadLetters = async () => {
      const list = (await (
        await fetch(`${adaptersUrl}/admin/dead-letters?party=vistula`, {
          headers: { authorization: 'Bearer admin-token-e2e-0123456789' },
        })
      ).json()) as { deadLetters: { incidentKey: string; status: string }[] }
      return list.deadLetters.filter((d) => d.incidentKey === inc.key).map((d) => d.status)
    }
    await expect.poll(deadLetters, { timeout: 15_000 }).toEqual(['REJECTED'])
    // ...and stays one: the comment after it was applied, not dead-lettered.
    expect(await deadLetters()).toEqual(['REJECTED'])
  })

  it('loses nothing when the replica that took the message never signals: the relay (and any sweep) signals it, the workflow applies once', async () => {
    const inc = await declare('e2e-sweep', 'bayside')
    await untilRecorded(inc.id, 'acknowledged')
    // an adapters replica whose own relay cannot signal (deadline 0 ms): the receipt is durable,
    // and whichever replica holds the relay's lease signals it
    const crashed = createAdaptersApp({
      db: h.t.db,
      temporal: h.client,
      masterKey: TEST_MASTER_KEY,
      taskQueue: h.taskQueue,
      logger,
      signalTimeoutMs: 0,
    })
    const down = serve({ fetch: crashed.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise((r) => down.once('listening', r))
    const sim2 = await new VendorSimulator({
      webhookBaseUrl: `http://127.0.0.1:${(down.address() as AddressInfo).port}`,
      vendors: await loadSimulatedVendors(h.t.db, TEST_MASTER_KEY),
    }).start()
    const sent = await sim2.send('bayside', comment('bayside', inc.key, 'terminals re-enrolled'))
    expect(sent.status).toBe(202)
    await sim2.stop()
    down.close()
    const sweep = () =>
      sweepReceipts(
        { db: h.t.db, temporal: h.client, taskQueue: h.taskQueue, logger },
        { olderThanSeconds: 0 }
      )
    const sweeps = [await sweep(), await sweep()]
    // a sweep may find it already signalled (or applied) by the relay: either way it is applied once
    expect(sweeps.every((s) => s.deadLettered === 0)).toBe(true)
    await expect
      .poll(async () => (await ledger(inc.id)).filter((e) => e.type === 'comment').length, {
        timeout: 30_000,
      })
      .toBe(1)
    await new Promise((r) => setTimeout(r, 500))
    expect((await ledger(inc.id)).filter((e) => e.type === 'comment')).toHaveLength(1)
  })
})
