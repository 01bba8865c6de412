import { z } from 'zod'
import { outboundConfig } from '@baton/temporal/outbound'
import { loadTracingConfig } from '@baton/temporal/tracing'

export const WorkerConfig = z.object({
  DATABASE_URL: z.string().min(1),
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  BATON_TASK_QUEUE: z.string().default('baton-incidents'),
  BATON_WORKER_CONCURRENCY: z.coerce.number().int().positive().default(100),
  BATON_WORKER_CONNECT_ATTEMPTS: z.coerce.number().int().positive().default(10),
  BATON_WORKER_METRICS_PORT: z.coerce.number().int().min(0).default(9464),
  /** the address of the worker's /metrics: loopback unless the deployment says otherwise (k8s: 0.0.0.0) */
  BATON_WORKER_METRICS_HOST: z.string().default('127.0.0.1'),
  BATON_SMTP_HOST: z.string().default('127.0.0.1'),
  BATON_SMTP_PORT: z.coerce.number().int().positive().default(2525),
  BATON_SMTP_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  BATON_SMTP_FROM: z.string().default('Baton <baton@localhost>'),
  BATON_SMTP_USER: z.string().optional(),
  BATON_SMTP_PASS: z.string().optional(),
  /** Baton's Ed25519 signing key seed (32 bytes, base64): the hourly ledger anchors are signed with it; unset, none are made */
  BATON_SIGNING_KEY: z.string().optional(),
  BATON_CONSOLE_URL: z.string().default('http://127.0.0.1:4000'),
  /** outbound webhooks (docs/operations.md, Security): private ranges and loopback refused unless '1' */
  ...outboundConfig,
  LOG_LEVEL: z.string().default('info'),
})
export type WorkerConfig = z.infer<typeof WorkerConfig>

/** Parsed once at start-up; nothing else reads process.env. */
export const loadWorkerConfig = (env: NodeJS.ProcessEnv) => WorkerConfig.parse(env)

/** OpenTelemetry (OTEL_* and BATON_OTEL_ENABLED); off unless configured. */
export const loadWorkerTracingConfig = (env: NodeJS.ProcessEnv) =>
  loadTracingConfig(env, 'baton-worker')
