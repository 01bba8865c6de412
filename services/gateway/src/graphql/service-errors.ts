import { ServiceError, type ServiceErrorCode } from '@baton/domain'
import { GraphQLError, type GraphQLErrorType } from './graphql-runtime.ts'
import { gqlError, type ErrorCode } from './errors.ts'

// The GraphQL edge of schema/domain/src/errors/service-error.ts: a ServiceError thrown anywhere
// under a resolver (@baton/db's data services, the domain) reaches the client as a GraphQLError
// with `extensions: { code, ...details }`. create-yoga.ts's masking hook calls this once, so no
// resolver maps errors itself.

/** The HTTP edges' codes read as their GraphQL counterparts. */
const GRAPHQL_CODE: Record<ServiceErrorCode, ErrorCode> = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  RATE_LIMITED: 'RATE_LIMITED',
  UNAVAILABLE: 'UNAVAILABLE',
  BAD_REQUEST: 'BAD_USER_INPUT',
  UNPROCESSABLE: 'BAD_USER_INPUT',
  PAYLOAD_TOO_LARGE: 'BAD_USER_INPUT',
  UNSUPPORTED_MEDIA_TYPE: 'BAD_USER_INPUT',
}

/** The ServiceError inside a thrown error (graphql-js wraps a resolver's error as originalError). */
export function serviceErrorOf(error: unknown): ServiceError | undefined {
  if (error instanceof ServiceError) return error
  if (error instanceof GraphQLError && error.originalError instanceof ServiceError)
    return error.originalError
  return undefined
}

/** The client's GraphQLError for a ServiceError, located where the resolver threw it. */
export function graphqlErrorOf(e: ServiceError, at?: GraphQLErrorType): GraphQLErrorType {
  const plain = gqlError(GRAPHQL_CODE[e.code], e.message, e.details)
  if (!at) return plain
  return new GraphQLError(e.message, {
    nodes: at.nodes,
    path: at.path,
    extensions: plain.extensions,
  })
}
