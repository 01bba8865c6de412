import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { applyWorld, findApiToken, revokeApiToken } from '@baton/db'
import { createTestDatabase, type TestDatabase } from '@baton/db/testing'
import { World } from '@baton/domain'
import { ensureAdminToken } from '../stack/admin-token.ts'
import { tokenCommand } from './token-command.ts'

// Issue #19: operators manage API tokens from the CLI, and npm start reuses its stored ADMIN
// token while it is live instead of minting a new one at every start.
const projectRoot = resolve(import.meta.dirname, '../../..')
let t: TestDatabase
let dir: string
const saved = { ...process.env }
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
  const world = World.parse(
    JSON.parse(readFileSync(join(projectRoot, 'infra/worlds/demo.world.json'), 'utf8'))
  )
  await applyWorld(t.db, world, {
    masterKey: 'token-cli-test-master-key',
    resolveSecret: () => 'x',
  })
  dir = mkdtempSync(join(tmpdir(), 'baton-token-'))
  process.env.DATABASE_URL = t.url
  process.env.BATON_OWNER_DATABASE_URL = t.ownerUrl
})
afterAll(async () => {
  process.env = saved
  rmSync(dir, { recursive: true, force: true })
  await t?.drop()
})

async function run(args: string[]) {
  const lines: string[] = []
  const capture = (...a: unknown[]) => void lines.push(a.map(String).join(' '))
  const log = vi.spyOn(console, 'log').mockImplementation(capture)
  const err = vi.spyOn(console, 'error').mockImplementation(capture)
  try {
    return { code: await tokenCommand(args, projectRoot), out: lines.join('\n') }
  } finally {
    log.mockRestore()
    err.mockRestore()
  }
}

describe('npm run baton -- token', () => {
  it('creates, lists and revokes tokens', async () => {
    const made = await run(['create', '--name', 'ops-viewer', '--role', 'viewer'])
    expect(made.code).toBe(0)
    const [, token] = made.out.split('\n')
    const id = /token ([0-9a-f-]{36})/.exec(made.out)![1]!
    expect((await findApiToken(t.db, token!))?.role).toBe('VIEWER')
    const vendor = await run([
      'create',
      '--name',
      'stratus-bot',
      '--role',
      'VENDOR',
      '--party',
      'stratus',
    ])
    expect(vendor.code).toBe(0)
    expect((await run(['create', '--name', 'x', '--role', 'VENDOR'])).code).toBe(2)
    expect(
      (await run(['create', '--name', 'x', '--role', 'VENDOR', '--party', 'nobody'])).code
    ).toBe(2)
    const listed = await run(['list'])
    expect(listed.out).toMatch(new RegExp(`${id}\\s+VIEWER\\s+-\\s+.*live\\s+ops-viewer`))
    expect(listed.out).toMatch(/VENDOR\s+stratus\s+.*stratus-bot/)
    expect(listed.out).not.toContain(token!)
    expect((await run(['revoke', id])).code).toBe(0)
    expect(await findApiToken(t.db, token!)).toBeNull()
    expect((await run(['list'])).out).not.toContain(id)
    expect((await run(['list', '--all'])).out).toMatch(new RegExp(`${id}.*revoked`))
    expect((await run(['revoke', id])).code).toBe(1)
    expect((await run(['revoke', 'not-an-id'])).code).toBe(2)
  })

  it('npm start reuses its stored ADMIN token while it is live, and replaces it once revoked', async () => {
    const file = join(dir, 'admin-token')
    const count = async () =>
      (await t.sql`select count(*)::int as n from api_tokens where role = 'ADMIN'`)[0]!.n as number
    const first = await ensureAdminToken(t.db, file)
    expect(first.reused).toBe(false)
    const before = await count()
    const second = await ensureAdminToken(t.db, file)
    expect(second).toEqual({ token: first.token, reused: true })
    expect(await count()).toBe(before)
    const live = await findApiToken(t.db, first.token)
    await revokeApiToken(t.db, live!.id)
    const third = await ensureAdminToken(t.db, file)
    expect(third.reused).toBe(false)
    expect(third.token).not.toBe(first.token)
    expect(readFileSync(file, 'utf8').trim()).toBe(third.token)
  })
})
