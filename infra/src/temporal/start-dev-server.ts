import { spawn, type ChildProcess } from 'node:child_process'
import { connect } from 'node:net'
import { fileURLToPath } from 'node:url'
import { freePort } from '../net/free-port.ts'

export type DevServer = {
  address: string
  uiUrl: string | null
  process: ChildProcess
  stop: () => Promise<void>
}
export type DevServerOptions = {
  binary: string
  port?: number
  uiPort?: number
  headless?: boolean
  dbFile?: string
  namespace?: string
  /** Aborting while the server opens its port kills it and rejects with the signal's reason. */ signal?: AbortSignal
}

/** Stops the server when its launcher ends, SIGKILL included (see the file). */
const KEEPER = fileURLToPath(new URL('./dev-server-keeper.mjs', import.meta.url))

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.end()
      resolve(true)
    })
    socket.on('error', () => resolve(false))
  })

/**
 * Starts `temporal server start-dev` and resolves once its frontend accepts connections. The dev
 * server also binds internal ports of its own choosing; under heavy load two servers starting at
 * once can race for one and the loser panics at start, so an early exit is retried on a new port.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options)
    } catch (error) {
      if (!(error instanceof EarlyExit) || attempt >= 3 || options.port) throw error
    }
  }
}

class EarlyExit extends Error {}

async function startOnce(options: DevServerOptions): Promise<DevServer> {
  const port = options.port ?? (await freePort())
  const uiPort = options.headless ? null : (options.uiPort ?? (await freePort()))
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--log-level',
    'error',
    '--namespace',
    options.namespace ?? 'default',
  ]
  if (uiPort) args.push('--ui-port', String(uiPort))
  else args.push('--headless')
  if (options.dbFile) args.push('--db-filename', options.dbFile)
  // Through the keeper, which holds the server to this process's life; `child` is the keeper, and
  // signals sent to it reach the server.
  const child = spawn(process.execPath, [KEEPER], {
    stdio: ['pipe', 'ignore', 'pipe'],
    env: { ...process.env, BATON_DEV_SERVER_ARGV: JSON.stringify([options.binary, ...args]) },
  })
  // The head says why a start failed (a panic's first lines); the tail what happened last.
  let head = ''
  let stderr = ''
  child.stderr?.on('data', (c: Buffer) => {
    if (head.length < 2000) head = (head + c.toString()).slice(0, 2000)
    stderr = (stderr + c.toString()).slice(-2000)
  })
  const deadline = Date.now() + 60_000
  while (!(await portOpen(port))) {
    if (options.signal?.aborted) {
      child.kill('SIGTERM')
      throw options.signal.reason
    }
    if (child.exitCode !== null)
      throw new EarlyExit(
        `temporal dev server exited (${child.exitCode}): ${head}${stderr.length === 2000 ? `\n…\n${stderr}` : ''}`
      )
    if (Date.now() > deadline) {
      child.kill('SIGTERM')
      throw new Error(`temporal dev server did not open port ${port} within 60 s: ${stderr}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      // The keeper sends the server SIGKILL 5 s after SIGTERM; this covers a keeper that hangs.
      const force = setTimeout(() => child.kill('SIGKILL'), 8000)
      child.once('exit', () => {
        clearTimeout(force)
        resolve()
      })
      child.kill('SIGTERM')
    })
  return {
    address: `127.0.0.1:${port}`,
    uiUrl: uiPort ? `http://127.0.0.1:${uiPort}` : null,
    process: child,
    stop,
  }
}
