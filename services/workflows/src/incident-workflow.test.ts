import { describe, expect, it } from 'vitest'
import { WorkflowUpdateFailedError } from '@temporalio/client'
import {
  commandUpdate,
  snapshotQuery,
  syncUpdate,
  vendorEventSignal,
  type IncidentWorkflowInput,
} from '@baton/temporal'
import {
  sentinelIncident,
  startIncident,
  useTestIncidentWorker,
} from './testing/incident-worker.test-support.ts'

const w = useTestIncidentWorker('incidents', [
  { slug: 'northwind', name: 'Northwind', kind: 'RETAINED' },
  { slug: 'sentinel', name: 'Sentinel', kind: 'MSSP' },
])

const declare = async (clientKey: string, extra: Partial<IncidentWorkflowInput> = {}) =>
  startIncident(
    w.client,
    w.taskQueue,
    await sentinelIncident(w.t.db, clientKey, 'Credential stuffing', extra)
  )

describe('incident workflow', () => {
  it('records the declaration and the acknowledgement in the ledger and the projection', async () => {
    const { inc, handle } = await declare('wf-1')
    const result = await handle.executeUpdate(commandUpdate, {
      args: [{ type: 'acknowledged', at: '2026-03-06T20:04:00.000Z', party: 'sentinel' }],
    })
    expect(result).toMatchObject({ seq: 2, status: 'ACKNOWLEDGED', holder: 'sentinel' })
    const rows = await w.t
      .sql`select seq, type, actor from ledger_entries where incident_id = ${inc.id} order by seq`
    expect(rows.map((r) => [r.seq, r.type, r.actor])).toEqual([
      [1, 'opened', 'northwind'],
      [2, 'acknowledged', 'sentinel'],
    ])
    const [row] = await w.t.sql`select status, acknowledged_at from incidents where id = ${inc.id}`
    expect(row!.status).toBe('ACKNOWLEDGED')
    expect(new Date(row!.acknowledged_at).toISOString()).toBe('2026-03-06T20:04:00.000Z')
  })

  it('refuses an acknowledgement by a party that does not hold the incident, writing nothing', async () => {
    const { inc, handle } = await declare('wf-2')
    const attempt = handle.executeUpdate(commandUpdate, {
      args: [{ type: 'acknowledged', at: '2026-03-06T20:04:00.000Z', party: 'northwind' }],
    })
    await expect(attempt).rejects.toBeInstanceOf(WorkflowUpdateFailedError)
    await expect(attempt).rejects.toMatchObject({ cause: { type: 'BatonConflict' } })
    const history = await handle.fetchHistory()
    expect(JSON.stringify(history.events)).not.toContain('acknowledged')
    const [n] = await w.t
      .sql`select count(*)::int as n from ledger_entries where incident_id = ${inc.id}`
    expect(n!.n).toBe(1)
  })

  it('applies the same vendor message once even when signalled twice', async () => {
    const { inc, handle } = await declare('wf-3')
    const message = {
      messageId: 'msg-1',
      receipt: 'rcpt-1',
      event: { type: 'acknowledged' as const, at: '2026-03-06T20:04:00.000Z', party: 'sentinel' },
    }
    await handle.signal(vendorEventSignal, message)
    await handle.signal(vendorEventSignal, message)
    await handle.executeUpdate(syncUpdate, { args: [{ minSeq: 2 }] })
    const snapshot = await handle.query(snapshotQuery)
    expect(snapshot.seq).toBe(2)
    const [n] = await w.t
      .sql`select count(*)::int as n from ledger_entries where incident_id = ${inc.id}`
    expect(n!.n).toBe(2)
  })

  it('applies every vendor message signalled while it prepares to continue as new', async () => {
    // Twenty messages into a run that continues as new every three entries: some arrive while a
    // run waits for its last writes before continuing, and must be applied by the next run.
    const { inc, handle } = await declare('wf-can-inbox', { maxEntriesPerRun: 3 })
    const at = new Date().toISOString()
    // One at a time, a few milliseconds apart: some land while a run flushes its last writes.
    for (let i = 0; i < 20; i++) {
      await handle.signal(vendorEventSignal, {
        messageId: `can-msg-${i}`,
        receipt: `can-rcpt-${i}`,
        event: { type: 'comment' as const, at, party: 'sentinel', body: `note ${i}` },
      })
      await new Promise((r) => setTimeout(r, 15))
    }
    // Read from the ledger (an update would hold the run open across its continue-as-new).
    await expect
      .poll(
        async () =>
          (
            await w.t
              .sql`select count(*)::int as n from ledger_entries where incident_id = ${inc.id}`
          )[0]!.n,
        { timeout: 30_000, interval: 250 }
      )
      .toBe(21)
    const rows = await w.t
      .sql`select data->>'body' as body from ledger_entries where incident_id = ${inc.id} and type = 'comment'`
    expect(rows.map((r) => r.body).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `note ${i}`).sort()
    )
  }, 60_000)

  it('continues as new before the history grows long, keeping its state, sequence and ledger', async () => {
    const { inc, handle } = await declare('wf-can', { maxEntriesPerRun: 5 })
    const firstRun = (await handle.describe()).runId
    for (let i = 0; i < 12; i++)
      await handle.executeUpdate(commandUpdate, {
        args: [
          { type: 'comment', at: new Date().toISOString(), party: 'sentinel', body: `note ${i}` },
        ],
      })
    const ack = await handle.executeUpdate(commandUpdate, {
      args: [{ type: 'acknowledged', at: new Date().toISOString(), party: 'sentinel' }],
    })
    expect(ack).toMatchObject({ seq: 14, status: 'ACKNOWLEDGED' })
    expect((await handle.describe()).runId).not.toBe(firstRun)
    const rows = await w.t
      .sql`select seq, type from ledger_entries where incident_id = ${inc.id} order by seq`
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1))
    expect(rows.filter((r) => r.type === 'comment')).toHaveLength(12)
  })
})
