import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { parties } from '@baton/db'
import type { TestDatabase } from '@baton/db/testing'
import { createAdaptersApp } from '../../app/create-adapters-app.ts'
import type { SeededVendor } from '../../testing/index.ts'
import { seedVendor, signedInit } from '../../testing/index.ts'
import type { StratusIntake } from '../../testing/intake-test.ts'
import { openStratusIntake, TEST_MASTER_KEY as masterKey } from '../../testing/intake-test.ts'

// References in a vendor message become Baton's names before the receipt is written (or a 422
// naming the field); the receipt's event is what the incident workflow will be signalled with.
let x: StratusIntake
let t: TestDatabase
let app: ReturnType<typeof createAdaptersApp>
let stratus: SeededVendor
let incident: { key: string; bondId: string }

const message = (type: string, data: Record<string, unknown>) => ({
  type,
  incident: { id: incident.key },
  occurredAt: new Date().toISOString(),
  data,
})
async function send(type: string, data: Record<string, unknown>) {
  const res = await app.request(
    '/webhooks/stratus',
    signedInit('canonical', stratus.inboundSecret, message(type, data))
  )
  const body = (await res.json()) as {
    receipt?: string
    error?: { field: string; message: string }
  }
  const event = body.receipt
    ? ((await t.sql`select event from inbound_receipts where receipt = ${body.receipt}`)[0]!
        .event as Record<string, unknown>)
    : null
  return { status: res.status, error: body.error, event }
}

beforeAll(async () => {
  x = await openStratusIntake({ queue: 'refs', clientKey: 'refs-1' })
  ;({ t, stratus, incident } = x)
  // The world lets this holder answer hand-offs too (by default only the receiver of an open offer
  // may): the answers below reach reference resolution instead of the authority table's 403.
  await t.db
    .update(parties)
    .set({
      authority: { handoff_accepted: { holder: 'allow' }, handoff_rejected: { holder: 'allow' } },
    })
    .where(eq(parties.id, stratus.id))
  await seedVendor(t.db, { slug: 'vistula', masterKey, integration: { dialect: 'jira' } })
  app = createAdaptersApp(x.deps())
})
afterAll(async () => {
  await x?.close()
})

describe('vendor references resolved at intake', () => {
  it('names the party by slug whether the vendor gave its slug or its name, and a desk given as party/desk', async () => {
    expect(
      (await send('handoff.requested', { to: ' VISTULA ', reason: 'defect' })).event
    ).toMatchObject({ type: 'handoff_offered', to: 'vistula' })
    expect(
      (await send('handoff.requested', { to: 'Vistula/main', reason: 'defect' })).event
    ).toMatchObject({ to: 'vistula', toDesk: 'vistula/main' })
    expect(
      (await send('incident.waiting', { on: 'Northwind', reason: 'approval' })).event
    ).toMatchObject({ type: 'waiting', on: 'northwind' })
  })

  it('refuses a desk the party does not have, and a party nobody is, with a 422 naming the field', async () => {
    expect(
      await send('handoff.requested', { to: 'vistula/night-shift', reason: 'defect' })
    ).toMatchObject({
      status: 422,
      error: { field: 'data.to', message: "data.to: party 'vistula' has no desk 'night-shift'" },
    })
    expect(await send('incident.waiting', { on: 'vistula/main', reason: 'logs' })).toMatchObject({
      status: 422,
      error: { field: 'data.on' },
    })
    expect(await send('incident.waiting', { on: 'nobody', reason: 'logs' })).toMatchObject({
      status: 422,
      error: { field: 'data.on' },
    })
  })

  it("mints the id of a hand-off the vendor requests and maps the vendor's own id for it back when the vendor names it", async () => {
    const requested = await send('handoff.requested', {
      to: 'vistula',
      reason: 'defect',
      handoffId: 'STR-HO-9',
    })
    expect(requested.status).toBe(202)
    const minted = requested.event!.handoffId as string
    expect(minted).toMatch(new RegExp(`^${incident.key}-V[0-9a-f]{10}$`))
    expect(
      await t.sql`select vendor_ref, baton_id from bond_refs where bond_id = ${incident.bondId}`
    ).toEqual([{ vendor_ref: 'STR-HO-9', baton_id: minted }])
    const answered = await send('handoff.rejected', {
      handoffId: 'STR-HO-9',
      reason: 'changed our mind',
    })
    expect(answered).toMatchObject({
      status: 202,
      event: { type: 'handoff_rejected', handoffId: minted },
    })
    expect(await send('handoff.accepted', { handoffId: 'STR-HO-10' })).toMatchObject({
      status: 422,
      error: {
        field: 'data.handoffId',
        message: `data.handoffId: no hand-off 'STR-HO-10' on incident ${incident.key}`,
      },
    })
  })
})
