import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { pino } from 'pino'
import { Client, Connection } from '@temporalio/client'
import { applyWorld, createApiToken, settleIncident } from '@baton/db'
import { createTestDatabase, recordIncident, type TestDatabase } from '@baton/db/testing'
import { computeIncidentView } from '@baton/domain'
import { demoOutageEvents, demoWorld } from '@baton/domain/testing'
import { createGatewayApp, serveGateway, type ServedGateway } from '@baton/gateway'
import { formatOutageOutcome, readOutageOutcome } from './outage-outcome.ts'

// The outcome printed at the end of --play-outage is read from a real gateway over HTTP: here the
// docs/scenario.md P1 recorded in a test database as its workflow leaves it when closed (ledger,
// projection with the clocks as of the close, settlement with attribution and credits).
let t: TestDatabase
let client: Client
let gw: ServedGateway
let adminToken: string
let p1: Awaited<ReturnType<typeof recordIncident>>
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
  await applyWorld(t.db, demoWorld, { masterKey: 'k', resolveSecret: () => 'unused' })
  p1 = await recordIncident(t.db, 'outcome-p1', demoOutageEvents, demoWorld)
  const closedAt = demoOutageEvents.at(-1)!.at
  const { clocks } = computeIncidentView(
    { events: demoOutageEvents, world: demoWorld },
    new Date(closedAt)
  )
  await t.owner`update incidents set state = state || ${t.owner.json({ clocks } as never)}::jsonb where id = ${p1.id}`
  await settleIncident(t.db, {
    incidentId: p1.id,
    incidentKey: p1.key,
    workflowId: p1.workflowId,
    closedAt,
    events: demoOutageEvents,
    world: demoWorld,
  })
  adminToken = (await createApiToken(t.db, { name: 'outcome-admin', role: 'ADMIN' })).token
  client = new Client({
    connection: await Connection.connect({ address: inject('temporalAddress') }),
  })
  gw = await serveGateway(
    createGatewayApp({
      db: t,
      temporal: client,
      taskQueue: 'outage-outcome-unused',
      logger: pino({ level: 'silent' }),
      publicUrl: 'http://127.0.0.1',
    }),
    { port: 0 }
  )
})
afterAll(async () => {
  await gw?.close()
  await client?.connection.close()
  await t?.drop()
})

describe('the outcome printed after the played outage', () => {
  it('says who held the baton when, the breaches and their attribution, credits per vendor and the ledger check', async () => {
    const text = formatOutageOutcome(await readOutageOutcome({ url: gw.url, adminToken }, [p1.id]))
    const entries = (
      await t.sql<
        { n: number }[]
      >`select count(*)::int as n from ledger_entries where incident_id = ${p1.id}`
    )[0]!.n
    const lines = text.split('\n')
    const after = (heading: string, n: number) => {
      const at = lines.findIndex((l) => l.startsWith(heading))
      expect(at, text).toBeGreaterThanOrEqual(0)
      return lines.slice(at + 1, at + 1 + n)
    }
    expect(text).toContain(
      `${p1.key}  P1  Credential stuffing against checkout: CLOSED, opened Fri 15:00, resolved Sat 01:10`
    )
    expect(after('  Who held the baton:', 4)).toEqual([
      '    Fri 15:00 – Fri 15:41  Sentinel SecOps (SOC Pune)',
      '    Fri 15:41 – Fri 17:12  Stratus Cloud (Global support)',
      '    Fri 17:12 – Sat 00:38  Vistula Software (P1 on-call)',
      '    Sat 00:38 – Sat 01:10  Stratus Cloud (Global support)',
    ])
    expect(after('  Breaches (4):', 4).map((l) => l.replace(/ \(.*\)/, ''))).toEqual([
      '    Fri 15:35  UC stratus-hosting@1 RESPONSE PT15M: attributed to Stratus Cloud',
      '    Fri 15:35  OLA containment@1 HANDOFF_ACCEPT PT15M: attributed to Stratus Cloud',
      '    Fri 16:45  OLA handoff-acceptance@1 HANDOFF_ACCEPT PT15M: attributed to Vistula Software',
      '    Fri 19:00  SLA checkout-availability@1 RESOLUTION PT4H: attributed to Vistula Software',
    ])
    expect(text).toContain(`  Ledger: verified, ${entries} entries, hash chain intact`)
    const credits = lines.slice(lines.indexOf('Credits per vendor for 2026-03 (their scorecards):'))
    expect(
      credits.filter((l) => /^ {2}\S/.test(l)),
      text
    ).toEqual([
      '  Bayside Helpdesk         none',
      '  Sentinel SecOps          none',
      '  Stratus Cloud            USD 2,400.00',
      '  Vistula Software         USD 6,400.00',
    ])
  })

  it('names the service and the incident a linked one sits under', async () => {
    const p2 = await recordIncident(t.db, 'outcome-p2', demoOutageEvents, demoWorld)
    await t.owner`update incidents set parent_id = ${p1.id},
      service_id = (select id from services where slug = 'online-checkout') where id = ${p2.id}`
    const text = formatOutageOutcome(
      await readOutageOutcome({ url: gw.url, adminToken }, [p1.id, p2.id])
    )
    const lines = text.split('\n')
    const heading = (key: string) => lines.findIndex((l) => l.startsWith(`${key}  P1`))
    expect(lines[heading(p2.key) + 1], text).toBe(
      `  Service online-checkout, linked under ${p1.key}`
    )
    // The P1 has neither: its heading is followed by custody at once.
    expect(lines[heading(p1.key) + 1], text).toBe('  Who held the baton:')
  })

  it('says where the ledger is broken', async () => {
    await t.owner.begin(async (tx) => {
      await tx.unsafe('alter table ledger_entries disable trigger ledger_entries_append_only')
      await tx`update ledger_entries set data = data || '{"title":"edited"}'::jsonb where incident_id = ${p1.id} and seq = 1`
      await tx.unsafe('alter table ledger_entries enable trigger ledger_entries_append_only')
    })
    const text = formatOutageOutcome(await readOutageOutcome({ url: gw.url, adminToken }, [p1.id]))
    expect(text).toMatch(/ {2}Ledger: BROKEN at seq 1 \(.+\), 1 entries checked/)
  })
})
