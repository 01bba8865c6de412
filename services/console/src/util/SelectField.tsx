import type { Priority } from '../gql/graphql.ts'
import { zoneCity } from './time-zone.ts'

/** One option of a SelectField: the value it selects and the words it shows. */
export interface Choice<V extends string = string> {
  value: V
  label: string
}

/** A labelled `<select>` over a list of choices: the form controls of the what-if and world pages. */
export function SelectField<V extends string>({
  label,
  value,
  choices,
  onChange,
}: {
  label: string
  value: V
  choices: readonly Choice<V>[]
  onChange: (value: V) => void
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value as V)}>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  )
}

export const PRIORITY_CHOICES: readonly Choice<Priority>[] = (
  ['P1', 'P2', 'P3', 'P4'] as const
).map((p) => ({ value: p, label: p }))

/** The priority picker of a declare form, P2 at first; Field's id and aria props pass through to the <select>. */
export function PrioritySelect(props: Record<string, unknown>) {
  return (
    <select {...props} name='priority' defaultValue='P2'>
      {PRIORITY_CHOICES.map((c) => (
        <option key={c.value}>{c.value}</option>
      ))}
    </select>
  )
}

/** Parties, services…: shown by name, chosen by id. */
export const namedChoices = (parties: ReadonlyArray<{ id: string; name: string }>): Choice[] =>
  parties.map((p) => ({ value: p.id, label: p.name }))

/**
 * The zones a time can be typed or read in: UTC first, then every zone of the given desks once, in
 * the order given, named by its city and who works in it (`New York (Vistula, Sentinel)`).
 */
export function zoneChoices(desks: Iterable<{ timeZone: string; name: string }>): Choice[] {
  const byZone = new Map<string, Set<string>>()
  for (const d of desks)
    if (d.timeZone !== 'UTC')
      byZone.set(d.timeZone, (byZone.get(d.timeZone) ?? new Set()).add(d.name))
  return [
    { value: 'UTC', label: 'UTC' },
    ...[...byZone].map(([zone, names]) => ({
      value: zone,
      label: `${zoneCity(zone)} (${[...names].join(', ')})`,
    })),
  ]
}
