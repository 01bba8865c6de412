import { formatDuration, markdownTable, toCsv } from './format.ts'
import { timeHeldChart } from './render-monthly-pack.ts'
import type { ReviewPack, WeeklyPackInput } from './review-pack.ts'

/** The weekly operational pack: open P1/P2, the week's breaches, and slow or overdue hand-offs. */
export function renderWeeklyPack(input: WeeklyPackInput): ReviewPack {
  const label = `week of ${input.from.slice(0, 10)}`
  const open = input.openIncidents.filter((i) => i.priority === 'P1' || i.priority === 'P2')
  const charts = [
    {
      name: `weekly-${input.from.slice(0, 10)}-time-held.svg`,
      svg: timeHeldChart(`Time held per party, ${label}`, input.timeHeld),
    },
  ]
  const markdown = [
    `# Weekly operational review, ${label}`,
    '',
    `Period ${input.from} to ${input.to} (UTC). Generated ${input.generatedAt}.`,
    '',
    `## Open P1/P2 incidents (${open.length})`,
    '',
    markdownTable(
      ['incident', 'priority', 'status', 'holder', 'opened', 'title'],
      open.map((i) => [i.key, i.priority, i.status, i.holder, i.openedAt, i.title])
    ),
    '',
    `## Breaches (${input.breaches.length})`,
    '',
    markdownTable(
      ['incident', 'agreement', 'metric', 'clock of', 'attributed to', 'breached at'],
      input.breaches.map((b) => [
        b.incidentKey,
        b.agreement,
        b.metric,
        b.party,
        b.attributedTo ?? '—',
        b.breachedAt,
      ])
    ),
    '',
    `## Hand-off delays (${input.handoffDelays.length})`,
    '',
    markdownTable(
      ['incident', 'hand-off', 'from', 'to', 'offered', 'answered', 'state', 'waited', 'overdue'],
      input.handoffDelays.map((h) => [
        h.incidentKey,
        h.handoffId,
        h.from,
        h.to,
        h.offeredAt,
        h.respondedAt ?? '—',
        h.state,
        formatDuration(h.delayMs),
        h.overdue ? 'yes' : 'no',
      ])
    ),
    '',
    charts[0]!.svg,
  ].join('\n')
  const csv = toCsv(
    ['section', 'incident', 'item', 'party', 'other', 'at', 'detail'],
    [
      ...open.map((i) => ['open', i.key, i.priority, i.holder, i.status, i.openedAt, i.title]),
      ...input.breaches.map((b) => [
        'breach',
        b.incidentKey,
        b.clockId,
        b.party,
        b.attributedTo,
        b.breachedAt,
        `${b.agreement} ${b.metric}`,
      ]),
      ...input.handoffDelays.map((h) => [
        'handoff',
        h.incidentKey,
        h.handoffId,
        h.from,
        h.to,
        h.offeredAt,
        `${h.state} after ${Math.round(h.delayMs / 1000)} s${h.overdue ? ' (overdue)' : ''}`,
      ]),
    ]
  )
  return {
    kind: 'weekly',
    party: null,
    periodLabel: label,
    from: input.from,
    to: input.to,
    title: `Weekly operational review, ${label}`,
    markdown,
    csv,
    charts,
  }
}
