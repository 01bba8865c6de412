import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { createTestDatabase, type TestDatabase } from '@baton/db/testing'
import { formatWorldProblem, validateWorld } from '@baton/domain'
import { applyCommand } from './apply-command.ts'

// `npm run baton -- apply` refuses a world with any problem before touching the database, printing
// each with its JSON path; and every command says plainly when its database is missing.

const projectRoot = resolve(import.meta.dirname, '../../..')
const demoFile = join(projectRoot, 'infra/worlds/demo.world.json')
type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
const demo = (): Json => JSON.parse(readFileSync(demoFile, 'utf8'))

let t: TestDatabase
let dir: string
const saved = { ...process.env }
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
  dir = mkdtempSync(join(tmpdir(), 'baton-apply-'))
  process.env.DATABASE_URL = t.url
  process.env.BATON_OWNER_DATABASE_URL = t.ownerUrl
  process.env.BATON_MASTER_KEY = 'apply-command-test-master-key'
})
afterAll(async () => {
  process.env = saved
  rmSync(dir, { recursive: true, force: true })
  await t?.drop()
})

/** Runs the apply command in-process on a world, with what it printed. */
async function apply(world: unknown, name = 'world.json') {
  const file = join(dir, name)
  writeFileSync(file, typeof world === 'string' ? world : JSON.stringify(world, null, 2))
  const lines: string[] = []
  const capture = (...a: unknown[]) => void lines.push(a.map(String).join(' '))
  const spies = [
    vi.spyOn(console, 'error').mockImplementation(capture),
    vi.spyOn(console, 'warn').mockImplementation(capture),
    vi.spyOn(console, 'log').mockImplementation(capture),
  ]
  try {
    return { code: await applyCommand([file], projectRoot), out: lines.join('\n') }
  } finally {
    for (const s of spies) s.mockRestore()
  }
}

/** Every row the world lives in, and the audit trail: equal snapshots mean nothing was written. */
async function snapshot() {
  const tables = [
    'parties',
    'desks',
    'calendars',
    'services',
    'agreements',
    'ladders',
    'party_secrets',
    'world_settings',
    'world_changes',
  ]
  const rows = await Promise.all(
    tables.map(
      (table) =>
        t.owner.unsafe(
          `select count(*)::int as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from ${table} x`
        ) as Promise<{ n: number; h: string }[]>
    )
  )
  return Object.fromEntries(tables.map((table, i) => [table, rows[i]![0]]))
}

const index = (list: Json[], slug: string) => {
  const i = list.findIndex((x) => x.slug === slug)
  if (i < 0) throw new Error(`no ${slug}`)
  return i
}

