import { formatIsoDuration, parseIsoDuration } from '../agreements/iso-duration.ts'

/** How far a party's claimed event time may stray from Baton's receipt time, unless its world entry says otherwise. */
export const DEFAULT_CLOCK_SKEW = 'PT2M'

/** The party's allowed clock skew in milliseconds: its world field `integration.clockSkew`, else PT2M. */
export function clockSkewMs(
  party: { integration?: { clockSkew?: string | undefined } | undefined } | undefined
): number {
  return parseIsoDuration(
    party?.integration?.clockSkew ?? DEFAULT_CLOCK_SKEW,
    'integration.clockSkew'
  )
}

export type ClaimedTime = {
  /** the instant the party says the event happened */
  claimed: string
  /** Baton's receipt time (on a simulated incident clock: the incident's now) */
  received: string
  skewMs: number
  /** the incident's previous event, when known: a claim before it is not used */
  previous?: string | undefined
}

export type TimeRuling =
  | { ok: true; at: string; used: 'claimed' }
  | { ok: true; at: string; used: 'receipt'; why: 'before-skew' | 'before-previous' | 'ahead' }
  | { ok: false; aheadMs: number; message: string }

/**
 * Who says when (docs/vendor-integration.md): clocks run on Baton's receipt time. A party's claimed
 * time is used only when it lies within the party's skew before the receipt and not before the
 * incident's previous event (a claim ahead of the receipt, within the skew, runs on the receipt); further in the past, the receipt time is used (the claim stays as
 * evidence); further in the future, the message is refused.
 */
export function ruleOnClaimedTime(c: ClaimedTime): TimeRuling {
  const claimed = Date.parse(c.claimed)
  const received = Date.parse(c.received)
  const receipt = new Date(received).toISOString()
  if (claimed - received > c.skewMs) {
    return {
      ok: false,
      aheadMs: claimed - received,
      message: `${new Date(claimed).toISOString()} is ${formatIsoDuration(claimed - received)} ahead of Baton's receipt time ${receipt}, more than this party's allowed clock skew (${formatIsoDuration(c.skewMs)})`,
    }
  }
  if (received - claimed > c.skewMs)
    return { ok: true, at: receipt, used: 'receipt', why: 'before-skew' }
  if (c.previous !== undefined && claimed < Date.parse(c.previous))
    return { ok: true, at: receipt, used: 'receipt', why: 'before-previous' }
  // Nothing is dated after Baton received it: a claim ahead within the skew runs on the receipt time.
  if (claimed > received) return { ok: true, at: receipt, used: 'receipt', why: 'ahead' }
  return { ok: true, at: new Date(claimed).toISOString(), used: 'claimed' }
}
