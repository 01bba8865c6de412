import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { IncidentEvent } from '../events/incident-event.ts'
import { World, type AgreementConfig } from '../world/world.ts'
import { demoWorld } from '../testing/demo-world.ts'
import { replayTimeline } from '../simulation/replay-timeline.ts'
import {
  advanceIncidentView,
  computeIncidentView,
  incidentViewAt,
  prepareIncidentView,
  type PreparedIncidentView,
} from './compute-clocks.ts'

// Issue 23: the incident workflow and the what-if advance one prepared view event by event. For
// random timelines (valid and invalid events, out-of-order instants, conditions that match
// comments and priority changes), the advanced view equals the view recomputed from every event,
// at the last event, before it and after it, full and offers-only.

type Target = AgreementConfig['targets'][number]
const withConditions = World.parse({
  ...demoWorld,
  agreements: demoWorld.agreements.map((a) => ({
    ...a,
    targets: a.targets.map((t: Target): Target =>
      t.metric === 'RESOLUTION'
        ? {
            ...t,
            conditions: {
              pause: [{ event: 'waiting', on: 'retained' }],
              reset: [{ event: 'comment', by: 'holder' }],
            },
          }
        : t.metric === 'RESPONSE'
          ? { ...t, conditions: { cancel: [{ event: 'priority_changed', priority: ['P4'] }] } }
          : t
    ),
  })),
})
const WORLDS = { demo: demoWorld, conditions: withConditions }

const PARTIES = ['northwind', 'stratus', 'sentinel', 'vistula', 'nobody']
const party = fc.constantFrom(...PARTIES)
const handoffId = fc.constantFrom('h1', 'h2', 'h3', 'h4')
const priority = fc.constantFrom('P1' as const, 'P2' as const, 'P3' as const, 'P4' as const)

/** One event without its instant (set by the timeline). */
const eventArb: fc.Arbitrary<Omit<IncidentEvent, 'at'>> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ type: fc.constant('comment' as const), party, body: fc.constant('b') }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('acknowledged' as const), party }) },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('handoff_offered' as const),
      handoffId,
      from: party,
      to: party,
      reason: fc.constantFrom('app', 'network'),
      reasonCode: fc.constantFrom('NEW_EVIDENCE', 'OTHER'),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ type: fc.constant('handoff_accepted' as const), handoffId, party }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('handoff_rejected' as const),
      handoffId,
      party,
      reason: fc.constant('no'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('handoff_expired' as const), handoffId }) },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('handoff_withdrawn' as const), handoffId, party }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('waiting' as const),
      party,
      on: party,
      reason: fc.constant('logs'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('resumed' as const), party }) },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('priority_changed' as const), party, priority }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('resolved' as const),
      party,
      resolution: fc.constant('r'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('reopened' as const),
      party,
      reason: fc.constant('r'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('closed' as const), party }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('opened' as const),
      priority,
      holder: party,
      title: fc.constant('again'),
    }),
  }
)

const T0 = Date.parse('2026-03-06T20:00:00Z')
/** A timeline: mostly an opening first, steps of up to 3 h, now and then one back in time. */
const timelineArb = fc
  .record({
    opensFirst: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
    openedPriority: priority,
    holder: fc.constantFrom('stratus', 'sentinel', 'vistula', 'northwind'),
    steps: fc.array(fc.record({ event: eventArb, gapMin: fc.integer({ min: -30, max: 180 }) }), {
      maxLength: 40,
    }),
  })
  .map(({ opensFirst, openedPriority, holder, steps }) => {
    const events: IncidentEvent[] = opensFirst
      ? [
          {
            type: 'opened',
            at: new Date(T0).toISOString(),
            priority: openedPriority,
            holder,
            title: 'x',
            serviceId: 'online-checkout',
          },
        ]
      : []
    let t = T0
    for (const s of steps) {
      // mostly forward; a negative gap puts an event before the one it follows
      t += (s.gapMin < 0 && s.gapMin > -25 ? 0 : s.gapMin) * 60_000
      events.push({ ...s.event, at: new Date(t).toISOString() } as IncidentEvent)
    }
    return events
  })

/** The view, or the message it throws with (a world lacking what an event names). */
const attempt = <T>(f: () => T): T | { threw: string } => {
  try {
    return f()
  } catch (e) {
    return { threw: e instanceof Error ? e.message : String(e) }
  }
}

describe('advanceIncidentView equals the view recomputed from every event', () => {
  for (const [name, world] of Object.entries(WORLDS)) {
    it(`random timelines, ${name} world`, () => {
      fc.assert(
        fc.property(timelineArb, fc.integer({ min: -90, max: 600 }), (events, laterMin) => {
          const options = { pingPong: world.pingPong }
          let prepared: PreparedIncidentView = prepareIncidentView({ events: [], world, options })
          events.forEach((event, i) => {
            // A view taken now and then (as the workflow does) leaves cores in the memo to carry.
            if (i % 3 === 0) attempt(() => incidentViewAt(prepared, new Date(T0 + 3_600_000)))
            // advancing never throws: a view of events the world cannot resolve throws when taken
            prepared = advanceIncidentView(prepared, event)
            const prefix = events.slice(0, i + 1)
            for (const now of [
              Date.parse(event.at),
              Date.parse(event.at) + laterMin * 60_000,
              Date.parse(event.at) - 60_000,
            ]) {
              const at = new Date(now)
              const full = attempt(() =>
                computeIncidentView({ events: prefix, world, options }, at)
              )
              expect(attempt(() => incidentViewAt(prepared, at))).toEqual(full)
              const offers = attempt(() =>
                incidentViewAt(prepareIncidentView({ events: prefix, world, options }), at, {
                  offersOnly: true,
                })
              )
              expect(attempt(() => incidentViewAt(prepared, at, { offersOnly: true }))).toEqual(
                offers
              )
            }
          })
        }),
        { numRuns: 150 }
      )
    })

    it(`replayTimeline answers the same incrementally as by recomputing, ${name} world`, () => {
      fc.assert(
        fc.property(timelineArb, fc.integer({ min: 0, max: 900 }), (events, laterMin) => {
          if (events.length === 0) return
          const sorted = [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
          const asOf = new Date(Date.parse(sorted[sorted.length - 1]!.at) + laterMin * 60_000)
          const input = { world, events: sorted, afterBusiness: 'follow-the-sun' as const }
          const reference = attempt(() => replayTimeline({ ...input, recompute: true }, asOf))
          expect(attempt(() => replayTimeline(input, asOf))).toEqual(reference)
        }),
        { numRuns: 150 }
      )
    })
  }
})
