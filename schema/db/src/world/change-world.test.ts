import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { demoWorld } from '@baton/domain/testing'
import { createTestDatabase, type TestDatabase } from '../testing/index.ts'
import { ServiceError as WorldConflictError, ServiceError as WorldEditError } from '@baton/domain'
import { applyWorld } from './apply-world.ts'
import { changeWorld, listWorldChanges, worldHash } from './change-world.ts'
import { loadWorld } from './load-world.ts'
import { removeDeskEdit, upsertDeskEdit } from './world-edits-parties.ts'
import { publishAgreementVersionEdit } from './world-edits-rules.ts'

let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
  await applyWorld(t.db, demoWorld, {
    masterKey: 'key-a-0123456789abcdef',
    resolveSecret: () => 'x',
  })
})
afterAll(() => t?.drop())

const actor = { name: 'test-admin', tokenId: null }
const now = new Date('2026-03-06T12:00:00Z')

describe('changeWorld', () => {
  it('persists one edit through the world upserts and audits it with chained world hashes', async () => {
    const before = await loadWorld(t.db)
    const desk = {
      slug: 'night-shift',
      name: 'Night shift',
      calendar: '24x7-warsaw',
      priorities: ['P1'],
      contacts: [],
    }
    const r = await changeWorld(t.db, {
      actor,
      mutation: 'upsertDesk',
      subject: 'desk vistula/night-shift',
      edit: (w) => upsertDeskEdit(w, 'vistula', desk),
    })
    const after = await loadWorld(t.db)
    expect(after.parties.find((p) => p.slug === 'vistula')!.desks.map((d) => d.slug)).toContain(
      'night-shift'
    )
    expect(r.change).toMatchObject({
      actor: 'test-admin',
      mutation: 'upsertDesk',
      beforeHash: worldHash(before),
      afterHash: worldHash(after),
    })
    // Everything else is untouched: removing the desk again gives back the world we started from.
    const back = await changeWorld(t.db, {
      actor,
      mutation: 'removeDesk',
      subject: 'desk vistula/night-shift',
      edit: (w) => removeDeskEdit(w, 'vistula', 'night-shift'),
    })
    expect(back.change.beforeHash).toBe(r.change.afterHash)
    expect(back.change.afterHash).toBe(worldHash(before))
    expect((await listWorldChanges(t.db, 10)).map((c) => c.mutation)).toEqual([
      'removeDesk',
      'upsertDesk',
    ])
  })

  it('refuses to remove a desk an incident was held on, writing nothing', async () => {
    await changeWorld(t.db, {
      actor,
      mutation: 'upsertDesk',
      subject: 'desk vistula/night-shift',
      edit: (w) =>
        upsertDeskEdit(w, 'vistula', {
          slug: 'night-shift',
          name: 'Night shift',
          calendar: '24x7-warsaw',
        }),
    })
    const [desk] =
      await t.sql`select d.id, d.party_id from desks d join parties p on p.id = d.party_id where p.slug = 'vistula' and d.slug = 'night-shift'`
    await t.sql`insert into incidents (key, title, priority, status, holder_party_id, holder_desk_id, opened_at) values ('INC-DESK', 'held', 'P1', 'OPEN', ${desk!.party_id}, ${desk!.id}, now())`
    await expect(
      changeWorld(t.db, {
        actor,
        mutation: 'removeDesk',
        subject: 'x',
        edit: (w) => removeDeskEdit(w, 'vistula', 'night-shift'),
      })
    ).rejects.toBeInstanceOf(WorldConflictError)
    expect(await t.sql`select id from desks where id = ${desk!.id}`).toHaveLength(1)
  })

  it('refuses an edit the World schema rejects, writing nothing', async () => {
    const before = worldHash(await loadWorld(t.db))
    await expect(
      changeWorld(t.db, {
        actor,
        mutation: 'upsertDesk',
        subject: 'x',
        edit: (w) => ({
          ...w,
          calendars: w.calendars.map((c, i) => (i === 0 ? { ...c, slug: 'Not A Slug' } : c)),
        }),
      })
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: '$.calendars[0].slug' })
    expect(worldHash(await loadWorld(t.db))).toBe(before)
    expect(await listWorldChanges(t.db, 10)).toHaveLength(3)
  })

  it('publishes a new agreement version and refuses to rewrite a published one', async () => {
    await changeWorld(t.db, {
      actor,
      mutation: 'publishAgreementVersion',
      subject: 'agreement stratus-hosting',
      edit: (w) =>
        publishAgreementVersionEdit(
          w,
          {
            slug: 'stratus-hosting',
            effectiveFrom: '2026-04-01T00:00:00Z',
            changes: { name: 'Stratus hosting 2026' },
          },
          now
        ),
    })
    const versions = (await loadWorld(t.db)).agreements.filter((a) => a.slug === 'stratus-hosting')
    expect(versions.map((a) => [a.version, a.name])).toEqual([
      [1, versions[0]!.name],
      [2, 'Stratus hosting 2026'],
    ])
    const rewrite = changeWorld(t.db, {
      actor,
      mutation: 'publishAgreementVersion',
      subject: 'x',
      edit: (w) =>
        publishAgreementVersionEdit(
          w,
          {
            slug: 'stratus-hosting',
            version: 2,
            effectiveFrom: '2026-04-01T00:00:00Z',
            changes: {},
          },
          now
        ),
    })
    await expect(rewrite).rejects.toBeInstanceOf(WorldEditError)
    await expect(rewrite).rejects.toMatchObject({ code: 'CONFLICT' })
  })
})
