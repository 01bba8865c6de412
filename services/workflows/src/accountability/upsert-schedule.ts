import { ScheduleAlreadyRunning, type Client, type ScheduleOptions } from '@temporalio/client'

type Upsert = Pick<ScheduleOptions, 'scheduleId' | 'spec' | 'action' | 'policies'> & {
  paused?: boolean
  note: string
}

/** Creates a Schedule, or brings an existing one's spec, action and policies up to date. */
export async function upsertSchedule(client: Client, s: Upsert): Promise<void> {
  const { scheduleId, spec, action, policies } = s
  try {
    await client.schedule.create({
      scheduleId,
      spec,
      action,
      ...(policies ? { policies } : {}),
      state: { paused: s.paused ?? false, note: s.note },
    })
  } catch (e) {
    if (!(e instanceof ScheduleAlreadyRunning)) throw e
    await client.schedule
      .getHandle(scheduleId)
      .update((prev) => ({ ...prev, spec, action, ...(policies ? { policies } : {}) }))
  }
}
