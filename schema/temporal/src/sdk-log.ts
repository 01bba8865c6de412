import type { LogLevel, LogMetadata } from '@temporalio/common'

// Node-only: a service's Temporal SDK logs (Runtime.install's DefaultLogger) as its own pino lines.

type LevelLogger = Record<
  'trace' | 'debug' | 'info' | 'warn' | 'error',
  (obj: object, msg: string) => void
>

/** The SDK's level for a service's LOG_LEVEL (pino's names); one it lacks (fatal, silent) is INFO. */
export const sdkLogLevel = (logLevel: string): LogLevel =>
  (['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const).find(
    (l) => l === logLevel.toUpperCase()
  ) ?? 'INFO'

/**
 * DefaultLogger's log function writing through `logger`: one JSON line an entry (the error, with its
 * stack, under `err`), not the SDK's multi-line console format. `skip` drops the messages it names.
 */
export const sdkLogTo =
  (logger: LevelLogger, skip: (message: string) => boolean = () => false) =>
  ({
    level,
    message,
    meta,
  }: {
    level: LogLevel
    message: string
    meta?: LogMetadata | undefined
  }) => {
    if (skip(message)) return
    const { error, ...rest } = meta ?? {}
    logger[level === 'TRACE' ? 'trace' : (level.toLowerCase() as 'info')](
      { ...rest, ...(error ? { err: error } : {}) },
      message
    )
  }
