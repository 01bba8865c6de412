import { z } from 'zod'
import { dialects } from '../dialects/registry.ts'
import { outboundWebhooks } from './outbound-webhooks.ts'
import { schemaOf } from './schema-of.ts'
import { OutboundMessage } from '../delivery/outbound-message.ts'
import { DeadLetterQuery, DiscardBody } from '../admin/admin-routes.ts'

const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      field: z.string().optional(),
      rule: z
        .string()
        .optional()
        .describe('403 only: the authority rule that refused the message, <event type>/<relation>'),
    }),
  })
  .meta({ id: 'Error' })
const ReceiptBody = z
  .object({ receipt: z.string(), duplicate: z.boolean().optional() })
  .meta({ id: 'Receipt' })
const DISPUTES = [
  '**attribution.disputed** (canonical dialect): the vendor contests a breach attributed to it on a settled incident.',
  '`data.clockId` names the breached clock as the settlement does, `data.evidence` says why. The receipt and the dispute are',
  'written in one transaction: 202 means the dispute is open (with its ledger entry), a repeat answers 200 with the first receipt,',
  'and a refusal (422 naming `incident`, `data.clockId` or `data.evidence`) records nothing. The integrator decides with GraphQL `decideDispute`.',
].join(' ')
const json = (ref: string) => ({
  'application/json': { schema: { $ref: `#/components/schemas/${ref}` } },
})
const err = (description: string) => ({ description, content: json('Error') })

/** OpenAPI 3.1 of the adapters, generated from the zod schemas the handlers validate with. */
export function buildOpenApiDocument() {
  const dialectSchemas = Object.fromEntries(
    Object.values(dialects).map((d) => [d.schema.meta()?.id as string, schemaOf(d.schema)])
  )
  const dialectDocs = Object.values(dialects)
    .map((d) => `- **${d.name}** (${d.schema.meta()?.id as string}): ${d.summary}`)
    .join('\n')
  const admin = { security: [{ adminBearer: [] }] }
  const outbound = outboundWebhooks()
  return {
    openapi: '3.1.0',
    info: {
      title: 'Baton adapters',
      version: '0.1.0',
      description:
        'Vendor webhooks (docs/vendor-integration.md in the Baton repository), outbound delivery, dead letters and integration health.',
    },
    paths: {
      '/webhooks/{partySlug}': {
        post: {
          summary: "A vendor's event, in the dialect of the party's configuration",
          description: `The raw body is verified, parsed, mapped through the party's mapping tables and recorded before the answer.\n\n${dialectDocs}\n\n${DISPUTES}`,
          parameters: [
            { name: 'partySlug', in: 'path', required: true, schema: { type: 'string' } },
            ...[
              'webhook-id',
              'webhook-timestamp',
              'webhook-signature',
              'x-pagerduty-signature',
              'x-hub-signature',
            ].map((name) => ({ name, in: 'header', required: false, schema: { type: 'string' } })),
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  oneOf: Object.keys(dialectSchemas).map((id) => ({
                    $ref: `#/components/schemas/${id}`,
                  })),
                },
              },
            },
          },
          responses: {
            202: {
              description: 'recorded durably; the incident workflow is signalled',
              content: json('Receipt'),
            },
            200: {
              description: 'a repeat of a recorded message (same id, same body): the first receipt',
              content: json('Receipt'),
            },
            400: err('malformed JSON or a missing message id'),
            401: err('missing, bad or stale signature (5-minute tolerance)'),
            403: err(
              'the authority table refuses this event to this party in its relation to the incident (error.rule names it, e.g. resolved/observer)'
            ),
            404: err('unknown party, or an incident not bonded to this party'),
            409: err('the message id was recorded with another body'),
            413: err('body over 256 KiB'),
            415: err('content type is not application/json'),
            422: err(
              'a field is invalid, a value is unmapped, a party, desk or hand-off it names does not resolve, or the JSON is nested deeper than 64 levels or holds more than 20,000 values (error.field names the field)'
            ),
            429: {
              ...err(
                "over the party's rate (one bucket shared by every adapters replica); nothing is recorded"
              ),
              headers: {
                'Retry-After': {
                  description: 'whole seconds until the bucket holds a token again',
                  schema: { type: 'integer', minimum: 1 },
                },
              },
            },
            503: err('the store is unavailable; retry'),
          },
        },
      },
      '/healthz': { get: { summary: 'liveness', responses: { 200: { description: 'running' } } } },
      '/readyz': {
        get: {
          summary: 'readiness: Postgres and Temporal answer',
          responses: { 200: { description: 'ready' }, 503: { description: 'not ready' } },
        },
      },
      '/openapi.json': {
        get: { summary: 'this document', responses: { 200: { description: 'OpenAPI 3.1' } } },
      },
      '/admin/dead-letters': {
        get: {
          ...admin,
          summary: 'dead letters (refused or undeliverable vendor messages)',
          parameters: Object.entries(
            (schemaOf(DeadLetterQuery).properties ?? {}) as Record<string, object>
          ).map(([name, schema]) => ({ name, in: 'query', schema })),
          responses: { 200: { description: 'dead letters' }, 401: err('admin token required') },
        },
      },
      '/admin/dead-letters/{receipt}/replay': {
        post: {
          ...admin,
          summary:
            'replay a dead letter (a repeat answers replayed: false and has no second effect)',
          parameters: [{ name: 'receipt', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            200: { description: 'replayed' },
            404: err('no such dead letter'),
            409: err('discarded'),
          },
        },
      },
      '/admin/dead-letters/{receipt}/discard': {
        post: {
          ...admin,
          summary: 'discard a dead letter, saying why',
          parameters: [{ name: 'receipt', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(DiscardBody) } },
          },
          responses: {
            200: { description: 'discarded' },
            400: err('no reason given'),
            404: err('no such dead letter'),
            409: err('already replayed'),
          },
        },
      },
      ...Object.fromEntries(
        ['health', 'pause', 'resume', 'enable'].map((action) => [
          `/admin/parties/{partySlug}/${action}`,
          {
            [action === 'health' ? 'get' : 'post']: {
              ...admin,
              summary: `${action} of a vendor integration`,
              parameters: [
                { name: 'partySlug', in: 'path', required: true, schema: { type: 'string' } },
              ],
              responses: { 200: { description: 'integration health figures' } },
            },
          },
        ])
      ),
    },
    webhooks: {
      ...outbound.webhooks,
    },
    components: {
      schemas: {
        ...dialectSchemas,
        ...outbound.schemas,
        OutboundMessage: schemaOf(OutboundMessage, 'output'),
        Error: schemaOf(ErrorBody, 'output'),
        Receipt: schemaOf(ReceiptBody, 'output'),
      },
      securitySchemes: { adminBearer: { type: 'http', scheme: 'bearer' } },
    },
  }
}
