import { spawn } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../net/free-port.ts'

const projectRoot = join(import.meta.dirname, '../../..')

/** `npm start` running as a child process, as a newcomer runs it, with what it printed. */
export type LaunchedStack = {
  output: () => string
  stateDir: string
  gatewayUrl: string
  adaptersUrl: string
  adminToken: string
  masterKey: string
  /** SIGTERM to npm start alone (as a supervisor sends); resolves to its exit code. */
  stop: () => Promise<number | null>
}

/**
 * Runs the real start script (`npm start -- <args>`) in its own state directory, on free gateway
 * and adapters ports, with its own Temporal dev server; resolves once it printed "Baton is up".
 * `env` adds to (or, with undefined, removes from) the test's environment; DATABASE_URL,
 * TEMPORAL_ADDRESS and the SMTP settings of the test process are never passed on.
 */
export async function launchStack(
  o: { env?: Record<string, string | undefined>; args?: string[]; timeoutMs?: number } = {}
): Promise<LaunchedStack> {
  const stateDir = mkdtempSync(join(tmpdir(), 'baton-stack-'))
  // As root the embedded PostgreSQL runs as the OS user postgres, which must enter this directory.
  chmodSync(stateDir, 0o755)
  const gatewayPort = await freePort()
  const adaptersPort = await freePort()
  const masterKey = `launch-stack-master-key-${gatewayPort}`
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BATON_SKIP_CONSOLE_BUILD: '1',
    BATON_STATE_DIR: stateDir,
    BATON_GATEWAY_PORT: String(gatewayPort),
    BATON_ADAPTERS_PORT: String(adaptersPort),
    // Not npm start's "9464 or the next free one": two stacks launched at once (and anything else
    // holding 9464) would pick the same next port and one worker would fail to bind it.
    BATON_WORKER_METRICS_PORT: String(await freePort()),
    BATON_MASTER_KEY: masterKey,
    LOG_LEVEL: 'info',
  }
  for (const name of [
    'DATABASE_URL',
    'BATON_OWNER_DATABASE_URL',
    'BATON_DATABASE',
    'TEMPORAL_ADDRESS',
    'BATON_SMTP_HOST',
  ])
    delete env[name]
  for (const [name, value] of Object.entries(o.env ?? {}))
    if (value === undefined) delete env[name]
    else env[name] = value
  const child = spawn('npm', ['start', '--', ...(o.args ?? [])], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: whatever is left of it can be killed at the end
  })
  let output = ''
  for (const stream of [child.stdout, child.stderr])
    stream.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)))
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {
      /* nothing left */
    }
  }
  const cleanUp = () => {
    killGroup()
    rmSync(stateDir, { recursive: true, force: true })
  }
  const deadline = Date.now() + (o.timeoutMs ?? 150_000)
  while (!output.includes('Press Ctrl-C to stop.')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      cleanUp()
      throw new Error(`npm start did not come up:\n${output}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  return {
    output: () => output,
    stateDir,
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    adaptersUrl: `http://127.0.0.1:${adaptersPort}`,
    adminToken: readFileSync(join(stateDir, 'admin-token'), 'utf8').trim(),
    masterKey,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM')
      const code = await Promise.race([
        exited,
        new Promise<null>((r) => setTimeout(() => r(null), 45_000)),
      ])
      cleanUp()
      return code
    },
  }
}

/** A GraphQL request to a launched stack; throws on errors. */
export async function stackGraphql<T>(
  stack: LaunchedStack,
  query: string,
  variables: Record<string, unknown> = {},
  token = stack.adminToken
): Promise<T> {
  const res = await fetch(`${stack.gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  })
  const body = (await res.json()) as { data?: T; errors?: Array<{ message: string }> }
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '))
  return body.data!
}
