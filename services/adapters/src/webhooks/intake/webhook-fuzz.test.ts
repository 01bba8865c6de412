import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Dialect } from '@baton/domain'
import type { TestDatabase } from '@baton/db/testing'
import { createAdaptersApp } from '../../app/create-adapters-app.ts'
import type { SeededVendor } from '../../testing/index.ts'
import { seedBondedIncident, seedVendor, signedInit } from '../../testing/index.ts'
import type { IntakeTest } from '../../testing/intake-test.ts'
import { openIntakeTest, TEST_MASTER_KEY as masterKey } from '../../testing/intake-test.ts'

// 5,000 random or mutated requests: never a 5xx, and no refusal changes anything.
const fixtures = new URL('../../../fixtures/', import.meta.url)
const mappings = JSON.parse(readFileSync(new URL('mappings.json', fixtures), 'utf8')) as Record<
  string,
  never
>
const T = new Date('2026-03-06T20:05:00Z')
const samples: Record<Dialect, string[]> = {
  canonical: ['acknowledged', 'comment', 'handoff-requested', 'waiting', 'updated'],
  pagerduty: ['acknowledged', 'annotated', 'priority-updated'],
  jira: ['in-progress', 'comment-created', 'priority-changed'],
  servicenow: ['in-progress', 'work-note', 'priority-changed'],
}
const slugs: Record<Dialect, string> = {
  canonical: 'stratus',
  pagerduty: 'sentinel',
  jira: 'vistula',
  servicenow: 'bayside',
}
let x: IntakeTest
let t: TestDatabase
let app: ReturnType<typeof createAdaptersApp>
const vendors = {} as Record<Dialect, SeededVendor>
const state = async () =>
  (
    await t.sql`select (select count(*) from inbound_receipts)::int as r, (select count(*) from incidents)::int as i, (select count(*) from bonds)::int as b, (select count(*) from ledger_entries)::int as l, (select coalesce(string_agg(vendor_ref, ',' order by id), '') from bonds) as refs`
  )[0]!

beforeAll(async () => {
  x = await openIntakeTest({ queue: 'fuzz' })
  t = x.t
  for (const d of Object.keys(slugs) as Dialect[]) {
    vendors[d] = await seedVendor(t.db, {
      slug: slugs[d],
      masterKey,
      integration: { dialect: d, mappings: mappings[d], ratePerSecond: 1e6 },
    })
    await seedBondedIncident(t.db, {
      clientKey: `f-${d}`,
      holder: slugs[d],
      vendorPartyId: vendors[d].id,
    })
  }
  // unbonded refs: any mutated body that gets through maps to no incident (404) rather than a change
  app = createAdaptersApp(x.deps({ clock: () => T }))
})
afterAll(async () => {
  await x?.close()
})

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom(
    '',
    ' ',
    'null',
    '{}',
    '[]',
    '{"type":',
    '\u0000',
    '"\\ud800"',
    'NaN',
    '1e309',
    '{"__proto__":{"x":1}}'
  )
)
const headerValue = fc.oneof(
  fc.string({ unit: 'grapheme-ascii', maxLength: 200 }),
  fc.constantFrom(
    'v1,',
    'v1,AAAA',
    'v1=zz',
    'sha256=',
    '-1',
    '99999999999999',
    '1e10',
    'application/json',
    'text/plain'
  )
)
const mutate = (value: unknown, path: number, replacement: unknown): unknown => {
  if (value === null || typeof value !== 'object') return replacement
  const keys = Object.keys(value as object)
  if (keys.length === 0) return replacement
  const key = keys[path % keys.length]!
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string,
    unknown
  >
  if (path % 3 === 0) delete copy[key]
  else
    copy[key] = path % 2 === 0 ? replacement : mutate(copy[key], Math.floor(path / 7), replacement)
  return copy
}

type Case = { slug: string; init: RequestInit; signed: boolean }
const unsignedCase: fc.Arbitrary<Case> = fc
  .record({
    slug: fc.oneof(
      { arbitrary: fc.constantFrom(...Object.values(slugs)), weight: 6 },
      {
        arbitrary: fc.constantFrom('northwind', 'nobody', '..', '%2e%2e', 'a'.repeat(300)),
        weight: 1,
      },
      { arbitrary: fc.string({ maxLength: 30 }).map(encodeURIComponent), weight: 1 }
    ),
    body: fc.oneof(
      text,
      fc.jsonValue().map((v) => JSON.stringify(v))
    ),
    headers: fc.dictionary(
      fc.constantFrom(
        'content-type',
        'webhook-id',
        'webhook-timestamp',
        'webhook-signature',
        'x-pagerduty-signature',
        'x-hub-signature',
        'content-length'
      ),
      headerValue
    ),
  })
  .map(({ slug, body, headers }) => ({
    slug,
    signed: false,
    init: {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...headers,
        'content-length': String(Buffer.byteLength(body)),
      },
      body,
    },
  }))
const signedCase: fc.Arbitrary<Case> = fc
  .record({
    dialect: fc.constantFrom(...(Object.keys(slugs) as Dialect[])),
    which: fc.nat(),
    path: fc.nat({ max: 10_000 }),
    replacement: fc.oneof(fc.jsonValue(), text),
  })
  .map(({ dialect, which, path, replacement }) => {
    const names = samples[dialect]
    const fixture = JSON.parse(
      readFileSync(new URL(`${dialect}/${names[which % names.length]}.json`, fixtures), 'utf8')
    ) as unknown
    const body = mutate(fixture, path, replacement)
    return {
      slug: slugs[dialect],
      signed: true,
      init: signedInit(dialect, vendors[dialect].inboundSecret, JSON.stringify(body), { now: T }),
    }
  })

describe('webhook fuzzing', () => {
  it('answers 5,000 random or mutated requests without a 5xx, and refusals change nothing', async () => {
    const cases = [
      ...fc.sample(unsignedCase, { numRuns: 3500, seed: 42 }),
      ...fc.sample(signedCase, { numRuns: 1500, seed: 7 }),
    ]
    const statuses = new Map<number, number>()
    let before = await state()
    for (const c of cases) {
      const res = await app.request(`/webhooks/${c.slug}`, c.init)
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
      expect(res.status, `${c.slug} ${String(c.init.body).slice(0, 200)}`).toBeLessThan(500)
      if (!c.signed) expect(res.status).toBeGreaterThanOrEqual(400)
      if (c.signed) {
        const after = await state()
        if (res.status >= 400) expect(after).toEqual(before)
        before = after
      }
    }
    expect(await state()).toMatchObject({ l: 0 })
    expect(cases).toHaveLength(5000)
    console.log('fuzz statuses', Object.fromEntries([...statuses].sort()))
  }, 300_000)
})
