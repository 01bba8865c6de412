import { spawn, type ChildProcess } from 'node:child_process'
import { connect } from 'node:net'
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
  const child = spawn(options.binary, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: false,
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
      child.kill('SIGKILL')
      throw options.signal.reason
    }
    if (child.exitCode !== null)
      throw new EarlyExit(
        `temporal dev server exited (${child.exitCode}): ${head}${stderr.length === 2000 ? `\n…\n${stderr}` : ''}`
      )
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`temporal dev server did not open port ${port} within 60 s: ${stderr}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      const force = setTimeout(() => child.kill('SIGKILL'), 5000)
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
