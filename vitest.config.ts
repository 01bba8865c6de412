import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

// One Temporal dev server and one migrated template database for the whole run (globalSetup);
// each test file clones its own database from the template and drops it afterwards.
const project = (name: string, root: string, extra: Record<string, unknown> = {}) => ({
  extends: true as const,
  test: { name, root, include: ['src/**/*.test.ts'], ...extra },
})

export default defineConfig({
  test: {
    pool: 'forks',
    globalSetup: [resolve(import.meta.dirname, 'infra/src/testing/global-setup.ts')],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { TZ: 'UTC' },
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
