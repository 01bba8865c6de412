import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { trace } from '@opentelemetry/api'
import { Client, Connection } from '@temporalio/client'
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js'
import { NativeConnection, Worker } from '@temporalio/worker'
import { parties } from '@baton/db'
import { createTestDatabase, type TestDatabase } from '@baton/db/testing'
import { commandUpdate, incidentWorkflowId, syncUpdate } from '@baton/temporal'
import { loadTracingConfig, startTracing, type Tracing } from '@baton/temporal/tracing'
import { startOtlpReceiver, type OtlpReceiver } from '@baton/temporal/tracing/testing'
import { createIncidentWorker, workflowsPath } from './create-worker.ts'
import {
  sentinelIncident,
  unreachableNotifications,
} from './testing/incident-worker.test-support.ts'
import { loadWorkerTracingConfig } from './config.ts'

let receiver: OtlpReceiver
const received = () => receiver.requests
const spans = () => receiver.spans()
let receiverUrl: string
let t: TestDatabase
const temporalAddress = () => inject('temporalAddress')

beforeAll(async () => {
  receiver = await startOtlpReceiver()
  receiverUrl = receiver.url
  t = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
  await t.db.insert(parties).values([
    { slug: 'northwind', name: 'Northwind', kind: 'RETAINED' },
    { slug: 'sentinel', name: 'Sentinel', kind: 'MSSP' },
  ])
})
afterAll(async () => {
  await receiver?.close()
  await t?.drop()
})

type Declare = (declare: () => Promise<void>) => Promise<void>

/** Runs one incident from declaration to closure (so the workflow's RunWorkflow span ends) on its own worker;
 * `via` runs the declaration, e.g. inside an HTTP handler. */
async function runIncident(
  clientKey: string,
  tracing: Tracing | null,
  via: Declare = (declare) => declare()
) {
  const taskQueue = `test-tracing-${randomUUID()}`
  const native = await NativeConnection.connect({ address: temporalAddress() })
  const worker: Worker = await createIncidentWorker({
    connection: native,
    taskQueue,
    db: t.db,
    notifications: unreachableNotifications,
    tracing,
  })
  const client = new Client({
    connection: await Connection.connect({ address: temporalAddress() }),
    ...(tracing ? { interceptors: tracing.clientInterceptors() } : {}),
  })
  try {
    return await worker.runUntil(async () => {
      const { inc, input } = await sentinelIncident(t.db, clientKey, 'Credential stuffing')
      const handle = client.workflow.getHandle(incidentWorkflowId(inc.key))
      await via(async () => {
        await client.workflow.start('incidentWorkflow', {
          taskQueue,
          workflowId: handle.workflowId,
          args: [input],
        })
        await handle.executeUpdate(syncUpdate, { args: [{ minSeq: 1 }] })
      })
      await handle.executeUpdate(commandUpdate, {
        args: [{ type: 'acknowledged', at: '2026-03-06T20:04:00.000Z', party: 'sentinel' }],
      })
      await handle.executeUpdate(commandUpdate, {
        args: [
          {
            type: 'resolved',
            at: '2026-03-06T20:30:00.000Z',
            party: 'sentinel',
            resolution: 'blocked at the WAF',
          },
        ],
      })
      await handle.executeUpdate(commandUpdate, {
        args: [{ type: 'closed', at: '2026-03-06T20:31:00.000Z', party: 'northwind' }],
      })
      await handle.result()
      return { worker }
    })
  } finally {
    await native.close()
    await client.connection.close()
  }
}

