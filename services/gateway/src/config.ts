import { z } from 'zod'

export const GatewayConfig = z.object({
  DATABASE_URL: z.string().min(1),
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  BATON_GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  BATON_GATEWAY_HOST: z.string().default('127.0.0.1'),
  /** the URL users reach the gateway at; defaults to http://<host>:<port> */
  BATON_PUBLIC_URL: z.url().optional(),
  BATON_TASK_QUEUE: z.string().default('baton-incidents'),
  /** Baton's Ed25519 signing key seed (32 bytes, base64); the gateway only publishes its public half */
  BATON_SIGNING_KEY: z.string().optional(),
  BATON_GATEWAY_DB_POOL: z.coerce.number().int().positive().default(20),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})
export type GatewayConfig = z.infer<typeof GatewayConfig>

/** Parsed once at start-up; nothing else reads process.env. */
export const loadGatewayConfig = (env: NodeJS.ProcessEnv): GatewayConfig => GatewayConfig.parse(env)
