import { getOperationAST } from '../graphql-runtime.ts'
import type { Plugin } from 'graphql-yoga'

/**
 * Calls `done` when a mutation has run (succeeded or not): a staff mutation's writes are committed
 * by then (world and token changes are ADMIN-only, never inside a VENDOR request's transaction),
 * so per-process caches of the world and of tokens are dropped for this process's next request.
 */
export function useAfterMutation(done: () => void): Plugin {
  return {
    onExecute({ args }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'mutation') return
      // Also before: a mutation's own answer reads the world it has just changed.
      done()
      return { onExecuteDone: () => done() }
    },
  }
}
