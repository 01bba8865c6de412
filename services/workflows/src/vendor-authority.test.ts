import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { WorkflowUpdateFailedError } from '@temporalio/client'
import { World, type IncidentEvent } from '@baton/domain'
import { testParty as party } from '@baton/domain/testing'
import { commandUpdate, snapshotQuery, syncUpdate, vendorEventSignal } from '@baton/temporal'
import {
  sentinelIncident,
  startIncident,
  useTestIncidentWorker,
} from './testing/incident-worker.test-support.ts'

// The workflow's last line behind the edges: the same authority table, against the exact state.

// vistula may not comment while it merely observes (an override narrowing a default).
const world = World.parse({
  parties: [
    party('northwind', 'RETAINED'),
    party('sentinel', 'MSSP'),
    party('vistula', 'APP_DEV', { authority: { comment: { observer: 'refuse' } } }),
  ],
})

const w = useTestIncidentWorker('authority', [
  { slug: 'northwind', name: 'Northwind', kind: 'RETAINED' },
  { slug: 'sentinel', name: 'Sentinel', kind: 'MSSP' },
  { slug: 'vistula', name: 'Vistula', kind: 'APP_DEV' },
])

const declare = async (clientKey: string) =>
  startIncident(
    w.client,
    w.taskQueue,
    await sentinelIncident(w.t.db, clientKey, 'Checkout down', { world })
  )
const signalled = (n: number, event: IncidentEvent) => ({
  messageId: `msg-${n}`,
  receipt: `rcpt-${randomUUID()}`,
  event,
})
const ledger = (id: string) =>
  w.t.sql<
    { seq: number; type: string; data: { code?: string; message?: string } }[]
  >`select seq, type, data from ledger_entries where incident_id = ${id} order by seq`

describe('vendor authority inside the incident workflow', () => {
  it('records a vendor event the table refuses as refused, and goes on with the next one', async () => {
    const { inc, handle } = await declare('auth-1')
    await handle.signal(
      vendorEventSignal,
      signalled(1, {
        type: 'comment',
        at: '2026-03-06T20:01:00.000Z',
        party: 'vistula',
        body: 'not yours to say',
      })
    )
    await handle.signal(
      vendorEventSignal,
      signalled(2, { type: 'acknowledged', at: '2026-03-06T20:02:00.000Z', party: 'sentinel' })
    )
    await handle.executeUpdate(syncUpdate, { args: [{ minSeq: 3 }] })
    const rows = await ledger(inc.id)
    expect(rows.map((r) => r.type)).toEqual(['opened', 'vendor_event.refused', 'acknowledged'])
    expect(rows[1]!.data).toMatchObject({
      code: 'NOT_PERMITTED',
      message: expect.stringContaining('comment/observer'),
    })
    expect((await handle.query(snapshotQuery)).status).toBe('ACKNOWLEDGED')
  })

  it("makes the holder's own priority change a request, refuses a vendor answering it, and lets staff accept it", async () => {
    const { inc, handle } = await declare('auth-2')
    await handle.signal(
      vendorEventSignal,
      signalled(1, {
        type: 'priority_changed',
        at: '2026-03-06T20:01:00.000Z',
        party: 'sentinel',
        priority: 'P3',
      })
    )
    await handle.signal(
      vendorEventSignal,
      signalled(2, {
        type: 'priority_changed',
        at: '2026-03-06T20:02:00.000Z',
        party: 'sentinel',
        priority: 'P3',
        requestId: `${inc.key}-P1`,
      })
    )
    await handle.executeUpdate(syncUpdate, { args: [{ minSeq: 3 }] })
    const rows = await ledger(inc.id)
    expect(rows.map((r) => r.type)).toEqual([
      'opened',
      'priority_change_requested',
      'vendor_event.refused',
    ])
    expect(rows[2]!.data).toMatchObject({
      code: 'NOT_PERMITTED',
      message: expect.stringContaining('only the retained party may'),
    })
    expect((await w.t.sql`select priority from incidents where id = ${inc.id}`)[0]!.priority).toBe(
      'P1'
    )
    await handle.executeUpdate(commandUpdate, {
      args: [
        {
          type: 'priority_changed',
          at: '2026-03-06T20:03:00.000Z',
          party: 'northwind',
          priority: 'P3',
          requestId: `${inc.key}-P1`,
        },
      ],
    })
    expect((await w.t.sql`select priority from incidents where id = ${inc.id}`)[0]!.priority).toBe(
      'P3'
    )
  })

  it("refuses a VENDOR token's command the table refuses before it enters history (BatonForbidden)", async () => {
    const { inc, handle } = await declare('auth-3')
    const attempt = handle.executeUpdate(commandUpdate, {
      args: [
        { type: 'comment', at: '2026-03-06T20:01:00.000Z', party: 'vistula', body: 'hi' },
        { vendor: 'vistula' },
      ],
    })
    await expect(attempt).rejects.toBeInstanceOf(WorkflowUpdateFailedError)
    await expect(attempt).rejects.toMatchObject({ cause: { type: 'BatonForbidden' } })
    const asOther = handle.executeUpdate(commandUpdate, {
      args: [
        { type: 'acknowledged', at: '2026-03-06T20:01:00.000Z', party: 'sentinel' },
        { vendor: 'vistula' },
      ],
    })
    await expect(asOther).rejects.toMatchObject({
      cause: { type: 'BatonForbidden', message: 'vistula cannot act as sentinel' },
    })
    expect((await ledger(inc.id)).map((r) => r.type)).toEqual(['opened'])
  })
})
