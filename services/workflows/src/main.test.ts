import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

describe('worker process', () => {
  it('exits non-zero when Temporal cannot be reached after its retries', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'main.ts')], {
      env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', TEMPORAL_ADDRESS: '127.0.0.1:1', BATON_WORKER_CONNECT_ATTEMPTS: '2', BATON_WORKER_METRICS_PORT: '0', LOG_LEVEL: 'fatal' },
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(r.status).toBe(1)
    expect(r.stdout + r.stderr).toContain('worker cannot start')
  }, 70_000)
})
