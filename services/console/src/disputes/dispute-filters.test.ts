import { describe, expect, it } from 'vitest'
import { byVendor, parseDisputeFilters, serializeDisputeFilters } from './dispute-filters.ts'

describe('dispute filters', () => {
  it('opens on the disputes awaiting a decision and round-trips through the query string', () => {
    expect(parseDisputeFilters('')).toEqual({ state: 'OPEN', vendor: null })
    expect(parseDisputeFilters('?state=ALL')).toEqual({ state: null, vendor: null })
    expect(parseDisputeFilters('?state=bogus&vendor=')).toEqual({ state: 'OPEN', vendor: null })
    const f = { state: 'ACCEPTED' as const, vendor: 'vistula' }
    expect(serializeDisputeFilters(f)).toBe('?state=ACCEPTED&vendor=vistula')
    expect(parseDisputeFilters(serializeDisputeFilters(f))).toEqual(f)
    expect(serializeDisputeFilters({ state: 'OPEN', vendor: null })).toBe('')
    expect(parseDisputeFilters(serializeDisputeFilters({ state: null, vendor: null }))).toEqual({
      state: null,
      vendor: null,
    })
  })

  it('keeps one vendor’s disputes', () => {
    const ds = [{ party: { slug: 'vistula' } }, { party: { slug: 'stratus' } }]
    expect(byVendor(ds, 'stratus')).toEqual([{ party: { slug: 'stratus' } }])
    expect(byVendor(ds, null)).toHaveLength(2)
  })
})
