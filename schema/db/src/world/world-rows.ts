import { and, eq } from 'drizzle-orm'
import type { Database } from '../create-db.ts'
import { agreements, calendars, desks, parties, services } from '../schema.ts'

// Fresh rows for an admin mutation's payload (the request's loaders may have cached the world before the change).

export const partyRowBySlug = async (db: Database, slug: string) =>
  (await db.select().from(parties).where(eq(parties.slug, slug)))[0] ?? null
export const calendarRowBySlug = async (db: Database, slug: string) =>
  (await db.select().from(calendars).where(eq(calendars.slug, slug)))[0] ?? null
export const serviceRowBySlug = async (db: Database, slug: string) =>
  (await db.select().from(services).where(eq(services.slug, slug)))[0] ?? null
export const agreementRowByVersion = async (db: Database, slug: string, version: number) =>
  (
    await db
      .select()
      .from(agreements)
      .where(and(eq(agreements.slug, slug), eq(agreements.version, version)))
  )[0] ?? null
export const deskRowBySlug = async (db: Database, partyId: string, slug: string) =>
  (
    await db
      .select()
      .from(desks)
      .where(and(eq(desks.partyId, partyId), eq(desks.slug, slug)))
  )[0] ?? null
export const partyRowById = async (db: Database, id: string) =>
  (await db.select().from(parties).where(eq(parties.id, id)))[0] ?? null
