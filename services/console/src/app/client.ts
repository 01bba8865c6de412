import {
  Client,
  cacheExchange,
  fetchExchange,
  makeOperation,
  mapExchange,
  subscriptionExchange,
  type Operation,
} from 'urql'
import { createClient as createWsClient } from 'graphql-ws'
import { CSRF_HEADER } from '../signin/session.ts'
import { connectionStatus } from '../util/connection-status.ts'

/** Close codes with which the gateway refuses a WebSocket that has no valid session. */
const AUTH_CLOSE_CODES = new Set([4401, 4403])
const PONG_TIMEOUT_MS = 5000

/**
 * Names the document's hash (codegen's `__meta__.hash`) in the request, as a persisted query:
 * the gateway then runs its own copy of that document as trusted (exempt from the cost limit).
 * `miss: true` makes urql send the text as well, so a gateway that does not know the hash still
 * answers.
 */
export function withDocumentHash(operation: Operation): Operation {
  const meta = (operation.query as { __meta__?: { hash?: unknown } }).__meta__
  const hash = typeof meta?.hash === 'string' ? meta.hash.replace(/^sha256:/, '') : undefined
  if (!hash || operation.kind === 'subscription' || operation.kind === 'teardown') return operation
  return makeOperation(
    operation.kind,
    {
      ...operation,
      extensions: {
        ...operation.extensions,
        persistedQuery: { version: 1, sha256Hash: hash, miss: true },
      },
    },
    operation.context
  )
}

/**
 * The GraphQL client: HTTP with the session cookie and the CSRF header, subscriptions over
 * graphql-ws on the same origin. `onUnauthenticated` runs when the session is gone.
 */
export function createBatonClient(onUnauthenticated: () => void): Client {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
  // A socket can die without closing (network gone, laptop asleep): a ping with no pong within
  // PONG_TIMEOUT_MS counts as lost, so the page says so at once and the client reconnects.
  let socket: WebSocket | null = null
  let pongTimer: ReturnType<typeof setTimeout> | undefined
  const ws = createWsClient({
    url: `${scheme}://${window.location.host}/graphql`,
    lazy: false,
    keepAlive: 10_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: (event) => !(event instanceof CloseEvent && AUTH_CLOSE_CODES.has(event.code)),
    retryWait: async (retries) => {
      await new Promise((r) => setTimeout(r, Math.min(5000, 500 * 2 ** retries)))
    },
    on: {
      opened: (s) => {
        socket = s as WebSocket
      },
      ping: (received) => {
        if (received) return
        clearTimeout(pongTimer)
        pongTimer = setTimeout(() => {
          connectionStatus.lost()
          if (socket?.readyState === WebSocket.OPEN) socket.close(4408, 'pong timeout')
        }, PONG_TIMEOUT_MS)
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer)
      },
      connected: () => connectionStatus.connected(),
      closed: (event) => {
        clearTimeout(pongTimer)
        connectionStatus.lost()
        if (event instanceof CloseEvent && AUTH_CLOSE_CODES.has(event.code)) onUnauthenticated()
      },
      error: () => connectionStatus.lost(),
    },
  })

  return new Client({
    url: '/graphql',
    fetchOptions: { credentials: 'same-origin', headers: { ...CSRF_HEADER } },
    preferGetMethod: false,
    exchanges: [
      mapExchange({
        onOperation: withDocumentHash,
        onError(error) {
          const unauthenticated =
            error.response?.status === 401 ||
            error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')
          if (unauthenticated) onUnauthenticated()
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' }
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink)
              return { unsubscribe }
            },
          }
        },
      }),
    ],
  })
}
