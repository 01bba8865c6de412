import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createTestDatabaseWithParties, type TestDatabase } from '../testing/index.ts'
import { allocateIncident, recordIncidentEvent } from '../index.ts'
import { listIncidents } from './incident-reads.ts'

// The page reads each row's state once per row version (the statement leaves it out when it is
// already held): a new event must show on the very next page, and a page must never pair one
// version's columns with another version's state.
let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabaseWithParties(inject('pgAdminUrl'), inject('pgTemplate'), [
    { slug: 'northwind', name: 'Northwind', kind: 'RETAINED' },
    { slug: 'stratus', name: 'Stratus', kind: 'CLOUD' },
  ])
})
afterAll(() => t?.drop())

const base = { title: 'Checkout down', priority: 'P1', holder: 'stratus' }
const at = (m: number) => new Date(Date.parse('2026-03-06T20:00:00Z') + m * 60_000).toISOString()

async function record(id: string, seq: number, status: string, marker: string) {
  await recordIncidentEvent(t.db, {
    incidentId: id,
    seq,
    idempotencyKey: `list/${id}/${seq}`,
    at: at(seq),
    type: 'comment',
    actor: 'stratus',
    data: {},
    projection: {
      ...base,
      status,
      state: { marker, segments: [], accountability: { secret: 'not listed' } },
    },
  })
}
const page = async () => (await listIncidents(t.db, { scope: null, first: 50 })).rows

describe('listIncidents', () => {
  it('gives every row the state of its own version, including right after a change', async () => {
    const a = await allocateIncident(t.db, { clientKey: 'list-a', ...base, openedAt: at(0) })
    const b = await allocateIncident(t.db, { clientKey: 'list-b', ...base, openedAt: at(1) })
    await record(a.id, 1, 'OPEN', 'a1')
    await record(b.id, 1, 'OPEN', 'b1')
    const first = await page()
    expect(first.map((r) => [r.key, r.status, (r.state as { marker: string }).marker])).toEqual([
      [b.key, 'OPEN', 'b1'],
      [a.key, 'OPEN', 'a1'],
    ])
    // What list fields never read is left out of the state.
    expect(first[0]!.state).not.toHaveProperty('accountability')
    expect(first[0]!.openedAt).toEqual(new Date(at(1)))
    expect(first[0]!.updatedAt).toBeInstanceOf(Date)

    await record(a.id, 2, 'ACKNOWLEDGED', 'a2')
    const second = await page()
    expect(
      second.map((r) => [r.key, r.status, r.lastSeq, (r.state as { marker: string }).marker])
    ).toEqual([
      [b.key, 'OPEN', 1, 'b1'],
      [a.key, 'ACKNOWLEDGED', 2, 'a2'],
    ])
    // The unchanged row's state is the very object of the first page: it was not read again.
    expect(second[0]!.state).toBe(first[0]!.state)
    expect(second[1]!.state).not.toBe(first[1]!.state)

    // A write made behind the application's back (SQL) is a new row version too.
    await t.sql`update incidents set state = jsonb_set(state, '{marker}', '"b-sql"') where id = ${b.id}`
    expect((await page())[0]!.state).toMatchObject({ marker: 'b-sql' })
  })

  it('applies filters and the party scope with the same rows', async () => {
    const filtered = await listIncidents(t.db, {
      scope: null,
      first: 50,
      filter: { status: ['ACKNOWLEDGED'] },
    })
    expect(filtered.rows.map((r) => (r.state as { marker: string }).marker)).toEqual(['a2'])
    expect(filtered.rows[0]!.openedAt).toBeInstanceOf(Date)
    const [stratus] = await t.sql<{ id: string }[]>`select id from parties where slug = 'stratus'`
    // Nothing is bonded to stratus here, so its scoped page is empty.
    expect(
      (await listIncidents(t.db, { scope: { partyId: stratus!.id }, first: 50 })).rows
    ).toEqual([])
  })
})
