import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { inject } from 'vitest'
import { Client, Connection } from '@temporalio/client'
import { pino } from 'pino'
import {
  allocateIncident,
  applyWorld,
  createApiToken,
  recordIncidentEvent,
  type ApiTokenRole,
} from '@baton/db'
import { createTestDatabase, type TestDatabase } from '@baton/db/testing'
import { World } from '@baton/domain'
import { createGatewayApp, type GatewayApp } from '../app/create-gateway-app.ts'
import type { GatewayDeps } from '../context.ts'

const projectRoot = join(import.meta.dirname, '../../../..')
export const demoWorld = () =>
  World.parse(JSON.parse(readFileSync(join(projectRoot, 'infra/worlds/demo.world.json'), 'utf8')))

export type GatewayFixture = {
  t: TestDatabase
  app: GatewayApp
  client: Client
  partyId: (slug: string) => string
  token: (role: ApiTokenRole, party?: string) => Promise<string>
  gql: <T = Record<string, unknown>>(
    query: string,
    o?: { token?: string | null; variables?: Record<string, unknown> }
  ) => Promise<{
    status: number
    data?: T
    errors?: { message: string; extensions?: { code?: string } }[]
  }>
  seedIncident: (o: {
    clientKey: string
    holder: string
    priority?: string
    openedAt?: string
    involved?: string[]
    status?: string
    withEvents?: boolean
  }) => Promise<{ id: string; key: string }>
  close: () => Promise<void>
}

/** A test database with the demo world, the gateway app on it (no server), and helpers for tokens and seeded incidents. */
export async function createGatewayFixture(
  o: {
    taskQueue?: string
    exportKey?: { publicKeyPem: string; keyId: string }
    /** GatewayDeps passed through as they are (query limits, the console's dist directory) */
    deps?: Pick<GatewayDeps, 'limits' | 'consoleDist'>
  } = {}
): Promise<GatewayFixture> {
  const t = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
  await applyWorld(t.db, demoWorld(), {
    masterKey: 'test-master-key',
    resolveSecret: () => 'unused',
  })
  const partyRows = await t.sql<{ id: string; slug: string }[]>`select id, slug from parties`
  const ids = new Map(partyRows.map((r) => [r.slug, r.id]))
  const client = new Client({
    connection: await Connection.connect({ address: inject('temporalAddress') }),
  })
  const app = createGatewayApp({
    db: t,
    temporal: client,
    taskQueue: o.taskQueue ?? 'gateway-test-unused',
    logger: pino({ level: process.env.GW_LOG ?? 'silent' }),
    publicUrl: 'http://127.0.0.1',
    ...(o.exportKey ? { exportKey: o.exportKey } : {}),
    ...o.deps,
  })
  const partyId = (slug: string) => {
    const id = ids.get(slug)
    if (!id) throw new Error(`no party ${slug}`)
    return id
  }
  return {
    t,
    app,
    client,
    partyId,
    token: async (role, party) =>
      (
        await createApiToken(t.db, {
          name: `test-${role.toLowerCase()}${party ? `-${party}` : ''}`,
          role,
          partyId: party ? partyId(party) : null,
        })
      ).token,
    async gql(query, opts = {}) {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        accept: 'application/json',
      }
      if (opts.token) headers.authorization = `Bearer ${opts.token}`
      const res = await app.request('/graphql', {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables: opts.variables ?? {} }),
      })
      return { status: res.status, ...(await res.json()) }
    },
    async seedIncident(s) {
      const openedAt = s.openedAt ?? '2026-03-06T20:00:00.000Z'
      const inc = await allocateIncident(t.db, {
        clientKey: s.clientKey,
        title: `Incident ${s.clientKey}`,
        priority: s.priority ?? 'P1',
        holder: s.holder,
        openedAt,
      })
      await recordIncidentEvent(t.db, {
        incidentId: inc.id,
        seq: 1,
        idempotencyKey: `seed/${inc.key}/1`,
        at: openedAt,
        type: 'opened',
        actor: 'northwind',
        data: { holder: s.holder, priority: s.priority ?? 'P1', title: `Incident ${s.clientKey}` },
        projection: {
          title: `Incident ${s.clientKey}`,
          priority: s.priority ?? 'P1',
          status: s.status ?? 'OPEN',
          holder: s.holder,
          involvedParties: [s.holder, ...(s.involved ?? [])],
          // What the workflow persists: the events (for live clocks) and the custody segments.
          ...(s.withEvents
            ? {
                state: {
                  events: [
                    {
                      type: 'opened',
                      at: openedAt,
                      priority: s.priority ?? 'P1',
                      holder: s.holder,
                      title: `Incident ${s.clientKey}`,
                    },
                  ],
                  segments: [{ party: s.holder, from: openedAt, state: 'working' }],
                },
              }
            : {}),
        },
      })
      return inc
    },
    async close() {
      await app.close()
      await client.connection.close()
      await t.drop()
    },
  }
}
