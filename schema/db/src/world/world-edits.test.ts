import { describe, expect, it } from 'vitest'
import { World } from '@baton/domain'
import { demoWorld } from '@baton/domain/testing'
import { checkHolidayFeed } from './check-holiday-feed.ts'
import { removeDeskEdit, upsertDeskEdit, upsertPartyEdit } from './world-edits-parties.ts'
import { publishAgreementVersionEdit, upsertLadderEdit } from './world-edits-rules.ts'

const now = new Date('2026-03-06T12:00:00Z')
const refusal = (f: () => unknown) => {
  try {
    f()
  } catch (e) {
    return {
      code: (e as { code?: string }).code,
      field: (e as { field?: string }).field,
      message: (e as Error).message,
    }
  }
  return null
}

describe('admin world edits', () => {
  it("keeps a party's secret references when its integration settings change, and mints none through GraphQL", () => {
    const stratus = demoWorld.parties.find((p) => p.slug === 'stratus')!
    const w = upsertPartyEdit(demoWorld, {
      slug: 'stratus',
      name: stratus.name,
      kind: stratus.kind,
      integration: { dialect: 'jira', outboundUrl: 'https://stratus.example/hook' },
    })
    const after = World.parse(w).parties.find((p) => p.slug === 'stratus')!
    expect(after.integration).toMatchObject({
      dialect: 'jira',
      inboundSecret: stratus.integration!.inboundSecret,
      outboundUrl: 'https://stratus.example/hook',
    })
    expect(after.desks).toEqual(stratus.desks)
    const fresh = upsertPartyEdit(demoWorld, {
      slug: 'newco',
      name: 'NewCo',
      kind: 'OTHER',
      integration: { dialect: 'canonical' },
      desk: { slug: 'd', name: 'D', calendar: '24x7-utc' },
    })
    expect(fresh.parties.find((p) => p.slug === 'newco')!.integration).toMatchObject({
      inboundSecret: 'generate',
    })
    expect(fresh.parties.find((p) => p.slug === 'newco')!.integration).not.toHaveProperty(
      'outboundSecret'
    )
    const removed = upsertPartyEdit(demoWorld, {
      slug: 'stratus',
      name: stratus.name,
      kind: stratus.kind,
      integration: null,
    })
    expect(removed.parties.find((p) => p.slug === 'stratus')!.integration).toBeUndefined()
  })

  it('refuses to remove a desk an agreement measures on, the ping-pong target, or a missing one', () => {
    const base = upsertDeskEdit(demoWorld, 'vistula', {
      slug: 'spare',
      name: 'Spare',
      calendar: '24x7-utc',
    })
    const ref = 'vistula/spare'
    expect(refusal(() => removeDeskEdit(base, 'vistula', 'spare'))).toBeNull()
    const measured = World.parse({
      ...base,
      agreements: [
        ...base.agreements,
        {
          ...base.agreements[0]!,
          slug: 'on-desk',
          targets: [
            { priority: ['P1'], metric: 'RESPONSE', duration: 'PT1H', measuredOn: { desk: ref } },
          ],
        },
      ],
    })
    const [party, desk] = ref.split('/') as [string, string]
    expect(refusal(() => removeDeskEdit(measured, party, desk))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('on-desk'),
    })
    const pinged = World.parse({ ...base, pingPong: { maxHops: 4, escalateTo: ref } })
    expect(refusal(() => removeDeskEdit(pinged, party, desk))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('ping-pong'),
    })
    expect(refusal(() => removeDeskEdit(demoWorld, party, 'nope'))).toMatchObject({
      code: 'NOT_FOUND',
    })
  })

  it('carries the latest version over into a new agreement version, numbered next', () => {
    const w = publishAgreementVersionEdit(
      demoWorld,
      { slug: 'stratus-hosting', effectiveFrom: '2026-04-01T00:00:00Z', changes: { warnAt: [80] } },
      now
    )
    const [v1, v2] = w.agreements.filter((a) => a.slug === 'stratus-hosting')
    expect(v2).toEqual({ ...v1, version: 2, effectiveFrom: '2026-04-01T00:00:00Z', warnAt: [80] })
    expect(
      refusal(() =>
        publishAgreementVersionEdit(
          demoWorld,
          {
            slug: 'stratus-hosting',
            version: 5,
            effectiveFrom: '2026-04-01T00:00:00Z',
            changes: {},
          },
          now
        )
      )
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.version' })
    expect(
      refusal(() =>
        publishAgreementVersionEdit(
          demoWorld,
          { slug: 'brand-new', effectiveFrom: '2026-04-01T00:00:00Z', changes: { name: 'New' } },
          now
        )
      )
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.kind' })
  })

  it('replaces the ladder for the same priorities in any order and refuses an overlapping one', () => {
    const ladder = demoWorld.ladders[0]!
    const w = upsertLadderEdit(demoWorld, {
      ...ladder,
      priority: [...ladder.priority].reverse(),
      steps: [ladder.steps[0]],
    })
    expect(w.ladders).toHaveLength(demoWorld.ladders.length)
    expect(w.ladders.find((l) => l.party === ladder.party)!.steps).toHaveLength(1)
    expect(
      refusal(() =>
        upsertLadderEdit(demoWorld, { ...ladder, priority: [ladder.priority[0]!, 'P4'] })
      )
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.priority' })
  })

  it('names the line of what a holiday feed gets wrong', () => {
    const feed = (...lines: string[]) => ['BEGIN:VCALENDAR', ...lines, 'END:VCALENDAR'].join('\r\n')
    expect(
      refusal(() => checkHolidayFeed(feed('BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20260101')))?.message
    ).toBe('ics: line 2: VEVENT is never closed (no END:VEVENT)')
    expect(
      refusal(() => checkHolidayFeed(feed('BEGIN:VEVENT', 'DTEND:20260230', 'END:VEVENT')))?.message
    ).toMatch(/^ics: line 3: DTEND '20260230' is not a date/)
    expect(refusal(() => checkHolidayFeed(feed('END:VEVENT')))?.message).toBe(
      'ics: line 2: END:VEVENT without BEGIN:VEVENT'
    )
    expect(
      refusal(() =>
        checkHolidayFeed(feed('BEGIN:VEVENT', 'DTSTART:20260101T090000Z', 'END:VEVENT'))
      )
    ).toBeNull()
  })
})