// Disabled first: this file's process has no tracer provider until the enabled case registers one.
describe('tracing disabled (the default)', () => {
  it('is off without configuration and when switched off explicitly, even with an endpoint set', () => {
    expect(loadWorkerTracingConfig({}).enabled).toBe(false)
    expect(
      loadTracingConfig(
        { BATON_OTEL_ENABLED: '0', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1' },
        'x'
      ).enabled
    ).toBe(false)
    expect(
      loadTracingConfig(
        { OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1' },
        'x'
      ).enabled
    ).toBe(false)
  })

  it('reads the standard OTEL_* variables when on: endpoint, traces endpoint, headers, service name, resource attributes', () => {
    expect(loadWorkerTracingConfig({ BATON_OTEL_ENABLED: '1' })).toEqual({
      enabled: true,
      serviceName: 'baton-worker',
      tracesUrl: 'http://localhost:4318/v1/traces',
      headers: {},
      resourceAttributes: {},
    })
    expect(
      loadWorkerTracingConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
        OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=a%3Db, x-team=ops',
        OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-team=sre',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod,service.name=from-attributes',
      })
    ).toEqual({
      enabled: true,
      serviceName: 'from-attributes',
      tracesUrl: 'http://collector:4318/v1/traces',
      headers: { 'x-api-key': 'a=b', 'x-team': 'sre' },
      resourceAttributes: { 'deployment.environment': 'prod', 'service.name': 'from-attributes' },
    })
    expect(
      loadWorkerTracingConfig({
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://otlp.example/traces',
        OTEL_SERVICE_NAME: 'worker-eu',
      })
    ).toMatchObject({
      enabled: true,
      serviceName: 'worker-eu',
      tracesUrl: 'https://otlp.example/traces',
    })
    expect(() => loadWorkerTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' })).toThrow()
  })

  it('installs no interceptor or sink, registers no provider and exports nothing while an incident runs', async () => {
    const tracing = await startTracing(
      loadWorkerTracingConfig({ BATON_OTEL_ENABLED: '0', OTEL_EXPORTER_OTLP_ENDPOINT: receiverUrl })
    )
    expect(tracing).toBeNull()
    const { worker } = await runIncident('trace-off', tracing)
    expect(worker.options.interceptors.workflowModules).toEqual([])
    expect(worker.options.interceptors.activity).toEqual([])
    expect(Object.keys(worker.options.sinks ?? {})).not.toContain('exporter')
    expect(trace.getTracer('baton-test').startSpan('probe').isRecording()).toBe(false)
    await new Promise((r) => setTimeout(r, 500))
    expect(received()).toEqual([])
  })
})

describe('tracing enabled', () => {
  it('exports one trace from the HTTP request through the client call, the workflow and its activities over OTLP/HTTP', async () => {
    const tracing = await startTracing(
      loadWorkerTracingConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: receiverUrl,
        OTEL_SERVICE_NAME: 'baton-tracing-test',
      })
    )
    expect(tracing).not.toBeNull()
    // The caller's W3C trace context: Baton's spans must continue that trace, not start another.
    const upstream = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' }
    try {
      await runIncident('trace-on', tracing, async (declare) => {
        const handler = tracing!.traceFetch(async () => {
          await declare()
          return new Response(null, { status: 202 })
        })
        const response = await handler(
          new Request('http://baton.test/graphql', {
            method: 'POST',
            headers: { traceparent: `00-${upstream.traceId}-${upstream.spanId}-01` },
          })
        )
        expect(response.status).toBe(202)
      })
      await tracing!.forceFlush()
      const inTrace = spans().filter((s) => s.traceId === upstream.traceId)
      const names = inTrace.map((s) => s.name)
      const byName = (name: string) => inTrace.find((s) => s.name === name)
      expect(
        byName('POST /graphql'),
        `spans received: ${spans()
          .map((s) => `${s.name}@${s.traceId}`)
          .join(', ')}`
      ).toMatchObject({ parentSpanId: upstream.spanId })
      expect(byName('StartWorkflow:incidentWorkflow')).toMatchObject({
        parentSpanId: byName('POST /graphql')!.spanId,
      })
      // Workflow spans hang under the client's span: the context crossed Temporal in the headers.
      expect(byName('RunWorkflow:incidentWorkflow')).toMatchObject({
        parentSpanId: byName('StartWorkflow:incidentWorkflow')!.spanId,
      })
      expect(names.some((n) => n.startsWith('StartActivity:'))).toBe(true)
      expect(names.some((n) => n.startsWith('RunActivity:'))).toBe(true)
      expect(new Set(inTrace.map((s) => s.service))).toEqual(new Set(['baton-tracing-test']))
      expect(received().every((r) => r.path === '/v1/traces')).toBe(true)
      console.log(
        `tracing test: ${spans().length} spans exported, ${inTrace.length} in the request's trace: ${[...new Set(names)].sort().join(', ')}`
      )
    } finally {
      await tracing?.shutdown()
    }
  })

  it('replays a history saved without tracing once the tracing interceptors are installed (switching it on is safe for running incidents)', async () => {
    const tracing = await startTracing(
      loadWorkerTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: receiverUrl })
    )
    try {
      const file = 'worker-crash-open-offer.json'
      const history = historyFromJSON(
        JSON.parse(readFileSync(join(import.meta.dirname, 'histories', file), 'utf8'))
      )
      const { interceptors, sinks } = tracing!.workerOptions()
      expect(interceptors.workflowModules).toHaveLength(1)
      await expect(
        Worker.runReplayHistory(
          {
            workflowsPath,
            replayName: file,
            interceptors: { workflowModules: interceptors.workflowModules },
            sinks,
          },
          history
        )
      ).resolves.toBeUndefined()
    } finally {
      await tracing?.shutdown()
    }
  })
})
