import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import type { Database } from '@baton/db'
import { createTestDatabase, type TestDatabase } from '@baton/db/testing'
import { seedVendor } from '../testing/index.ts'
import { PartyDirectory } from './party-directory.ts'

const masterKey = 'test-master-key-0123456789'
let t: TestDatabase

/** The database with every `select` counted: a party load is two (the party, its secrets). */
const counted = (db: Database) => {
  const seen = { selects: 0 }
  const proxy = new Proxy(db, {
    get(target, key, receiver) {
      if (key === 'select') seen.selects++
      return Reflect.get(target, key, receiver) as unknown
    },
  })
  return { db: proxy, seen }
}

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
  await seedVendor(t.db, { slug: 'cirrus', masterKey, integration: { dialect: 'canonical' } })
})
afterAll(async () => {
  await t?.drop()
})

describe('party directory', () => {
  it('loads an expired party once for the requests that find it expired together', async () => {
    let clock = 0
    const { db, seen } = counted(t.db)
    const directory = new PartyDirectory(db, masterKey, 5000, () => clock)
    expect((await directory.get('cirrus'))?.slug).toBe('cirrus')
    expect(seen.selects).toBe(2)
    clock = 6000
    const found = await Promise.all(Array.from({ length: 50 }, () => directory.get('cirrus')))
    expect(found.every((p) => p?.slug === 'cirrus' && p.inboundSecrets.length === 1)).toBe(true)
    expect(seen.selects).toBe(4)
    // A signature failure's refresh during a load that began as its request arrived waits for it.
    clock = 12_000
    const [a, b] = await Promise.all([directory.get('cirrus'), directory.refresh('cirrus', 12_000)])
    expect(a?.slug).toBe('cirrus')
    expect(b).toBe(a)
    expect(seen.selects).toBe(6)
    // Cached: no query.
    await directory.get('cirrus')
    expect(seen.selects).toBe(6)
  })

  it('does not let a refresh join, or be overwritten by, a load that began before its request arrived', async () => {
    // That earlier load may have read the secrets before a rotation the request is signed with.
    let clock = 0
    const { db, seen } = counted(t.db)
    const directory = new PartyDirectory(db, masterKey, 5000, () => clock)
    await directory.get('cirrus')
    clock = 20_000
    const early = directory.get('cirrus')
    clock = 20_500
    const late = directory.refresh('cirrus', 20_500)
    const [e, l] = await Promise.all([early, late])
    expect(seen.selects).toBe(6)
    expect(l?.loadedAt).toBe(20_500)
    expect(e?.loadedAt).toBe(20_000)
    // The cache keeps the later read, whichever finished last.
    expect(await directory.get('cirrus')).toBe(l)
    // A refresh for a request that arrived before the cached read needs no query.
    expect(await directory.refresh('cirrus', 20_400)).toBe(l)
    expect(seen.selects).toBe(6)
  })

  it('does not cache a load that began before an invalidation', async () => {
    const { db, seen } = counted(t.db)
    const directory = new PartyDirectory(db, masterKey, 60_000)
    const before = directory.get('cirrus')
    directory.invalidate('cirrus')
    expect((await before)?.slug).toBe('cirrus')
    await directory.get('cirrus')
    expect(seen.selects).toBe(4)
    await directory.get('cirrus')
    expect(seen.selects).toBe(4)
  })
})
