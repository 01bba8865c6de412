import { createServer } from 'node:http'
import { gunzipSync } from 'node:zlib'

export type ReceivedSpan = {
  name: string
  traceId: string
  spanId: string
  parentSpanId?: string
  service: string
}
export type OtlpReceiver = {
  /** base URL to use as OTEL_EXPORTER_OTLP_ENDPOINT */
  url: string
  /** every request received: its path and the spans it carried */
  requests: { path: string; spans: ReceivedSpan[] }[]
  spans(): ReceivedSpan[]
  close(): Promise<void>
}

type AnyValue = { stringValue?: string }
type OtlpJson = {
  resourceSpans?: {
    resource: { attributes: { key: string; value: AnyValue }[] }
    scopeSpans?: {
      spans?: { name: string; traceId: string; spanId: string; parentSpanId?: string }[]
    }[]
  }[]
}

/** A real OTLP/HTTP (JSON) receiver on loopback for tests: it answers 200 and keeps every span it was sent. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const requests: OtlpReceiver['requests'] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks)
      const body = JSON.parse(
        (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8')
      ) as OtlpJson
      const spans: ReceivedSpan[] = []
      for (const rs of body.resourceSpans ?? []) {
        const service =
          rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? ''
        for (const ss of rs.scopeSpans ?? [])
          for (const s of ss.spans ?? [])
            spans.push({
              name: s.name,
              traceId: s.traceId,
              spanId: s.spanId,
              ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
              service,
            })
      }
      requests.push({ path: req.url ?? '', spans })
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    requests,
    spans: () => requests.flatMap((r) => r.spans),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
