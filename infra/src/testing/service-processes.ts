import { spawn, type ChildProcess } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import proto from '@temporalio/proto'
import { inject } from 'vitest'
import { activePartySecrets, parties } from '@baton/db'
import { eq } from 'drizzle-orm'
import { projectRoot, TEST_MASTER_KEY, type Harness } from './e2e-harness.ts'

// The services as deployed (`node --import tsx services/<name>/src/main.ts`), as child processes
// over a harness's database, Temporal and task queue, for the e2e tests that run several of them.

export type ServiceProcesses = {
  /** Starts `entry` with the harness's settings, the shared `env` and `env` of this one on top. */
  start: (entry: string, env?: Record<string, string>) => ChildProcess
  /** SIGTERM to every process still running (SIGKILL 10 s later); resolves once all exited. */
  stopAll: () => Promise<void>
}

export function serviceProcesses(
  h: Harness,
  shared: Record<string, string> = {}
): ServiceProcesses {
  const children: ChildProcess[] = []
  return {
    start(entry, env = {}) {
      const child = spawn(process.execPath, ['--import', 'tsx', entry], {
        cwd: projectRoot,
        env: {
          ...process.env,
          DATABASE_URL: h.t.url,
          TEMPORAL_ADDRESS: inject('temporalAddress'),
          BATON_TASK_QUEUE: h.taskQueue,
          BATON_MASTER_KEY: TEST_MASTER_KEY,
          LOG_LEVEL: 'warn',
          ...shared,
          ...env,
        },
        stdio: 'ignore',
      })
      children.push(child)
      return child
    },
    stopAll: async () => {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((r) => {
              if (c.exitCode !== null) return r()
              c.once('exit', () => r())
              c.kill('SIGTERM')
              setTimeout(() => c.kill('SIGKILL'), 10_000)
            })
        )
      )
    },
  }
}

/** Resolves once `url`/healthz answers 2xx (polled every 250 ms for up to a minute). */
export async function waitHealthy(url: string) {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`${url} never became healthy`)
}

/**
 * Resolves once a worker polls the harness's task queue for workflow tasks (asked every 250 ms
 * for up to two minutes): a worker process started with start() is ready for its first incident.
 * Under load its start (the workflow bundle) can outlast a command's deadline.
 */
export async function waitPolled(h: Harness, taskQueue = h.taskQueue) {
  for (let i = 0; i < 480; i++) {
    const { pollers } = await h.client.workflowService.describeTaskQueue({
      namespace: h.client.options.namespace,
      taskQueue: { name: taskQueue },
      taskQueueType: proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    })
    if (pollers.length > 0) return
    await sleep(250)
  }
  throw new Error(`no worker polled ${taskQueue} within two minutes`)
}

/** The inbound webhook secret of the harness's party `slug` (its first active one). */
export async function inboundSecret(h: Harness, slug: string): Promise<string> {
  const [party] = await h.t.db
    .select({ id: parties.id })
    .from(parties)
    .where(eq(parties.slug, slug))
  const [secret] = await activePartySecrets(h.t.db, party!.id, 'inbound', TEST_MASTER_KEY)
  return secret!
}
