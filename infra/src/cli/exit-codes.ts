import { ServiceError, type ServiceErrorCode } from '@baton/domain'

// The CLI's edge of schema/domain/src/errors/service-error.ts. Exit codes of `npm run baton`:
//   0  done
//   1  refused or failed: a ServiceError (bad input, conflict, not found) or a fault
//   2  usage: a missing or unknown argument (each command checks its own)
//   3  verification failed (ledger verify, verify-export, import of an export that does not verify)

/** Every ServiceError is a refusal of what was asked: exit 1, with its message. */
const EXIT_OF: Record<ServiceErrorCode, number> = {
  BAD_USER_INPUT: 1,
  BAD_REQUEST: 1,
  UNPROCESSABLE: 1,
  PAYLOAD_TOO_LARGE: 1,
  UNSUPPORTED_MEDIA_TYPE: 1,
  NOT_FOUND: 1,
  CONFLICT: 1,
  UNAUTHENTICATED: 1,
  FORBIDDEN: 1,
  RATE_LIMITED: 1,
  UNAVAILABLE: 1,
}

/** Prints what a command threw (`error: <message>`) and returns its exit code. */
export function exitOnError(error: unknown): number {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`)
  return error instanceof ServiceError ? EXIT_OF[error.code] : 1
}
