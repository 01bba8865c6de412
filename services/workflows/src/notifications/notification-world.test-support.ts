import { allocateIncident, applyWorld, type Database } from '@baton/db'
import { World } from '@baton/domain'
import type { NotificationRequest } from '@baton/temporal'

// A small world for the delivery tests: Warsaw and New York people across the 2026-03-08 US
// DST change, each with channels in order of preference. URLs and ports come from the test.
const all7 = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [
    d,
    [{ start: '00:00', end: '24:00' }],
  ])
)

export function notificationWorld(o: { http: (path: string) => string }) {
  return World.parse({
    calendars: [
      { slug: '24x7-utc', timeZone: 'UTC', week: all7 },
      { slug: 'warsaw-24x7', timeZone: 'Europe/Warsaw', week: all7 },
    ],
    parties: [
      {
        slug: 'northwind',
        name: 'Northwind Retail',
        kind: 'RETAINED',
        desks: [
          {
            slug: 'mim',
            name: 'Major incident manager',
            calendar: '24x7-utc',
            contacts: [
              {
                slug: 'mim',
                name: 'Sam Okafor',
                roles: ['major-incident-manager'],
                timeZone: 'America/New_York',
                channels: [{ kind: 'email', address: 'sam.okafor@northwind.test' }],
              },
            ],
          },
        ],
      },
      {
        slug: 'stratus',
        name: 'Stratus Cloud',
        kind: 'CLOUD',
        desks: [{ slug: 'global', name: 'Global', calendar: '24x7-utc', contacts: [] }],
      },
      {
        slug: 'vistula',
        name: 'Vistula Software',
        kind: 'APP_DEV',
        desks: [
          {
            slug: 'p1-on-call',
            name: 'P1 on-call',
            calendar: 'warsaw-24x7',
            contacts: [
              {
                slug: 'ola',
                name: 'Ola Nowak',
                roles: ['on-call'],
                channels: [
                  { kind: 'webhook', url: o.http('/hooks/ola'), secret: 'env:OLA_WEBHOOK_SECRET' },
                  { kind: 'email', address: 'ola.nowak@vistula.test' },
                ],
              },
              {
                slug: 'piotr',
                name: 'Piotr Duty',
                roles: ['duty-manager'],
                quietHours: { start: '22:00', end: '07:00' },
                channels: [{ kind: 'slack', url: o.http('/slack/piotr') }],
              },
              {
                slug: 'anna',
                name: 'Anna Director',
                roles: ['account-director'],
                timeZone: 'Europe/Warsaw',
                channels: [{ kind: 'teams', url: o.http('/teams/anna') }],
              },
              {
                slug: 'marek',
                name: 'Marek Gone',
                roles: ['on-call'],
                channels: [
                  { kind: 'email', address: 'marek@left-the-company.test' },
                  { kind: 'webhook', url: o.http('/hooks/marek') },
                ],
              },
              {
                slug: 'jan',
                name: 'Jan Flaky',
                roles: ['on-call'],
                channels: [
                  { kind: 'webhook', url: o.http('/hooks/jan') },
                  { kind: 'email', address: 'jan@vistula.test' },
                ],
              },
              {
                slug: 'zofia',
                name: 'Zofia Mail',
                roles: ['on-call'],
                channels: [{ kind: 'email', address: 'zofia@vistula.test' }],
              },
              { slug: 'nobody', name: 'No Channel', roles: ['on-call'], channels: [] },
            ],
          },
        ],
      },
    ],
  })
}

/** "Name <first channel address>": the text of a row queued before recipients were structured (no `to`). */
export function recipientOf(world: World, slug: string): string {
  for (const p of world.parties)
    for (const d of p.desks)
      for (const c of d.contacts) {
        if (c.slug !== slug) continue
        const first = c.channels[0]
        return `${c.name} <${!first ? 'no channel' : first.kind === 'email' ? first.address : first.url}>`
      }
  throw new Error(`no contact ${slug}`)
}

/** Applies `world` (no integrations, so no secrets) and allocates the P1 held by stratus that the delivery tests notify about. */
export async function seedNotificationIncident(db: Database, world: World, clientKey: string) {
  await applyWorld(db, world, {
    masterKey: 'unused-without-integrations',
    resolveSecret: () => '',
  })
  return allocateIncident(db, {
    clientKey,
    title: 'Checkout account enumeration',
    priority: 'P1',
    holder: 'stratus',
    openedAt: '2026-03-07T21:00:00.000Z',
  })
}

/**
 * The escalation the delivery tests queue, as the incident workflow requests it: vistula's P1
 * on-call desk paged at ladder step 3 while hand-off H2 of `incident` waits, to `recipients`.
 */
export const vistulaStep3Escalation = (
  incident: { id: string; key: string },
  idempotencyKey: string,
  recipients: string[]
): NotificationRequest => ({
  idempotencyKey,
  incidentId: incident.id,
  incidentKey: incident.key,
  priority: 'P1',
  title: 'Checkout account enumeration',
  holder: 'stratus',
  step: 3,
  reason: 'hand-off H2 to vistula: ladder step 3, still unaccepted',
  party: 'vistula',
  desk: 'p1-on-call',
  recipients,
  clock: {
    id: 'ola:handoff:H2',
    metric: 'HANDOFF_ACCEPT',
    deadline: '2026-03-08T07:45:00.000Z',
    timeZone: 'Europe/Warsaw',
  },
  at: '2026-03-07T21:45:00.000Z',
})
