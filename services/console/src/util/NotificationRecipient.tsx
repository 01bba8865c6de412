import type { RecipientReach } from '../board/major-incident.ts'
import { DeliveryState } from './DeliveryState.tsx'
import styles from './DeliveryState.module.css'

/** Whom a notification reached, structured (the API's `Notification.to`). */
export interface RecipientTo {
  name: string
  contact: string
  channel?: string | null
  address?: string | null
}

const CHANNEL: Record<string, string> = {
  EMAIL: 'e-mail',
  WEBHOOK: 'webhook',
  SLACK: 'Slack',
  TEAMS: 'Teams',
}

/**
 * One recipient of an escalation with its notification's delivery: the contact's name, its channel
 * and e-mail address from the structured recipient (`to`), then the delivery state. A notification
 * queued before recipients were stored structured (`to` null) shows its text. The channel that
 * carried it is named only when it is not the recipient's own (a fallback channel).
 */
export function NotificationRecipient({
  reach: { recipient: text, to, state, channel },
}: {
  reach: RecipientReach
}) {
  if (!to)
    return (
      <>
        {text} · <DeliveryState state={state} channel={channel} />
      </>
    )
  const kind = to.channel ? (CHANNEL[to.channel] ?? to.channel.toLowerCase()) : 'no channel'
  const own = to.channel && channel?.startsWith(`${to.channel.toLowerCase()}:`)
  return (
    <>
      <span className={styles.name}>{to.name || to.contact}</span>{' '}
      <span className={styles.how}>
        ({kind}
        {to.address ? ` ${to.address}` : ''})
      </span>{' '}
      · <DeliveryState state={state} channel={own ? null : channel} />
    </>
  )
}
