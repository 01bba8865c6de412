import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const MAIN = ['--import', 'tsx', join(import.meta.dirname, 'main.ts')]
/** The worker's environment with neither Postgres nor Temporal reachable (port 1). */
const unreachableEnv = (connectAttempts: string, logLevel: string) => ({
  ...process.env,
  DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
  TEMPORAL_ADDRESS: '127.0.0.1:1',
  BATON_WORKER_CONNECT_ATTEMPTS: connectAttempts,
  BATON_WORKER_METRICS_PORT: '0',
  LOG_LEVEL: logLevel,
})

describe('worker process', () => {
  it('exits non-zero when Temporal cannot be reached after its retries', () => {
    const r = spawnSync(process.execPath, MAIN, {
      env: unreachableEnv('2', 'fatal'),
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(r.status).toBe(1)
    expect(r.stdout + r.stderr).toContain('worker cannot start')
  }, 70_000)

  it('stops at once on SIGTERM while it is still trying to reach Temporal, with no retry after it', async () => {
    const child = spawn(process.execPath, MAIN, {
      env: unreachableEnv('50', 'info'),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    for (const stream of [child.stdout, child.stderr])
      stream.on('data', (chunk: Buffer) => {
        output += chunk.toString()
      })
    // Signalled once it has failed to connect at least once, i.e. well inside its retry loop.
    await new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`never retried: ${output}`)), 40_000)
      const poll = setInterval(() => {
        if (output.includes('retrying')) {
          clearInterval(poll)
          clearTimeout(deadline)
          resolve()
        }
      }, 50)
    })
    const signalled = Date.now()
    child.kill('SIGTERM')
    const code = await new Promise<number | null>((resolve) =>
      child.once('exit', (c) => resolve(c))
    )
    expect(code).toBe(0)
    expect(Date.now() - signalled).toBeLessThan(5_000)
    const after = output.slice(output.indexOf('stop requested while starting'))
    expect(after).toContain('stop requested while starting')
    expect(after).not.toContain('retrying')
  }, 60_000)
})
