// Node-only: how a service that logs JSON lines to stdout through pino ends its process.

/** pino's stdout destination (`pino.destination({ fd: 1 })`, a SonicBoom), as far as exiting goes. */
export type LogDestination = {
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown
  once(event: 'drain' | 'error', listener: () => void): unknown
  write(data: string): boolean
  destroy(): void
}

/** A write error that means nobody reads stdout any more: its pipe's reader closed it, or stdout is closed. */
const readerGone = (error: NodeJS.ErrnoException) =>
  error.code === 'EPIPE' || error.code === 'EBADF'

/**
 * The process exit of a service whose `logger` writes to `destination`. pino writes stdout
 * asynchronously and, at process.exit, writes the lines still queued synchronously, retrying a
 * failed write for ever: a stop that logged a line and called process.exit never ended once the
 * reader of stdout had gone (EPIPE), e.g. `npm start`'s stack or a test's parent process killed.
 * The returned exit lets the lines logged so far be written, or fail, waiting `waitMs` at most
 * (a reader that is alive but reads nothing), drops what is left, then calls process.exit.
 * Nothing is logged after exit is called, as when process.exit followed the last line at once.
 * A reader that has gone ends logging, not the process, from the start.
 */
export function exitAfterLog(
  logger: { level: string },
  destination: LogDestination,
  waitMs = 2_000
): (code: number) => Promise<never> {
  let gone = false
  destination.on('error', (error: NodeJS.ErrnoException) => {
    if (!readerGone(error)) throw error
    gone = true
  })
  return async (code) => {
    logger.level = 'silent'
    const written =
      !gone &&
      (await new Promise<boolean>((resolve) => {
        const settle = (ok: boolean) => () => {
          clearTimeout(timer)
          resolve(ok)
        }
        const timer = setTimeout(settle(false), waitMs)
        destination.once('drain', settle(true))
        destination.once('error', settle(false))
        // Nothing to write, but 'drain' comes once everything before it has been written.
        destination.write('')
      }))
    // Unwritten lines go: pino's exit hook would otherwise retry them for ever.
    if (!written) destination.destroy()
    return process.exit(code)
  }
}
