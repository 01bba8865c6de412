import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What a prom-client Registry offers (kept structural: each service has its own registry). */
export type MetricsSource = { metrics(): Promise<string>; contentType: string }

/**
 * Prometheus `GET /metrics` on a port of its own, never on a service's public one (node-only, for
 * the gateway and the adapters): scrape it from inside the cluster. Everything else answers 404.
 */
export function serveMetrics(
  registry: MetricsSource,
  o: { port: number; hostname: string }
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end()
      return
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => res.writeHead(500).end()
    )
  })
  return new Promise((resolve) =>
    server.listen(o.port, o.hostname, () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () => new Promise<void>((r) => server.close(() => r())),
      })
    )
  )
}
