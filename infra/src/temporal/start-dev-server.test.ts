import { spawn, spawnSync } from 'node:child_process'
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
    // Aborted as soon as the server process exists, before its frontend can open (that takes it
    // 100 ms or more).
    await expect.poll(() => serversOnPort(port), { timeout: 5_000, interval: 10 }).toHaveLength(1)
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

  it('stops the server when its launcher is killed outright (SIGKILL), instead of leaving it running', async () => {
    const binary = await ensureTemporalBinary(projectRoot, () => {})
    const port = 17000 + Math.floor(Math.random() * 20000)
    const launcherCode = `
      const { startDevServer } = await import(${JSON.stringify(new URL('./start-dev-server.ts', import.meta.url).href)})
      await startDevServer({ binary: ${JSON.stringify(binary)}, port: ${port}, headless: true })
      console.log('up')
      setInterval(() => {}, 1000)
    `
    const launcher = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', launcherCode],
      { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] }
    )
    await new Promise<void>((resolve, reject) => {
      launcher.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('up')) resolve()
      })
      launcher.once('exit', () => reject(new Error('the launcher exited before the server was up')))
    })
    expect(serversOnPort(port)).toHaveLength(1)
    launcher.kill('SIGKILL')
    await expect.poll(() => serversOnPort(port), { timeout: 10_000, interval: 100 }).toEqual([])
  }, 90_000)
})
