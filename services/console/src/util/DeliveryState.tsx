import { Icon, type IconName } from './icons.tsx'
import styles from './DeliveryState.module.css'

const VIEW: Record<string, { label: string; icon: IconName; cls: string }> = {
  QUEUED: { label: 'Queued', icon: 'paused', cls: 'queued' },
  SENT: { label: 'Sent', icon: 'handoff', cls: 'sent' },
  DELIVERED: { label: 'Delivered', icon: 'ok', cls: 'delivered' },
  FAILED: { label: 'Failed', icon: 'danger', cls: 'failed' },
}

/** A notification's delivery state in words with an icon (and its channel when sent). */
export function DeliveryState({
  state,
  channel,
}: {
  state: string | null
  channel?: string | null
}) {
  if (!state) return <span className={styles.unknown}>no notification recorded</span>
  const v = VIEW[state] ?? { label: state, icon: 'clock' as IconName, cls: 'queued' }
  return (
    <span className={`${styles.state} ${styles[v.cls]}`}>
      <Icon name={v.icon} size={12} /> {v.label}
      {channel ? ` via ${channel}` : ''}
    </span>
  )
}
