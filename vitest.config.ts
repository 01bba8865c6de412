import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

// What every project runs with. The projects take it from here rather than `extends: true`: a
// project that extends the root config inherits its globalSetup too, and vitest runs a project's
// global setup for each project with tests queued and the root config's once more, so `extends`
// started one Temporal dev server and one template database per project (ten in a full run).
const shared = {
  pool: 'forks' as const,
  testTimeout: 60_000,
  hookTimeout: 120_000,
  env: { TZ: 'UTC' },
}
const project = (name: string, root: string, extra: Record<string, unknown> = {}) => ({
  test: { ...shared, name, root, include: ['src/**/*.test.ts'], ...extra },
})

export default defineConfig({
  test: {
    ...shared,
    // One Temporal dev server and one migrated template database for the whole run: the root
    // config's global setup runs once, whichever projects run, and what it provides reaches every
    // project. Each test file clones its own database from the template and drops it afterwards.
    globalSetup: [resolve(import.meta.dirname, 'infra/src/testing/global-setup.ts')],
    projects: [
      project('@baton/domain', 'schema/domain'),
      project('@baton/db', 'schema/db'),
      project('@baton/graphql', 'schema/graphql'),
      project('@baton/temporal', 'schema/temporal'),
      project('@baton/workflows', 'services/workflows'),
      project('@baton/adapters', 'services/adapters'),
      project('@baton/gateway', 'services/gateway'),
      project('@baton/infra', 'infra'),
      // The console's components run in a simulated DOM; its tests need no database or Temporal.
      project('@baton/console', 'services/console', {
        environment: 'jsdom',
        include: ['src/**/*.test.{ts,tsx}'],
      }),
    ],
  },
})
