import { dialects } from '../dialects/registry.ts'
import { schemaOf } from './schema-of.ts'

const SIGNED =
  "signed with Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature) and the party's outbound secret(s); retried with backoff for up to 24 h; 410 disables the endpoint"
const FALLBACK =
  "State and priority go through the party's mapping tables in reverse (the first vendor value that maps to it). A value the table has no vendor value for is left out of the vendor field and kept, canonical, in the Baton block, whose `unmapped` names the field: the message is still sent."
const responses = {
  200: { description: 'received (any 2xx)' },
  410: { description: 'gone: Baton disables the endpoint' },
}

/**
 * The outbound side of the OpenAPI document: one webhook per shape Baton sends, generated from
 * the zod schemas the delivery activity renders with. `outbound` is the canonical one.
 */
export function outboundWebhooks() {
  const own = Object.values(dialects).filter((d) => d.name !== 'canonical')
  const idOf = (d: (typeof own)[number]) => d.outbound.schema.meta()?.id as string
  const webhooks = {
    outbound: {
      post: {
        summary: `Baton to a canonical party's outboundUrl (or any party whose integration sets canonicalOutbound: true), ${SIGNED}`,
        requestBody: {
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/OutboundMessage' } },
          },
        },
        responses,
      },
    },
    ...Object.fromEntries(
      own.map((d) => [
        `outbound-${d.name}`,
        {
          post: {
            summary: `Baton to a ${d.name} party's outboundUrl, in the ${d.name} dialect's own shape (the default), ${SIGNED}`,
            description: `${String(d.outbound.schema.meta()?.description ?? '')}\n\n${FALLBACK}`,
            requestBody: {
              content: {
                'application/json': { schema: { $ref: `#/components/schemas/${idOf(d)}` } },
              },
            },
            responses,
          },
        },
      ])
    ),
  }
  const schemas = Object.fromEntries(
    own.map((d) => [idOf(d), schemaOf(d.outbound.schema, 'output')])
  )
  return { webhooks, schemas }
}
