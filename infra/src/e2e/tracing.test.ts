import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken, parties } from '@baton/db'
import { standardWebhookHeaders } from '@baton/adapters'
import {
  startOtlpReceiver,
  type OtlpReceiver,
  type ReceivedSpan,
} from '@baton/temporal/tracing/testing'
import { eq } from 'drizzle-orm'
import { createHarness, type Harness } from '../testing/e2e-harness.ts'
import {
  inboundSecret,
  serviceProcesses,
  waitHealthy,
  waitPolled,
  type ServiceProcesses,
} from '../testing/service-processes.ts'
import { freePort } from '../net/free-port.ts'

// The three processes as deployed, tracing on through the standard OTEL_* variables, exporting to a
// real OTLP/HTTP receiver: one trace must run from the caller's request across processes into the worker.
let h: Harness
let receiver: OtlpReceiver
let services: ServiceProcesses
let gateway = ''
let adapters = ''

const traceparent = (traceId: string, spanId: string) => `00-${traceId}-${spanId}-01`
const inTrace = (traceId: string) => receiver.spans().filter((s) => s.traceId === traceId)
const has = (spans: ReceivedSpan[], name: string, service: string) =>
  spans.some((s) => s.name === name && s.service === service)

beforeAll(async () => {
  receiver = await startOtlpReceiver()
  h = await createHarness({ scale: 1, withoutIntegrations: true })
  services = serviceProcesses(h, {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_BSP_SCHEDULE_DELAY: '100',
  })
  const [gatewayPort, adaptersPort] = [await freePort(), await freePort()]
  services.start('services/workflows/src/main.ts', {
    BATON_WORKER_METRICS_PORT: '0',
    BATON_SMTP_PORT: String(h.mailbox.port),
  })
  services.start('services/gateway/src/main.ts', { BATON_GATEWAY_PORT: String(gatewayPort) })
  services.start('services/adapters/src/main.ts', {
    BATON_ADAPTERS_PORT: String(adaptersPort),
    BATON_DELIVERY_TASK_QUEUE: `${h.taskQueue}-delivery`,
  })
  gateway = `http://127.0.0.1:${gatewayPort}`
  adapters = `http://127.0.0.1:${adaptersPort}`
  await Promise.all([waitHealthy(gateway), waitHealthy(adapters), waitPolled(h)])
}, 180_000)
afterAll(async () => {
  await services?.stopAll()
  await h?.close()
  await receiver?.close()
})

describe('tracing across the deployed processes', () => {
  it('traces a declareIncident mutation from the gateway request into the workflow and its activities on the worker', async () => {
    const upstream = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' }
    const [sentinel] = await h.t.db
      .select({ id: parties.id })
      .from(parties)
      .where(eq(parties.slug, 'sentinel'))
    const { token } = await createApiToken(h.t.db, { name: 'trace-admin', role: 'ADMIN' })
    const res = await fetch(`${gateway}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        traceparent: traceparent(upstream.traceId, upstream.spanId),
      },
      body: JSON.stringify({
        query: 'mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }',
        variables: {
          input: {
            clientKey: 'trace-e2e',
            title: 'Traced',
            priority: 'P2',
            holderPartyId: sentinel!.id,
          },
        },
      }),
    })
    expect(await res.json()).toMatchObject({
      data: { declareIncident: { id: expect.any(String) } },
    })
    await expect
      .poll(
        () => {
          const spans = inTrace(upstream.traceId)
          return [
            'POST /graphql@baton-gateway',
            'StartWorkflow:incidentWorkflow@baton-gateway',
            'StartActivity:recordEvents@baton-worker',
            'RunActivity:recordEvents@baton-worker',
          ].filter((want) => !has(spans, want.split('@')[0]!, want.split('@')[1]!))
        },
        { timeout: 30_000, interval: 250 }
      )
      .toEqual([])
    const spans = inTrace(upstream.traceId)
    expect(spans.find((s) => s.name === 'POST /graphql')!.parentSpanId).toBe(upstream.spanId)
    console.log(
      `gateway trace: ${[...new Set(spans.map((s) => `${s.service}:${s.name}`))].sort().join(', ')}`
    )
  }, 60_000)

  it('traces a vendor webhook from the adapters request to the signal handled in the incident workflow', async () => {
    const inc = await h.declare({
      clientKey: 'trace-webhook',
      title: 'Traced webhook',
      priority: 'P2',
      holder: 'stratus',
    })
    const secret = await inboundSecret(h, 'stratus')
    const body = JSON.stringify({
      type: 'incident.comment',
      incident: { id: inc.id },
      occurredAt: new Date().toISOString(),
      actor: { name: 'trace' },
      data: { body: 'traced note' },
    })
    const upstream = { traceId: '5c2b8f4e1a9d4c7bb0e3f6a2d1c4e8f0', spanId: '1f2e3d4c5b6a7980' }
    const res = await fetch(`${adapters}/webhooks/stratus`, {
      method: 'POST',
      headers: {
        ...standardWebhookHeaders(secret, 'msg_trace_1', Math.floor(Date.now() / 1000), body),
        traceparent: traceparent(upstream.traceId, upstream.spanId),
      },
      body,
    })
    expect(res.status).toBe(202)
    await expect
      .poll(
        () => {
          const spans = inTrace(upstream.traceId)
          return [
            'POST /webhooks/stratus@baton-adapters',
            'SignalWorkflow:vendorEvents@baton-adapters',
            'HandleSignal:vendorEvents@baton-worker',
          ].filter((want) => !has(spans, want.split('@')[0]!, want.split('@')[1]!))
        },
        { timeout: 30_000, interval: 250 }
      )
      .toEqual([])
    console.log(
      `webhook trace: ${[...new Set(inTrace(upstream.traceId).map((s) => `${s.service}:${s.name}`))].sort().join(', ')}`
    )
  }, 60_000)
})
