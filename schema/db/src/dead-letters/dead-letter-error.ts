/** Expected refusals of the dead-letter functions; each edge maps `code` once (HTTP status, GraphQL extensions.code). */
export type DeadLetterErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'BAD_USER_INPUT'

export class DeadLetterError extends Error {
  constructor(
    readonly code: DeadLetterErrorCode,
    message: string,
    readonly field?: 'reason'
  ) {
    super(message)
    this.name = 'DeadLetterError'
  }
}
