import {
  partyView,
  redactLedgerData,
  redactNotification,
  redactForeignRecipient,
  redactRecipient,
  redactRecipientTexts,
  redactText,
  type Recipient,
  type RedactableNotification,
  type PartyView,
} from '@baton/domain'
import type { GatewayContext } from '../context.ts'
import type { Loaders } from '../loaders/create-loaders.ts'

const views = new WeakMap<Loaders, Promise<PartyView | null>>()

/**
 * What the viewer may see of other parties' contacts and endpoints: null for staff tokens (they
 * see everything), the party's view for a VENDOR token. Once per request. Every field that can
 * carry a contact, channel or endpoint goes through the functions below (docs/graphql.md).
 */
export function viewerPartyView(ctx: GatewayContext): Promise<PartyView | null> {
  if (ctx.viewer.role !== 'VENDOR') return Promise.resolve(null)
  let view = views.get(ctx.loaders)
  if (!view) {
    view = (async () => {
      const [world, parties] = await Promise.all([ctx.loaders.world(), ctx.loaders.parties()])
      // A token whose party is gone owns nothing: everything is someone else's.
      return partyView(
        world,
        (ctx.viewer.partyId && parties.byId.get(ctx.viewer.partyId)?.slug) || ''
      )
    })()
    views.set(ctx.loaders, view)
  }
  return view
}

/** A ledger entry's data (timeline, subscription events, comments) as the viewer may see it. */
export async function visibleLedgerData(
  ctx: GatewayContext,
  entry: { type: string; data: unknown }
): Promise<unknown> {
  const view = await viewerPartyView(ctx)
  return view ? redactLedgerData(view, entry.type, entry.data) : entry.data
}

/**
 * An escalation's recipients' texts as the viewer may see them (one entry per recipient either
 * way). With the structured recipients beside them, whose each is comes from those; an escalation
 * recorded before them is judged by the world's contacts.
 */
export async function visibleRecipients(
  ctx: GatewayContext,
  recipients: readonly string[],
  to: readonly Recipient[] | null | undefined
): Promise<string[]> {
  const view = await viewerPartyView(ctx)
  if (!view) return [...recipients]
  if (to && to.length === recipients.length) return redactRecipientTexts(view, recipients, to)
  return recipients.map((r) => redactRecipient(view, r))
}

/** An escalation's structured recipients as the viewer may see them (another party's redacted). */
export async function visibleRecipientList(
  ctx: GatewayContext,
  to: readonly Recipient[]
): Promise<Recipient[]> {
  const view = await viewerPartyView(ctx)
  return view ? to.map((r) => (r.party === view.party ? r : redactForeignRecipient(r))) : [...to]
}

/** A notification's recipient, channel and error as the viewer may see them. */
export async function visibleNotification<T extends RedactableNotification>(
  ctx: GatewayContext,
  n: T
): Promise<T> {
  const view = await viewerPartyView(ctx)
  return view ? redactNotification(view, n) : n
}

/** Free text a system wrote (an error message) as the viewer may see it. */
export async function visibleText(
  ctx: GatewayContext,
  text: string | null
): Promise<string | null> {
  const view = await viewerPartyView(ctx)
  return view && text !== null ? redactText(view, text) : text
}
