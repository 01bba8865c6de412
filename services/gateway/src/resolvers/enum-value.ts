import { gqlError } from '../graphql/errors.ts'

/**
 * The GraphQL enum value of a stored or domain value (lower-case dialects, kebab-case reasons).
 * A value the table lacks is a fault: graphql-js would refuse to serialise it anyway.
 */
export function enumValue<T extends string>(
  values: Readonly<Record<string, T>>,
  raw: string,
  what: string
): T {
  const value = values[raw]
  if (value === undefined)
    throw gqlError('INTERNAL', `${what}: no GraphQL value for ${JSON.stringify(raw)}`)
  return value
}
