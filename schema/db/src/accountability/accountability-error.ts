/** Faults of the accountability functions; the gateway maps `code` to extensions.code. */
export type AccountabilityErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'BAD_USER_INPUT'
/** The input a refusal is about, for edges that name the field (the webhook intake answers 422 with it). */
export type AccountabilityErrorField = 'incident' | 'clockId' | 'evidence' | 'reason'
export class AccountabilityError extends Error {
  constructor(
    readonly code: AccountabilityErrorCode,
    message: string,
    readonly field?: AccountabilityErrorField
  ) {
    super(message)
    this.name = 'AccountabilityError'
  }
}
