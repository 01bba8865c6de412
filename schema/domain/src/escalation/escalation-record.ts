import type { Recipient } from '../notifications/recipient.ts'

/**
 * An escalation as the ledger's `escalation.triggered` entry and the escalations row record it:
 * what the workflow's recordEvent activity carries and the database writes.
 */
export type EscalationRecord = {
  at: string
  reason: string
  step: number | null
  party: string
  desk: string | null
  /** each recipient as text (formatRecipient of `to`) */
  recipients: string[]
  /** the recipients, structured, in the same order (absent in histories recorded before them) */
  to?: Recipient[]
}
