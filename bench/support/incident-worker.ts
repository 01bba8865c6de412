// The incident worker the workflow benches run (with a local SMTP sink for the notifications its
// escalations send), a bare worker for the engine baselines, and staff commands sent with retries.
import { fileURLToPath } from 'node:url'
import type { WorkflowHandle } from '@temporalio/client'
import { Worker } from '@temporalio/worker'
import { commandUpdate, type IncidentCommand } from '@baton/temporal'
import { createIncidentWorker } from '@baton/workflows'
import { startLocalMailbox } from '../../infra/src/mailbox/local-mailbox.ts'
import { updateRetrying, type BenchStack } from './bench-stack.ts'

export type BenchWorkers = {
  /** An incident worker (concurrency 200) on `taskQueue`. */
  incidents: (taskQueue: string) => Promise<Worker>
  /** A worker for the bare baselines of bench/workflows/empty-workflow.ts on `taskQueue`. */
  bare: (taskQueue: string) => Promise<Worker>
  close: () => Promise<void>
}

export async function benchWorkers(stack: BenchStack): Promise<BenchWorkers> {
  const mailbox = await startLocalMailbox()
  return {
    incidents: (taskQueue) =>
      createIncidentWorker({
        connection: stack.native,
        taskQueue,
        db: stack.db.db,
        concurrency: 200,
        notifications: {
          smtp: { host: mailbox.host, port: mailbox.port, from: 'baton@localhost' },
          consoleUrl: 'http://127.0.0.1:4000',
        },
      }),
    bare: (taskQueue) =>
      Worker.create({
        connection: stack.native,
        taskQueue,
        workflowsPath: fileURLToPath(new URL('../workflows/empty-workflow.ts', import.meta.url)),
      }),
    close: () => mailbox.close(),
  }
}

/** Shuts the workers down and waits for their run() promises. */
export async function stopWorkers(workers: Worker[], running: Promise<unknown>) {
  for (const w of workers) {
    try {
      w.shutdown()
    } catch {
      /* already stopping */
    }
  }
  await running
}

/** A staff command (`at` defaults to now), retried as updateRetrying says. */
export function sendCommand(handle: WorkflowHandle, command: Record<string, unknown>) {
  const args = [{ at: new Date().toISOString(), ...command } as IncidentCommand] as [
    IncidentCommand,
  ]
  return updateRetrying((updateId) => handle.executeUpdate(commandUpdate, { args, updateId }))
}

/** Prints `line()` every `ms` until the returned function is called. */
export function everyMs(ms: number, line: () => string): () => void {
  const t = setInterval(() => console.log(line()), ms)
  return () => clearInterval(t)
}
