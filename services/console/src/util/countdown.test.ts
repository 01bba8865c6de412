import { describe, expect, it } from 'vitest'
import { bandOf, countdown } from './countdown.ts'

const now = Date.parse('2026-03-06T20:00:00Z')
const inMinutes = (m: number) => new Date(now + m * 60_000).toISOString()

describe('countdown colours by the share of the target left', () => {
  it('is on track with half or more left, at risk below half, near breach below a fifth', () => {
    expect(bandOf(1)).toBe('ok')
    expect(bandOf(0.5)).toBe('ok')
    expect(bandOf(0.49)).toBe('warn')
    expect(bandOf(0.2)).toBe('warn')
    expect(bandOf(0.19)).toBe('danger')
    expect(bandOf(0)).toBe('breached')
  })

  it('ticks down from the deadline without refetching: a 4 h clock with 3 h left turns amber, then red', () => {
    const clock = { state: 'RUNNING', target: 'PT4H', remaining: 'PT3H', deadline: inMinutes(180) }
    expect(countdown(clock, now)).toMatchObject({ band: 'ok', text: 'in 3h 00m' })
    expect(countdown(clock, now + 61 * 60_000)).toMatchObject({ band: 'warn', text: 'in 1h 59m' })
    expect(countdown(clock, now + (180 - 47) * 60_000 + 30_000)).toMatchObject({
      band: 'danger',
      text: 'in 46m 30s',
    })
  })

  it('marks a running clock past its deadline as breached before the server says so', () => {
    const clock = { state: 'RUNNING', target: 'PT15M', remaining: 'PT1M', deadline: inMinutes(1) }
    expect(countdown(clock, now + 3 * 60_000)).toMatchObject({
      band: 'breached',
      text: 'Breached 2m 00s ago',
    })
  })

  it('keeps a business-hours clock at its remaining budget while the deadline is far off overnight', () => {
    // 1 business hour target, 50 min left, deadline at next opening + 50 min (14 h away): on track, not 14 h.
    const clock = {
      state: 'RUNNING',
      target: 'PT1H',
      remaining: 'PT50M',
      deadline: inMinutes(14 * 60),
    }
    const view = countdown(clock, now)
    expect(view.band).toBe('ok')
    expect(view.share).toBeCloseTo(50 / 60)
  })

  it('says breached, paused and met in words, not only colour', () => {
    expect(
      countdown(
        { state: 'BREACHED', target: 'PT4H', remaining: 'PT0S', deadline: inMinutes(-90) },
        now
      ).text
    ).toBe('Breached 1h 30m ago')
    expect(
      countdown({ state: 'PAUSED', target: 'PT4H', remaining: 'PT1H5M', deadline: null }, now)
    ).toMatchObject({ band: 'paused', text: 'Paused, 1h 05m left' })
    expect(
      countdown({ state: 'MET', target: 'PT10M', remaining: 'PT6M', deadline: null }, now)
    ).toMatchObject({ band: 'met', text: 'Met' })
  })
})
