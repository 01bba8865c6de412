import { describe, expect, it } from 'vitest'
import { demoOutageEvents, demoWorld } from '../testing/demo-world.ts'
import { demoMarchCredits, settledDemoIncident } from '../testing/demo-scorecard.ts'
import { computeSettlement } from '../scorecards/settlement.ts'
import { buildScorecard } from '../scorecards/build-scorecard.ts'
import { formatDuration, formatMoney, markdownTable, toCsv } from './format.ts'
import { renderMonthlyPack } from './render-monthly-pack.ts'
import { renderWeeklyPack } from './render-weekly-pack.ts'
import { renderQuarterlyPack } from './render-quarterly-pack.ts'

const settled = computeSettlement({
  events: demoOutageEvents,
  world: demoWorld,
  closedAt: '2026-03-09T13:00:00Z',
})
const incidents = [settledDemoIncident('INC-1', demoOutageEvents)]
const card = (party: string) =>
  buildScorecard({
    party,
    from: '2026-03-01T00:00:00.000Z',
    to: '2026-04-01T00:00:00.000Z',
    world: demoWorld,
    incidents,
    credits: demoMarchCredits(party, incidents),
    integration: {
      received: 3,
      applied: 3,
      refused: 0,
      deadLettered: 0,
      pending: 0,
      duplicates: null,
    },
  })
const trend = (party: string) => [
  {
    month: '2026-03',
    attainment: {
      UC: card(party).attainment.UC.percent,
      OLA: card(party).attainment.OLA.percent,
      SLA: null,
    },
    credits: card(party).credits.total,
  },
]
const timeHeld = [
  { party: 'sentinel', ms: 41 * 60_000 },
  { party: 'stratus', ms: 123 * 60_000 },
  { party: 'vistula', ms: 446 * 60_000 },
]

describe('formatting', () => {
  it.each([
    [2400, 'USD', 'USD 2,400.00'],
    [-2400.5, 'USD', '-USD 2,400.50'],
    [1234567.891, 'EUR', 'EUR 1,234,567.89'],
    [0, null, '0.00'],
  ] as const)('money %s %s', (a, c, s) => expect(formatMoney(a, c)).toBe(s))
  it.each([
    [870_000, '14 min 30 s'],
    [7_140_000, '1 h 59 min'],
    [null, '—'],
    [0, '0 min'],
  ] as const)('duration %s', (ms, s) => expect(formatDuration(ms)).toBe(s))
  it('escapes tables and CSV', () => {
    expect(markdownTable(['a'], [['x|y']])).toBe('| a |\n| --- |\n| x\\|y |')
    expect(toCsv(['a', 'b'], [['say "hi", then', null]])).toBe('a,b\r\n"say ""hi"", then",\r\n')
  })
})

describe('the monthly pack of the demo outage', () => {
  it('shows Stratus its two attributed breaches and USD 2,400 of credits', () => {
    const pack = renderMonthlyPack({
      scorecard: card('stratus'),
      trend: trend('stratus'),
      timeHeld,
      generatedAt: '2026-04-01T06:00:00.000Z',
    })
    expect(pack).toMatchObject({
      kind: 'monthly',
      party: 'stratus',
      periodLabel: '2026-03',
      title: 'Stratus Cloud: monthly service review, 2026-03',
    })
    expect(pack.markdown).toContain('| credits owed | USD 2,400.00 |')
    expect(pack.markdown).toContain(
      '| INC-1 | stratus-hosting@1 | UC | RESPONSE | stratus | 2026-03-06T20:35:00.000Z |'
    )
    expect(pack.markdown).toContain(
      '| INC-1 | containment@1 | OLA | HANDOFF_ACCEPT | stratus | 2026-03-06T20:35:00.000Z |'
    )
    expect(pack.csv).toContain(
      'credit,2026-03,stratus-hosting,INC-1#stratus-hosting@1/RESPONSE/stratus/1,2026-03-06T20:35:00.000Z,2400,USD,'
    )
    expect(pack.charts.map((c) => c.name)).toEqual([
      'stratus-2026-03-attainment.svg',
      'stratus-2026-03-time-held.svg',
    ])
    for (const c of pack.charts)
      expect(c.svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^]*<\/svg>\n$/)
    expect(pack.markdown).toContain(pack.charts[0]!.svg)
  })

  it('shows Vistula USD 6,400: the hand-off OLA and the end-to-end SLA', () => {
    const pack = renderMonthlyPack({
      scorecard: card('vistula'),
      trend: trend('vistula'),
      timeHeld,
      generatedAt: '2026-04-01T06:00:00.000Z',
    })
    expect(pack.markdown).toContain('| credits owed | USD 6,400.00 |')
    expect(
      pack.csv
        .split('\r\n')
        .filter((l) => l.startsWith('credit,'))
        .map((l) => l.split(',')[5])
    ).toEqual(['4000', '2400'])
  })

  it('renders the same bytes twice (deterministic)', () => {
    const a = renderMonthlyPack({
      scorecard: card('stratus'),
      trend: trend('stratus'),
      timeHeld,
      generatedAt: 'x',
    })
    const b = renderMonthlyPack({
      scorecard: card('stratus'),
      trend: trend('stratus'),
      timeHeld,
      generatedAt: 'x',
    })
    expect(a).toEqual(b)
  })
})

