import { act, cleanup, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CountdownBadge } from './CountdownBadge.tsx'
import { IncidentTimeProvider } from './incident-time.tsx'

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(new Date('2026-03-06T20:00:00Z'))
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

describe('the countdown badge', () => {
  it('says its band in words beside the colour and ticks in the browser into a breach', () => {
    render(
      <CountdownBadge
        clock={{
          state: 'RUNNING',
          target: 'PT15M',
          remaining: 'PT5M',
          deadline: '2026-03-06T20:05:00Z',
        }}
      />
    )
    const badge = screen.getByText('At risk').parentElement!
    expect(badge.dataset.band).toBe('warn')
    expect(badge.textContent).toContain('in 5m 00s')
    act(() => {
      vi.advanceTimersByTime(3 * 60_000)
    })
    expect(screen.getByText('Near breach').parentElement!.textContent).toContain('in 2m 00s')
    act(() => {
      vi.advanceTimersByTime(3 * 60_000)
    })
    expect(screen.getByText('Breached').parentElement!.dataset.band).toBe('breached')
    expect(screen.getByText('1m 00s ago')).toBeTruthy()
  })

  it("counts a simulated incident down from its own instant, at its speed, whatever the browser's date", () => {
    // The browser is in December; the played outage's incident is at 15:20 New York on 6 March, at 60x.
    vi.setSystemTime(new Date('2026-12-03T09:00:00Z'))
    render(
      <IncidentTimeProvider
        base={{ asOfMs: Date.parse('2026-03-06T20:20:00Z'), receivedMs: Date.now(), speed: 60 }}
      >
        <CountdownBadge
          label='accept'
          clock={{
            state: 'RUNNING',
            target: 'PT15M',
            remaining: 'PT15M',
            deadline: '2026-03-06T20:35:00Z',
          }}
        />
      </IncidentTimeProvider>
    )
    expect(screen.getByText('On track').parentElement!.textContent).toContain('accept in 15m 00s')
    act(() => {
      vi.advanceTimersByTime(10_000) // ten real seconds: ten minutes of the incident's time
    })
    expect(screen.getByText('At risk').parentElement!.textContent).toContain('accept in 5m 00s')
  })
})
