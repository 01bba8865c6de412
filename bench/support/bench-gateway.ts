// The gateway on an ephemeral loopback port over a bench stack, with a token (ADMIN unless
// `role` says otherwise): what the gateway and console benches share. `taskQueue` is the incident
// workers' queue (a never-served one for read-only benches).
import { randomUUID } from 'node:crypto'
import { pino } from 'pino'
import { createApiToken, type ApiTokenRole } from '@baton/db'
import { createGatewayApp } from '../../services/gateway/src/app/create-gateway-app.ts'
import { serveGateway } from '../../services/gateway/src/app/serve-gateway.ts'
import type { BenchStack } from './bench-stack.ts'

/** The console's incidents page: 50 rows with holder, live clocks and bonds. */
export const INCIDENTS_PAGE =
  '{ incidents(first: 50) { nodes { key holder { name } clocks { state remaining } bonds { party { slug } } } } }'

export type BenchGateway = {
  /** http://127.0.0.1:<port> */
  origin: string
  /** http://127.0.0.1:<port>/graphql */
  url: string
  token: string
  /** POSTs one document with the token; throws on an HTTP or GraphQL error. */
  post: <T = unknown>(query: string, variables?: Record<string, unknown>) => Promise<T>
  close: () => Promise<void>
}

export async function startBenchGateway(
  stack: BenchStack,
  o: { taskQueue?: string; role?: ApiTokenRole } = {}
): Promise<BenchGateway> {
  const app = createGatewayApp({
    db: stack.db,
    temporal: stack.client,
    taskQueue: o.taskQueue ?? `bench-unused-${randomUUID()}`,
    logger: pino({ level: 'silent' }),
    publicUrl: 'http://127.0.0.1',
  })
  const served = await serveGateway(app, { port: 0 })
  const role = o.role ?? 'ADMIN'
  const { token } = await createApiToken(stack.db.db, {
    name: `bench-${role.toLowerCase()}`,
    role,
    partyId: null,
  })
  const url = `${served.url}/graphql`
  return {
    origin: served.url,
    url,
    token,
    async post<T>(query: string, variables?: Record<string, unknown>) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      })
      const json = (await res.json()) as { data?: T; errors?: unknown }
      if (res.status !== 200 || json.errors || !json.data)
        throw new Error(`${res.status} ${JSON.stringify(json.errors).slice(0, 300)}`)
      return json.data
    },
    close: () => served.close(),
  }
}
