import { serve } from '@hono/node-server'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { GatewayApp } from './create-gateway-app.ts'
import { attachGraphqlWs } from './graphql-ws.ts'

export type ServedGateway = { url: string; port: number; close: () => Promise<void> }

/** Serves the app on a port (0 picks a free one), graphql-ws on /graphql too; close() stops the server, open streams and sockets included, and the app's LISTEN. */
export async function serveGateway(
  app: GatewayApp,
  o: { port: number; hostname?: string }
): Promise<ServedGateway> {
  const hostname = o.hostname ?? '127.0.0.1'
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: o.port, hostname }, (info: AddressInfo) => {
      const ws = attachGraphqlWs(server as Server, app)
      resolve({
        url: `http://${hostname}:${info.port}`,
        port: info.port,
        close: async () => {
          await ws.close()
          const closed = new Promise<void>((r) => server.close(() => r()))
          if ('closeAllConnections' in server) server.closeAllConnections()
          await closed
          await app.close()
        },
      })
    })
  })
}
