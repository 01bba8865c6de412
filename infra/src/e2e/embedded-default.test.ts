import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createApiToken, createDb, type DbHandle } from '@baton/db'
import { createTestDatabase, type TestDatabase } from '@baton/db/testing'
import { VendorSimulator, loadSimulatedVendors } from '@baton/adapters/simulator'
import { launchStack, stackGraphql, type LaunchedStack } from '../testing/launch-stack.ts'
import { embeddedServerUnreachable } from '../postgres/embedded-postgres.ts'

// Issue 25: the default a newcomer meets. Two real `npm start`s side by side, each with its own
// Temporal dev server and demo vendors: one forced onto the embedded PostgreSQL
// (BATON_DATABASE=embedded, although 127.0.0.1:5432 answers here), one on a database of the
// machine's PostgreSQL (DATABASE_URL). Started together to keep the suite's time down.
// As root the embedded server runs as the OS user postgres, which cannot execute binaries in a
// checkout under a private home (/root is 0700): npm start refuses there with this reason, so the
// file is skipped, saying why, rather than failing on where the clone happens to live.
const cannotRunHere = await embeddedServerUnreachable(join(tmpdir(), 'postgres'))
if (cannotRunHere) console.warn(`embedded-default e2e skipped: ${cannotRunHere}`)

let embedded: LaunchedStack
let local: LaunchedStack
let localDb: TestDatabase
let embeddedDb: DbHandle
let embeddedOwnerUrl: string
/** The incidents each stack was asked to declare (what its vendors may hear about). */
const declaredOn = new Map<LaunchedStack, Set<string>>()

/** The embedded server's owner URL, from the port the launcher printed and the generated password. */
function embeddedUrl(stack: LaunchedStack): string {
  const printed =
    /Database: embedded-postgres \(postgres:\/\/127\.0\.0\.1:(\d+)\/baton; migrations as postgres, services as baton_app\)/.exec(
      stack.output()
    )
  if (!printed)
    throw new Error(`the stack did not run on the embedded PostgreSQL:\n${stack.output()}`)
  const password = readFileSync(join(stack.stateDir, 'postgres.password'), 'utf8').trim()
  return `postgres://postgres:${password}@127.0.0.1:${printed[1]}/baton`
}

beforeAll(async () => {
  if (cannotRunHere) return
  localDb = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
  const launched = await Promise.allSettled([
    launchStack({ env: { BATON_DATABASE: 'embedded' } }),
    launchStack({
      env: { DATABASE_URL: localDb.url, BATON_OWNER_DATABASE_URL: localDb.ownerUrl },
    }),
  ])
  // One that came up is stopped in afterAll even when the other did not.
  const [e, l] = launched
  if (e.status === 'fulfilled') embedded = e.value
  if (l.status === 'fulfilled') local = l.value
  for (const r of launched) if (r.status === 'rejected') throw r.reason
  embeddedOwnerUrl = embeddedUrl(embedded)
  embeddedDb = createDb({ url: embeddedOwnerUrl, max: 2, applicationName: 'e2e-embedded' })
}, 240_000)
afterAll(async () => {
  await embeddedDb?.close()
  const codes = await Promise.all([embedded?.stop(), local?.stop()])
  await localDb?.drop()
  // Both stop cleanly on SIGTERM, the embedded PostgreSQL included.
  if (embedded && local) expect(codes).toEqual([0, 0])
}, 120_000)

const DECLARE = 'mutation($i: DeclareIncidentInput!) { declareIncident(input: $i) { id key } }'
const partyIds = async (s: LaunchedStack) =>
  Object.fromEntries(
    (
      await stackGraphql<{ parties: { id: string; slug: string }[] }>(s, '{ parties { id slug } }')
    ).parties.map((p) => [p.slug, p.id])
  ) as Record<string, string>
async function declare(s: LaunchedStack, clientKey: string, holder: string) {
  const { declareIncident } = await stackGraphql<{ declareIncident: { id: string; key: string } }>(
    s,
    DECLARE,
    { i: { clientKey, title: 'Checkout answers 502', priority: 'P2', holderPartyId: holder } }
  )
  declaredOn.set(s, (declaredOn.get(s) ?? new Set()).add(declareIncident.id))
  return declareIncident
}

