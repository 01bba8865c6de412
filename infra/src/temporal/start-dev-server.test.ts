import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ensureTemporalBinary } from './find-temporal-binary.ts'
import { startDevServer } from './start-dev-server.ts'

const projectRoot = resolve(import.meta.dirname, '../../..')
const serversOnPort = (port: number) =>
  spawnSync('pgrep', ['-f', `start-dev .*--port ${port} `], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)

describe('startDevServer', () => {
  it('kills the server it spawned and rejects with the reason when aborted while the server opens its port', async () => {
    const binary = await ensureTemporalBinary(projectRoot, () => {})
    const controller = new AbortController()
    const port = 17000 + Math.floor(Math.random() * 20000)
    const started = startDevServer({ binary, port, headless: true, signal: controller.signal })
    // Spawned synchronously; aborted before its frontend can open (that takes it 100 ms or more).
    expect(serversOnPort(port)).toHaveLength(1)
    controller.abort(new Error('stop requested'))
    const outcome = await started.then(
      async (server) => {
        await server.stop()
        return 'started'
      },
      (error: Error) => error.message
    )
    expect(outcome).toBe('stop requested')
    const deadline = Date.now() + 5_000
    while (serversOnPort(port).length > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50))
    expect(serversOnPort(port)).toEqual([])
  })
})
