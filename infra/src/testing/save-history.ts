import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js'
import type { WorkflowHandle } from '@temporalio/client'
import { projectRoot } from './e2e-harness.ts'

/** With BATON_SAVE_HISTORIES=1, keeps a run's history for the replay test in services/workflows. */
export async function saveHistoryIfAsked(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.BATON_SAVE_HISTORIES !== '1') return
  await handle.result() // a finished history: fetching a running one can wait for new events
  const history = await handle.fetchHistory()
  writeFileSync(
    join(projectRoot, 'services/workflows/src/histories', `${name}.json`),
    historyToJSON(history)
  )
}
