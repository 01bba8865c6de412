import { Priority } from '@baton/domain'
import { mapValue, type Mappings } from './inbound-message.ts'

/** A vendor priority through the party's table; canonical P1..P4 pass when the table lacks them. */
export function mapPriority(
  m: Mappings,
  value: string | undefined,
  field: string
): Priority | undefined {
  if (value === undefined || value === '') return undefined
  if (!Object.hasOwn(m.priority, value)) {
    const canonical = Priority.safeParse(value)
    if (canonical.success) return canonical.data
  }
  return mapValue(m.priority, value, field, 'priority')
}
