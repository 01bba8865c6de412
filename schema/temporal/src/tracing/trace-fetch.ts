import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'

// Scrapes and probes are not worth a trace each.
const untraced = /^\/(metrics|health|healthz|readyz|livez)(\/|$)/

/**
 * Wraps a fetch handler (Hono's `app.fetch`) in a SERVER span named `METHOD /path`, continuing a W3C
 * `traceparent` sent by the caller; Temporal calls made while handling the request become its children,
 * so a trace starts at the GraphQL mutation or the vendor's webhook.
 */
export function traceFetch<A extends unknown[]>(
  fetch: (request: Request, ...rest: A) => Response | Promise<Response>
): (request: Request, ...rest: A) => Promise<Response> {
  const tracer = trace.getTracer('@baton/temporal/tracing')
  return async (request, ...rest) => {
    const url = new URL(request.url)
    if (untraced.test(url.pathname)) return fetch(request, ...rest)
    const parent = propagation.extract(context.active(), Object.fromEntries(request.headers))
    const attributes = { 'http.request.method': request.method, 'url.path': url.pathname }
    return tracer.startActiveSpan(
      `${request.method} ${url.pathname}`,
      { kind: SpanKind.SERVER, attributes },
      parent,
      async (span) => {
        try {
          const response = await fetch(request, ...rest)
          span.setAttribute('http.response.status_code', response.status)
          if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR })
          return response
        } catch (error) {
          span.recordException(error as Error)
          span.setStatus({ code: SpanStatusCode.ERROR })
          throw error
        } finally {
          span.end()
        }
      }
    )
  }
}
