import { readFileSync } from 'node:fs'
import { generate } from '@graphql-codegen/cli'
import { describe, expect, it } from 'vitest'
import config, { RESOLVER_TYPES_FILE } from '../../codegen.ts'

/** What `npm run codegen` would write now, in memory. */
async function generateResolverTypes(
  schema: string[] = [config.schema as string]
): Promise<string> {
  const outputs: Array<{ filename: string; content: string }> = await generate(
    { ...config, schema, silent: true },
    false
  )
  expect(outputs.map((o) => o.filename)).toEqual([RESOLVER_TYPES_FILE])
  return outputs[0]!.content
}

describe('the committed resolver types (src/generated/resolvers-types.ts)', () => {
  it('are what the SDL of schema/graphql generates now: when this fails, run `npm run codegen`', async () => {
    const committed = readFileSync(RESOLVER_TYPES_FILE, 'utf8')
    expect(committed, 'resolvers-types.ts is stale: run `npm run codegen` and commit it').toBe(
      await generateResolverTypes()
    )
  })

  it('would be stale after an SDL change, so the check above can fail', async () => {
    const changed = await generateResolverTypes([
      config.schema as string,
      'extend type Query { "probe" codegenProbe: Int }',
    ])
    expect(changed).toContain('codegenProbe')
    expect(changed).not.toBe(readFileSync(RESOLVER_TYPES_FILE, 'utf8'))
  })
})