describe('the world files in the repository', () => {
  it('all validate (the demo world and those tests apply)', () => {
    const files = readdirSync(join(projectRoot, 'infra'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.world.json') && !f.includes('node_modules'))
      .map((f) => join('infra', f))
    expect(files).toContain(join('infra', 'worlds', 'demo.world.json'))
    for (const f of files) {
      const r = validateWorld(JSON.parse(readFileSync(join(projectRoot, f), 'utf8')))
      expect(r.problems.map(formatWorldProblem), f).toEqual([])
    }
  })
})

describe('baton apply', () => {
  it('applies the demo world, which validates', async () => {
    const r = await apply(demo(), 'demo.json')
    expect(r.out).toContain('Applied')
    expect(r.code).toBe(0)
    expect((await snapshot()).desks!.n).toBeGreaterThan(0)
  })

  // One problem each: [what, change to the demo world, path, message].
  const cases: Array<[string, (w: Json) => void, string, string]> = [
    [
      'ping-pong escalateTo names an unknown desk',
      (w) => (w.pingPong.escalateTo = 'northwind/major-incident-mgr'),
      '$.pingPong.escalateTo = "northwind/major-incident-mgr"',
      'unknown desk; did you mean northwind/major-incident-manager?',
    ],
    [
      'measuredOn names an unknown desk',
      (w) => {
        const a = w.agreements[index(w.agreements, 'vistula-application')]
        a.targets[2].measuredOn = { desk: 'vistula/engineering-warsw' }
      },
      '$.agreements[3].targets[2].measuredOn.desk = "vistula/engineering-warsw"',
      'did you mean vistula/engineering-warsaw?',
    ],
    [
      'followTheSun names an unknown party',
      (w) =>
        (w.agreements[index(w.agreements, 'bayside-support')].targets[0].measuredOn = {
          followTheSun: 'baysid',
        }),
      '$.agreements[4].targets[0].measuredOn.followTheSun = "baysid"',
      'unknown party; did you mean bayside?',
    ],
    [
      'the zone Asia/Tokio',
      (w) => (w.calendars[index(w.calendars, 'pune-business')].timeZone = 'Asia/Tokio'),
      '$.calendars[3].timeZone = "Asia/Tokio"',
      'not an IANA time zone; did you mean Asia/Tokyo?',
    ],
    [
      "a contact's misspelt zone",
      (w) =>
        (w.parties[index(w.parties, 'vistula')].desks[0].contacts[0].timeZone = 'Europe/Warszawa'),
      '$.parties[3].desks[0].contacts[0].timeZone = "Europe/Warszawa"',
      'did you mean Europe/Warsaw?',
    ],
    [
      'overlapping business windows',
      (w) =>
        w.calendars[index(w.calendars, 'ny-business')].week.mon.push({
          start: '17:00',
          end: '20:00',
        }),
      '$.calendars[1].week.mon[1] = {"start":"17:00","end":"20:00"}',
      'overlaps mon[0] (08:00-18:00 and 17:00-20:00)',
    ],
    [
      'a holiday that is not a date',
      (w) => (w.calendars[index(w.calendars, 'ny-business')].holidays[1] = '2026-02-29'),
      '$.calendars[1].holidays[1] = "2026-02-29"',
      'not a calendar date (YYYY-MM-DD)',
    ],
    [
      'an agreement missing a priority target',
      (w) => w.agreements[index(w.agreements, 'stratus-hosting')].targets.pop(),
      '$.agreements[1].targets',
      "no RESOLUTION target for P2, which the agreement's other targets name",
    ],
    [
      'a desk on an unknown calendar',
      (w) => (w.parties[index(w.parties, 'stratus')].desks[0].calendar = '24x7-ut'),
      '$.parties[1].desks[0].calendar = "24x7-ut"',
      'unknown calendar; did you mean 24x7-utc?',
    ],
    [
      'an agreement on an unknown service',
      (w) =>
        (w.agreements[index(w.agreements, 'checkout-availability')].services = ['online-checkot']),
      '$.agreements[0].services[0] = "online-checkot"',
      'unknown service; did you mean online-checkout?',
    ],
    [
      'a service provided by an unknown party',
      (w) => w.services[0].providers.push('nimbus'),
      '$.services[0].providers[4] = "nimbus"',
      'unknown party',
    ],
    [
      'an agreement with an unknown provider',
      (w) => (w.agreements[index(w.agreements, 'stratus-hosting')].provider = 'stratos'),
      '$.agreements[1].provider = "stratos"',
      'unknown party; did you mean stratus?',
    ],
    [
      'a ladder of an unknown party',
      (w) => (w.ladders[0].party = 'vistulla'),
      '$.ladders[0].party = "vistulla"',
      'unknown party; did you mean vistula?',
    ],
    [
      'a ladder step to an unknown contact',
      (w) => (w.ladders[0].steps[0].targets = [{ contact: 'vistula-oncal' }]),
      '$.ladders[0].steps[0].targets[0].contact = "vistula-oncal"',
      'unknown contact; did you mean vistula-oncall?',
    ],
    [
      'a misspelt field the schema would drop',
      (w) => (w.parties[index(w.parties, 'sentinel')].desks[0].prioritise = ['P1']),
      '$.parties[2].desks[0].prioritise = ["P1"]',
      "unknown field 'prioritise', which would be ignored; did you mean priorities?",
    ],
  ]
  it.each(cases)(
    'refuses %s, printing its path and message, and writes nothing',
    async (_what, change, where, message) => {
      const before = await snapshot()
      const world = demo()
      change(world)
      const r = await apply(world)
      expect(r.code).toBe(1)
      const problems = r.out.split('\n').filter((l) => l.startsWith('  $.'))
      expect(problems, r.out).toHaveLength(1)
      expect(problems[0]).toContain(`  ${where}: `)
      expect(problems[0]).toContain(message)
      expect(r.out).toMatch(/is not a valid world \(1 problem\); nothing was applied\.$/)
      expect(await snapshot()).toEqual(before)
    }
  )

  it('reports every problem at once', async () => {
    const before = await snapshot()
    const world = demo()
    for (const [, change] of cases) change(world)
    const r = await apply(world)
    expect(r.code).toBe(1)
    expect(r.out.split('\n').filter((l) => l.startsWith('  $.'))).toHaveLength(cases.length)
    expect(r.out).toContain(`(${cases.length} problems); nothing was applied.`)
    expect(await snapshot()).toEqual(before)
  })

  it('says plainly that a file is not JSON', async () => {
    const r = await apply('{ "calendars": [', 'broken.json')
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/broken\.json cannot be read as JSON: .*; nothing was applied\./)
  })
})

describe('a missing or unreachable database', () => {
  const run = promisify(execFile)
  const cli = async (env: Record<string, string>, ...args: string[]) => {
    const child = run(
      process.execPath,
      ['--import', 'tsx', join(projectRoot, 'infra/src/cli/main.ts'), ...args],
      {
        cwd: projectRoot,
        env: { ...saved, DATABASE_URL: '', BATON_OWNER_DATABASE_URL: '', ...env },
        timeout: 60_000,
      }
    )
    return child.then(
      (r) => ({ code: 0, stderr: r.stderr }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr })
    )
  }

  it('names the database, redacts the password and says what to do', async () => {
    const url = new URL(inject('pgAdminUrl'))
    url.username = 'postgres'
    url.password = 'hunter2'
    url.pathname = '/baton_no_such_database'
    const r = await cli({ DATABASE_URL: url.toString() }, 'ledger', 'verify')
    expect(r.code).toBe(1)
    expect(r.stderr).not.toContain('hunter2')
    expect(r.stderr).not.toContain('Failed query')
    expect(r.stderr).toContain(
      `error: cannot use the database "baton_no_such_database" on ${url.hostname}:${url.port || 5432} as postgres (postgres://postgres:***@`
    )
    expect(r.stderr).toContain(
      'from DATABASE_URL) while running the migrations: the database does not exist. Create it (createdb'
    )
  })

  it('says nothing accepts connections on a port where no PostgreSQL runs', async () => {
    const { createServer } = await import('node:net')
    const port = await new Promise<number>((r) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port
        s.close(() => r(p))
      })
    })
    const r = await cli({ DATABASE_URL: `postgres://baton@127.0.0.1:${port}/baton` }, 'migrate')
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(
      `nothing accepts connections on 127.0.0.1:${port}. Start PostgreSQL there, or set DATABASE_URL`
    )
  })
})
