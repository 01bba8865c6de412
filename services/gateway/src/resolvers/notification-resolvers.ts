import { listIncidentNotifications, type NotificationRow } from '@baton/db'
import {
  formatRecipient,
  ladderCoverage,
  type RecipientChannel as DomainRecipientChannel,
  type CoverageReason as DomainCoverageReason,
  type LadderCoverageStep,
  type Recipient,
} from '@baton/domain'
import type { GatewayContext } from '../context.ts'
import type { CoverageReason, RecipientChannel, Resolvers } from '../generated/resolvers-types.ts'
import { requireStaffRead } from '../auth/authorize.ts'
import { gqlError } from '../graphql/errors.ts'
import { partyById, requiredPartyBySlug } from './world-resolvers.ts'
import { visibleNotification } from '../visibility/viewer-redaction.ts'

const COVERAGE_REASONS: Record<DomainCoverageReason, CoverageReason> = {
  'no-desk': 'NO_DESK',
  'desk-closed': 'DESK_CLOSED',
  'no-contact': 'NO_CONTACT',
  'no-channel': 'NO_CHANNEL',
  'quiet-hours': 'QUIET_HOURS',
}

const RECIPIENT_CHANNELS: Record<DomainRecipientChannel, RecipientChannel> = {
  email: 'EMAIL',
  webhook: 'WEBHOOK',
  slack: 'SLACK',
  teams: 'TEAMS',
}

/** A structured recipient as the API's NotificationRecipient (its channel as the enum). */
export const recipientForApi = (to: Recipient) => ({
  ...to,
  channel: to.channel ? RECIPIENT_CHANNELS[to.channel] : null,
})

/** The Monday 00:00 UTC of the week `now` is in: coverage is checked over the current week. */
const weekStartOf = (now: Date) => {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7))
  return d
}

/** A notification row: the parent of Notification's fields. */
export type { NotificationRow }

export async function ladderCoverageQuery(
  ctx: GatewayContext,
  args: { partyId: string }
): Promise<LadderCoverageStep[]> {
  requireStaffRead(ctx.viewer, 'ladderCoverage')
  const party = await partyById(ctx, args.partyId)
  if (!party) throw gqlError('NOT_FOUND', `no party ${args.partyId}`)
  return ladderCoverage(await ctx.loaders.world(), party.slug, {
    weekStart: weekStartOf(ctx.now()),
  })
}

export const notificationResolvers = {
  LadderCoverageStep: {
    party: (s, _, ctx) => requiredPartyBySlug(ctx, s.party),
  },
  CoverageHole: {
    reason: (h) => COVERAGE_REASONS[h.reason],
  },
  // Another party's recipient, channel and errors are redacted for a VENDOR token, on every path to a Notification.
  Notification: {
    // The text is made from the structured recipient in one place (formatRecipient); an older row
    // without it keeps the text it was written with.
    recipient: async (n, _, ctx) => {
      const seen = await visibleNotification(ctx, n)
      return seen.to && seen.to === n.to ? formatRecipient(seen.to) : seen.recipient
    },
    to: async (n, _, ctx) => {
      const to = (await visibleNotification(ctx, n)).to
      return to ? recipientForApi(to) : null
    },
    channel: async (n, _, ctx) => (await visibleNotification(ctx, n)).channel,
    error: async (n, _, ctx) => (await visibleNotification(ctx, n)).error,
  },
  Incident: {
    // The incident resolver already enforced the viewer's scope on the parent.
    notifications: (incident, _, ctx) => listIncidentNotifications(ctx.deps.db.db, incident.id),
  },
} satisfies Resolvers
