import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveGateway, type ServedGateway } from './app/serve-gateway.ts'
import { TRUSTED_DOCUMENTS_FILE } from './graphql/plugins/trusted-documents.ts'
import { createGatewayFixture, type GatewayFixture } from './testing/gateway-fixture.ts'

// The console's own documents (services/console/src/gql/persisted-documents.json, written by its
// codegen) run as trusted documents: named by hash they are exempt from the cost limit, which a
// board page of 200 incidents legitimately comes near. The gateway here holds documents to a cost
// of 500, far below the board's, so every answer below shows which rule applied.
const consoleDocuments = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../console/src/gql/persisted-documents.json'), 'utf8')
) as Record<string, string>
const [boardKey, boardText] = Object.entries(consoleDocuments).find(([, text]) =>
  text.includes('query BoardIncidents')
)!
const boardHash = boardKey.replace(/^sha256:/, '')

let dist: string
let f: GatewayFixture
let gw: ServedGateway
let viewer: string

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'baton-trusted-'))
  writeFileSync(join(dist, TRUSTED_DOCUMENTS_FILE), JSON.stringify(consoleDocuments))
  f = await createGatewayFixture({ deps: { consoleDist: dist, limits: { maxCost: 500 } } })
  gw = await serveGateway(f.app, { port: 0 })
  viewer = await f.token('VIEWER')
  await f.seedIncident({ clientKey: 'trusted-1', holder: 'sentinel', withEvents: true })
})
afterAll(async () => {
  await gw?.close()
  await f?.close()
  if (dist) rmSync(dist, { recursive: true, force: true })
})

type Body = {
  data?: { incidents?: { nodes: { key: string }[] } } | null
  errors?: { message: string; extensions?: Record<string, unknown> }[]
}
async function post(body: Record<string, unknown>): Promise<Body> {
  const res = await fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${viewer}` },
    body: JSON.stringify(body),
  })
  return (await res.json()) as Body
}
const persisted = (sha256Hash: string) => ({
  persistedQuery: { version: 1, sha256Hash, miss: true },
})
// The board's document as a client other than the console writes it: same fields, other text.
const boardRewritten = boardText.replace('query BoardIncidents', 'query Board')

describe('trusted documents', () => {
  it('refuses the board document on cost when it comes as any other text', async () => {
    const a = await post({ query: boardRewritten })
    expect(a.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'cost' })
    expect(a.data ?? null).toBeNull()
  })

  it('runs the board document named by its hash, past the cost limit', async () => {
    const a = await post({ query: boardRewritten, extensions: persisted(boardHash) })
    expect(a.errors).toBeUndefined()
    expect(a.data?.incidents?.nodes.map((n) => n.key)).toHaveLength(1)
  })

  it('runs the stored document, not the text sent under a known hash', async () => {
    const smuggled = `{ a: incidents(first: 200) { nodes { key title } } b: __typename }`
    const a = await post({ query: smuggled, extensions: persisted(boardHash) })
    expect(a.errors).toBeUndefined()
    // The board's answer (its own fields), not the smuggled aliases.
    expect(Object.keys(a.data ?? {})).toEqual(['incidents'])
  })

  it('ignores an unknown hash: the text sent runs under every limit', async () => {
    const a = await post({ query: boardRewritten, extensions: persisted('0'.repeat(64)) })
    expect(a.errors?.[0]?.extensions).toMatchObject({ limit: 'cost' })
  })

  it('holds trusted documents to the other limits', async () => {
    // The same gateway with a depth limit the board cannot meet.
    const tight = await createGatewayFixture({
      deps: { consoleDist: dist, limits: { maxCost: 500, maxDepth: 2 } },
    })
    const served = await serveGateway(tight.app, { port: 0 })
    try {
      const token = await tight.token('VIEWER')
      const res = await fetch(`${served.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: boardRewritten, extensions: persisted(boardHash) }),
      })
      const body = (await res.json()) as Body
      expect(body.errors?.[0]?.extensions).toMatchObject({ limit: 'depth' })
    } finally {
      await served.close()
      await tight.close()
    }
  })
})
