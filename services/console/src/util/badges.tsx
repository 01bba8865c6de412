import styles from './badges.module.css'

const STATUS_LABEL: Record<string, string> = {
  OPEN: 'Open',
  ACKNOWLEDGED: 'Acknowledged',
  WAITING: 'Waiting',
  RESOLVED: 'Resolved',
  CLOSED: 'Closed',
}

/** Priority as text with a colour (P1 strongest); the text is the signal, the colour a help. */
export function PriorityBadge({ priority }: { priority: string }) {
  return (
    <span className={`${styles.badge} ${styles[priority.toLowerCase()] ?? ''}`}>{priority}</span>
  )
}

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`${styles.status} ${styles[`s${status}`] ?? ''}`}>
      {STATUS_LABEL[status] ?? status}
    </span>
  )
}
