// Expected business outcomes are values; faults are thrown. Refusals thrown
// across packages are ServiceErrors (errors/service-error.ts); see docs/architecture.md, "Errors".
export type DomainErrorCode =
  | 'NOT_HOLDER'
  | 'HANDOFF_ALREADY_ANSWERED'
  | 'HANDOFF_NOT_FOUND'
  | 'OPEN_OFFER_EXISTS'
  | 'WAITING_ON_OTHER_PARTY'
  | 'INVALID_TRANSITION'
  | 'REASON_CODE_REQUIRED'
  | 'CHILDREN_OPEN'
  | 'BAD_INPUT'
  | 'NOT_PERMITTED'
  | 'REQUEST_NOT_FOUND'
  | 'REQUEST_ALREADY_ANSWERED'

export type DomainError = { code: DomainErrorCode; message: string }
export type Result<T, E = DomainError> = { ok: true; value: T } | { ok: false; error: E }

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value })
export const err = <E = DomainError>(error: E): Result<never, E> => ({ ok: false, error })
export const domainError = (code: DomainErrorCode, message: string): Result<never> =>
  err({ code, message })