describe('weekly and quarterly packs', () => {
  it('lists open P1/P2, breaches and overdue hand-offs', () => {
    const pack = renderWeeklyPack({
      from: '2026-03-02T00:00:00.000Z',
      to: '2026-03-09T00:00:00.000Z',
      generatedAt: 'g',
      openIncidents: [
        {
          key: 'INC-2',
          title: 'Store staff cannot log in',
          priority: 'P2',
          status: 'ACKNOWLEDGED',
          holder: 'bayside',
          openedAt: '2026-03-06T20:30:00Z',
        },
        {
          key: 'INC-3',
          title: 'low',
          priority: 'P4',
          status: 'OPEN',
          holder: 'bayside',
          openedAt: '2026-03-06T20:30:00Z',
        },
      ],
      breaches: settled.attribution.breaches.map((b) => ({
        incidentKey: 'INC-1',
        clockId: b.clockId,
        agreement: `${b.agreement.slug}@${b.agreement.version}`,
        metric: b.metric,
        party: b.party,
        attributedTo: b.attributedTo,
        breachedAt: b.breachedAt,
      })),
      handoffDelays: [
        {
          incidentKey: 'INC-1',
          handoffId: 'h2',
          from: 'stratus',
          to: 'vistula',
          offeredAt: '2026-03-06T21:30:00Z',
          respondedAt: '2026-03-06T21:55:00Z',
          state: 'REJECTED',
          delayMs: 25 * 60_000,
          overdue: true,
        },
      ],
      timeHeld,
    })
    expect(pack.markdown).toContain('## Open P1/P2 incidents (1)')
    expect(pack.markdown).toContain('## Breaches (4)')
    expect(pack.markdown).toContain(
      '| INC-1 | h2 | stratus | vistula | 2026-03-06T21:30:00Z | 2026-03-06T21:55:00Z | REJECTED | 25 min | yes |'
    )
    expect(pack.csv.split('\r\n').filter((l) => l.startsWith('breach,'))).toHaveLength(4)
  })

  it('puts every vendor side by side, ranked on UC attainment (ties share a rank)', () => {
    const pack = renderQuarterlyPack({
      label: '2026-Q1',
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
      generatedAt: 'g',
      scorecards: ['vistula', 'stratus', 'sentinel'].map(card),
      trends: ['stratus', 'vistula'].map((p) => ({ party: p, points: trend(p) })),
    })
    const rows = pack.markdown.split('\n').filter((l) => /^\| (Sentinel|Stratus|Vistula)/.test(l))
    expect(
      rows.map((r) =>
        r
          .split(' | ')
          .slice(0, 1)
          .concat(r.split(' | ')[4]!, r.split(' | ')[5]!, r.split(' | ')[8]!)
      )
    ).toEqual([
      ['| Sentinel SecOps', '100 %', '1', '0.00'],
      ['| Stratus Cloud', '66.67 %', '3', 'USD 2,400.00'],
      ['| Vistula Software', '100 %', '1', 'USD 6,400.00'],
    ])
    expect(pack.csv.split('\r\n')[0]).toMatch(/^party,incidents,mtta_ms/)
  })
})
