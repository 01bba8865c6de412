import { inject } from 'vitest'
import { pino } from 'pino'
import { createTestDatabase, type TestDatabase } from '@baton/db/testing'
import { createDeliveryActivities } from '../delivery/create-delivery-activities.ts'
import { TEST_MASTER_KEY } from './intake-test.ts'
import { isolateIncidentKeys, seedRetained } from './seed-vendor.ts'
import { startVendorEndpoint, type EndpointRequest } from './vendor-endpoint.ts'

// The set-up the adapters' delivery tests share (vitest only: not exported from ./index.ts, which
// the bench and the simulator import).

export type DeliveryTest = {
  t: TestDatabase
  /** the loopback vendor endpoint, pushing what it gets into `received` */
  endpoint: Awaited<ReturnType<typeof startVendorEndpoint>>
  /** the delivery activities on this database, the test master key, no jitter (random 0.5) */
  activities: () => ReturnType<typeof createDeliveryActivities>
  close: () => Promise<void>
}

/**
 * A test database cloned from the template with its incident keys moved (isolateIncidentKeys) and
 * the retained organisation `northwind`; a vendor endpoint answering `status()`.
 */
export async function openDeliveryTest(
  received: EndpointRequest[],
  status?: () => number
): Promise<DeliveryTest> {
  const t = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
  await isolateIncidentKeys(t.db)
  const endpoint = await startVendorEndpoint(received, status)
  await seedRetained(t.db)
  return {
    t,
    endpoint,
    activities: () =>
      createDeliveryActivities({
        db: t.db,
        masterKey: TEST_MASTER_KEY,
        logger: pino({ level: 'silent' }),
        random: () => 0.5,
      }),
    close: async () => {
      await endpoint.close()
      await t.drop()
    },
  }
}
