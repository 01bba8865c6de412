/** Faults of the accountability functions; the gateway maps `code` to extensions.code. */
export type AccountabilityErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'BAD_USER_INPUT'
export class AccountabilityError extends Error {
  constructor(readonly code: AccountabilityErrorCode, message: string) {
    super(message)
    this.name = 'AccountabilityError'
  }
}
