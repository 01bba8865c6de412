import type { SpanExporter } from '@opentelemetry/sdk-trace-base'
import type { Tracing } from './register-tracing.ts'
import type { TracingConfig } from './tracing-config.ts'

/**
 * When tracing is enabled, registers a global tracer provider exporting OTLP/HTTP and returns the
 * interceptors to install; otherwise returns null without even loading the OpenTelemetry modules, so
 * the default process has no provider, no interceptor and no sink. `exporter` replaces the OTLP exporter.
 */
export async function startTracing(
  config: TracingConfig,
  exporter?: SpanExporter
): Promise<Tracing | null> {
  if (!config.enabled) return null
  const { registerTracing } = await import('./register-tracing.ts')
  return registerTracing(config, exporter)
}
