import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '@baton/db/testing'

const projectRoot = join(import.meta.dirname, '../../..')

describe('npm start refuses what it cannot run on', () => {
  let db: TestDatabase
  let state: string
  beforeAll(async () => {
    db = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
    state = mkdtempSync(join(tmpdir(), 'baton-start-world-'))
  })
  afterAll(async () => {
    await db?.drop()
    rmSync(state, { recursive: true, force: true })
  })

  /** `npm start`'s main.ts with these arguments and databases (Temporal unreachable): its exit code and stderr. */
  const start = (args: string[], databaseUrl: string, ownerDatabaseUrl: string) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'infra/src/stack/main.ts', ...args], {
      cwd: projectRoot,
      timeout: 90_000,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        BATON_OWNER_DATABASE_URL: ownerDatabaseUrl,
        BATON_MASTER_KEY: 'start-world-test-key',
        BATON_STATE_DIR: state,
        TEMPORAL_ADDRESS: '127.0.0.1:1',
      },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e
    )

  it('refuses to start on a world with problems, listing each, and applies none of it', async () => {
    const world = JSON.parse(
      readFileSync(join(projectRoot, 'infra/worlds/demo.world.json'), 'utf8')
    ) as { pingPong: { escalateTo: string }; calendars: { timeZone: string }[] }
    world.pingPong.escalateTo = 'northwind/major-incident-mgr'
    world.calendars[3]!.timeZone = 'Asia/Tokio'
    const file = join(state, 'broken.world.json')
    writeFileSync(file, JSON.stringify(world))
    const r = await start([`--world=${file}`], db.url, db.ownerUrl)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(
      `Baton could not start: ${file} is not valid (2 problems); nothing was applied:\n` +
        '  $.calendars[3].timeZone = "Asia/Tokio": not an IANA time zone; did you mean Asia/Tokyo?\n' +
        `  $.pingPong.escalateTo = "northwind/major-incident-mgr": unknown desk; did you mean northwind/major-incident-manager?`
    )
    expect(await db.sql`select id from parties`).toEqual([])
  })

  it('says plainly that its database does not exist', async () => {
    const url = new URL(db.ownerUrl)
    url.password = 'hunter2'
    url.pathname = '/baton_no_such_database'
    const r = await start([], url.toString(), '')
    expect(r.code).toBe(1)
    expect(r.stderr).not.toContain('hunter2')
    expect(r.stderr).toContain(
      `Baton could not start: cannot use the database "baton_no_such_database" on ${url.hostname}:${url.port || 5432}`
    )
    expect(r.stderr).toContain('the database does not exist. Create it (createdb')
  })
})
