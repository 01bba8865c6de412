import { describe, expect, it } from 'vitest'
import type { GatewayFixture } from './testing/gateway-fixture.ts'
import { adminFixtureForFile } from './testing/served-gateway.test-support.ts'

// previewDeskChange / previewDeskRemoval: the coverage warnings a desk change would cause, from
// the same edit, validation, persistence and warning code as upsertDesk / removeDesk, rolled back.
const s = adminFixtureForFile()

type Gql = Awaited<ReturnType<GatewayFixture['gql']>>
const run = async <T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown> = {},
  token = s.admin
) => s.f.gql<T>(query, { token, variables })
const ok = <T>(r: { data?: T; errors?: unknown[] }): T => {
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined()
  return r.data!
}
const code = (r: Gql) => r.errors?.[0]?.extensions?.code
const WARNINGS =
  'coverageWarnings { party { slug } priority step message hole { target reason hours ranges } }'
const PREVIEW = `query($p: ID!, $d: DeskInput!) { previewDeskChange(partyId: $p, input: $d) { ${WARNINGS} coverage { priority step silentRanges } } }`
const UPSERT = `mutation($p: ID!, $d: DeskInput!) { upsertDesk(partyId: $p, input: $d) { ${WARNINGS} } }`
const REMOVAL = `query($p: ID!, $s: String!) { previewDeskRemoval(partyId: $p, slug: $s) { ${WARNINGS} coverage { priority step silentRanges } } }`
const REMOVE = `mutation($p: ID!, $s: String!) { removeDesk(partyId: $p, slug: $s) { ${WARNINGS} } }`
const state = async () =>
  ok(
    await run<{
      worldChanges: { id: string }[]
      parties: {
        slug: string
        desks: { slug: string; priorities: string[]; calendar: { slug: string } | null }[]
      }[]
    }>(
      '{ worldChanges(first: 200) { id } parties { slug desks { slug priorities calendar { slug } } } }'
    )
  )

type Warned = {
  coverageWarnings: { party: { slug: string }; message: string; hole: { hours: number[] } }[]
}

describe('previewing a desk change before it is saved', () => {
  it('answers the warnings upsertDesk then returns, and changes nothing', async () => {
    // Vistula's P1 on-call desk stops taking P1: its P1 ladder would reach no desk at all.
    const d = {
      slug: 'p1-on-call',
      name: 'P1 on-call',
      calendar: 'warsaw-24x7',
      priorities: ['P2'],
    }
    const before = await state()
    const preview = ok(
      await run<{
        previewDeskChange: Warned & {
          coverage: { priority: string; step: number; silentRanges: string[] }[]
        }
      }>(PREVIEW, { p: s.f.partyId('vistula'), d })
    ).previewDeskChange
    expect(preview.coverageWarnings.length).toBeGreaterThan(0)
    expect(preview.coverageWarnings.map((w) => w.message.replace(/ \(.*$/, ''))).toContain(
      'vistula P1 step 1: role:on-call no-desk'
    )
    expect(preview.coverageWarnings.every((w) => w.party.slug === 'vistula')).toBe(true)
    expect(preview.coverage.filter((s) => s.priority === 'P1').map((s) => s.step)).toEqual([
      1, 2, 3,
    ])
    // Nothing was saved: the same desks, no audit record.
    expect(await state()).toEqual(before)
    // Saving the same change returns exactly the previewed warnings.
    const saved = ok(
      await run<{ upsertDesk: Warned }>(UPSERT, { p: s.f.partyId('vistula'), d })
    ).upsertDesk
    expect(saved.coverageWarnings).toEqual(preview.coverageWarnings)
    // Undo, and the preview of the undo warns of nothing.
    const undo = { ...d, priorities: ['P1'] }
    expect(
      ok(await run<{ previewDeskChange: Warned }>(PREVIEW, { p: s.f.partyId('vistula'), d: undo }))
        .previewDeskChange.coverageWarnings
    ).toEqual([])
    ok(await run(UPSERT, { p: s.f.partyId('vistula'), d: undo }))
  })

  it('previews a removal with removeDesk’s refusals, and the warnings it then returns', async () => {
    const before = await state()
    const only = await run(REMOVAL, { p: s.f.partyId('stratus'), s: 'global-support' })
    expect(code(only)).toBe('CONFLICT')
    const unknown = await run(REMOVAL, { p: s.f.partyId('stratus'), s: 'nowhere' })
    expect(code(unknown)).toBe('NOT_FOUND')
    // Sentinel's SOC is its only P1/P2 desk: without it, its P1 and P2 ladders reach no desk.
    const preview = ok(
      await run<{ previewDeskRemoval: Warned }>(REMOVAL, {
        p: s.f.partyId('sentinel'),
        s: 'soc-pune',
      })
    ).previewDeskRemoval
    expect(preview.coverageWarnings.map((w) => w.message.replace(/ \(.*$/, ''))).toContain(
      'sentinel P1 step 1: role:on-call no-desk'
    )
    expect(await state()).toEqual(before)
    const removed = ok(
      await run<{ removeDesk: Warned }>(REMOVE, { p: s.f.partyId('sentinel'), s: 'soc-pune' })
    ).removeDesk
    expect(removed.coverageWarnings).toEqual(preview.coverageWarnings)
  })

  it('is for ADMIN tokens only', async () => {
    const integrator = await s.f.token('INTEGRATOR')
    const r = await run(REMOVAL, { p: s.f.partyId('bayside'), s: 'manila' }, integrator)
    expect(code(r)).toBe('FORBIDDEN')
    const e = await run(
      PREVIEW,
      {
        p: s.f.partyId('bayside'),
        d: { slug: 'manila', name: 'Manila', calendar: 'manila-business' },
      },
      integrator
    )
    expect(code(e)).toBe('FORBIDDEN')
  })
})
