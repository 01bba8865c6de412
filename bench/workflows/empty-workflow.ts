import { sleep } from '@temporalio/workflow'

/** The baseline: a workflow that does nothing, started and completed on the same server. */
export async function emptyWorkflow(): Promise<string> {
  return 'done'
}

/** The timer baseline: sleeps until `until` (epoch ms) and returns how late it woke, in ms. */
export async function bareTimerWorkflow(until: number): Promise<number> {
  await sleep(Math.max(1, until - Date.now()))
  return Date.now() - until
}
