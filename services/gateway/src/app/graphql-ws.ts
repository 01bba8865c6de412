import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { randomUUID } from 'node:crypto'
import type { ExecutionArgs } from 'graphql'
import { useServer } from 'graphql-ws/use/ws'
import { WebSocketServer, type WebSocket } from 'ws'
import { GraphQLError } from '../graphql/graphql-runtime.ts'
import type { Viewer } from '../auth/viewer.ts'
import { sessionIdOf } from '../auth/console-sessions.ts'
import { sameOrigin, type RequestFacts } from '../auth/request-origin.ts'
import type { GatewayApp } from './create-gateway-app.ts'

/** How a socket authenticated, so each operation (and the sweep) can ask again. */
type WsExtra = { viewer?: Viewer; recheck?: () => Promise<Viewer | null> }

/** Bytes one graphql-ws message may have, before and after authentication (ws closes with 1009 beyond it). */
export const WS_MAX_PAYLOAD_BYTES = 1024 * 1024
/** How often every open socket's token or session is looked up again (through the 1 s caches). */
export const WS_RECHECK_MS = 1000
/** Close code of a socket whose token was revoked or whose session ended (as for a refused connection). */
const FORBIDDEN = 4403
type Enveloped = {
  execute: (a: ExecutionArgs) => unknown
  subscribe: (a: ExecutionArgs) => unknown
}

const authorizationOf = (params: Record<string, unknown> | undefined) => {
  const value = params?.Authorization ?? params?.authorization
  return typeof value === 'string' ? value : undefined
}

const factsOfUpgrade = (req: IncomingMessage): RequestFacts => ({
  protocol: 'encrypted' in req.socket && req.socket.encrypted ? 'https:' : 'http:',
  header: (name) => {
    const v = req.headers[name]
    return Array.isArray(v) ? v[0] : v
  },
})

/**
 * graphql-ws (subprotocol graphql-transport-ws) on the HTTP server's /graphql path. The bearer
 * token travels in connection_init's payload; without one, the console's session cookie on the
 * upgrade request counts, if the upgrade came from the gateway's own origin (a page elsewhere cannot
 * ride the cookie). A missing or bad token or session closes the socket with 4403.
 * Operations go through yoga's envelop, so query limits, the VENDOR introspection rule, error
 * masking and mutations match HTTP; a VENDOR token's database work is per-statement scoped under
 * RLS, exactly like its SSE subscriptions.
 *
 * A socket's token (or session) is checked again before every operation and, for every open
 * socket, every WS_RECHECK_MS, through the same caches as HTTP (1 s): a token revoked anywhere
 * closes its sockets with 4403 within about two seconds, subscriptions included. Messages are
 * limited to maxPayloadBytes from the first one (connection_init included). Returns close(),
 * which closes every socket.
 */
export function attachGraphqlWs(
  server: Server,
  app: GatewayApp,
  o: { maxPayloadBytes?: number; recheckMs?: number } = {}
): { close: () => Promise<void> } {
  const { yoga, vendorDb, deps, sessions, policy, tokens, rateWait, tokenRate } = app.graphql
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: o.maxPayloadBytes ?? WS_MAX_PAYLOAD_BYTES,
  })
  // Every authenticated socket and how to re-check it.
  const open = new Map<WebSocket, () => Promise<Viewer | null>>()
  const sweep = setInterval(() => {
    for (const [socket, recheck] of open)
      void recheck().then(
        (viewer) => {
          if (!viewer) socket.close(FORBIDDEN, 'Forbidden: token revoked or session ended')
        },
        (error: unknown) =>
          deps.logger.warn({ err: error }, 'graphql-ws: re-checking a token failed')
      )
  }, o.recheckMs ?? WS_RECHECK_MS)
  sweep.unref()
  wss.on('connection', (socket: WebSocket) => socket.once('close', () => open.delete(socket)))
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/graphql') return void socket.destroy()
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  }
  server.on('upgrade', onUpgrade)
  /** How this socket authenticates, each time asked: its bearer token, else its session cookie. */
  const credentialOf = (
    params: Record<string, unknown> | undefined,
    req: IncomingMessage
  ): (() => Promise<Viewer | null>) | null => {
    const authorization = authorizationOf(params)
    if (authorization !== undefined) return () => tokens.authenticate(authorization)
    const sessionId = sessionIdOf(req.headers.cookie)
    if (!sessionId || sameOrigin(factsOfUpgrade(req), policy) === 'cross') return null
    return () => sessions.viewerOf(sessionId)
  }
  const disposable = useServer<Record<string, unknown> | undefined, WsExtra>(
    {
      execute: (args) => (args.rootValue as Enveloped).execute(args) as never,
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args) as never,
      onConnect: async (ctx) => {
        const recheck = credentialOf(ctx.connectionParams, ctx.extra.request)
        const viewer = recheck ? await recheck() : null
        if (!viewer || !recheck) return false
        ctx.extra.viewer = viewer
        ctx.extra.recheck = recheck
        if (ctx.extra.socket.readyState === ctx.extra.socket.OPEN)
          open.set(ctx.extra.socket, recheck)
        return true
      },
      onSubscribe: async (ctx, _id, payload) => {
        // The token may have been revoked since the socket opened: asked again (cached 1 s).
        const viewer = ctx.extra.recheck ? await ctx.extra.recheck() : null
        if (!viewer) {
          ctx.extra.socket.close(FORBIDDEN, 'Forbidden: token revoked or session ended')
          return [
            new GraphQLError('token revoked or session ended', {
              extensions: { code: 'UNAUTHENTICATED' },
            }),
          ]
        }
        const wait = await rateWait(viewer)
        if (wait > 0)
          return [
            new GraphQLError(
              `over ${tokenRate} GraphQL requests per second for this token; retry after ${wait} s`,
              { extensions: { code: 'RATE_LIMITED', retryAfter: wait } }
            ),
          ]
        const requestId = randomUUID()
        const log = deps.logger.child({ requestId, transport: 'graphql-ws' })
        const db =
          viewer?.role === 'VENDOR' && viewer.partyId
            ? vendorDb.perStatement(viewer.partyId)
            : undefined
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          viewer,
          requestId,
          log,
          ...(db ? { db } : {}),
          // No `request`: yoga would judge the upgrade's GET and refuse every mutation (it closed
          // the socket with 4500); over graphql-ws a mutation is answered as over HTTP POST.
          params: payload,
        } as never)
        const document = parse(payload.query)
        const errors = validate(schema, document)
        if (errors.length) return errors
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        }
      },
    },
    wss
  )
  return {
    close: async () => {
      server.off('upgrade', onUpgrade)
      clearInterval(sweep)
      await disposable.dispose()
      for (const ws of wss.clients) ws.terminate()
      await new Promise<void>((r) => wss.close(() => r()))
    },
  }
}
