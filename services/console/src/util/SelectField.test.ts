import { describe, expect, it } from 'vitest'
import { zoneChoices } from './SelectField.tsx'

describe('zoneChoices', () => {
  it('offers UTC first, then each desk zone once in the order given, named by its city and who works there', () => {
    expect(
      zoneChoices([
        { timeZone: 'Asia/Manila', name: 'Manila desk' },
        { timeZone: 'UTC', name: 'Ops' },
        { timeZone: 'America/Mexico_City', name: 'Mexico desk' },
        { timeZone: 'Asia/Manila', name: 'Cebu desk' },
        { timeZone: 'Asia/Manila', name: 'Manila desk' },
      ])
    ).toEqual([
      { value: 'UTC', label: 'UTC' },
      { value: 'Asia/Manila', label: 'Manila (Manila desk, Cebu desk)' },
      { value: 'America/Mexico_City', label: 'Mexico City (Mexico desk)' },
    ])
  })
})
