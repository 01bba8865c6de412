import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GraphQLArgument, GraphQLField, GraphQLInputType, GraphQLObjectType } from 'graphql'
import { serveGateway, type ServedGateway } from './app/serve-gateway.ts'
import { gatewaySchema } from './graphql/create-yoga.ts'
import { graphql } from './graphql/graphql-runtime.ts'
import { createGatewayFixture, type GatewayFixture } from './testing/gateway-fixture.ts'

// Issue #19: every argument of type ID, Duration or cursor (`after`) anywhere in the SDL (root
// arguments and fields of input objects, nested or in lists) is sent garbage over HTTP; the
// answer must be an error the client caused (BAD_USER_INPUT, NOT_FOUND, ...) or data, never
// INTERNAL. The walk is generated from the schema, so a new argument is covered when it appears.
let f: GatewayFixture
let gw: ServedGateway
let admin: string

beforeAll(async () => {
  f = await createGatewayFixture()
  gw = await serveGateway(f.app, { port: 0 })
  admin = await f.token('ADMIN')
  await f.seedIncident({ clientKey: 'bad-input-1', holder: 'sentinel', withEvents: true })
})
afterAll(async () => {
  await gw?.close()
  await f?.close()
})

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
const GARBAGE: Record<'ID' | 'Duration' | 'cursor', unknown[]> = {
  ID: [
    'not-an-id',
    '',
    "' or 1=1 --",
    '00000000-0000-0000-0000-00000000000g',
    'x'.repeat(5000),
    '\u0000',
    'INC-1',
  ],
  Duration: [
    'garbage',
    'P',
    'PT',
    '-PT1H',
    'P99999999999999999999W',
    `PT${'9'.repeat(400)}H`,
    'P1.5.5D',
  ],
  cursor: [
    'garbage',
    '%%%',
    b64(['i', '2026-99-99T00:00:00Z', 'x']),
    b64(['i', '2026-03-06T20:00:00Z', 'not-a-uuid']),
    b64(['i', '999999-03-06T20:00:00Z', '00000000-0000-0000-0000-000000000000']),
    b64(['l', 1e300]),
    b64(['l', -1]),
    b64(['d', 2 ** 62]),
    b64({ a: 1 }),
  ],
}

const kindOf = (type: GraphQLInputType, name: string): keyof typeof GARBAGE | null => {
  const n = graphql.getNamedType(type).name
  if (n === 'ID') return 'ID'
  if (n === 'Duration') return 'Duration'
  if (n === 'String' && (name === 'after' || name === 'before')) return 'cursor'
  return null
}

/** A valid-looking value of a type: required input fields filled, optional ones left out. */
function filler(type: GraphQLInputType): unknown {
  if (graphql.isNonNullType(type)) return filler(type.ofType)
  if (graphql.isListType(type)) return [filler(type.ofType)]
  if (graphql.isEnumType(type)) return type.getValues()[0]!.value
  if (graphql.isInputObjectType(type)) {
    const out: Record<string, unknown> = {}
    for (const field of Object.values(type.getFields()))
      if (graphql.isNonNullType(field.type) && field.defaultValue === undefined)
        out[field.name] = filler(field.type)
    return out
  }
  switch (type.name) {
    case 'ID':
      return '5f0f6c3e-8a4e-4c41-9d35-2d6a3f7c9b10'
    case 'Int':
    case 'Float':
      return 1
    case 'Boolean':
      return true
    case 'DateTime':
      return '2026-03-06T20:00:00Z'
    case 'Duration':
      return 'PT1H'
    case 'JSON':
      return {}
    default:
      return 'x'
  }
}

type Case = {
  field: string
  path: string
  kind: keyof typeof GARBAGE
  build: (v: unknown) => Record<string, unknown>
}

/** Every place an ID, Duration or cursor goes into a root field, with how to put a value there. */
function casesOf(root: 'query' | 'mutation' | 'Incident'): { op: string; cases: Case[] }[] {
  const type =
    root === 'query'
      ? gatewaySchema.getQueryType()!
      : root === 'mutation'
        ? gatewaySchema.getMutationType()!
        : (gatewaySchema.getType('Incident') as GraphQLObjectType)
  // Fields of Incident are reached through the incidents page (one seeded incident).
  const wrap = (vars: string, sel: string) =>
    root === 'Incident'
      ? `query${vars} { incidents(first: 5) { nodes { ${sel} } } }`
      : `${root}${vars} { ${sel} }`
  return Object.values(type.getFields()).map((field: GraphQLField<unknown, unknown>) => {
    const varDefs = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')
    const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ')
    const named = graphql.getNamedType(field.type)
    const selection = graphql.isLeafType(named) ? '' : ' { __typename }'
    const op = wrap(
      varDefs ? `(${varDefs})` : '',
      `${field.name}${args ? `(${args})` : ''}${selection}`
    )
    const base = () =>
      Object.fromEntries(
        field.args.filter((a) => graphql.isNonNullType(a.type)).map((a) => [a.name, filler(a.type)])
      )
    const cases: Case[] = []
    const walk = (
      t: GraphQLInputType,
      name: string,
      path: string,
      put: (vars: Record<string, unknown>, v: unknown) => void,
      seen: Set<string>
    ) => {
      const kind = kindOf(t, name)
      if (kind)
        cases.push({
          field: field.name,
          path,
          kind,
          build: (v) => {
            const vars = base()
            put(vars, graphql.isListType(graphql.getNullableType(t)) ? [v] : v)
            return vars
          },
        })
      const n = graphql.getNamedType(t)
      if (!graphql.isInputObjectType(n) || seen.has(n.name)) return
      const list = graphql.isListType(graphql.getNullableType(t))
      for (const sub of Object.values(n.getFields()))
        walk(
          sub.type,
          sub.name,
          `${path}.${sub.name}`,
          (vars, v) => {
            // The enclosing object (made valid), with this field set to v.
            const holder: Record<string, unknown> = filler(n) as Record<string, unknown>
            holder[sub.name] = v
            put(vars, list ? [holder] : holder)
          },
          new Set([...seen, n.name])
        )
    }
    for (const a of field.args as GraphQLArgument[])
      walk(a.type, a.name, a.name, (vars, v) => void (vars[a.name] = v), new Set())
    return { op, cases }
  })
}

async function send(query: string, variables: Record<string, unknown>) {
  const res = await fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({ query, variables }),
  })
  const body = (await res.json()) as {
    errors?: { message: string; extensions?: { code?: string } }[]
  }
  return { status: res.status, codes: (body.errors ?? []).map((e) => e.extensions?.code) }
}

describe('bad ids, durations and cursors are bad input everywhere (issue #19)', () => {
  for (const root of ['query', 'Incident', 'mutation'] as const) {
    it(`${root}: no argument answers INTERNAL to garbage`, { timeout: 240_000 }, async () => {
      const internal: string[] = []
      let sent = 0
      for (const { op, cases } of casesOf(root))
        for (const c of cases)
          for (const value of GARBAGE[c.kind]) {
            const r = await send(op, c.build(value))
            sent++
            if (r.status >= 500 || r.codes.includes('INTERNAL'))
              internal.push(
                `${c.field}(${c.path} = ${JSON.stringify(value).slice(0, 40)}): ${r.status} ${r.codes.join(',')}`
              )
          }
      expect(sent).toBeGreaterThan({ query: 100, Incident: 5, mutation: 200 }[root])
      expect(internal).toEqual([])
    })
  }
})
