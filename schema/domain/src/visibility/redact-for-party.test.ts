import { describe, expect, it } from 'vitest'
import { World } from '../world/world.ts'
import { partyView } from './party-view.ts'
import {
  redactJson,
  redactLedgerData,
  redactNotification,
  redactRecipient,
  redactText,
} from './redact-for-party.ts'

const desk = (slug: string, contacts: unknown[]) => ({
  slug,
  name: slug,
  calendar: 'utc',
  contacts,
})
const world = World.parse({
  calendars: [{ slug: 'utc', timeZone: 'UTC', week: { mon: [{ start: '00:00', end: '24:00' }] } }],
  parties: [
    {
      slug: 'northwind',
      name: 'Northwind',
      kind: 'RETAINED',
      desks: [
        desk('mim', [
          {
            slug: 'sam',
            name: 'Sam Okafor',
            channels: [
              { kind: 'email', address: 'mim@northwind.example' },
              { kind: 'slack', url: 'https://hooks.slack.com/services/T0/B0/secret' },
            ],
          },
        ]),
      ],
    },
    {
      slug: 'stratus',
      name: 'Stratus',
      kind: 'CLOUD',
      integration: {
        dialect: 'canonical',
        inboundSecret: 'generate',
        outboundUrl: 'https://hooks.internal.example:8443/stratus/baton',
      },
      desks: [
        desk('global', [
          {
            slug: 'duty',
            name: 'Stratus duty engineer',
            channels: [{ kind: 'email', address: 'oncall@stratus.example' }],
          },
          { slug: 'pager', name: 'Pager only' },
        ]),
      ],
    },
    {
      slug: 'sentinel',
      name: 'Sentinel',
      kind: 'MSSP',
      integration: {
        dialect: 'pagerduty',
        inboundSecret: 'generate',
        outboundUrl: 'https://soc.sentinel.internal/hooks/baton',
      },
      desks: [
        desk('soc', [
          {
            slug: 'lead',
            name: 'SOC shift lead',
            channels: [
              { kind: 'email', address: 'soc@sentinel.example' },
              { kind: 'webhook', url: 'https://pager.sentinel.internal/in' },
            ],
          },
        ]),
      ],
    },
  ],
})
const stratus = partyView(world, 'stratus')
/** An `escalation.triggered` entry's data but its recipients: Stratus's second ladder step. */
const STEP_TWO = {
  key: 'ladder:stratus:1:2:0',
  reason: 'not accepted',
  step: 2,
  party: 'stratus',
  desk: 'global',
}

