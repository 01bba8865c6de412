import { z } from 'zod'

export const WorkerConfig = z.object({
  DATABASE_URL: z.string().min(1),
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  BATON_TASK_QUEUE: z.string().default('baton-incidents'),
  BATON_WORKER_CONCURRENCY: z.coerce.number().int().positive().default(100),
  BATON_WORKER_CONNECT_ATTEMPTS: z.coerce.number().int().positive().default(10),
  BATON_WORKER_METRICS_PORT: z.coerce.number().int().min(0).default(9464),
  LOG_LEVEL: z.string().default('info'),
})
export type WorkerConfig = z.infer<typeof WorkerConfig>

/** Parsed once at start-up; nothing else reads process.env. */
export const loadWorkerConfig = (env: NodeJS.ProcessEnv) => WorkerConfig.parse(env)
