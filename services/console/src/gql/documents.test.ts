// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generate } from '@graphql-codegen/cli'
import { buildSchema, concatAST, parse, validate, type DocumentNode } from 'graphql'
import { describe, expect, it } from 'vitest'
import config, { GQL_DIR } from '../../codegen.ts'

const SRC = fileURLToPath(new URL('..', import.meta.url))
const MODULES = fileURLToPath(new URL('../../../../schema/graphql/src/modules/', import.meta.url))

const sdl = readdirSync(MODULES)
  .filter((f) => f.endsWith('.graphql'))
  .map((f) => readFileSync(join(MODULES, f), 'utf8'))
  .join('\n')
const documentFiles = (readdirSync(SRC, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.graphql'))
  .map((f) => join(SRC, f))

/** Every document the console sends, with the fragments of all files (operations may share them). */
function allDocuments(): DocumentNode {
  return concatAST(documentFiles.map((f) => parse(readFileSync(f, 'utf8'))))
}

describe("the console's GraphQL documents", () => {
  it('validate against the SDL the gateway serves', () => {
    expect(documentFiles.length).toBeGreaterThan(0)
    const errors = validate(buildSchema(sdl), allDocuments())
    expect(errors.map((e) => e.message)).toEqual([])
  })

  it('would fail validation if a field they select left the SDL (the check can fail)', () => {
    const without = sdl.replace(
      /^\s*"The party holding the baton now\."\n\s*holder: Party!\n/m,
      '\n'
    )
    expect(without).not.toBe(sdl)
    expect(
      validate(buildSchema(without), allDocuments())
        .map((e) => e.message)
        .join('\n')
    ).toContain('Cannot query field "holder" on type "Incident"')
  })

  it('match the committed typed documents in src/gql (run `npm run codegen -w @baton/console` when this fails)', async () => {
    const outputs: Array<{ filename: string; content: string }> = await generate(
      { ...config, silent: true },
      false
    )
    expect(outputs.length).toBeGreaterThan(0)
    for (const o of outputs) {
      expect(o.filename.startsWith(GQL_DIR)).toBe(true)
      expect(readFileSync(o.filename, 'utf8'), `${o.filename} is stale`).toBe(o.content)
    }
  })
})
