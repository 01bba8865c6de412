/**
 * The one error language of Baton. Every package throws a ServiceError for an expected refusal
 * (bad input, something absent, a conflict, a caller not allowed); each edge maps it once:
 *
 * - GraphQL: the gateway's masking hook (services/gateway/src/graphql/service-errors.ts) turns it
 *   into a GraphQLError whose extensions are `{ code, ...details }`.
 * - HTTP: the adapters' Hono onError (services/adapters/src/app/create-adapters-app.ts) answers
 *   `{ error: { code, message, ...details } }` with the status of its code.
 * - CLI: infra/src/cli/main.ts prints the message and exits with the code's exit status.
 *
 * Anything else that is thrown is a fault: logged, and answered as INTERNAL.
 */
export type ServiceErrorCode =
  /** the input is wrong; `details.field` names it when one field is at fault */
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  // HTTP edges only (the adapters' webhooks and admin routes)
  | 'BAD_REQUEST'
  | 'UNPROCESSABLE'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'

/** Facts about a refusal that its edge passes on as they are (GraphQL extensions, the JSON error body). */
export type ServiceErrorDetails = {
  /** the input at fault, as the caller named it (`reason`, `data.clockId`, `parties.0.slug`) */
  field?: string
  [fact: string]: unknown
}

/** An expected refusal: a code the edges know, a message for the caller, and details. */
export class ServiceError extends Error {
  readonly details: ServiceErrorDetails
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    details: ServiceErrorDetails = {}
  ) {
    super(message)
    this.name = 'ServiceError'
    this.details = Object.fromEntries(
      Object.entries(details).filter(([, v]) => v !== undefined)
    ) as ServiceErrorDetails
  }
  get field(): string | undefined {
    return this.details.field
  }
}
