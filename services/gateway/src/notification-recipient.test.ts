import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { notifications } from '@baton/db'
import { recordIncident } from '@baton/db/testing'
import { formatRecipient, recipientOf, type Recipient } from '@baton/domain'
import { demoOutageEvents, demoWorld } from '@baton/domain/testing'
import {
  createGatewayFixture,
  demoWorld as appliedWorld,
  type GatewayFixture,
} from './testing/gateway-fixture.ts'

let f: GatewayFixture
let incident: { id: string; key: string }
let staff: string
let vistula: string

const contact = (party: string, desk: string, slug: string) =>
  recipientOf(
    party,
    desk,
    appliedWorld()
      .parties.find((p) => p.slug === party)!
      .desks.find((d) => d.slug === desk)!
      .contacts.find((c) => c.slug === slug)!
  )
// Vistula's own duty manager, Northwind's MIM Sam Okafor (another party's), a contact whose name holds
// angle brackets and who has no e-mail, and an address with no name: the texts a regex misreads.
const own = contact('vistula', 'p1-on-call', 'vistula-duty')
const foreign = contact('northwind', 'major-incident-manager', 'mim')
const bracketed: Recipient = {
  party: 'vistula',
  desk: 'p1-on-call',
  contact: 'night-desk',
  name: 'Night desk <EU> lead',
  channel: 'webhook',
  address: null,
}
const nameless: Recipient = {
  party: 'northwind',
  desk: null,
  contact: 'shared-inbox',
  name: '',
  channel: 'email',
  address: 'shared@northwind.example',
}

beforeAll(async () => {
  f = await createGatewayFixture()
  staff = await f.token('VIEWER')
  vistula = await f.token('VENDOR', 'vistula')
  incident = await recordIncident(f.t.db, 'recipients', demoOutageEvents, demoWorld)
  const key = `incident/${incident.key}#ladder:vistula:0:1:0`
  await f.t.db.insert(notifications).values([
    ...[own, foreign, bracketed, nameless].map((to) => ({
      incidentId: incident.id,
      dedupKey: `${key}#${formatRecipient(to)}`,
      escalationKey: key,
      party: 'vistula',
      desk: 'p1-on-call',
      recipient: formatRecipient(to),
      to,
      state: 'SENT',
      channel: to.address ? `email:${to.address}` : 'webhook:hooks.example',
      attempts: 1,
      payload: {},
    })),
    // A row queued before recipients were stored structured: its text only.
    {
      incidentId: incident.id,
      dedupKey: `${key}#legacy`,
      escalationKey: key,
      party: 'northwind',
      desk: 'major-incident-manager',
      recipient: 'Sam Okafor <mim@northwind.example>',
      state: 'SENT',
      channel: 'email:mim@northwind.example',
      attempts: 1,
      payload: {},
    },
  ])
})
afterAll(async () => {
  await f?.close()
})

type Row = {
  recipient: string
  channel: string | null
  to: {
    party: string
    desk: string | null
    contact: string
    name: string
    channel: string | null
    address: string | null
  } | null
}
const q = `query($id: ID!) { incident(id: $id) { notifications { recipient channel to { party desk contact name channel address } } } }`
const rowsAs = async (token: string) => {
  const r = await f.gql<{ incident: { notifications: Row[] } }>(q, {
    token,
    variables: { id: incident.id },
  })
  expect(r.errors).toBeUndefined()
  return r.data!.incident.notifications
}
const byText = (rows: Row[], text: string) => rows.find((r) => r.recipient === text)

describe('Notification.to', () => {
  it('gives staff each recipient structured, and the same recipient as text', async () => {
    const rows = await rowsAs(staff)
    expect(rows.map((r) => r.recipient).sort()).toEqual(
      [
        'Duty manager <duty@vistula.example>',
        'Sam Okafor <mim@northwind.example>',
        'Sam Okafor <mim@northwind.example>',
        'Night desk <EU> lead',
        '<shared@northwind.example>',
      ].sort()
    )
    expect(byText(rows, 'Duty manager <duty@vistula.example>')!.to).toEqual({
      party: 'vistula',
      desk: 'p1-on-call',
      contact: 'vistula-duty',
      name: 'Duty manager',
      channel: 'EMAIL',
      address: 'duty@vistula.example',
    })
    // The name is any text: nothing takes '<EU>' for an address or guesses the channel.
    expect(byText(rows, 'Night desk <EU> lead')!.to).toEqual({
      ...bracketed,
      channel: 'WEBHOOK',
    })
    expect(byText(rows, '<shared@northwind.example>')!.to).toEqual({
      ...nameless,
      channel: 'EMAIL',
    })
    // An older row keeps its text and has no structured recipient.
    expect(
      rows
        .filter((r) => r.recipient === 'Sam Okafor <mim@northwind.example>')
        .map((r) => r.to?.name ?? null)
    ).toEqual(expect.arrayContaining(['Sam Okafor', null]))
  })

  it("hides another party's contacts from a VENDOR token, in the text and the structure alike", async () => {
    const rows = await rowsAs(vistula)
    expect(byText(rows, 'Duty manager <duty@vistula.example>')!.to).toMatchObject({
      contact: 'vistula-duty',
      address: 'duty@vistula.example',
    })
    expect(byText(rows, 'Night desk <EU> lead')!.to!.name).toBe('Night desk <EU> lead')
    const hidden = rows.filter((r) => r.recipient === '[redacted: northwind contact]')
    // Northwind's MIM, the nameless address and the older row of the MIM.
    expect(hidden).toHaveLength(3)
    expect(hidden.map((r) => r.to)).toEqual(
      expect.arrayContaining([
        {
          party: 'northwind',
          desk: 'major-incident-manager',
          contact: '[redacted: northwind contact]',
          name: '[redacted: northwind contact]',
          channel: 'EMAIL',
          address: null,
        },
        {
          party: 'northwind',
          desk: null,
          contact: '[redacted: northwind contact]',
          name: '[redacted: northwind contact]',
          channel: 'EMAIL',
          address: null,
        },
        null,
      ])
    )
    expect(hidden.map((r) => r.channel)).toEqual(['email', 'email', 'email'])
    expect(JSON.stringify(rows)).not.toContain('mim@northwind')
    expect(JSON.stringify(rows)).not.toContain('shared@northwind')
  })
})
