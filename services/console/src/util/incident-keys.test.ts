import { describe, expect, it } from 'vitest'
import { splitIncidentKeys } from './incident-keys.ts'

describe('incident keys in text', () => {
  it('splits keys from the words around them', () => {
    expect(splitIncidentKeys('same root cause as INC-20012, see INC-7')).toEqual([
      { text: 'same root cause as ' },
      { key: 'INC-20012' },
      { text: ', see ' },
      { key: 'INC-7' },
    ])
    expect(splitIncidentKeys('INC-1')).toEqual([{ key: 'INC-1' }])
    expect(splitIncidentKeys('no key, XINC-12 or INC-')).toEqual([
      { text: 'no key, XINC-12 or INC-' },
    ])
    expect(splitIncidentKeys('')).toEqual([])
  })
})
