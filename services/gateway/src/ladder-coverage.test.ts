import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGatewayFixture, type GatewayFixture } from './testing/gateway-fixture.ts'

let f: GatewayFixture
let admin: string
let vendor: string
let ids: Record<string, string>
beforeAll(async () => {
  f = await createGatewayFixture()
  admin = await f.token('ADMIN')
  vendor = await f.token('VENDOR', 'bayside')
  ids = Object.fromEntries(
    (
      await f.gql<{ parties: { id: string; slug: string }[] }>('{ parties { id slug } }', {
        token: admin,
      })
    ).data!.parties.map((p) => [p.slug, p.id])
  )
})
afterAll(async () => {
  await f?.close()
})

const q =
  'query($p: ID!) { ladderCoverage(partyId: $p) { party { slug } priority step silentRanges holes { target reason ranges } } }'

describe('ladderCoverage', () => {
  it("lists Bayside's second step, which reaches Northwind's service integrator only while New York is open", async () => {
    const r = await f.gql<{
      ladderCoverage: {
        party: { slug: string }
        priority: string
        step: number
        holes: { target: string; reason: string; ranges: string[] }[]
      }[]
    }>(q, { token: admin, variables: { p: ids.bayside } })
    expect(r.errors).toBeUndefined()
    expect(
      r.data!.ladderCoverage.map(
        (s) =>
          `${s.party.slug} ${s.priority}#${s.step} ${s.holes.map((h) => `${h.target} ${h.reason}`).join('; ')}`
      )
    ).toEqual([
      'bayside P2#2 retainedRole:service-integrator DESK_CLOSED',
      'bayside P3#2 retainedRole:service-integrator DESK_CLOSED',
    ])
    expect(r.data!.ladderCoverage[0]!.holes[0]!.ranges.length).toBeGreaterThan(0)
  })
  it('finds no hole in the 24x7 ladder of Stratus', async () => {
    const r = await f.gql<{ ladderCoverage: unknown[] }>(q, {
      token: admin,
      variables: { p: ids.stratus },
    })
    expect(r.data!.ladderCoverage).toEqual([])
  })
  it('is not available to vendor tokens', async () => {
    const r = await f.gql(q, { token: vendor, variables: { p: ids.bayside } })
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
  })
})
