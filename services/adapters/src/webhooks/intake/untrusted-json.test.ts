import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestDatabase } from '@baton/db/testing'
import { createAdaptersApp } from '../../app/create-adapters-app.ts'
import type { SeededVendor } from '../../testing/index.ts'
import { seedVendor, signedInit } from '../../testing/index.ts'
import type { StratusIntake } from '../../testing/intake-test.ts'
import { openStratusIntake, TEST_MASTER_KEY as masterKey } from '../../testing/intake-test.ts'

// Attack (issue 18, untrusted JSON): a vendor signs a small body whose arrays nest thousands deep.
// A recursive walk over it overflowed the stack (500); it is now refused with a 422 naming the limit.
let x: StratusIntake
let t: TestDatabase
let app: ReturnType<typeof createAdaptersApp>
let stratus: SeededVendor
let sentinel: SeededVendor
let incident: { key: string }

// Built as text: JSON.stringify itself would overflow on such a value.
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`
const withDeep = (body: object, depth: number) =>
  JSON.stringify(body).replace('"@deep"', nested(depth))
const comment = (extra: Record<string, unknown>) => ({
  type: 'incident.comment',
  incident: { id: incident.key },
  occurredAt: new Date().toISOString(),
  data: { body: 'note' },
  ...extra,
})
const receipts = async () =>
  (await t.sql`select count(*)::int as n from inbound_receipts`)[0]!.n as number

beforeAll(async () => {
  x = await openStratusIntake({ queue: 'json', clientKey: 'json-1' })
  ;({ t, stratus, incident } = x)
  sentinel = await seedVendor(t.db, {
    slug: 'sentinel',
    masterKey,
    integration: {
      dialect: 'pagerduty',
      mappings: { priority: {}, state: { annotated: 'incident.comment' } },
    },
  })
  app = createAdaptersApp(x.deps())
})
afterAll(async () => {
  await x?.close()
})

describe('untrusted JSON from a vendor', () => {
  it('refuses a signed 10 KB body with arrays nested 5,000 deep with a 422, recording nothing', async () => {
    const before = await receipts()
    const init = signedInit(
      'canonical',
      stratus.inboundSecret,
      withDeep(comment({ extra: '@deep' }), 5000)
    )
    expect(init.body.length).toBeGreaterThan(10_000)
    const res = await app.request('/webhooks/stratus', init)
    expect(res.status).toBe(422)
    expect(await res.json()).toMatchObject({
      error: {
        code: 'UNPROCESSABLE',
        field: '(body)',
        message: 'the body nests arrays or objects deeper than 64 levels',
      },
    })
    expect(await receipts()).toBe(before)
  })

  it('refuses the same nesting inside a PagerDuty body, whose schema passes unknown fields through', async () => {
    const at = new Date().toISOString()
    const body = {
      event: {
        id: `evt-${randomUUID()}`,
        event_type: 'incident.annotated',
        resource_type: 'incident',
        occurred_at: at,
        data: { id: 'PNOTE', type: 'incident_note', content: 'x', custom: '@deep' },
      },
    }
    const res = await app.request(
      '/webhooks/sentinel',
      signedInit('pagerduty', sentinel.inboundSecret, withDeep(body, 5000))
    )
    expect(res.status).toBe(422)
    expect(await res.json()).toMatchObject({ error: { code: 'UNPROCESSABLE', field: '(body)' } })
  })

  it('refuses a body of more values than the limit, and still accepts ordinary nesting', async () => {
    const wide = await app.request(
      '/webhooks/stratus',
      signedInit(
        'canonical',
        stratus.inboundSecret,
        comment({ extra: Array.from({ length: 20_000 }, () => 0) })
      )
    )
    expect(wide.status).toBe(422)
    expect(await wide.json()).toMatchObject({
      error: { field: '(body)', message: 'the body holds more than 20000 JSON values' },
    })
    const ordinary = await app.request(
      '/webhooks/stratus',
      signedInit('canonical', stratus.inboundSecret, withDeep(comment({ extra: '@deep' }), 20))
    )
    expect(ordinary.status).toBe(202)
  })

  it('still names the field of a string Postgres cannot store, however deep it sits', async () => {
    const res = await app.request(
      '/webhooks/stratus',
      signedInit(
        'canonical',
        stratus.inboundSecret,
        comment({ extra: { a: [{ b: 'nul \u0000 here' }] } })
      )
    )
    expect(res.status).toBe(422)
    expect(await res.json()).toMatchObject({ error: { field: 'extra.a.0.b' } })
  })
})
