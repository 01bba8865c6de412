import { GraphQLError, getOperationAST } from './graphql-runtime.ts'
import { useGraphQlJit } from '@envelop/graphql-jit'
import { createSchema, createYoga, type YogaLogger } from 'graphql-yoga'
import type { Logger } from 'pino'
import type { DbHandle } from '@baton/db'
import { typeDefs } from '@baton/graphql'
import type { Viewer } from '../auth/viewer.ts'
import type { GatewayContext, GatewayDeps } from '../context.ts'
import type { IncidentEventBus } from '../events/incident-event-bus.ts'
import { createLoaders } from '../loaders/create-loaders.ts'
import { invalidateWorldSnapshot } from '../loaders/world-cache.ts'
import { resolvers } from '../resolvers/index.ts'
import { consoleOptions, renderConsole } from './console/render-console.ts'
import { useNoNulStrings, useViewerGate } from './plugins/viewer-gate.ts'
import { useAfterMutation } from './plugins/after-mutation.ts'
import { DEFAULT_QUERY_LIMITS } from './plugins/query-limits.ts'
import { graphqlErrorOf, serviceErrorOf } from './service-errors.ts'
import { trustedDocumentsFrom, useTrustedDocuments } from './plugins/trusted-documents.ts'
import { DEFAULT_CONSOLE_DIST } from '../app/console-routes.ts'

/** What the Hono route hands to yoga with each request; `db` is the request's handle (vendor-scoped for VENDOR tokens). */
export type GatewayServerContext = {
  viewer: Viewer | null
  requestId: string
  log: Logger
  db?: DbHandle
}

export const gatewaySchema = createSchema<GatewayContext>({ typeDefs, resolvers })

const yogaLogger = (log: Logger): YogaLogger => ({
  debug: (...a: unknown[]) => log.debug({ yoga: a.slice(1) }, String(a[0])),
  info: (...a: unknown[]) => log.info({ yoga: a.slice(1) }, String(a[0])),
  warn: (...a: unknown[]) => log.warn({ yoga: a.slice(1) }, String(a[0])),
  error: (...a: unknown[]) => log.error({ yoga: a.slice(1) }, String(a[0])),
})

/**
 * The GraphQL edge's one error mapping: a ServiceError (from any package) becomes its client
 * error (service-errors.ts); our GraphQLErrors (and graphql's own) pass; anything else is a
 * fault: logged, then masked as INTERNAL.
 */
function maskError(logger: Logger) {
  return (error: unknown, message: string): Error => {
    const refusal = serviceErrorOf(error)
    if (refusal) return graphqlErrorOf(refusal, error instanceof GraphQLError ? error : undefined)
    if (
      error instanceof GraphQLError &&
      (!error.originalError || error.originalError instanceof GraphQLError)
    )
      return error
    const original = error instanceof GraphQLError ? error.originalError : error
    logger.error(
      { err: original, path: error instanceof GraphQLError ? error.path : undefined },
      'unexpected error in a GraphQL operation'
    )
    return new GraphQLError(message, {
      ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
      extensions: { code: 'INTERNAL' },
    })
  }
}

/** `afterMutation`: also called after every mutation here (the app drops its token and session caches). */
export function createGatewayYoga(
  deps: GatewayDeps,
  events: IncidentEventBus,
  afterMutation: () => void = () => {}
) {
  const { maxPage: _maxPage, simulationBudgetMs: _simulation, ...queryLimits } = deps.limits ?? {}
  const limits = { ...DEFAULT_QUERY_LIMITS, ...queryLimits }
  const now = deps.now ?? (() => new Date())
  const worldMaxStaleMs = deps.freshness?.worldMs ?? 1000
  const trusted = useTrustedDocuments(
    trustedDocumentsFrom(deps.consoleDist ?? DEFAULT_CONSOLE_DIST)
  )
  return createYoga<GatewayServerContext, GatewayContext>({
    schema: gatewaySchema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: consoleOptions,
    renderGraphiQL: renderConsole,
    logging: yogaLogger(deps.logger),
    maskedErrors: { maskError: maskError(deps.logger), errorMessage: 'Unexpected error.' },
    plugins: [
      trusted.plugin,
      useViewerGate(limits, trusted),
      useNoNulStrings(),
      useAfterMutation(() => {
        invalidateWorldSnapshot(deps.db.db)
        afterMutation()
      }),
      // Queries run as compiled code (graphql-jit, one compilation per document, cached): the
      // incidents page resolves hundreds of fields per request. Mutations and subscriptions keep
      // the reference executor.
      useGraphQlJit(
        {},
        {
          enableIf: ({ document, operationName }) =>
            getOperationAST(document, operationName)?.operation === 'query',
        }
      ),
    ],
    // Runs after validation, so the viewer is known to be present.
    context: ({ viewer, requestId, log, db = deps.db }) => ({
      deps: db === deps.db ? deps : { ...deps, db },
      viewer: viewer!,
      requestId,
      log,
      events,
      now,
      loaders: createLoaders(db.db, viewer!, { worldMaxStaleMs }),
    }),
  })
}
