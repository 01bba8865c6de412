import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Client } from '@temporalio/client'
import type { TestDatabase } from '@baton/db/testing'
import { incidentWorkflowId } from '@baton/temporal'
import { createAdaptersAppWithState } from '../app/create-adapters-app.ts'
import type { SeededVendor } from '../testing/index.ts'
import { signedInit } from '../testing/index.ts'
import type { IntakeTest } from '../testing/intake-test.ts'
import {
  openIntakeTest,
  seedStratus,
  seedStratusIncident,
  startIdleIncidentWorkflow,
  testLogger as logger,
} from '../testing/intake-test.ts'
import { ReceiptBatcher } from './receipts/group-commit.ts'
import { recordReceipts, type ReceiptInput } from './receipts/receipt-statement.ts'
import { newReceiptId } from './receipts/receipt-rows.ts'
import { sweepReceipts } from './signalling/sweep-receipts.ts'

// Intake answers 202 once the receipt is committed and signals afterwards: what must still hold.
let x: IntakeTest
let taskQueue: string
let t: TestDatabase
let client: Client
let stratus: SeededVendor

async function bondedIncident(clientKey: string) {
  const inc = await seedStratusIncident(t.db, stratus, clientKey)
  await startIdleIncidentWorkflow(client, taskQueue, inc)
  return inc
}
/** The messageIds the incident workflow was signalled with, in history order (a batch in its order). */
async function signalled(key: string): Promise<string[]> {
  const history = await client.workflow.getHandle(incidentWorkflowId(key)).fetchHistory()
  return (history.events ?? []).flatMap((e) => {
    const data = e.workflowExecutionSignaledEventAttributes?.input?.payloads?.[0]?.data
    if (!data) return []
    const payload = JSON.parse(Buffer.from(data).toString('utf8')) as
      { messageId: string } | { messages: { messageId: string }[] }
    return 'messages' in payload ? payload.messages.map((m) => m.messageId) : [payload.messageId]
  })
}
/** Signals per incident: the relay sends an incident's pending receipts together. */
async function signalCount(key: string): Promise<number> {
  const history = await client.workflow.getHandle(incidentWorkflowId(key)).fetchHistory()
  return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes).length
}
const comment = (incident: { key: string }, body: string) => ({
  type: 'incident.comment',
  incident: { id: incident.key },
  occurredAt: new Date().toISOString(),
  data: { body },
})

beforeAll(async () => {
  x = await openIntakeTest({ queue: 'test-intake-order' })
  ;({ t, client, taskQueue } = x)
  stratus = await seedStratus(t.db, { kind: 'CLOUD', integration: { ratePerSecond: 100_000 } })
})
afterAll(async () => {
  await x?.close()
})

describe('intake answers once the receipt is durable; the relay signals', () => {
  it('signals the messages of one incident in the order their receipts were committed, even when they arrive together', async () => {
    const { app, intake } = createAdaptersAppWithState(x.deps())
    const [a, b] = [await bondedIncident('order-a'), await bondedIncident('order-b')]
    const sends = Array.from({ length: 60 }, (_, i) =>
      app.request(
        '/webhooks/stratus',
        signedInit('canonical', stratus.inboundSecret, comment(i % 3 === 2 ? b : a, `note ${i}`), {
          messageId: `order-${i}`,
        })
      )
    )
    expect((await Promise.all(sends)).map((r) => r.status)).toEqual(Array(60).fill(202))
    await intake.relay!.drain()
    for (const inc of [a, b]) {
      const receipts = await t.sql<
        { message_id: string }[]
      >`select message_id from inbound_receipts where incident_id = ${inc.id} order by id`
      expect(receipts.length).toBe(inc === a ? 40 : 20)
      expect(await signalled(inc.key)).toEqual(receipts.map((r) => `stratus/${r.message_id}`))
      // batched: an incident's receipts pending together go in one signal
      expect(await signalCount(inc.key)).toBeLessThan(receipts.length)
    }
    await intake.relay!.stop()
    // they were group-committed: fewer distinct commit instants than messages
    expect(
      (
        await t.sql`select count(distinct received_at)::int as n from inbound_receipts where message_id like 'order-%'`
      )[0]!.n
    ).toBeLessThan(60)
  })

  it('answers two copies of one message sent at once with one 202 and one 200 carrying the same receipt', async () => {
    const { app, intake } = createAdaptersAppWithState(x.deps())
    const inc = await bondedIncident('twins')
    const init = signedInit('canonical', stratus.inboundSecret, comment(inc, 'twice'), {
      messageId: 'twin',
    })
    const answers = await Promise.all([
      app.request('/webhooks/stratus', init),
      app.request('/webhooks/stratus', init),
    ])
    expect(answers.map((r) => r.status).sort()).toEqual([200, 202])
    const [first, second] = await Promise.all(
      answers.map(async (r) => ((await r.json()) as { receipt: string }).receipt)
    )
    expect(first).toBe(second)
    await intake.relay!.drain()
    expect(await signalled(inc.key)).toEqual(['stratus/twin'])
    await intake.relay!.stop()
  })

  it('marks a receipt signalled once its signal landed, so a sweep does not signal it again while the workflow catches up', async () => {
    const { app, intake } = createAdaptersAppWithState(x.deps())
    const inc = await bondedIncident('marked')
    const res = await app.request(
      '/webhooks/stratus',
      signedInit('canonical', stratus.inboundSecret, comment(inc, 'once'), {
        messageId: 'marked-1',
      })
    )
    expect(res.status).toBe(202)
    const { receipt } = (await res.json()) as { receipt: string }
    await intake.relay!.drain()
    await intake.relay!.stop()
    // Received a minute ago and not applied (no worker here): only the fresh mark keeps the sweeper off it.
    await t.sql`update inbound_receipts set received_at = now() - interval '1 minute' where receipt = ${receipt}`
    const [row] = await t.sql<
      { status: string; signalled_at: Date | null }[]
    >`select status, signalled_at from inbound_receipts where receipt = ${receipt}`
    expect(row).toMatchObject({ status: 'RECORDED' })
    expect(row!.signalled_at).not.toBeNull()
    await sweepReceipts({ db: t.db, temporal: client, taskQueue, logger }, { olderThanSeconds: 30 })
    expect(await signalled(inc.key)).toEqual(['stratus/marked-1'])
  })

  it('loses nothing when the relay dies after the 202 and before the signal: the next relay pass signals it, with the same message id', async () => {
    const { app, intake } = createAdaptersAppWithState(x.deps())
    const inc = await bondedIncident('crash')
    await intake.relay!.stop() // no relay runs (the earlier tests' are stopped too), as after a SIGKILL
    const res = await app.request(
      '/webhooks/stratus',
      signedInit('canonical', stratus.inboundSecret, comment(inc, 'before the crash'), {
        messageId: 'crash-1',
      })
    )
    expect(res.status).toBe(202)
    const { receipt } = (await res.json()) as { receipt: string }
    expect(await signalled(inc.key)).toEqual([])
    await t.sql`update inbound_receipts set received_at = now() - interval '1 minute' where receipt = ${receipt}`
    const swept = await sweepReceipts(
      { db: t.db, temporal: client, taskQueue, logger },
      { olderThanSeconds: 30 }
    )
    expect(swept.signalled).toBeGreaterThanOrEqual(1)
    // the id the live signal would have carried, so the workflow drops whichever copy comes second
    expect(await signalled(inc.key)).toEqual(['stratus/crash-1'])
    expect(
      (await t.sql`select status from inbound_receipts where receipt = ${receipt}`)[0]!.status
    ).toBe('RECORDED')
  })
})

