import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js'
import { Worker } from '@temporalio/worker'
import { workflowsPath } from './create-worker.ts'

// Histories saved from real runs (BATON_SAVE_HISTORIES=1 npm test -- outage worker-crash). A
// change that makes any of them replay differently needs patched(), not a new history.
const dir = join(import.meta.dirname, 'histories')
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()

describe('replay of saved incident histories', () => {
  it('has saved histories to replay', () => expect(files.length).toBeGreaterThan(0))
  // The ladder patch ('ladder-after-business-follow-the-sun') must replay on both branches:
  // histories recorded before it (no patch marker) and after it (a core_patch marker).
  it('keeps histories from before and after the ladder patch', () => {
    type SavedEvent = { markerRecordedEventAttributes?: { markerName?: string } }
    const patchedHistory = (file: string) =>
      (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { events: SavedEvent[] }).events.some(
        (e) => e.markerRecordedEventAttributes?.markerName === 'core_patch'
      )
    expect(files.filter((f) => f.includes('before-ladder-patch')).map(patchedHistory)).toEqual([
      false,
      false,
      false,
    ])
    expect(files.filter((f) => !f.includes('before-ladder-patch')).map(patchedHistory)).toEqual([
      true,
      true,
      true,
    ])
  })
  it.each(files)(
    'replays %s deterministically with the current workflow code',
    async (file) => {
      const history = historyFromJSON(JSON.parse(readFileSync(join(dir, file), 'utf8')))
      await expect(
        Worker.runReplayHistory({ workflowsPath, replayName: file }, history)
      ).resolves.toBeUndefined()
    },
    60_000
  )
})