describe.skipIf(cannotRunHere)('npm start on the embedded PostgreSQL', () => {
  it('runs gateway, adapters and worker on real sessions and roles: a declared incident, a signed vendor webhook, the result through GraphQL, a VENDOR token under row-level security', async () => {
    expect(embedded.output()).toContain('BATON_DATABASE=embedded: using the embedded PostgreSQL')
    const ids = await partyIds(embedded)
    const incident = await declare(embedded, 'e2e-embedded', ids.sentinel!)

    // Sentinel (PagerDuty dialect) acknowledges through the real webhook, signed with its secret.
    const sim = new VendorSimulator({
      webhookBaseUrl: embedded.adaptersUrl,
      vendors: await loadSimulatedVendors(embeddedDb.db, embedded.masterKey),
    })
    const sent = await sim.send('sentinel', {
      type: 'incident.acknowledged',
      vendorRef: 'SEN-E2E-1',
      incidentId: incident.id,
    })
    expect(sent.status).toBe(202)

    const VIEW = `query($id: ID!) { incident(id: $id) { key status holder { slug } bonds { party { slug } vendorRef } } }`
    type View = {
      incident: {
        key: string
        status: string
        holder: { slug: string }
        bonds: { party: { slug: string }; vendorRef: string | null }[]
      } | null
    }
    await expect
      .poll(async () => (await stackGraphql<View>(embedded, VIEW, { id: incident.id })).incident, {
        timeout: 30_000,
        interval: 250,
      })
      .toMatchObject({
        key: incident.key,
        status: 'ACKNOWLEDGED',
        holder: { slug: 'sentinel' },
        bonds: expect.arrayContaining([{ party: { slug: 'sentinel' }, vendorRef: 'SEN-E2E-1' }]),
      })

    // The three services hold connections of their own at once, as baton_app.
    const sessions = await embeddedDb.sql<{ name: string; role: string }[]>`
      select distinct application_name as name, usename as role from pg_stat_activity
      where datname = 'baton' and application_name like 'baton-%'`
    expect(sessions).toEqual(
      expect.arrayContaining(
        ['baton-gateway', 'baton-adapters', 'baton-worker'].map((name) => ({
          name,
          role: 'baton_app',
        }))
      )
    )

    // A VENDOR token: Sentinel sees its incident, Bayside (never bonded to it) does not, and
    // PostgreSQL itself hides it from baton_vendor scoped to Bayside.
    const tokenOf = async (slug: string) =>
      (
        await createApiToken(embeddedDb.db, {
          name: `e2e-${slug}`,
          role: 'VENDOR',
          partyId: ids[slug]!,
        })
      ).token
    const seenBy = async (slug: string) =>
      (await stackGraphql<View>(embedded, VIEW, { id: incident.id }, await tokenOf(slug))).incident
    expect((await seenBy('sentinel'))?.key).toBe(incident.key)
    expect(await seenBy('bayside')).toBeNull()
    const rows = (party: string) =>
      embeddedDb.sql.begin(async (tx) => {
        await tx`select set_config('role', 'baton_app', true)`
        await tx`select set_config('role', 'baton_vendor', true), set_config('baton.vendor_party_id', ${party}, true)`
        return (await tx`select id from incidents where id = ${incident.id}`).length
      })
    expect(await rows(ids.sentinel!)).toBe(1)
    expect(await rows(ids.bayside!)).toBe(0)
  }, 90_000)
})

describe.skipIf(cannotRunHere)('plain npm start with the demo vendors', () => {
  it('delivers every outbound message of a declared incident to its own demo vendors, with no failed attempt, beside another stack', async () => {
    const stacks = [
      { stack: embedded, sql: embeddedDb.sql },
      { stack: local, sql: localDb.sql },
    ]
    const declared = await Promise.all(
      stacks.map(async ({ stack }) =>
        declare(stack, 'e2e-delivery', (await partyIds(stack)).vistula!)
      )
    )
    for (const [i, { stack, sql }] of stacks.entries()) {
      const incident = declared[i]!
      // Vistula is assigned the incident: delivered to its simulated endpoint, which answered
      // 200; nothing of this stack waits for a retry and every attempt in its ledger delivered.
      const snapshot = async () => ({
        vistula: (
          await sql<{ type: string; status: string; http: number | null }[]>`
            select d.type, d.status, d.last_http_status as http from outbound_deliveries d
            join parties p on p.id = d.party_id
            where d.incident_id = ${incident.id} and p.slug = 'vistula'`
        ).map((d) => `${d.type} ${d.status} ${d.http}`),
        notDelivered: (
          await sql<{ status: string }[]>`
            select status from outbound_deliveries where status not in ('DELIVERED', 'SKIPPED')`
        ).map((d) => d.status),
        attempts: (
          await sql<{ outcome: string }[]>`
            select distinct data->>'outcome' as outcome from ledger_entries
            where type = 'outbound.attempt' and incident_id = ${incident.id}`
        ).map((a) => a.outcome),
      })
      await expect.poll(snapshot, { timeout: 45_000, interval: 500 }).toMatchObject({
        vistula: expect.arrayContaining(['incident.assigned DELIVERED 200']),
        notDelivered: [],
        attempts: ['delivered'],
      })
      const outcomes = await sql<{ outcome: string }[]>`
        select distinct data->>'outcome' as outcome from ledger_entries where type = 'outbound.attempt'`
      expect(outcomes).toEqual([{ outcome: 'delivered' }])
      // Each stack's simulator received, signed with its own secrets, only its own incidents.
      const received = () =>
        stack
          .output()
          .split('\n')
          .filter((l) => l.startsWith('[vendors] '))
      await expect
        .poll(() => received().some((l) => l.includes(`incident ${incident.id}`)), {
          timeout: 5_000,
        })
        .toBe(true)
      for (const line of received()) {
        expect(line).toContain('signature verified')
        expect([...declaredOn.get(stack)!].some((id) => line.includes(`incident ${id}`))).toBe(true)
      }
      expect(stack.output()).not.toMatch(/retry:|Activity failed|BAD SIGNATURE/)
    }
    // Their vendors listen on ports of their own.
    const endpointOf = async (sql: typeof localDb.sql) =>
      (
        await sql<{ url: string }[]>`
          select integration->>'outboundUrl' as url from parties where slug = 'vistula'`
      )[0]!.url
    const [a, b] = await Promise.all(stacks.map(({ sql }) => endpointOf(sql)))
    expect(a).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/vistula\/baton$/)
    expect(a).not.toBe(b)
    expect(a).not.toContain(':4200/')
  }, 120_000)
})
