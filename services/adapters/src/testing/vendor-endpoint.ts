import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export type EndpointRequest = { path: string; headers: IncomingHttpHeaders; body: string }

/** A loopback HTTP server standing in for vendor endpoints: pushes each request into `into` and answers `status()`. */
export async function startVendorEndpoint(
  into: EndpointRequest[],
  status: () => number = () => 200
) {
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => {
      body += c.toString()
    })
    req.on('end', () => {
      into.push({ path: req.url ?? '', headers: req.headers, body })
      res.statusCode = status()
      res.end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}
