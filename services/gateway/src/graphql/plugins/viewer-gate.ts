import { NoSchemaIntrospectionCustomRule } from '../graphql-runtime.ts'
import type { Plugin } from 'graphql-yoga'
import type { Viewer } from '../../auth/viewer.ts'
import { gqlError } from '../errors.ts'
import { queryLimitsRule, type QueryLimits } from './query-limits.ts'

/**
 * Runs at validation, before any resolver: no token means UNAUTHENTICATED; VENDOR tokens get no
 * introspection; every operation is held to the depth and cost limits.
 */
export function useViewerGate(limits: QueryLimits): Plugin<{ viewer?: Viewer | null }> {
  const limitsRule = queryLimitsRule(limits)
  return {
    onValidate({ context, addValidationRule, setResult }) {
      if (!context.viewer) {
        setResult([
          gqlError('UNAUTHENTICATED', 'send a valid token: Authorization: Bearer <token>'),
        ])
        return
      }
      addValidationRule(limitsRule)
      if (context.viewer.role === 'VENDOR') addValidationRule(NoSchemaIntrospectionCustomRule)
    },
  }
}
