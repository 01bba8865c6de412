import { z } from 'zod'

export const GatewayConfig = z.object({
  DATABASE_URL: z.string().min(1),
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  BATON_GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** the address to listen on: loopback unless the deployment says otherwise (k8s: 0.0.0.0) */
  BATON_GATEWAY_HOST: z.string().default('127.0.0.1'),
  /** Prometheus /metrics on this port of BATON_GATEWAY_HOST, not on the public one; 0 (default) serves none */
  BATON_GATEWAY_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** the URL users reach the gateway at; defaults to http://<host>:<port> */
  BATON_PUBLIC_URL: z.url().optional(),
  BATON_TASK_QUEUE: z.string().default('baton-incidents'),
  /** Baton's Ed25519 signing key seed (32 bytes, base64); the gateway only publishes its public half */
  BATON_SIGNING_KEY: z.string().optional(),
  BATON_GATEWAY_DB_POOL: z.coerce.number().int().positive().default(20),
  /** how long a command waits for its incident's workflow before DEADLINE_EXCEEDED */
  BATON_COMMAND_DEADLINE_MS: z.coerce.number().int().positive().default(10_000),
  /** commands that may wait on one incident at once; more are refused with UNAVAILABLE */
  BATON_COMMAND_MAX_IN_FLIGHT_PER_INCIDENT: z.coerce.number().int().positive().default(4),
  /** '1' when a trusted reverse proxy fronts the gateway: then X-Forwarded-Proto: https marks requests as https (Secure cookie) */
  BATON_TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  /** console sessions end after this long unused (minutes) ... */
  BATON_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .positive()
    .default(12 * 60),
  /** ... and this long after sign-in (hours), whichever comes first */
  BATON_SESSION_MAX_HOURS: z.coerce
    .number()
    .positive()
    .default(7 * 24),
  /** the console's built files; default services/console/dist in this checkout */
  BATON_CONSOLE_DIST: z.string().min(1).optional(),
  /** GraphQL requests per API token per second, shared by every replica (Postgres); 0 turns the limit off */
  BATON_GRAPHQL_RATE_PER_TOKEN: z.coerce.number().min(0).default(100),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})
export type GatewayConfig = z.infer<typeof GatewayConfig>

/** Parsed once at start-up; nothing else reads process.env. */
export const loadGatewayConfig = (env: NodeJS.ProcessEnv): GatewayConfig => GatewayConfig.parse(env)
