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
      true,
    ])
  })
  // The 'due-from-domain' patch (expiries and escalations from the domain's evaluateDue, ping-pong
  // included) must replay on both branches too: the outage P1 recorded with it (its ping-pong
  // offer records the marker) and every history recorded before it.
  it('keeps histories from before and after the due-from-domain patch', () => {
    const patches = (file: string) =>
      (
        JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
          events: {
            markerRecordedEventAttributes?: {
              details?: Record<string, { payloads?: { data: string }[] }>
            }
          }[]
        }
      ).events.flatMap((e) =>
        Object.values(e.markerRecordedEventAttributes?.details ?? {}).flatMap((d) =>
          (d.payloads ?? []).map(
            (p) => (JSON.parse(Buffer.from(p.data, 'base64').toString()) as { id: string }).id
          )
        )
      )
    expect(
      files.map((f) => [f, patches(f).includes('due-from-domain')]).filter(([, has]) => has)
    ).toEqual([['outage-p1.due-from-domain.json', true]])
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
