import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js'
import { Worker } from '@temporalio/worker'
import { workflowsPath } from './create-worker.ts'

// Histories saved from real runs (BATON_SAVE_HISTORIES=1 npm test -- outage worker-crash). A
// change that makes any of them replay differently needs patched(), not a new history.
const dir = join(import.meta.dirname, 'histories')
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()

describe('replay of saved incident histories', () => {
  it('has saved histories to replay', () => expect(files.length).toBeGreaterThan(0))
  it.each(files)('replays %s deterministically with the current workflow code', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(join(dir, file), 'utf8')))
    await expect(Worker.runReplayHistory({ workflowsPath, replayName: file }, history)).resolves.toBeUndefined()
  }, 60_000)
})
