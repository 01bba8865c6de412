import { createHash } from 'node:crypto'
import nodemailer from 'nodemailer'
import type { EmailContent } from '@baton/domain'
import type { ChannelOutcome } from './channel-outcome.ts'

export type SmtpConfig = {
  host: string
  port: number
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it */
  secure?: boolean
  from: string
  auth?: { user: string; pass: string }
  /** refuse to send without STARTTLS */
  requireTLS?: boolean
  timeoutMs?: number
}
export type EmailAttachment = { filename: string; content: string; contentType: string }
export type EmailSender = {
  send(o: {
    to: { name: string; address: string }
    content: EmailContent
    dedupKey: string
    incidentKey?: string
    headers?: Record<string, string>
    attachments?: EmailAttachment[]
  }): Promise<ChannelOutcome>
}

const TRANSIENT_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPROTOCOL',
])

/** SMTP reply 4xx and connection faults are transient; 5xx and envelope or auth faults permanent. */
export function smtpOutcome(e: unknown): ChannelOutcome {
  const err = e as Error & { code?: string; responseCode?: number; response?: string }
  const error = `SMTP ${err.responseCode ?? err.code ?? 'error'}: ${(err.response ?? err.message).slice(0, 200)}`
  if (err.responseCode !== undefined)
    return err.responseCode >= 400 && err.responseCode < 500
      ? { status: 'transient', error }
      : { status: 'permanent', error }
  return err.code && TRANSIENT_CODES.has(err.code)
    ? { status: 'transient', error }
    : { status: 'permanent', error }
}

/**
 * Email over SMTP. Acceptance by the server counts as SENT, not DELIVERED: it proves the relay
 * took responsibility, not that a person's mailbox has it. The Message-ID is derived from the
 * dedup key, so a resend after a crash between sending and recording is recognisably the same.
 * Not pooled: each message opens and closes its own connection, so nothing needs closing.
 */
export function createEmailSender(smtp: SmtpConfig): EmailSender {
  const timeout = smtp.timeoutMs ?? 10_000
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure ?? false,
    ...(smtp.auth ? { auth: smtp.auth } : {}),
    ...(smtp.requireTLS ? { requireTLS: true } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  })
  return {
    async send({ to, content, dedupKey, incidentKey, headers, attachments }) {
      const messageId = `<${createHash('sha256').update(dedupKey).digest('hex').slice(0, 32)}@baton.notifications>`
      try {
        const info = await transport.sendMail({
          from: smtp.from,
          to: { name: to.name, address: to.address },
          subject: content.subject,
          text: content.text,
          html: content.html,
          messageId,
          headers: {
            ...(incidentKey ? { 'X-Baton-Incident': incidentKey } : {}),
            ...headers,
            'X-Baton-Dedup-Key': dedupKey,
          },
          ...(attachments?.length ? { attachments } : {}),
        })
        if (info.rejected.length > 0)
          return {
            status: 'permanent',
            error: `SMTP rejected ${info.rejected.map(String).join(', ')}: ${info.response}`,
          }
        return { status: 'sent', detail: `SMTP ${info.response}` }
      } catch (e) {
        return smtpOutcome(e)
      }
    },
  }
}
