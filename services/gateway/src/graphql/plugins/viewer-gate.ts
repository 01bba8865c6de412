import type { DocumentNode } from 'graphql'
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  graphql,
  type GraphQLErrorType,
} from '../graphql-runtime.ts'
import type { Plugin } from 'graphql-yoga'
import type { Viewer } from '../../auth/viewer.ts'
import { gqlError } from '../errors.ts'
import { queryLimitsChecker, type QueryLimits } from './query-limits.ts'

const containsNul = (v: unknown): boolean =>
  typeof v === 'string'
    ? v.includes('\u0000')
    : Array.isArray(v)
      ? v.some(containsNul)
      : typeof v === 'object' && v !== null && Object.values(v).some(containsNul)

// Whether a parsed document has a NUL in a string literal, remembered per document.
const nulDocuments = new WeakMap<DocumentNode, boolean>()
function documentHasNul(document: DocumentNode): boolean {
  let found = nulDocuments.get(document)
  if (found === undefined) {
    found = false
    graphql.visit(document, {
      StringValue(node) {
        if (node.value.includes('\u0000')) found = true
      },
    })
    nulDocuments.set(document, found)
  }
  return found
}

const nulRefusal = () =>
  gqlError('BAD_USER_INPUT', 'strings may not contain the character U+0000', { limit: 'nul' })

/**
 * Refuses a string with U+0000 in the variables or the document before any resolver runs:
 * PostgreSQL stores no NUL in text, so such an id or name could only fail deeper down, as INTERNAL.
 */
export function useNoNulStrings(): Plugin {
  const stop = (
    args: { document: DocumentNode; variableValues?: unknown },
    setResult: (r: { errors: GraphQLErrorType[] }) => void
  ) => {
    if (documentHasNul(args.document) || containsNul(args.variableValues))
      setResult({ errors: [nulRefusal()] })
  }
  return {
    onExecute: ({ args, setResultAndStopExecution }) => stop(args, setResultAndStopExecution),
    onSubscribe: ({ args, setResultAndStopExecution }) => stop(args, setResultAndStopExecution),
  }
}

/**
 * Runs at parse and validation, before any resolver: documents longer than maxTokens stop the
 * parser; no token means UNAUTHENTICATED; every operation is held to the query limits
 * (query-limits.ts) before graphql's own rules run, so a refusal costs one linear walk (the
 * console's trusted documents to every limit but cost); VENDOR tokens get no introspection.
 */
export function useViewerGate(
  limits: QueryLimits,
  trusted?: {
    trust: (source: string, document: DocumentNode) => void
    isTrusted: (document: DocumentNode) => boolean
  }
): Plugin<{ viewer?: Viewer | null }> {
  const check = queryLimitsChecker(limits)
  // The console's own documents (trusted-documents.ts) are held to every limit but cost.
  const checkTrusted = queryLimitsChecker({ ...limits, maxCost: Number.POSITIVE_INFINITY })
  return {
    onParse({ setParseFn }) {
      setParseFn((source, options) => {
        try {
          const document = graphql.parse(source, { ...options, maxTokens: limits.maxTokens })
          trusted?.trust(typeof source === 'string' ? source : source.body, document)
          return document
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
      const refused = (trusted?.isTrusted(params.documentAST) ? checkTrusted : check)(
        params.schema,
        params.documentAST
      )
      if (refused) {
        setResult([refused])
        return
      }
      if (context.viewer.role === 'VENDOR') addValidationRule(NoSchemaIntrospectionCustomRule)
    },
  }
}
