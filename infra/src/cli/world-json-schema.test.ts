import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { World } from '@baton/domain'
import { worldJsonSchema } from './world-json-schema.ts'

const root = join(import.meta.dirname, '../../..')

describe('world file', () => {
  it('publishes a JSON Schema identical to the one generated from the zod schema', () => {
    const committed = JSON.parse(readFileSync(join(root, 'schema/world.schema.json'), 'utf8'))
    expect(committed).toEqual(JSON.parse(JSON.stringify(worldJsonSchema())))
  })
  it('ships the docs/scenario.md demo world as a valid world file', () => {
    const world = World.parse(
      JSON.parse(readFileSync(join(root, 'infra/worlds/demo.world.json'), 'utf8'))
    )
    expect(world.parties.map((p) => p.name)).toEqual([
      'Northwind Retail',
      'Stratus Cloud',
      'Sentinel SecOps',
      'Vistula Software',
      'Bayside Helpdesk',
    ])
    expect(world.parties.flatMap((p) => p.desks).length).toBe(9)
  })
})
