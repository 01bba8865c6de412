import { describe, expect, it } from 'vitest'
import { clockSkewMs, ruleOnClaimedTime } from './claimed-time.ts'

const received = '2026-03-06T20:10:00.000Z'
const skewMs = 2 * 60_000

describe('who says when: a claimed event time against the receipt time', () => {
  it('uses a claim within the skew of the receipt', () => {
    expect(ruleOnClaimedTime({ claimed: '2026-03-06T20:08:30Z', received, skewMs })).toEqual({
      ok: true,
      at: '2026-03-06T20:08:30.000Z',
      used: 'claimed',
    })
  })

  it('uses the receipt time for a claim ahead of it within the skew: nothing is dated after Baton received it', () => {
    expect(ruleOnClaimedTime({ claimed: '2026-03-06T20:11:00Z', received, skewMs })).toEqual({
      ok: true,
      at: received,
      used: 'receipt',
      why: 'ahead',
    })
  })

  it('uses the receipt time for a claim further in the past than the skew', () => {
    expect(ruleOnClaimedTime({ claimed: '2026-03-06T20:07:59Z', received, skewMs })).toEqual({
      ok: true,
      at: received,
      used: 'receipt',
      why: 'before-skew',
    })
    expect(ruleOnClaimedTime({ claimed: '2020-01-01T00:00:00Z', received, skewMs })).toMatchObject({
      at: received,
      used: 'receipt',
    })
  })

  it("uses the receipt time for a claim before the incident's previous event", () => {
    expect(
      ruleOnClaimedTime({
        claimed: '2026-03-06T20:09:00Z',
        received,
        skewMs,
        previous: '2026-03-06T20:09:30Z',
      })
    ).toEqual({ ok: true, at: received, used: 'receipt', why: 'before-previous' })
  })

  it('refuses a claim further in the future than the skew, saying by how much', () => {
    const ruling = ruleOnClaimedTime({ claimed: '2999-01-01T00:00:00Z', received, skewMs })
    expect(ruling.ok).toBe(false)
    expect(ruleOnClaimedTime({ claimed: '2026-03-06T20:12:01Z', received, skewMs })).toMatchObject({
      ok: false,
      aheadMs: 121_000,
      message: expect.stringContaining('PT2M1S ahead'),
    })
  })

  it("reads the party's skew from its world entry, two minutes by default", () => {
    expect(clockSkewMs(undefined)).toBe(120_000)
    expect(clockSkewMs({ integration: {} })).toBe(120_000)
    expect(clockSkewMs({ integration: { clockSkew: 'PT15M' } })).toBe(900_000)
  })
})
