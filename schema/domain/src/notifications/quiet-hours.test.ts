import { describe, expect, it } from 'vitest'
import { quietHoursApply, quietHoursEnd } from './quiet-hours.ts'

const night = { start: '22:00', end: '07:00' }

describe('quietHoursEnd', () => {
  it.each([
    ['Warsaw 21:59, before the window', night, 'Europe/Warsaw', '2026-03-06T20:59:00.000Z', null],
    [
      'Warsaw 22:00, the window opens',
      night,
      'Europe/Warsaw',
      '2026-03-06T21:00:00.000Z',
      '2026-03-07T06:00:00.000Z',
    ],
    [
      'Warsaw 01:45 after midnight',
      night,
      'Europe/Warsaw',
      '2026-03-07T00:45:00.000Z',
      '2026-03-07T06:00:00.000Z',
    ],
    ['Warsaw 07:00, the window closed', night, 'Europe/Warsaw', '2026-03-07T06:00:00.000Z', null],
    // New York, night of the spring-forward: 07:00 EDT on Sunday is 11:00 UTC, not 12:00
    [
      'New York 23:00 EST on Saturday, ends at 07:00 EDT',
      night,
      'America/New_York',
      '2026-03-08T04:00:00.000Z',
      '2026-03-08T11:00:00.000Z',
    ],
    [
      'New York 03:30 EDT, same night',
      night,
      'America/New_York',
      '2026-03-08T07:30:00.000Z',
      '2026-03-08T11:00:00.000Z',
    ],
    // an end inside the skipped hour (02:30 does not exist) moves to 03:30 EDT
    [
      'an end in the spring-forward gap',
      { start: '22:00', end: '02:30' },
      'America/New_York',
      '2026-03-08T05:00:00.000Z',
      '2026-03-08T07:30:00.000Z',
    ],
    // fall back: the night of 11-01 is an hour longer, 07:00 EST is 12:00 UTC
    [
      'New York 23:00 EDT before the fall-back',
      night,
      'America/New_York',
      '2026-11-01T03:00:00.000Z',
      '2026-11-01T12:00:00.000Z',
    ],
    [
      'a window inside one day',
      { start: '12:00', end: '13:00' },
      'Asia/Kolkata',
      '2026-03-06T06:45:00.000Z',
      '2026-03-06T07:30:00.000Z',
    ],
    [
      'a window ending at 24:00',
      { start: '20:00', end: '24:00' },
      'UTC',
      '2026-03-06T21:00:00.000Z',
      '2026-03-07T00:00:00.000Z',
    ],
    [
      'an empty window (start = end)',
      { start: '08:00', end: '08:00' },
      'UTC',
      '2026-03-06T08:00:00.000Z',
      null,
    ],
  ])('%s', (_name, quiet, zone, at, end) => {
    expect(quietHoursEnd(quiet, zone, new Date(at))?.toISOString() ?? null).toBe(end)
  })

  it('holds back every priority but P1', () => {
    expect(['P1', 'P2', 'P3', 'P4'].map(quietHoursApply)).toEqual([false, true, true, true])
  })
})
