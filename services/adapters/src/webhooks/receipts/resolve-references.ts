import { ServiceError } from '@baton/domain'
import { and, eq, sql } from 'drizzle-orm'
import { bondRefs, desks, handoffs, parties, type Database } from '@baton/db'
import { type InboundMessage } from '../../dialects/inbound-message.ts'
import type { BondedIncident } from './resolve-bond.ts'

/** The kinds of vendor reference kept per bond (bond_refs.kind). */
export const BOND_REF_KINDS = { handoff: 'handoff' } as const

/** A message whose references are Baton's, and the vendor's own name for a hand-off it requests. */
export type ResolvedMessage = { message: InboundMessage; vendorHandoffRef?: string | undefined }

/** Messages that name a party, desk or hand-off besides their incident: they take the slow path, which resolves them. */
export const namesReferences = (m: InboundMessage) =>
  m.type.startsWith('handoff.') || m.type === 'incident.waiting'

const fieldOf = (m: InboundMessage, name: 'to' | 'on' | 'handoffId') =>
  m.fields?.[name] ?? `data.${name}`

/**
 * Resolves every reference of a message to Baton's names before its receipt is written, so that
 * nothing unresolvable reaches the incident workflow: a party (slug or name, optionally
 * 'party/desk') and a hand-off of this incident (Baton's id, or the vendor's own reference to one
 * it requested). An unknown one is a 422 naming the field. A hand-off id a vendor sends with
 * handoff.requested is only its own reference: Baton mints the hand-off's id (to-incident-event.ts).
 */
export async function resolveReferences(
  db: Database,
  message: InboundMessage,
  bond: BondedIncident
): Promise<ResolvedMessage> {
  switch (message.type) {
    case 'handoff.requested': {
      if (message.to === undefined || message.to.trim() === '') return { message }
      const to = await resolveParty(db, message.to, fieldOf(message, 'to'))
      return {
        message: { ...message, to: to.slug, toDesk: to.desk, handoffId: undefined },
        vendorHandoffRef: message.handoffId,
      }
    }
    case 'handoff.accepted':
    case 'handoff.rejected':
      if (message.handoffId === undefined) return { message }
      return {
        message: {
          ...message,
          handoffId: await resolveHandoff(
            db,
            bond,
            message.handoffId,
            fieldOf(message, 'handoffId')
          ),
        },
      }
    case 'incident.waiting': {
      if (message.on === undefined || message.on.trim() === '') return { message }
      return {
        message: {
          ...message,
          on: (await resolveParty(db, message.on, fieldOf(message, 'on'), false)).slug,
        },
      }
    }
    default:
      return { message }
  }
}

/** A party by slug, else by its name (case and surrounding spaces aside, one match only); 'party/desk' names a desk of it too. */
async function resolveParty(
  db: Database,
  value: string,
  field: string,
  desks = true
): Promise<{ slug: string; desk?: string | undefined }> {
  const whole = await partyNamed(db, value.trim())
  if (whole) return { slug: whole.slug }
  const cut = value.indexOf('/')
  if (desks && cut > 0) {
    const party = await partyNamed(db, value.slice(0, cut).trim())
    const desk = value.slice(cut + 1).trim()
    if (party) {
      if (await hasDesk(db, party.id, desk))
        return { slug: party.slug, desk: `${party.slug}/${desk}` }
      throw new ServiceError(
        'UNPROCESSABLE',
        `${field}: party '${party.slug}' has no desk '${desk}'`,
        { field }
      )
    }
  }
  throw new ServiceError(
    'UNPROCESSABLE',
    `${field}: no party '${value}' (name a party by its slug or its name)`,
    { field }
  )
}

async function partyNamed(
  db: Database,
  value: string
): Promise<{ id: string; slug: string } | null> {
  if (value === '') return null
  const rows = await db
    .select({ id: parties.id, slug: parties.slug })
    .from(parties)
    .where(sql`${parties.slug} = ${value} or lower(${parties.name}) = lower(${value})`)
    .limit(3)
  return rows.find((r) => r.slug === value) ?? (rows.length === 1 ? rows[0]! : null)
}

async function hasDesk(db: Database, partyId: string, slug: string): Promise<boolean> {
  const [row] = await db
    .select({ id: desks.id })
    .from(desks)
    .where(and(eq(desks.partyId, partyId), eq(desks.slug, slug)))
  return !!row
}

/**
 * A hand-off of this incident: Baton's id, else the vendor's own reference kept on its bond. A
 * hand-off of any other incident is as unknown as one that does not exist (and says nothing of it).
 */
async function resolveHandoff(
  db: Database,
  bond: BondedIncident,
  value: string,
  field: string
): Promise<string> {
  const [own] = await db
    .select({ id: handoffs.id })
    .from(handoffs)
    .where(and(eq(handoffs.id, value), eq(handoffs.incidentId, bond.incidentId)))
  if (own) return own.id
  const [mapped] = await db
    .select({ id: bondRefs.batonId })
    .from(bondRefs)
    .where(
      and(
        eq(bondRefs.bondId, bond.bondId),
        eq(bondRefs.kind, BOND_REF_KINDS.handoff),
        eq(bondRefs.vendorRef, value)
      )
    )
  if (mapped) return mapped.id
  throw new ServiceError(
    'UNPROCESSABLE',
    `${field}: no hand-off '${value}' on incident ${bond.key}`,
    { field }
  )
}

/** Keeps the vendor's reference for the hand-off Baton minted; a reference used again names the newest hand-off. */
export async function keepHandoffRef(
  db: Database,
  bondId: string,
  vendorRef: string,
  batonId: string
): Promise<void> {
  await db
    .insert(bondRefs)
    .values({ bondId, kind: BOND_REF_KINDS.handoff, vendorRef, batonId })
    .onConflictDoUpdate({
      target: [bondRefs.bondId, bondRefs.kind, bondRefs.vendorRef],
      set: { batonId },
    })
}
