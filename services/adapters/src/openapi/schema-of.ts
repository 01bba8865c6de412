import { z } from 'zod'

/** A zod schema as OpenAPI 3.1 (JSON Schema draft 2020-12) without its $schema line. */
export const schemaOf = (s: z.ZodType, io: 'input' | 'output' = 'input') => {
  const { $schema: _s, ...rest } = z.toJSONSchema(s, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as Record<string, unknown>
  return rest
}
