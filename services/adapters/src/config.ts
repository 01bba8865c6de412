import { z } from 'zod'
import { outboundConfig } from '@baton/temporal/outbound'
import { TASK_QUEUES } from '@baton/temporal'

export const AdaptersConfig = z.object({
  DATABASE_URL: z.string().min(1),
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  BATON_ADAPTERS_PORT: z.coerce.number().int().min(0).max(65535).default(4100),
  /** the address to listen on: loopback unless the deployment says otherwise (k8s: 0.0.0.0) */
  BATON_ADAPTERS_HOST: z.string().default('127.0.0.1'),
  /** Prometheus /metrics on this port of BATON_ADAPTERS_HOST, not on the vendors' one; 0 (default) serves none */
  BATON_ADAPTERS_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  BATON_MASTER_KEY: z.string().min(16, 'BATON_MASTER_KEY must be at least 16 characters'),
  BATON_ADMIN_TOKEN: z.string().min(16).optional(),
  BATON_TASK_QUEUE: z.string().default(TASK_QUEUES.incidents),
  BATON_DELIVERY_TASK_QUEUE: z.string().default(TASK_QUEUES.delivery),
  /** 1 hosts the delivery worker in this process (the default); 0 leaves it to another process */
  BATON_ADAPTERS_DELIVERY_WORKER: z.enum(['0', '1']).default('1'),
  /** the receipt relay: how often a replica tries the lease, and a pass at least this often besides the notifications */
  BATON_SWEEP_INTERVAL_MS: z.coerce.number().int().positive().default(1000),
  /**
   * the receipt relay signals again a receipt still RECORDED this long after its last signal
   * (a signal Temporal accepted is durable, so this is a backstop; often, it only adds workflow
   * tasks to a worker that is already behind)
   */
  BATON_SWEEP_AFTER_SECONDS: z.coerce.number().positive().default(60),
  /** outbound webhooks (docs/operations.md, Security): private ranges and loopback refused unless '1' */
  ...outboundConfig,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})
export type AdaptersConfig = z.infer<typeof AdaptersConfig>

/** Parsed once at start-up; nothing else reads process.env. */
export const loadAdaptersConfig = (env: NodeJS.ProcessEnv): AdaptersConfig =>
  AdaptersConfig.parse(env)
