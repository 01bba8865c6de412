import { z } from 'zod'
import { World } from '@baton/domain'

/** The published JSON Schema of the world file, generated from the zod schema the code validates with. */
export function worldJsonSchema() {
  return {
    ...z.toJSONSchema(World, { io: 'input', target: 'draft-2020-12' }),
    $id: 'https://baton.dev/schema/world.schema.json',
    title: 'Baton world',
  }
}
