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
      true,
      true,
    ])
  })
  // The 'due-from-domain' patch (expiries and escalations from the domain's evaluateDue, ping-pong
  // included) must replay on both branches too: the outage P1 recorded with it (its ping-pong
  // offer records the marker) and every history recorded before it. The wake-rearm histories,
  // recorded since, are on its patched branch too (their offer records it).
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
    ).toEqual([
      ['outage-p1.due-from-domain.json', true],
      ['wake-rearm.before-rearm-patch.json', true],
      ['wake-rearm.json', true],
    ])
  })
  // The 'wake-rearm-before-deadline' patch takes a wake more than 10 s away 5 s early and re-arms
  // it. Both branches need a history with such a wake (the outage's are all nearer): the scenario
  // of infra/src/e2e/wake-rearm.test.ts recorded with the patch and, from the workflow of before
  // it, without (a single timer for the 11 s left of the OLA). The first fails to replay when the
  // branch is never taken and when it is taken without patched() (checked by forcing each). The
  // second replays the unpatched branch of a far wake; it would replay on either branch, since
  // Temporal compares a replay's commands, not its timers' durations.
  it('keeps histories from before and after the wake-rearm patch', () => {
    type SavedEvent = {
      markerRecordedEventAttributes?: {
        details?: Record<string, { payloads?: { data: string }[] }>
      }
    }
    const read = (file: string) =>
      (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { events: SavedEvent[] }).events
    const rearmPatched = (file: string) =>
      read(file).some((e) =>
        Object.values(e.markerRecordedEventAttributes?.details ?? {}).some((d) =>
          (d.payloads ?? []).some((p) =>
            Buffer.from(p.data, 'base64').toString().includes('wake-rearm-before-deadline')
          )
        )
      )
    expect(files.filter((f) => f.startsWith('wake-rearm'))).toEqual([
      'wake-rearm.before-rearm-patch.json',
      'wake-rearm.json',
    ])
    expect(files.filter(rearmPatched)).toEqual(['wake-rearm.json'])
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
