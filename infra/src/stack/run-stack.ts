import { createWriteStream, existsSync, mkdirSync, readFileSync, type WriteStream } from 'node:fs'
import { dirname, join } from 'node:path'
import { applyWorld, createDb, resolveSecretRef } from '@baton/db'
import { ensureAdminToken } from './admin-token.ts'
import { InvalidWorldError, validateWorld } from '@baton/domain'
import { migrateDatabase, resolveDatabase } from '../postgres/resolve-database.ts'
import { migrateExplained } from '../cli/database-error.ts'
import { ensureTemporalBinary } from '../temporal/find-temporal-binary.ts'
import { startDevServer } from '../temporal/start-dev-server.ts'
import { freePort } from '../net/free-port.ts'
import { resolveMasterKey } from './master-key.ts'
import { resolveSigningKeySeed } from './signing-key.ts'
import { spawnService, type Service } from './spawn-service.ts'
import { formatServiceLine } from './format-service-line.ts'
import { startLocalMailbox } from '../mailbox/local-mailbox.ts'
import { stateDir } from './state-dir.ts'
import { startDemoVendors, type DemoVendors } from './demo-vendors.ts'

export type StackOptions = {
  projectRoot: string
  worldFile: string
  log: (line: string) => void
  verbose: boolean
  /** Run the simulated demo vendors (false: --no-vendors, their delivery paused). Default true. */
  vendors?: boolean
  /** Aborted (a signal during start-up): runStack stops what it has started and rejects with the signal's reason. */
  signal?: AbortSignal
}
export type RunningStack = {
  mailboxDir: string
  adminTokenFile: string
  gatewayUrl: string
  adaptersUrl: string
  temporalAddress: string
  temporalUiUrl: string | null
  databaseUrl: string
  adminToken: string
  masterKey: string
  /** the simulated vendors of the world (their simulator is null with --no-vendors) */
  vendors: DemoVendors
  stop: () => Promise<void>
}

const portFree = async (port: number) => {
  try {
    const { createServer } = await import('node:net')
    return await new Promise<boolean>((r) => {
      const s = createServer()
        .once('error', () => r(false))
        .listen(port, '127.0.0.1', () => s.close(() => r(true)))
    })
  } catch {
    return false
  }
}
const preferredPort = async (port: number) => ((await portFree(port)) ? port : freePort())

