import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { worldJsonSchema } from './world-json-schema.ts'

export async function worldSchemaCommand(projectRoot: string): Promise<number> {
  const file = join(projectRoot, 'schema', 'world.schema.json')
  writeFileSync(file, `${JSON.stringify(worldJsonSchema(), null, 2)}\n`)
  console.log(`wrote ${file}`)
  return 0
}
