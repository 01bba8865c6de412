import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, it } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'baton-spawn-'))
/** Services run from the project root, where tsx resolves. */
const root = fileURLToPath(new URL('../../..', import.meta.url))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

it('a service stops when its launcher is killed outright (SIGKILL), instead of living on as an orphan', async () => {
  // A service that would run for ever, and stops on SIGTERM as Baton's services do.
  const service = join(dir, 'service.mjs')
  writeFileSync(
    service,
    "setInterval(() => {}, 1000)\nprocess.on('SIGTERM', () => process.exit(0))\nconsole.log('up')\n"
  )
  const launcherCode = `
    const { spawnService } = await import(${JSON.stringify(new URL('./spawn-service.ts', import.meta.url).href)})
    const s = spawnService('svc', ${JSON.stringify(service)}, {}, ${JSON.stringify(root)}, (_n, line) => { if (line === 'up') console.log('child ' + s.child.pid) })
  `
  const launcher = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', launcherCode],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    }
  )
  const childPid = await new Promise<number>((resolve, reject) => {
    launcher.stdout.on('data', (chunk: Buffer) => {
      const m = /child (\d+)/.exec(chunk.toString())
      if (m) resolve(Number(m[1]))
    })
    launcher.once('exit', () => reject(new Error('the launcher exited before its service was up')))
  })
  expect(alive(childPid)).toBe(true)
  launcher.kill('SIGKILL')
  await expect.poll(() => alive(childPid), { timeout: 5_000, interval: 100 }).toBe(false)
}, 30_000)
