// Temporary local config while infra's global setup is absent; delete when the root one works.
import { defineConfig } from 'vitest/config'
export default defineConfig({ test: { include: ['src/**/*.test.ts'], env: { TZ: 'UTC' } } })
