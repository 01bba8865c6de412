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

/**
 * Bare timers in series: sleeps until each of `untils` (epoch ms, ascending) in turn and returns
 * how late it woke for each, in ms. One workflow task per timer, as for an incident's timer.
 */
export async function bareTimerSeriesWorkflow(untils: number[]): Promise<number[]> {
  const late: number[] = []
  for (const until of untils) {
    await sleep(Math.max(1, until - Date.now()))
    late.push(Date.now() - until)
  }
  return late
}
