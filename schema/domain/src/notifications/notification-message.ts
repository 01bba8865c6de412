import { formatInstantForRecipient } from './format-instant.ts'

/** What one escalation notification says to one person; every channel renders this. */
export type NotificationMessage = {
  incidentId: string
  incidentKey: string
  title: string
  priority: string
  reason: string
  step: number | null
  /** when the escalation fell due */
  at: string
  holder: { slug: string; name: string }
  clock: { metric: string; deadline: string | null; timeZone: string } | null
  recipient: { name: string; timeZone: string }
  consoleUrl: string
}

export type NotificationFacts = {
  subject: string
  headline: string
  /** label/value pairs in display order, the same on every channel */
  fields: Array<{ label: string; value: string }>
  link: string
}

/** The console link: GraphiQL with the incident query filled in. */
export function consoleLink(consoleUrl: string, incidentKey: string, incidentId: string): string {
  const query = `{ incident(id: "${incidentId}") { key title priority status holder { name } clocks { metric state deadline remaining } } }`
  return `${consoleUrl.replace(/\/+$/, '')}/graphql?incident=${encodeURIComponent(incidentKey)}&query=${encodeURIComponent(query)}`
}

const clockLabel = (metric: string): string => metric.toLowerCase().replace(/_/g, ' ')

/** The facts every message states, in one place: the channel templates only lay them out. */
export function notificationFacts(m: NotificationMessage): NotificationFacts {
  const zone = m.recipient.timeZone
  const step = m.step === null ? 'escalation' : `escalation step ${m.step}`
  const deadline = m.clock?.deadline
    ? formatInstantForRecipient(m.clock.deadline, zone)
    : 'none (no running clock)'
  return {
    subject: `[${m.priority}] ${m.incidentKey} ${m.title}: ${step}`,
    headline: `${m.priority} ${m.incidentKey} ${m.title}`,
    fields: [
      { label: 'Incident', value: `${m.incidentKey} ${m.title}` },
      { label: 'Priority', value: m.priority },
      { label: 'Why you', value: `${m.reason} (${step})` },
      {
        label: 'Clock',
        value: m.clock ? `${clockLabel(m.clock.metric)} (calendar ${m.clock.timeZone})` : 'none',
      },
      { label: 'Deadline', value: deadline },
      {
        label: 'Baton held by',
        value:
          m.holder.name === m.holder.slug ? m.holder.slug : `${m.holder.name} (${m.holder.slug})`,
      },
      { label: 'Escalated at', value: formatInstantForRecipient(m.at, zone) },
      { label: 'Your time zone', value: zone },
    ],
    link: consoleLink(m.consoleUrl, m.incidentKey, m.incidentId),
  }
}
