import { z } from 'zod'

/** `k1=v1,k2=v2` (values URL-encoded), the format of OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES. */
const keyValueList = z
  .string()
  .optional()
  .transform((raw) =>
    Object.fromEntries(
      (raw ?? '')
        .split(',')
        .map((pair) => pair.trim())
        .filter((pair) => pair.includes('='))
        .map((pair) => {
          const at = pair.indexOf('=')
          return [
            decodeURIComponent(pair.slice(0, at).trim()),
            decodeURIComponent(pair.slice(at + 1).trim()),
          ]
        })
    )
  )

/** The standard OTEL_* variables Baton honours, plus BATON_OTEL_ENABLED to switch tracing on with the default endpoint. */
export const TracingEnv = z.object({
  BATON_OTEL_ENABLED: z.enum(['0', '1', 'true', 'false']).optional(),
  OTEL_SDK_DISABLED: z.string().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
  OTEL_EXPORTER_OTLP_HEADERS: keyValueList,
  OTEL_EXPORTER_OTLP_TRACES_HEADERS: keyValueList,
  OTEL_RESOURCE_ATTRIBUTES: keyValueList,
})

export type TracingConfig = {
  enabled: boolean
  serviceName: string
  /** full OTLP/HTTP traces URL, e.g. http://collector:4318/v1/traces */
  tracesUrl: string
  headers: Record<string, string>
  resourceAttributes: Record<string, string>
}

/**
 * Tracing is on when BATON_OTEL_ENABLED=1 or an OTLP endpoint is set; BATON_OTEL_ENABLED=0 or
 * OTEL_SDK_DISABLED=true turn it off whatever else is set. Parsed once at start-up, like the rest of config.
 */
export function loadTracingConfig(
  env: NodeJS.ProcessEnv,
  defaultServiceName: string
): TracingConfig {
  const e = TracingEnv.parse(env)
  const switchedOff =
    e.BATON_OTEL_ENABLED === '0' ||
    e.BATON_OTEL_ENABLED === 'false' ||
    e.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true'
  const switchedOn =
    e.BATON_OTEL_ENABLED === '1' ||
    e.BATON_OTEL_ENABLED === 'true' ||
    Boolean(e.OTEL_EXPORTER_OTLP_ENDPOINT ?? e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
  const base = (e.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://localhost:4318').replace(/\/+$/, '')
  return {
    enabled: switchedOn && !switchedOff,
    serviceName:
      e.OTEL_SERVICE_NAME ?? e.OTEL_RESOURCE_ATTRIBUTES['service.name'] ?? defaultServiceName,
    tracesUrl: e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? `${base}/v1/traces`,
    headers: { ...e.OTEL_EXPORTER_OTLP_HEADERS, ...e.OTEL_EXPORTER_OTLP_TRACES_HEADERS },
    resourceAttributes: e.OTEL_RESOURCE_ATTRIBUTES,
  }
}
