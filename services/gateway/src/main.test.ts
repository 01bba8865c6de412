import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '@baton/db/testing'

const MAIN = ['--import', 'tsx', join(import.meta.dirname, 'main.ts')]

let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
})
afterAll(async () => {
  await t?.drop()
})

describe('gateway process', () => {
  // The process that reads the gateway's stdout can go first (`npm start`'s stack killed, a test
  // runner's parent killed): its log lines then meet a closed pipe, and its orderly stop must
  // still end the process rather than retry those lines for ever.
  it('stops within seconds on SIGTERM once the reader of its stdout is gone', async () => {
    const child = spawn(process.execPath, MAIN, {
      env: {
        ...process.env,
        DATABASE_URL: t.url,
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        BATON_GATEWAY_PORT: '0',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal }))
    )
    try {
      let stdout = ''
      await new Promise<void>((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`never listened: ${stdout}`)), 60_000)
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString()
          if (stdout.includes('gateway listening')) {
            clearTimeout(deadline)
            resolve()
          }
        })
      })
      // The reader goes: the pipe's read end closes, and the gateway's next write fails (EPIPE).
      child.stdout.destroy()
      const signalled = Date.now()
      child.kill('SIGTERM')
      const outcome = await Promise.race([
        exited,
        new Promise<'still running'>((r) => setTimeout(() => r('still running'), 10_000)),
      ])
      expect(outcome, stderr).toEqual({ code: 0, signal: null })
      expect(Date.now() - signalled).toBeLessThan(5_000)
    } finally {
      child.kill('SIGKILL')
    }
  }, 90_000)
})