describe('group commit of receipts', () => {
  it('records the good rows of a batch in which one row fails, and fails that row alone', async () => {
    const inc = await bondedIncident('batch')
    const sizes: number[] = []
    const batcher = new ReceiptBatcher((inputs) => recordReceipts(t.db, inputs), {
      onBatch: (n) => sizes.push(n),
    })
    const row = (messageId: string, payload: unknown): ReceiptInput => ({
      receipt: newReceiptId(),
      partyId: stratus.id,
      messageId,
      bodyHash: messageId,
      ref: { byKey: inc.key },
      type: 'incident.comment',
      event: { type: 'comment' },
      payload,
    })
    const queued: string[] = []
    const results = await Promise.allSettled([
      batcher.record(row('batch-1', { n: 1 }), (o) => queued.push(o.kind)),
      batcher.record(row('batch-bad', { text: 'a\u0000b' })), // jsonb cannot store U+0000: Postgres refuses the row
      batcher.record(row('batch-3', { n: 3 }), (o) => queued.push(o.kind)),
    ])
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.kind : 'failed'))).toEqual([
      'recorded',
      'failed',
      'recorded',
    ])
    expect(sizes).toEqual([3, 1, 1, 1])
    expect(queued).toEqual(['recorded', 'recorded'])
    const stored = await t.sql<
      { message_id: string }[]
    >`select message_id from inbound_receipts where message_id like 'batch-%' order by id`
    expect(stored.map((r) => r.message_id)).toEqual(['batch-1', 'batch-3'])
  })

  it('answers a repeat, an unknown bond and a vendor ref to attach from one statement', async () => {
    const inc = await bondedIncident('outcomes')
    const base = {
      partyId: stratus.id,
      type: 'incident.comment',
      event: { type: 'comment' },
      payload: {},
    }
    const [first] = await recordReceipts(t.db, [
      { ...base, receipt: newReceiptId(), messageId: 'o-1', bodyHash: 'h1', ref: { byId: inc.id } },
    ])
    expect(first).toMatchObject({
      kind: 'recorded',
      incidentId: inc.id,
      incidentKey: inc.key,
      bondId: inc.bondId,
    })
    const outcomes = await recordReceipts(t.db, [
      { ...base, receipt: newReceiptId(), messageId: 'o-1', bodyHash: 'h1', ref: { byId: inc.id } },
      {
        ...base,
        receipt: newReceiptId(),
        messageId: 'o-2',
        bodyHash: 'h2',
        ref: { vendorRef: 'NOBODY-1' },
      },
      {
        ...base,
        receipt: newReceiptId(),
        messageId: 'o-3',
        bodyHash: 'h3',
        ref: { byKey: inc.key, vendorRef: 'STR-NEW' },
      },
    ])
    expect(outcomes).toEqual([
      { kind: 'repeat', receipt: (first as { receipt: string }).receipt, bodyHash: 'h1' },
      { kind: 'no-bond' },
      { kind: 'slow-path' },
    ])
    expect(
      (
        await t.sql`select count(*)::int as n from inbound_receipts where message_id in ('o-2', 'o-3')`
      )[0]!.n
    ).toBe(0)
  })
})
