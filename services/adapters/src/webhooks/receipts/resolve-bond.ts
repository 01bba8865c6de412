import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { isUuid } from '@baton/domain'
import { bonds, handoffs, incidents, type Database } from '@baton/db'
import { ServiceError } from '../../app/service-error.ts'
import type { IncidentRef } from '../../dialects/inbound-message.ts'

export type BondedIncident = {
  incidentId: string
  key: string
  bondId: string
  vendorRef: string | null
}

// The columns of a BondedIncident, as both lookups select them.
const BONDED_INCIDENT = {
  incidentId: incidents.id,
  key: incidents.key,
  bondId: bonds.id,
  vendorRef: bonds.vendorRef,
}

async function byIncident(
  db: Database,
  partyId: string,
  id: string
): Promise<BondedIncident | null> {
  const match = isUuid(id) ? eq(incidents.id, id) : eq(incidents.key, id)
  const [row] = await db
    .select(BONDED_INCIDENT)
    .from(incidents)
    .innerJoin(bonds, and(eq(bonds.incidentId, incidents.id), eq(bonds.partyId, partyId)))
    .where(match)
  return row ?? null
}

export async function findBondByRef(
  db: Database,
  partyId: string,
  vendorRef: string
): Promise<BondedIncident | null> {
  const [row] = await db
    .select(BONDED_INCIDENT)
    .from(bonds)
    .innerJoin(incidents, eq(incidents.id, bonds.incidentId))
    .where(and(eq(bonds.partyId, partyId), eq(bonds.vendorRef, vendorRef)))
  return row ?? null
}

/**
 * The incident a message is about, bonded to this party (404 otherwise). The first message that
 * names both a Baton incident and the vendor's ref attaches the ref to the bond.
 */
export async function resolveBond(
  db: Database,
  partyId: string,
  ref: IncidentRef
): Promise<BondedIncident | null> {
  if (!ref.id && !ref.vendorRef)
    throw new ServiceError(
      'UNPROCESSABLE',
      'incident.id or incident.vendorRef is required',
      'incident'
    )
  if (!ref.id) return findBondByRef(db, partyId, ref.vendorRef!)
  const bond = await byIncident(db, partyId, ref.id)
  if (!bond || !ref.vendorRef || bond.vendorRef === ref.vendorRef) return bond
  if (bond.vendorRef !== null)
    throw new ServiceError(
      'UNPROCESSABLE',
      `incident ${bond.key} is bonded to vendor ref '${bond.vendorRef}', not '${ref.vendorRef}'`,
      'incident.vendorRef'
    )
  try {
    await db
      .update(bonds)
      .set({ vendorRef: ref.vendorRef })
      .where(and(eq(bonds.id, bond.bondId), isNull(bonds.vendorRef)))
  } catch (error) {
    if (
      (error as { code?: string }).code === '23505' ||
      (error as { cause?: { code?: string } }).cause?.code === '23505'
    )
      throw new ServiceError(
        'CONFLICT',
        `vendor ref '${ref.vendorRef}' is bonded to another incident`,
        'incident.vendorRef'
      )
    throw error
  }
  return { ...bond, vendorRef: ref.vendorRef }
}

/** The 404 of a message whose incident is not bonded to its party. */
export const notBonded = () =>
  new ServiceError(
    'NOT_FOUND',
    'no incident bonded to this party matches incident.id / incident.vendorRef',
    'incident'
  )

/** resolveBond, refusing with notBonded's 404 when nothing matches. */
export async function requireBond(
  db: Database,
  partyId: string,
  ref: IncidentRef
): Promise<BondedIncident> {
  const bond = await resolveBond(db, partyId, ref)
  if (!bond) throw notBonded()
  return bond
}

/** The newest hand-off still open to this party (offered, or expired but unanswered), for vendors that answer without naming it. */
export async function openOfferTo(
  db: Database,
  incidentId: string,
  partyId: string
): Promise<string | undefined> {
  const [row] = await db
    .select({ id: handoffs.id })
    .from(handoffs)
    .where(
      and(
        eq(handoffs.incidentId, incidentId),
        eq(handoffs.toPartyId, partyId),
        inArray(handoffs.state, ['OFFERED', 'EXPIRED'])
      )
    )
    .orderBy(desc(handoffs.offeredAt))
    .limit(1)
  return row?.id
}

export const attachRefSql = (incidentId: string, partyId: string, vendorRef: string) =>
  sql`insert into ${bonds} (incident_id, party_id, vendor_ref) values (${incidentId}, ${partyId}, ${vendorRef})
      on conflict (incident_id, party_id) do update set vendor_ref = coalesce(${bonds.vendorRef}, excluded.vendor_ref) returning id`
