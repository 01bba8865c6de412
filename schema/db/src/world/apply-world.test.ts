import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { ServiceError as WorldConflictError, World } from '@baton/domain'
import { createTestDatabase, type TestDatabase } from '../testing/index.ts'
import { activePartySecrets } from '../secrets/party-secrets.ts'
import { applyWorld } from './apply-world.ts'
import { loadPinnedWorld, loadWorld } from './load-world.ts'

let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
})
afterAll(() => t?.drop())

const world = (duration = 'PT15M') =>
  World.parse({
    calendars: [
      {
        slug: '24x7-utc',
        timeZone: 'UTC',
        week: Object.fromEntries(
          ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [
            d,
            [{ start: '00:00', end: '24:00' }],
          ])
        ),
      },
    ],
    parties: [
      {
        slug: 'northwind',
        name: 'Northwind',
        kind: 'RETAINED',
        desks: [{ slug: 'mim', name: 'MIM', calendar: '24x7-utc' }],
      },
      {
        slug: 'stratus',
        name: 'Stratus',
        kind: 'CLOUD',
        desks: [{ slug: 'global', name: 'Global', calendar: '24x7-utc' }],
        integration: {
          dialect: 'canonical',
          inboundSecret: 'generate',
          outboundSecret: 'generate',
        },
      },
    ],
    agreements: [
      {
        slug: 'stratus-hosting',
        name: 'Stratus hosting',
        kind: 'UC',
        provider: 'stratus',
        customer: 'northwind',
        effectiveFrom: '2026-01-01T00:00:00Z',
        targets: [{ priority: ['P1'], metric: 'RESPONSE', duration }],
      },
    ],
  })
const stratusId = async () =>
  (await t.sql`select id from parties where slug = 'stratus'`)[0]!.id as string

describe('applyWorld', () => {
  it('is idempotent: the second apply publishes and stores nothing new', async () => {
    const first = await applyWorld(t.db, world(), {
      masterKey: 'key-a-0123456789abcdef',
      resolveSecret: () => 'x',
    })
    const second = await applyWorld(t.db, world(), {
      masterKey: 'key-a-0123456789abcdef',
      resolveSecret: () => 'x',
    })
    expect(first).toMatchObject({ parties: 2, agreementsPublished: 1, secretsStored: 2 })
    expect(second).toMatchObject({
      agreementsPublished: 0,
      agreementsUnchanged: 1,
      secretsStored: 0,
      secretsUnreadable: 0,
    })
  })

  it('refuses to change a published agreement version', async () => {
    await expect(
      applyWorld(t.db, world('PT30M'), {
        masterKey: 'key-a-0123456789abcdef',
        resolveSecret: () => 'x',
      })
    ).rejects.toBeInstanceOf(WorldConflictError)
  })

  it('retires secrets another master key encrypted and generates new ones, instead of failing', async () => {
    const summary = await applyWorld(t.db, world(), {
      masterKey: 'key-b-0123456789abcdef',
      resolveSecret: () => 'x',
    })
    expect(summary).toMatchObject({ secretsUnreadable: 2, secretsStored: 2 })
    const secrets = await activePartySecrets(
      t.db,
      await stratusId(),
      'inbound',
      'key-b-0123456789abcdef'
    )
    expect(secrets).toHaveLength(1)
    expect(secrets[0]).toMatch(/^whsec_/)
  })

  it("keeps a party's allowed clock skew from the world file through apply and the pinned world", async () => {
    const w = world()
    const skewed = {
      ...w,
      parties: w.parties.map((p) =>
        p.integration ? { ...p, integration: { ...p.integration, clockSkew: 'PT10M' } } : p
      ),
    }
    await applyWorld(t.db, skewed, {
      masterKey: 'key-b-0123456789abcdef',
      resolveSecret: () => 'x',
    })
    const pinned = await loadPinnedWorld(t.db, '2026-03-06T20:00:00Z')
    expect(pinned.parties.find((p) => p.slug === 'stratus')!.integration).toMatchObject({
      clockSkew: 'PT10M',
    })
    expect(() =>
      World.parse({
        ...skewed,
        parties: skewed.parties.map((p) =>
          p.integration ? { ...p, integration: { ...p.integration, clockSkew: 'two minutes' } } : p
        ),
      })
    ).toThrow(/ISO-8601 duration/)
  })
})

describe('authority overrides', () => {
  it("carry a party's authority overrides from the world file into the database and back", async () => {
    const granted = world()
    granted.parties[1] = {
      ...granted.parties[1]!,
      authority: { priority_changed: { holder: 'allow', observer: 'request' } },
    }
    await applyWorld(t.db, granted, {
      masterKey: 'key-b-0123456789abcdef',
      resolveSecret: () => 'x',
    })
    const loaded = await loadWorld(t.db)
    expect(loaded.parties.find((p) => p.slug === 'stratus')!.authority).toEqual({
      priority_changed: { holder: 'allow', observer: 'request' },
    })
    expect(loaded.parties.find((p) => p.slug === 'northwind')!.authority).toBeUndefined()
    await applyWorld(t.db, world(), {
      masterKey: 'key-b-0123456789abcdef',
      resolveSecret: () => 'x',
    })
    expect(
      (await loadWorld(t.db)).parties.find((p) => p.slug === 'stratus')!.authority
    ).toBeUndefined()
  })
})
