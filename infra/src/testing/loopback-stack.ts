import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { pino } from 'pino'
import {
  createAdaptersApp,
  createAdaptersAppWithState,
  type AdaptersApp,
  type AdaptersDeps,
} from '@baton/adapters'
import {
  loadSimulatedVendors,
  VendorSimulator,
  type SimulatedVendor,
} from '@baton/adapters/simulator'
import { createGatewayApp, serveGateway, type ServedGateway } from '@baton/gateway'
import { TEST_MASTER_KEY, type Harness } from './e2e-harness.ts'

// The HTTP edges the e2e tests drive, on loopback ports the OS picks, over a harness's database,
// Temporal and task queue: the gateway alone, or the gateway beside the adapters with the
// simulated vendors posting signed webhooks to them, or beside the adapters app in process for
// tests that sign (and bend) the vendors' webhooks themselves.

/** The gateway over the harness, on a free loopback port. */
export function startGateway(h: Harness): Promise<ServedGateway> {
  return serveGateway(
    createGatewayApp({
      db: h.t,
      temporal: h.client,
      taskQueue: h.taskQueue,
      logger: pino({ level: 'silent' }),
      publicUrl: 'http://127.0.0.1',
    }),
    { port: 0 }
  )
}

/** The adapters over the harness's database, Temporal and task queue, with the test master key. */
const adaptersDeps = (h: Harness): AdaptersDeps => ({
  db: h.t.db,
  temporal: h.client,
  masterKey: TEST_MASTER_KEY,
  taskQueue: h.taskQueue,
  logger: pino({ level: 'silent' }),
})

export type LoopbackStack = {
  gw: ServedGateway
  sim: VendorSimulator
  /** Stops the gateway, the simulator and the adapters (not the harness). */
  close(): Promise<void>
}

/** The adapters and the world's simulated vendors in front of them, and the gateway. */
export async function startLoopbackStack(h: Harness): Promise<LoopbackStack> {
  const adapters = serve({
    fetch: createAdaptersApp(adaptersDeps(h)).fetch,
    port: 0,
    hostname: '127.0.0.1',
  })
  await new Promise((r) => adapters.once('listening', r))
  const sim = await new VendorSimulator({
    webhookBaseUrl: `http://127.0.0.1:${(adapters.address() as AddressInfo).port}`,
    vendors: await loadSimulatedVendors(h.t.db, TEST_MASTER_KEY),
  }).start()
  const gw = await startGateway(h)
  return {
    gw,
    sim,
    close: async () => {
      await gw.close()
      await sim.stop()
      adapters.close()
    },
  }
}

export type InProcessAdapters = {
  /** The adapters app, requested in process (`adapters.app.request`): no port, no simulator. */
  adapters: AdaptersApp
  /** The world's simulated vendors: each one's dialect, field mappings and inbound secret. */
  vendors: SimulatedVendor[]
  gw: ServedGateway
  /** Stops the gateway, the adapters' relay and intake-count flusher (not the harness). */
  close(): Promise<void>
}

/** The adapters app in process and the gateway on loopback, for tests that sign each webhook themselves. */
export async function startInProcessAdapters(
  h: Harness,
  o: Pick<AdaptersDeps, 'partyCacheTtlMs'> = {}
): Promise<InProcessAdapters> {
  const vendors = await loadSimulatedVendors(h.t.db, TEST_MASTER_KEY)
  const adapters = createAdaptersAppWithState({ ...adaptersDeps(h), ...o })
  const gw = await startGateway(h)
  return {
    adapters,
    vendors,
    gw,
    close: async () => {
      await gw.close()
      // As the adapters' main stops: otherwise the flusher's timer keeps running against the
      // harness's database after it is dropped.
      await adapters.intake.relay?.stop()
      await adapters.intakeCounts.stop()
    },
  }
}

export type GqlAnswer<T> = {
  status: number
  data?: T
  errors?: { message: string; extensions?: { code?: string } }[]
}

/** A GraphQL request to a served gateway over loopback HTTP, as `token`'s bearer (none when null). */
export async function postGraphql<T = Record<string, unknown>>(
  gw: { url: string },
  query: string,
  token: string | null,
  variables: Record<string, unknown> = {}
): Promise<GqlAnswer<T>> {
  const res = await fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  })
  return { status: res.status, ...(await res.json()) }
}
