import type { z } from 'zod'
import type { PingPongPolicy } from '../world/world.ts'

export type PingPongPolicyConfig = z.infer<typeof PingPongPolicy>
/** Policy the reducer enforces; without a ping-pong policy no reason code is ever demanded. */
export type ApplyOptions = { pingPong?: PingPongPolicyConfig | undefined }
