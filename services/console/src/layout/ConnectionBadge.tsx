import { Icon } from '../util/icons.tsx'
import { useConnectionState } from '../util/connection-status.ts'
import styles from './ConnectionBadge.module.css'

const LABEL = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' } as const

/** The live connection's state, announced politely when it changes. */
export function ConnectionBadge() {
  const state = useConnectionState()
  return (
    <span
      role='status'
      aria-live='polite'
      className={`${styles.badge} ${styles[state]}`}
      data-connection={state}
    >
      <Icon name={state === 'live' ? 'live' : 'offline'} size={14} />
      {LABEL[state]}
    </span>
  )
}
