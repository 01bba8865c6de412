import { GraphQLError, NoSchemaIntrospectionCustomRule, graphql } from '../graphql-runtime.ts'
import type { Plugin } from 'graphql-yoga'
import type { Viewer } from '../../auth/viewer.ts'
import { gqlError } from '../errors.ts'
import { queryLimitsChecker, type QueryLimits } from './query-limits.ts'

/**
 * Runs at parse and validation, before any resolver: documents longer than maxTokens stop the
 * parser; no token means UNAUTHENTICATED; every operation is held to the query limits
 * (query-limits.ts) before graphql's own rules run, so a refusal costs one linear walk; VENDOR
 * tokens get no introspection.
 */
export function useViewerGate(limits: QueryLimits): Plugin<{ viewer?: Viewer | null }> {
  const check = queryLimitsChecker(limits)
  return {
    onParse({ setParseFn }) {
      setParseFn((source, options) => {
        try {
          return graphql.parse(source, { ...options, maxTokens: limits.maxTokens })
        } catch (e) {
          if (!(e instanceof GraphQLError) || !/more tha[nt] \d+ tokens/.test(e.message)) throw e
          throw new GraphQLError(
            `query has more than ${limits.maxTokens} tokens, the limit; parsing stopped there`,
            { extensions: { code: 'BAD_USER_INPUT', limit: 'tokens', max: limits.maxTokens } }
          )
        }
      })
    },
    onValidate({ context, params, addValidationRule, setResult }) {
      if (!context.viewer) {
        setResult([
          gqlError('UNAUTHENTICATED', 'send a valid token: Authorization: Bearer <token>'),
        ])
        return
      }
      const refused = check(params.schema, params.documentAST)
      if (refused) {
        setResult([refused])
        return
      }
      if (context.viewer.role === 'VENDOR') addValidationRule(NoSchemaIntrospectionCustomRule)
    },
  }
}
