import { z } from 'zod'
import { IncidentEventType, Priority } from '../events/incident-event.ts'

// When a clock starts, pauses, resumes, stops, is cancelled or starts over, as data on an
// agreement or one of its targets (docs/agreements.md). Absent lists keep each metric's built-in
// life, so a world without conditions measures exactly as before.

/** A party seen from the clock: `self` is the party whose clock it is (for an OLA, the receiver). */
export const ConditionParty = z.enum([
  'self',
  'other',
  'holder',
  'receiver',
  'retained',
  'vendor',
  'customer',
])
export type ConditionParty = z.infer<typeof ConditionParty>

export const ClockCondition = z
  .object({
    event: z
      .union([IncidentEventType, z.array(IncidentEventType).min(1)])
      .describe('the incident event type(s) that match'),
    reason: z
      .array(z.string())
      .min(1)
      .optional()
      .describe(
        "the event's reason or reason code is one of these (waiting, rejection, reopen, offer)"
      ),
    by: ConditionParty.optional().describe(
      'the party acting (the offering party for handoff_offered)'
    ),
    on: ConditionParty.optional().describe('waiting: the party waited on'),
    to: ConditionParty.optional().describe(
      'hand-off events: the party offered to; assigned: the party assigned to'
    ),
    priority: z
      .array(Priority)
      .min(1)
      .optional()
      .describe('priority_changed: the new priority is one of these'),
  })
  .meta({
    id: 'ClockCondition',
    description: 'matches an incident event; every field given must hold',
  })
export type ClockCondition = z.infer<typeof ClockCondition>

const list = (what: string) => z.array(ClockCondition).optional().describe(what)
export const ClockConditions = z
  .object({
    start: list(
      'replaces the built-in start: the clock starts at the first matching event (not started, and not shown, until then)'
    ),
    pause: list('pauses the clock from a matching event until a resume event'),
    resume: list('ends a pause; default: resumed, handoff_accepted, assigned or reopened'),
    stop: list('replaces the built-in stop: the clock is MET at the first matching event'),
    cancel: list(
      'adds to the built-in cancels: the clock is CANCELLED at the first matching event'
    ),
    reset: list(
      'the clock starts over at zero at each matching event; time and breaches before it no longer count'
    ),
    retroactive: z
      .boolean()
      .optional()
      .describe(
        'a target that applies only after a priority change measures from the opening (true, the default) or from the change (false)'
      ),
  })
  .meta({
    id: 'ClockConditions',
    description:
      'when a clock starts, pauses, resumes, stops, is cancelled or starts over (docs/agreements.md)',
  })
export type ClockConditions = z.infer<typeof ClockConditions>
