import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Dialect } from '@baton/domain'
import { generateWebhookSecret, handoffs, storePartySecret } from '@baton/db'
import type { TestDatabase } from '@baton/db/testing'
import { createAdaptersApp } from '../app/create-adapters-app.ts'
import type { SeededVendor } from '../testing/index.ts'
import { seedBondedIncident, seedVendor, signedInit } from '../testing/index.ts'
import type { IntakeTest } from '../testing/intake-test.ts'
import {
  openIntakeTest,
  startIdleIncidentWorkflow,
  TEST_MASTER_KEY as masterKey,
} from '../testing/intake-test.ts'

const fixtures = new URL('../../fixtures/', import.meta.url)
const mappings = JSON.parse(readFileSync(new URL('mappings.json', fixtures), 'utf8')) as Record<
  string,
  { priority: Record<string, string>; state: Record<string, string> }
>
const T = new Date('2026-03-06T20:05:00Z')

const vendors: Record<Dialect, { slug: string; ref: string }> = {
  canonical: { slug: 'stratus', ref: 'STR-4410' },
  pagerduty: { slug: 'sentinel', ref: 'SEN-5521' },
  jira: { slug: 'vistula', ref: 'VIS-311' },
  servicenow: { slug: 'bayside', ref: 'INC0012345' },
}
let x: IntakeTest
let t: TestDatabase
let app: ReturnType<typeof createAdaptersApp>
const seeded = {} as Record<Dialect, SeededVendor & { key: string; incidentId: string }>

// A canonical hand-off answer names a hand-off of its own incident (one of another incident is a 422).
const fixture = (dialect: Dialect, name: string) =>
  readFileSync(new URL(`${dialect}/${name}.json`, fixtures), 'utf8').replace(/INC-100[12]/g, (m) =>
    m === 'INC-1001'
      ? dialect === 'canonical'
        ? seeded.canonical.key
        : seeded.jira.key
      : seeded.servicenow.key
  )
const send = (
  dialect: Dialect,
  body: string,
  o: { secret?: string; now?: Date; via?: ReturnType<typeof createAdaptersApp> } = {}
) =>
  (o.via ?? app).request(
    `/webhooks/${vendors[dialect].slug}`,
    signedInit(dialect, o.secret ?? seeded[dialect].inboundSecret, body, { now: o.now ?? T })
  )

beforeAll(async () => {
  x = await openIntakeTest({ queue: 'test-dialects' })
  t = x.t
  for (const [dialect, v] of Object.entries(vendors) as [
    Dialect,
    { slug: string; ref: string },
  ][]) {
    const vendor = await seedVendor(t.db, {
      slug: v.slug,
      masterKey,
      integration: { dialect, mappings: mappings[dialect] as never },
    })
    const inc = await seedBondedIncident(t.db, {
      clientKey: `k-${v.slug}`,
      holder: v.slug,
      vendorPartyId: vendor.id,
      vendorRef: v.ref,
    })
    await startIdleIncidentWorkflow(x.client, x.taskQueue, inc, {
      holder: v.slug,
      openedAt: T.toISOString(),
    })
    seeded[dialect] = { ...vendor, key: inc.key, incidentId: inc.id }
  }
  // These cases test mapping: stratus and vistula answer offers on incidents they hold, so the
  // world grants a holder that (authority is tested in infra/src/e2e/vendor-authority.test.ts).
  await t.sql`update parties set authority = ${JSON.stringify({ handoff_accepted: { holder: 'allow' }, handoff_rejected: { holder: 'allow' } })}::jsonb where slug in ('stratus', 'vistula')`
  const stratusId = seeded.canonical.id
  await t.db.insert(handoffs).values({
    id: `${seeded.jira.key}-H1`,
    incidentId: seeded.jira.incidentId,
    fromPartyId: stratusId,
    toPartyId: seeded.jira.id,
    state: 'OFFERED',
    offeredAt: T,
  })
  await t.db.insert(handoffs).values({
    id: `${seeded.canonical.key}-H1`,
    incidentId: seeded.canonical.incidentId,
    fromPartyId: seeded.servicenow.id,
    toPartyId: stratusId,
    state: 'OFFERED',
    offeredAt: T,
  })
  app = createAdaptersApp(x.deps({ clock: () => T, partyCacheTtlMs: 0 }))
})
afterAll(async () => {
  await x?.close()
})

