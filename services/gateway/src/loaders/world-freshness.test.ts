import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pino } from 'pino'
import { createGatewayApp, type GatewayApp } from '../app/create-gateway-app.ts'
import { createGatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts'

// The world snapshot and token lookups are kept per process within a bound (deps.freshness):
// changes made elsewhere show once it passes, a mutation through this process shows at once.
let f: GatewayFixture
let admin: string
const HOUR = 3_600_000

beforeAll(async () => {
  f = await createGatewayFixture()
  admin = await f.token('ADMIN')
})
afterAll(async () => {
  await f?.close()
})

function appWith(freshness: { tokenMs?: number; worldMs?: number }): GatewayApp {
  return createGatewayApp({
    db: f.t,
    temporal: f.client,
    taskQueue: 'unused',
    logger: pino({ level: 'silent' }),
    publicUrl: 'http://127.0.0.1',
    freshness,
  })
}
async function gql(app: GatewayApp, token: string, query: string) {
  const res = await app.request('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  })
  return {
    status: res.status,
    body: (await res.json()) as {
      data?: Record<string, unknown>
      errors?: { extensions?: { code?: string } }[]
    },
  }
}
const nameOf = async (app: GatewayApp, slug: string) =>
  (
    (await gql(app, admin, '{ parties { slug name } }')).body.data?.parties as {
      slug: string
      name: string
    }[]
  ).find((p) => p.slug === slug)?.name
const rename = (app: GatewayApp, slug: string, name: string) =>
  gql(
    app,
    admin,
    `mutation { upsertParty(input: { slug: "${slug}", name: "${name}", kind: MSSP }) { party { name } } }`
  )

describe('per-process caches within their bound', () => {
  it('keep the world until the bound passes, but see a world change made through this process at once', async () => {
    const app = appWith({ worldMs: HOUR })
    try {
      const before = await nameOf(app, 'stratus')
      await f.t.sql`update parties set name = 'Stratus Elsewhere' where slug = 'stratus'`
      expect(await nameOf(app, 'stratus')).toBe(before)
      expect((await rename(app, 'sentinel', 'Sentinel Renamed Here')).body.errors).toBeUndefined()
      expect(await nameOf(app, 'sentinel')).toBe('Sentinel Renamed Here')
      // The check the mutation forced also brought in the change made elsewhere.
      expect(await nameOf(app, 'stratus')).toBe('Stratus Elsewhere')
      expect(await nameOf(appWith({ worldMs: 0 }), 'stratus')).toBe('Stratus Elsewhere')
    } finally {
      await app.close()
    }
  })

  it('accept a token revoked elsewhere until the bound passes; a revocation through this process takes effect at once', async () => {
    const app = appWith({ tokenMs: HOUR })
    const strict = appWith({ tokenMs: 0 })
    try {
      const viewer = await f.token('VIEWER')
      expect((await gql(app, viewer, '{ __typename }')).status).toBe(200)
      await f.t
        .sql`update api_tokens set revoked_at = now() where name = 'test-viewer' and revoked_at is null`
      expect((await gql(app, viewer, '{ __typename }')).status).toBe(200)
      expect((await gql(strict, viewer, '{ __typename }')).status).toBe(401)
      // Any mutation here forgets the cached lookups, so the revocation now shows.
      expect((await rename(app, 'sentinel', 'Sentinel Again')).body.errors).toBeUndefined()
      expect((await gql(app, viewer, '{ __typename }')).status).toBe(401)

      const other = await f.token('INTEGRATOR')
      expect((await gql(app, other, '{ __typename }')).status).toBe(200)
      const [{ id }] = (await f.t.sql<
        { id: string }[]
      >`select id from api_tokens where name = 'test-integrator'`) as unknown as [{ id: string }]
      expect(
        (await gql(app, admin, `mutation { revokeApiToken(id: "${id}") }`)).body.data
          ?.revokeApiToken
      ).toBe(true)
      expect((await gql(app, other, '{ __typename }')).status).toBe(401)
    } finally {
      await app.close()
      await strict.close()
    }
  })
})