/** Brings up the whole stack on embedded defaults; stop() tears down everything it started. */
export async function runStack(o: StackOptions): Promise<RunningStack> {
  const stops: Array<() => Promise<void>> = []
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {})
  }
  // Checked after every step that starts something, so an abort never leaves a child behind.
  const checkpoint = () => o.signal?.throwIfAborted()
  const state = stateDir(o.projectRoot)
  try {
    mkdirSync(state, { recursive: true })
    checkpoint()
    const database = await resolveDatabase(o.projectRoot, o.log, { purpose: 'stack' })
    stops.push(database.stop)
    checkpoint()
    const role = (url: string) => decodeURIComponent(new URL(url).username) || '(default role)'
    o.log(
      `Database: ${database.source} (${database.url.replace(/\/\/[^@]*@/, '//')}; migrations as ${role(database.ownerUrl)}, services as ${role(database.url)})`
    )
    await migrateExplained(database, () => migrateDatabase(database))
    o.log('Migrations applied')
    checkpoint()
    const masterKey = resolveMasterKey(o.projectRoot)
    const db = createDb({ url: database.url, max: 2, applicationName: 'baton-stack' })
    stops.push(db.close)
    const checked = validateWorld(JSON.parse(readFileSync(o.worldFile, 'utf8')))
    if (!checked.ok) throw new InvalidWorldError(checked.problems, o.worldFile)
    const summary = await applyWorld(db.db, checked.world, {
      masterKey,
      resolveSecret: (ref) => resolveSecretRef(ref, dirname(o.worldFile)),
    })
    if (summary.secretsUnreadable > 0)
      o.log(
        `Note: ${summary.secretsUnreadable} vendor secret(s) in this database were encrypted with another BATON_MASTER_KEY; they were retired and new ones generated (vendors must fetch the new secrets).`
      )
    o.log(
      `World applied from ${o.worldFile}: ${summary.parties} parties, ${summary.desks} desks, ${summary.agreementsPublished} agreement versions published (${summary.agreementsUnchanged} unchanged)`
    )
    checkpoint()
    const gatewayPort = Number(process.env.BATON_GATEWAY_PORT ?? 4000)
    const adaptersPort = Number(process.env.BATON_ADAPTERS_PORT ?? 4100)
    const vendors = await startDemoVendors({
      db: db.db,
      world: checked.world,
      masterKey,
      adaptersUrl: `http://127.0.0.1:${adaptersPort}`,
      enabled: o.vendors ?? true,
      log: o.log,
    })
    stops.push(vendors.stop)
    checkpoint()

    let temporalAddress = process.env.TEMPORAL_ADDRESS ?? ''
    let temporalUiUrl: string | null = null
    if (!temporalAddress) {
      const binary = await ensureTemporalBinary(o.projectRoot, o.log, o.signal)
      checkpoint()
      const server = await startDevServer({
        binary,
        port: await preferredPort(7233),
        uiPort: await preferredPort(8233),
        dbFile: join(state, 'temporal.sqlite'),
        signal: o.signal,
      })
      stops.push(server.stop)
      checkpoint()
      temporalAddress = server.address
      temporalUiUrl = server.uiUrl
      o.log(`Temporal dev server on ${temporalAddress}`)
    }
    // The stored ADMIN token while it is live; a new one only when it was revoked or is missing.
    const { token: adminToken } = await ensureAdminToken(db.db, join(state, 'admin-token'))

    // Escalation e-mails go to a local mailbox: one .eml file per message under <state dir>/mailbox.
    const mailboxDir = join(state, 'mailbox')
    const mailbox = process.env.BATON_SMTP_HOST
      ? null
      : await startLocalMailbox({ dir: mailboxDir, port: await preferredPort(2525) })
    if (mailbox) stops.push(mailbox.close)
    checkpoint()
    const env = {
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: process.env.TEMPORAL_NAMESPACE ?? 'default',
      BATON_MASTER_KEY: masterKey,
      BATON_SIGNING_KEY: resolveSigningKeySeed(o.projectRoot),
      BATON_GATEWAY_PORT: String(gatewayPort),
      BATON_ADAPTERS_PORT: String(adaptersPort),
      BATON_PUBLIC_URL: `http://127.0.0.1:${gatewayPort}`,
      BATON_CONSOLE_URL: `http://127.0.0.1:${gatewayPort}`,
      ...(mailbox ? { BATON_SMTP_HOST: mailbox.host, BATON_SMTP_PORT: String(mailbox.port) } : {}),
      // The demo's vendors and webhooks are on this machine: loopback allowed here, not by default.
      BATON_OUTBOUND_ALLOW_LOOPBACK: process.env.BATON_OUTBOUND_ALLOW_LOOPBACK ?? '1',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      // Its Prometheus port too: a second stack on the machine takes the next free one.
      BATON_WORKER_METRICS_PORT:
        process.env.BATON_WORKER_METRICS_PORT ?? String(await preferredPort(9464)),
    }
    const services: Service[] = []
    // Each service's own log lines (JSON, stack traces included) go to <state dir>/logs/<name>.log
    // (rewritten at each start); the console gets one readable line per warning.
    const logDir = join(state, 'logs')
    mkdirSync(logDir, { recursive: true })
    const logFiles = new Map<string, WriteStream>()
    let workerRunning = false
    const onLine = (name: string, line: string) => {
      logFiles.get(name)?.write(`${line}\n`)
      if (name === 'worker' && line.includes('"msg":"worker running"')) workerRunning = true
      const text = formatServiceLine(name, line, o.verbose)
      if (text) o.log(text)
    }
    for (const [name, entry] of [
      ['worker', 'services/workflows/src/main.ts'],
      ['adapters', 'services/adapters/src/main.ts'],
      ['gateway', 'services/gateway/src/main.ts'],
    ] as const) {
      if (!existsSync(join(o.projectRoot, entry))) {
        o.log(`(${name} not built yet: ${entry} missing)`)
        continue
      }
      logFiles.set(name, createWriteStream(join(logDir, `${name}.log`)))
      const service = spawnService(name, entry, env, o.projectRoot, onLine)
      services.push(service)
    }
    stops.push(async () => {
      await Promise.all(services.map((s) => s.stop()))
      for (const file of logFiles.values()) file.end()
    })
    const answers = (url: string) => async () => {
      try {
        return (await fetch(url)).ok
      } catch {
        return false // not up yet
      }
    }
    // Up means usable: the worker polls its task queue (bundling the workflows takes it a while),
    // so the first declared incident does not wait on it.
    await Promise.all([
      waitFor(
        `http://127.0.0.1:${gatewayPort}/healthz`,
        answers(`http://127.0.0.1:${gatewayPort}/healthz`),
        services,
        o.signal
      ),
      waitFor(
        `http://127.0.0.1:${adaptersPort}/healthz`,
        answers(`http://127.0.0.1:${adaptersPort}/healthz`),
        services,
        o.signal
      ),
      services.some((s) => s.name === 'worker')
        ? waitFor('the worker', async () => workerRunning, services, o.signal)
        : Promise.resolve(),
    ])
    checkpoint()
    return {
      mailboxDir,
      adminTokenFile: join(state, 'admin-token'),
      gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
      adaptersUrl: `http://127.0.0.1:${adaptersPort}`,
      temporalAddress,
      temporalUiUrl,
      databaseUrl: database.url,
      adminToken,
      masterKey,
      vendors,
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}

async function waitFor(
  what: string,
  ready: () => Promise<boolean>,
  services: Service[],
  signal?: AbortSignal,
  timeoutMs = 90_000
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    signal?.throwIfAborted()
    const dead = services.find((s) => s.child.exitCode !== null)
    if (dead)
      throw new Error(`${dead.name} exited with code ${dead.child.exitCode} during start-up`)
    if (await ready()) return
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`${what} did not answer within ${timeoutMs / 1000} s`)
}