type Case = [Dialect, string, Record<string, unknown>]
const accepted: Case[] = [
  ['canonical', 'opened', { type: 'bonded' }],
  ['canonical', 'acknowledged', { type: 'acknowledged', party: 'stratus' }],
  ['canonical', 'handoff-accepted', { type: 'handoff_accepted', handoffId: 'INC-1001-H1' }],
  ['canonical', 'handoff-rejected', { type: 'handoff_rejected', reason: 'Not a hosting issue' }],
  [
    'canonical',
    'handoff-requested',
    { type: 'handoff_offered', from: 'stratus', to: 'vistula', reasonCode: 'APP_DEFECT' },
  ],
  ['canonical', 'waiting', { type: 'waiting', on: 'sentinel' }],
  ['canonical', 'resumed', { type: 'resumed' }],
  ['canonical', 'updated', { type: 'priority_changed', priority: 'P2' }],
  ['canonical', 'resolved', { type: 'resolved', resolution: 'Emergency WAF rules lifted' }],
  ['canonical', 'comment', { type: 'comment', body: 'Ranges blocked at the WAF' }],
  ['pagerduty', 'triggered', { type: 'bonded' }],
  [
    'pagerduty',
    'acknowledged',
    { type: 'acknowledged', party: 'sentinel', at: '2026-03-06T20:05:00.000Z' },
  ],
  ['pagerduty', 'reassigned', { type: 'handoff_offered', from: 'sentinel', to: 'stratus' }],
  [
    'pagerduty',
    'annotated',
    { type: 'comment', body: 'Blocking 185.220.0.0/16 at the edge; 2 hosts isolated.' },
  ],
  ['pagerduty', 'priority-updated', { type: 'priority_changed', priority: 'P2' }],
  ['pagerduty', 'resolved', { type: 'resolved', resolution: 'Attack subsided after WAF rules' }],
  ['jira', 'issue-created', { type: 'bonded' }],
  ['jira', 'in-progress', { type: 'acknowledged', party: 'vistula' }],
  ['jira', 'accepted', { type: 'handoff_accepted', party: 'vistula' }],
  [
    'jira',
    'rejected',
    { type: 'handoff_rejected', reason: 'WAF misconfiguration, not an application defect' },
  ],
  ['jira', 'waiting', { type: 'waiting', on: 'stratus', reason: 'Need WAF logs from Stratus' }],
  ['jira', 'resolved', { type: 'resolved', resolution: 'Fix shipped in 4.12.1' }],
  ['jira', 'priority-changed', { type: 'priority_changed', priority: 'P2' }],
  ['jira', 'comment-created', { type: 'comment', body: 'Deploying the fix to canary' }],
  ['servicenow', 'new', { type: 'bonded' }],
  ['servicenow', 'in-progress', { type: 'acknowledged', party: 'bayside' }],
  ['servicenow', 'on-hold', { type: 'waiting', on: 'northwind' }],
  [
    'servicenow',
    'resolved',
    { type: 'resolved', resolution: 'Terminals re-enrolled; staff can log in' },
  ],
  [
    'servicenow',
    'work-note',
    { type: 'comment', body: 'Manila desk picking up remaining tickets' },
  ],
  ['servicenow', 'priority-changed', { type: 'priority_changed', priority: 'P1' }],
]

describe('vendor dialects', () => {
  it.each(accepted)(
    '%s %s is recorded as its canonical event with the original payload',
    async (dialect, name, expected) => {
      const body = fixture(dialect, name)
      const res = await send(dialect, body)
      expect(res.status, await res.clone().text()).toBe(202)
      const { receipt } = (await res.json()) as { receipt: string }
      const [row] =
        await t.sql`select event, payload from inbound_receipts where receipt = ${receipt}`
      const want = Object.fromEntries(
        Object.entries(expected).map(([k, v]) => [
          k,
          typeof v === 'string'
            ? v.replace(
                /INC-1001/g,
                dialect === 'canonical' ? seeded.canonical.key : seeded.jira.key
              )
            : v,
        ])
      )
      if (dialect === 'jira' && name === 'accepted') want.handoffId = `${seeded.jira.key}-H1`
      expect(row!.event).toMatchObject(want)
      expect(row!.payload).toEqual(JSON.parse(body))
    }
  )

  it.each([
    ['pagerduty', 'escalated-unmapped', 'escalated', 'event.event_type'],
    ['pagerduty', 'unmapped-priority', 'SEV-0', 'event.data.priority.summary'],
    ['jira', 'unmapped-status', 'In Review', 'changelog.items.status.toString'],
    ['servicenow', 'unmapped-state', '8', 'state'],
  ] as [Dialect, string, string, string][])(
    '%s %s: an unmapped value is a 422 naming it, and nothing is recorded',
    async (dialect, name, value, field) => {
      const before = (await t.sql`select count(*)::int as n from inbound_receipts`)[0]!.n
      const res = await send(dialect, fixture(dialect, name))
      expect(res.status).toBe(422)
      const body = (await res.json()) as { error: { message: string; field: string } }
      expect(body.error.field).toBe(field)
      expect(body.error.message).toContain(`'${value}'`)
      expect((await t.sql`select count(*)::int as n from inbound_receipts`)[0]!.n).toBe(before)
    }
  )

  const fresh: Record<Dialect, [string, (s: string) => string]> = {
    canonical: ['comment', (s) => s],
    pagerduty: ['annotated', (s) => s.replace('01EVT3NOTE', `01EVT-${randomUUID()}`)],
    jira: [
      'comment-created',
      (s) => s.replace('1772827500000', String(1772827500000 + Math.floor(Math.random() * 10_000))),
    ],
    servicenow: ['work-note', (s) => s],
  }
  it.each(Object.keys(fresh) as Dialect[])(
    '%s: a bad or stale signature is 401, either secret of a rotation verifies',
    async (dialect) => {
      const [name, renew] = fresh[dialect]
      const wrong =
        dialect === 'canonical' || dialect === 'servicenow'
          ? generateWebhookSecret()
          : 'not-the-secret'
      expect((await send(dialect, renew(fixture(dialect, name)), { secret: wrong })).status).toBe(
        401
      )
      const later = createAdaptersApp(
        x.deps({ clock: () => new Date(T.getTime() + 6 * 60_000), partyCacheTtlMs: 0 })
      )
      expect((await send(dialect, renew(fixture(dialect, name)), { via: later })).status).toBe(401)
      const next =
        dialect === 'canonical' || dialect === 'servicenow'
          ? generateWebhookSecret()
          : `rotated-${randomUUID()}`
      await storePartySecret(t.db, {
        partyId: seeded[dialect].id,
        purpose: 'inbound',
        plaintext: next,
        masterKey,
      })
      expect((await send(dialect, renew(fixture(dialect, name)), { secret: next })).status).toBe(
        202
      )
      expect((await send(dialect, renew(fixture(dialect, name)))).status).toBe(202)
    }
  )

  it('jira and pagerduty take the message id from the signed body, so a replayed body is a repeat', async () => {
    const body = fixture('pagerduty', 'acknowledged')
    const res = await send('pagerduty', body)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ duplicate: true })
  })
})
