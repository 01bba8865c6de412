import { describe, expect, it } from 'vitest'
import { emptyIncidentState, type IncidentEvent, type IncidentView } from '@baton/domain'
import { projectIncident } from './project-incident.ts'

const view = { clocks: [], accountability: [] } as unknown as IncidentView
const opened: IncidentEvent = {
  type: 'opened',
  at: '2026-03-06T20:00:00.000Z',
  priority: 'P1',
  holder: 'sentinel',
  title: 'Credential stuffing',
}
const state = () => ({
  ...emptyIncidentState(),
  holder: 'sentinel',
  title: 'x',
  priority: 'P1' as const,
})

describe('projectIncident', () => {
  it('keeps the events as they were when the entry was recorded (the write is queued)', () => {
    const events: IncidentEvent[] = [opened]
    const projection = projectIncident(state(), view, events)
    events.push({ ...opened, type: 'acknowledged', party: 'sentinel' } as IncidentEvent)
    expect((projection.state as { events: unknown[] }).events).toEqual([opened])
  })

  it('carries a simulated clock beside the events, and none for a real incident', () => {
    const clock = {
      origin: '2026-03-06T20:00:00.000Z',
      realOrigin: '2026-12-03T08:00:00.000Z',
      speed: 60,
      advancedMs: 0,
    }
    expect(
      (projectIncident(state(), view, [opened], clock).state as { clock?: unknown }).clock
    ).toEqual(clock)
    expect(projectIncident(state(), view, [opened]).state).not.toHaveProperty('clock')
  })

  it('names the service the incident was declared on, by slug, and none when it has none', () => {
    expect(
      projectIncident({ ...state(), serviceId: 'online-checkout' }, view, [opened]).service
    ).toBe('online-checkout')
    expect(projectIncident(state(), view, [opened])).not.toHaveProperty('service')
  })
})
