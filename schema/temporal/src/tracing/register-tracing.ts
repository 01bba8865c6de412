import { createRequire } from 'node:module'
import { context, propagation, trace } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { Resource } from '@opentelemetry/resources'
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry'
import { traceFetch } from './trace-fetch.ts'
import type { TracingConfig } from './tracing-config.ts'

type ActivityContext = ConstructorParameters<typeof OpenTelemetryActivityInboundInterceptor>[0]

/** The workflow-side interceptors (inbound, outbound, internals) that the package ships as a ready-made module. */
export const workflowTracingModule = createRequire(import.meta.url).resolve(
  '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'
)

export type Tracing = {
  readonly serviceName: string
  readonly resource: Resource
  readonly spanProcessor: SpanProcessor
  /** for `new Client({ interceptors })`: StartWorkflow/SignalWorkflow/StartWorkflowUpdate spans, context in the Temporal headers */
  clientInterceptors(): { workflow: OpenTelemetryWorkflowClientInterceptor[] }
  /** for `Worker.create`: RunWorkflow/StartActivity spans in the sandbox (exported through the `exporter` sink) and RunActivity spans */
  workerOptions(): {
    interceptors: {
      workflowModules: string[]
      activity: ((ctx: ActivityContext) => {
        inbound: OpenTelemetryActivityInboundInterceptor
        outbound: OpenTelemetryActivityOutboundInterceptor
      })[]
    }
    sinks: { exporter: ReturnType<typeof makeWorkflowExporter> }
  }
  /** wraps an HTTP fetch handler in a SERVER span that the Temporal calls it makes continue */
  traceFetch: typeof traceFetch
  forceFlush(): Promise<void>
  /** flushes pending spans and unregisters the global provider */
  shutdown(): Promise<void>
}

/** Registers the global tracer provider (OTLP/HTTP JSON, batched) and builds the Temporal interceptors; see startTracing. */
export function registerTracing(config: TracingConfig, exporter?: SpanExporter): Tracing {
  const resource = Resource.default().merge(
    new Resource({
      ...config.resourceAttributes,
      'service.name': config.serviceName,
      'service.namespace': config.resourceAttributes['service.namespace'] ?? 'baton',
    })
  )
  const spanProcessor = new BatchSpanProcessor(
    exporter ?? new OTLPTraceExporter({ url: config.tracesUrl, headers: config.headers })
  )
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] })
  // The interceptors read the active span to fill the Temporal headers: that needs a real context manager.
  const contextManager = new AsyncLocalStorageContextManager().enable()
  provider.register({ contextManager })
  return {
    serviceName: config.serviceName,
    resource,
    spanProcessor,
    clientInterceptors: () => ({ workflow: [new OpenTelemetryWorkflowClientInterceptor()] }),
    workerOptions: () => ({
      interceptors: {
        workflowModules: [workflowTracingModule],
        activity: [
          (ctx: ActivityContext) => ({
            inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
            outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
          }),
        ],
      },
      sinks: { exporter: makeWorkflowExporter(spanProcessor, resource) },
    }),
    traceFetch,
    forceFlush: () => provider.forceFlush(),
    shutdown: async () => {
      await provider.shutdown()
      trace.disable()
      propagation.disable()
      context.disable()
    },
  }
}
