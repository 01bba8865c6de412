import type { Dialect } from '@baton/domain'
import { dialectOf } from '../dialects/registry.ts'
import type { Integration } from '../parties/party-directory.ts'
import type { OutboundMessage } from './outbound-message.ts'

/**
 * The body Baton sends a party: the message in the party's own dialect, or the canonical
 * OutboundMessage when its integration sets canonicalOutbound. Parsed with the dialect's outbound
 * schema before it leaves, like every other boundary.
 */
export function renderOutbound(
  message: OutboundMessage,
  integration: Integration
): { format: Dialect; body: unknown } {
  const format: Dialect = integration.canonicalOutbound ? 'canonical' : integration.dialect
  const rendering = dialectOf(format).outbound
  return { format, body: rendering.schema.parse(rendering.render(message, integration.mappings)) }
}
