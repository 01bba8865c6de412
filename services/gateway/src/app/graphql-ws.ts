import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { randomUUID } from 'node:crypto'
import type { ExecutionArgs } from 'graphql'
import { useServer } from 'graphql-ws/use/ws'
import { WebSocketServer } from 'ws'
import { authenticate, type Viewer } from '../auth/viewer.ts'
import { sessionIdOf } from '../auth/console-sessions.ts'
import { sameOrigin, type RequestFacts } from '../auth/request-origin.ts'
import type { GatewayApp } from './create-gateway-app.ts'

type WsExtra = { viewer?: Viewer }
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
 * Operations go through yoga's envelop, so depth/cost limits, the VENDOR introspection rule and
 * error masking match HTTP; a VENDOR token's database work is per-statement scoped under RLS,
 * exactly like its SSE subscriptions. Returns close(), which closes every socket.
 */
export function attachGraphqlWs(server: Server, app: GatewayApp): { close: () => Promise<void> } {
  const { yoga, vendorDb, deps, sessions, policy } = app.graphql
  const wss = new WebSocketServer({ noServer: true })
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/graphql') return void socket.destroy()
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  }
  server.on('upgrade', onUpgrade)
  const viewerOfCookie = async (req: IncomingMessage) => {
    const sessionId = sessionIdOf(req.headers.cookie)
    if (!sessionId || sameOrigin(factsOfUpgrade(req), policy) === 'cross') return null
    return sessions.viewerOf(sessionId)
  }
  const disposable = useServer<Record<string, unknown> | undefined, WsExtra>(
    {
      execute: (args) => (args.rootValue as Enveloped).execute(args) as never,
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args) as never,
      onConnect: async (ctx) => {
        const authorization = authorizationOf(ctx.connectionParams)
        const viewer =
          authorization !== undefined
            ? await authenticate(deps.db.db, authorization)
            : await viewerOfCookie(ctx.extra.request)
        if (!viewer) return false
        ctx.extra.viewer = viewer
        return true
      },
      onSubscribe: async (ctx, _id, payload) => {
        const viewer = ctx.extra.viewer ?? null
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
          request: ctx.extra.request,
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
      await disposable.dispose()
      for (const ws of wss.clients) ws.terminate()
      await new Promise<void>((r) => wss.close(() => r()))
    },
  }
}
