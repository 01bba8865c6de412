import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '@baton/db/testing'
import { freePort } from '../net/free-port.ts'

const childrenOf = (pid: number): number[] => {
  const r = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
  return r.stdout.split('\n').filter(Boolean).map(Number)
}
const descendantsOf = (pid: number): number[] =>
  childrenOf(pid).flatMap((child) => [child, ...descendantsOf(child)])
const commandOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')
  } catch {
    return ''
  }
}
const projectRoot = join(import.meta.dirname, '../../..')
/** Alive and not a zombie waiting to be reaped. */
const running = (pid: number) => {
  const stat = `/proc/${pid}/stat`
  if (!existsSync(stat)) return false
  try {
    return readFileSync(stat, 'utf8').split(') ')[1]?.[0] !== 'Z'
  } catch {
    return false
  }
}

describe('npm start launcher', () => {
  let db: TestDatabase
  let state: string
  beforeAll(async () => {
    db = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
    state = mkdtempSync(join(tmpdir(), 'baton-launcher-'))
  })
  afterAll(async () => {
    await db?.drop()
    rmSync(state, { recursive: true, force: true })
  })

  // A supervisor (systemd, a container runtime, `kill PID`) signals `npm start` alone, not its
  // process group: npm passes SIGTERM to start.mjs (the script execs it), start.mjs to the stack's
  // main.ts, and that must stop the Temporal server and the services it has started so far.
  // How a launcher goes: SIGTERM to npm alone (a supervisor), or SIGKILL to start.mjs (the OOM
  // killer, `kill -9`), which no handler sees: the stack's main.ts watches its stdin instead.
  it.each([
    { how: 'SIGTERM reaches npm start alone', signal: 'SIGTERM' as const },
    { how: "SIGKILL ends npm start's start.mjs outright", signal: 'SIGKILL' as const },
  ])(
    'stops every process it started when $how during start-up',
    async ({ signal }) => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        BATON_SKIP_CONSOLE_BUILD: '1',
        DATABASE_URL: db.url,
        BATON_OWNER_DATABASE_URL: db.ownerUrl,
        BATON_MASTER_KEY: 'launcher-test-key',
        BATON_STATE_DIR: state,
        BATON_GATEWAY_PORT: String(await freePort()),
        BATON_ADAPTERS_PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
      }
      delete env.TEMPORAL_ADDRESS
      delete env.BATON_SMTP_HOST
      const launcher = spawn('npm', ['start'], {
        cwd: projectRoot,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      })
      let output = ''
      for (const stream of [launcher.stdout, launcher.stderr])
        stream.on('data', (chunk: Buffer) => {
          output += chunk.toString()
        })
      const exited = new Promise<number | null>((resolve) =>
        launcher.once('exit', (code) => resolve(code))
      )
      let children: number[] = []
      try {
        // Signalled once the Temporal dev server and the three services run, before the services
        // answer their health checks (the gateway and worker take seconds to load).
        const deadline = Date.now() + 90_000
        const started = () =>
          children.filter((pid) => / start-dev |services\/\w+\/src\/main\.ts/.test(commandOf(pid)))
            .length
        while (((children = descendantsOf(launcher.pid!)), started() < 4)) {
          if (launcher.exitCode !== null) throw new Error(`launcher exited early: ${output}`)
          if (output.includes('Baton is up'))
            throw new Error(`the stack came up before the test could signal it: ${output}`)
          if (Date.now() > deadline)
            throw new Error(`launcher never started its children: ${output}`)
          await new Promise((r) => setTimeout(r, 50))
        }
        // The launcher logs this line before it spawns the services, but the line can reach this
        // process's pipe after the services show in the process table.
        await expect
          .poll(() => output, { timeout: 10_000, interval: 20 })
          .toContain('Temporal dev server on')
        expect(output).not.toContain('Baton is up')
        // npm execs start.mjs, which runs the stack's main.ts: both sit between npm and the services.
        const commands = children.map(commandOf)
        expect(commands.filter((c) => c.includes('infra/bin/start.mjs'))).toHaveLength(1)
        expect(commands.filter((c) => c.includes('infra/src/stack/main.ts'))).toHaveLength(1)
        if (signal === 'SIGTERM') {
          process.kill(launcher.pid!, 'SIGTERM')
          const code = await exited
          expect(output).toContain('SIGTERM received during start-up')
          expect(output).toContain('Stopped. Nothing of the stack is left running.')
          expect(code).toBe(0)
          // Nothing the launcher started outlives it (orphans would be re-parented and keep running).
          expect(children.filter(running)).toEqual([])
        } else {
          const start = children.find((pid) => commandOf(pid).includes('infra/bin/start.mjs'))!
          process.kill(start, 'SIGKILL')
          await expect
            .poll(() => children.filter(running), { timeout: 40_000, interval: 200 })
            .toEqual([])
          expect(output).toContain('Stopped. Nothing of the stack is left running.')
        }
        // Its state went to BATON_STATE_DIR, not to the project's .baton.
        expect(existsSync(join(state, 'temporal.sqlite'))).toBe(true)
        expect(readFileSync(join(state, 'admin-token'), 'utf8')).toMatch(/\S/)
      } finally {
        // Its own process group (detached): whatever is left of it, orphans included, goes.
        try {
          process.kill(-launcher.pid!, 'SIGKILL')
        } catch {
          /* nothing left */
        }
        for (const pid of children) {
          try {
            process.kill(pid, 'SIGKILL')
          } catch {
            /* gone */
          }
        }
      }
    },
    120_000
  )
})