describe('what a vendor sees of contacts and endpoints', () => {
  it('shows its own recipients in full and names only the party of everyone else', () => {
    expect(
      [
        'Stratus duty engineer <oncall@stratus.example>',
        'Pager only',
        'Sam Okafor <mim@northwind.example>',
        'SOC shift lead',
        'Somebody <x@unknown.example>',
      ].map((r) => redactRecipient(stratus, r))
    ).toEqual([
      'Stratus duty engineer <oncall@stratus.example>',
      'Pager only',
      '[redacted: northwind contact]',
      '[redacted: sentinel contact]',
      '[redacted contact]',
    ])
    // A known name at a foreign address is another party's recipient, whatever the name.
    expect(redactRecipient(stratus, 'Stratus duty engineer <soc@sentinel.example>')).toBe(
      '[redacted: sentinel contact]'
    )
  })

  it("scrubs other parties' addresses, channel URLs, outbound URLs and their hosts from free text, keeping its own", () => {
    expect(
      redactText(
        stratus,
        'paged Sam Okafor <mim@northwind.example> and soc@sentinel.example; own: oncall@stratus.example at https://hooks.internal.example:8443/stratus/baton'
      )
    ).toBe(
      'paged [redacted: northwind contact] and [redacted]; own: oncall@stratus.example at https://hooks.internal.example:8443/stratus/baton'
    )
    expect(
      redactText(
        stratus,
        'POST https://soc.sentinel.internal/hooks/baton failed: connect ECONNREFUSED soc.sentinel.internal; https://hooks.slack.com/services/T0/B0/secret'
      )
    ).toBe('POST [redacted] failed: connect ECONNREFUSED [redacted]; [redacted]')
  })

  it('redacts every string and key of nested data without recursing, and leaves other values alone', () => {
    let deep: unknown = 'mim@northwind.example'
    for (let i = 0; i < 20_000; i++) deep = [deep]
    let out = redactJson(stratus, {
      deep,
      n: 3,
      ok: true,
      none: null,
      'soc@sentinel.example': 'x',
      __proto__x: 1,
    }) as Record<string, unknown>
    expect(Object.keys(out)).toEqual(['deep', 'n', 'ok', 'none', '[redacted]', '__proto__x'])
    expect(out).toMatchObject({ n: 3, ok: true, none: null })
    let inner: unknown = out.deep
    while (Array.isArray(inner)) inner = inner[0]
    expect(inner).toBe('[redacted]')
    out = redactJson(
      stratus,
      JSON.parse('{"__proto__": {"polluted": "mim@northwind.example"}}')
    ) as Record<string, unknown>
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({
      polluted: '[redacted]',
    })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('keeps when, step, party and the count of recipients of an escalation entry', () => {
    const data = {
      ...STEP_TWO,
      recipients: [
        'Stratus duty engineer <oncall@stratus.example>',
        'Sam Okafor <mim@northwind.example>',
      ],
    }
    expect(redactLedgerData(stratus, 'escalation.triggered', data)).toEqual({
      ...data,
      recipients: [
        'Stratus duty engineer <oncall@stratus.example>',
        '[redacted: northwind contact]',
      ],
    })
  })

  it("judges an escalation entry's recipients by their structured party, not by their text", () => {
    // Contacts renamed or removed since the page: the text matches no contact of today's world,
    // so only the structured `to` says whose each was.
    const to = [
      {
        party: 'stratus',
        desk: 'global',
        contact: 'old-duty',
        name: 'Old duty',
        channel: 'email',
        address: 'old@stratus.example',
      },
      {
        party: 'northwind',
        desk: 'mim',
        contact: 'gone',
        name: 'Gone <x>',
        channel: 'email',
        address: 'gone@northwind.example',
      },
    ]
    const data = {
      ...STEP_TWO,
      recipients: ['Old duty <old@stratus.example>', 'Gone <x> <gone@northwind.example>'],
      to,
    }
    expect(redactLedgerData(stratus, 'escalation.triggered', data)).toEqual({
      ...data,
      recipients: ['Old duty <old@stratus.example>', '[redacted: northwind contact]'],
      to: [
        to[0],
        {
          ...to[1],
          contact: '[redacted: northwind contact]',
          name: '[redacted: northwind contact]',
          address: null,
        },
      ],
    })
    // The text path alone cannot place them: neither is a contact of the world.
    expect(redactRecipient(stratus, 'Old duty <old@stratus.example>')).toBe('[redacted contact]')
  })

  it("keeps delivery states but only the channel kind of other parties' pages", () => {
    const data = {
      escalationKey: 'ladder:sentinel:1:1:0',
      sent: 2,
      failed: 0,
      deferred: 0,
      outcomes: [
        {
          recipient: 'SOC shift lead <soc@sentinel.example>',
          state: 'SENT',
          channel: 'email:soc@sentinel.example',
          attempts: 1,
          extra: 'soc@sentinel.example',
        },
        {
          recipient: 'Stratus duty engineer <oncall@stratus.example>',
          state: 'SENT',
          channel: 'email:oncall@stratus.example',
          attempts: 1,
        },
      ],
    }
    expect(redactLedgerData(stratus, 'notification.delivery', data)).toEqual({
      ...data,
      outcomes: [
        { recipient: '[redacted: sentinel contact]', state: 'SENT', channel: 'email', attempts: 1 },
        {
          recipient: 'Stratus duty engineer <oncall@stratus.example>',
          state: 'SENT',
          channel: 'email:oncall@stratus.example',
          attempts: 1,
        },
      ],
    })
  })

  it("keeps only the outcome of another party's outbound attempt, and all of its own", () => {
    const attempt = {
      party: 'sentinel',
      type: 'handoff.offered',
      format: 'pagerduty',
      messageId: 'msg_1',
      attempt: 2,
      outcome: 'retry',
      httpStatus: 503,
      error: 'connect ECONNREFUSED 10.2.3.4:443',
      retryInMs: 4000,
    }
    expect(redactLedgerData(stratus, 'outbound.attempt', attempt)).toEqual({
      party: 'sentinel',
      type: 'handoff.offered',
      format: 'pagerduty',
      messageId: 'msg_1',
      attempt: 2,
      outcome: 'retry',
    })
    const own = { ...attempt, party: 'stratus' }
    expect(redactLedgerData(stratus, 'outbound.attempt', own)).toEqual(own)
  })

  it("keeps that another sender's message was refused and why, not what it said; its own in full", () => {
    const refused = {
      receipt: 'rcpt_1',
      messageId: 'msg_9',
      code: 'NOT_WAITING',
      message: 'the incident is not waiting',
      event: {
        type: 'resumed',
        party: 'sentinel',
        at: '2026-03-06T20:00:00.000Z',
        note: 'ask soc lead on +1 555',
      },
    }
    expect(redactLedgerData(stratus, 'vendor_event.refused', refused)).toEqual({
      code: 'NOT_WAITING',
      message: 'the incident is not waiting',
      event: { type: 'resumed', party: 'sentinel', at: '2026-03-06T20:00:00.000Z' },
    })
    const own = { ...refused, event: { ...refused.event, party: 'stratus' } }
    expect(redactLedgerData(stratus, 'vendor_event.refused', own)).toEqual(own)
  })

  it('scrubs any other entry generically, so a new field carrying an address does not leak', () => {
    expect(
      redactLedgerData(stratus, 'comment', {
        party: 'northwind',
        body: 'call Sam Okafor <mim@northwind.example>',
      })
    ).toEqual({ party: 'northwind', body: 'call [redacted: northwind contact]' })
  })

  it("shows its own notification in full and another party's as a placeholder with the channel kind", () => {
    expect(
      redactNotification(stratus, {
        recipient: 'SOC shift lead <soc@sentinel.example>',
        channel: 'webhook:pager.sentinel.internal',
        error: 'HTTP 500 from pager.sentinel.internal',
        state: 'FAILED',
      })
    ).toEqual({
      recipient: '[redacted: sentinel contact]',
      channel: 'webhook',
      error: '[redacted]',
      state: 'FAILED',
    })
    expect(
      redactNotification(stratus, {
        recipient: 'Stratus duty engineer <oncall@stratus.example>',
        channel: 'email:oncall@stratus.example',
        error: 'soc@sentinel.example bounced',
        state: 'SENT',
      })
    ).toEqual({
      recipient: 'Stratus duty engineer <oncall@stratus.example>',
      channel: 'email:oncall@stratus.example',
      error: '[redacted] bounced',
      state: 'SENT',
    })
  })
})
