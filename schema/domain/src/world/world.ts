import { z } from 'zod'
import { Priority } from '../events/incident-event.ts'
import { ClockConditions } from './clock-conditions.ts'
import { AuthorityOverrides } from '../authority/authority-table.ts'

// The world as configuration-as-code (docs/interfaces.md, "Commands"; schema/world.schema.json is generated from it). Everything is referenced by slug;
// secrets are references ("env:NAME", "file:path", or "generate" to mint one on first apply).
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes')
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "'HH:mm' or '24:00'")
const isoDuration = z
  .string()
  .regex(
    /^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/,
    "ISO-8601 duration such as 'PT15M'"
  )

export const Window = z.object({ start: hhmm, end: hhmm })
export const CalendarConfig = z.object({
  slug,
  name: z.string().optional(),
  timeZone: z.string().min(1).describe('IANA time zone, e.g. Asia/Kolkata'),
  week: z
    .object({
      mon: z.array(Window),
      tue: z.array(Window),
      wed: z.array(Window),
      thu: z.array(Window),
      fri: z.array(Window),
      sat: z.array(Window),
      sun: z.array(Window),
    })
    .partial(),
  holidays: z.array(z.iso.date()).default([]),
})
export type CalendarConfig = z.infer<typeof CalendarConfig>

export const SecretRef = z
  .string()
  .regex(/^(env:[A-Z0-9_]+|file:.+|generate)$/, "'env:NAME', 'file:path' or 'generate'")
export const Dialect = z.enum(['canonical', 'pagerduty', 'jira', 'servicenow'])
export type Dialect = z.infer<typeof Dialect>

export const ContactChannel = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('email'), address: z.email() }),
  z.object({ kind: z.literal('webhook'), url: z.url(), secret: SecretRef.optional() }),
  z.object({ kind: z.literal('slack'), url: z.url() }),
  z.object({ kind: z.literal('teams'), url: z.url() }),
])
export const Contact = z.object({
  slug,
  name: z.string(),
  roles: z.array(z.string()).default([]),
  timeZone: z.string().optional().describe('defaults to the desk calendar zone'),
  quietHours: z.object({ start: hhmm, end: hhmm }).optional(),
  channels: z.array(ContactChannel).default([]),
})
export type Contact = z.infer<typeof Contact>

export const DeskConfig = z.object({
  slug,
  name: z.string(),
  calendar: slug,
  priorities: z
    .array(Priority)
    .default(['P1', 'P2', 'P3', 'P4'])
    .describe('priorities this desk takes'),
  contacts: z.array(Contact).default([]),
})
export type DeskConfig = z.infer<typeof DeskConfig>

export const PartyKind = z.enum([
  'RETAINED',
  'CLOUD',
  'MSSP',
  'APP_DEV',
  'END_USER_SUPPORT',
  'OTHER',
])
export type PartyKind = z.infer<typeof PartyKind>
export const PartyConfig = z.object({
  slug,
  name: z.string(),
  kind: PartyKind,
  desks: z.array(DeskConfig).min(1),
  integration: z
    .object({
      dialect: Dialect,
      inboundSecret: SecretRef,
      outboundUrl: z.url().optional(),
      outboundSecret: SecretRef.optional(),
      ratePerSecond: z.number().positive().default(50),
      canonicalOutbound: z
        .boolean()
        .optional()
        .describe(
          "true: send Baton's canonical OutboundMessage instead of the dialect's own outbound shape"
        ),
      clockSkew: isoDuration
        .optional()
        .describe(
          "how far before Baton's receipt time the time this party claims for an event may lie and still be used (default PT2M); earlier, or before the incident's previous event, the receipt time is used; ahead of the receipt, the receipt time is used, and more than this ahead the message is refused (422)"
        ),
      mappings: z
        .object({
          priority: z.record(z.string(), Priority).default({}),
          state: z.record(z.string(), z.string()).default({}),
        })
        .default({ priority: {}, state: {} }),
    })
    .optional(),
  authority: AuthorityOverrides.optional(),
})
export type PartyConfig = z.infer<typeof PartyConfig>

export const ServiceConfig = z.object({
  slug,
  name: z.string(),
  owner: slug,
  providers: z.array(slug).default([]),
})

export const ClockMetric = z.enum(['RESPONSE', 'RESOLUTION', 'HANDOFF_ACCEPT'])
export type ClockMetric = z.infer<typeof ClockMetric>
export const TargetCalendar = z.union([
  z.object({ calendar: slug }),
  z.object({ desk: z.string().describe('party-slug/desk-slug') }),
  z.object({ receivingDesk: z.literal(true) }),
  z.object({ followTheSun: slug.describe('party slug') }),
])
export const Target = z.object({
  priority: z.array(Priority).min(1),
  metric: ClockMetric,
  duration: isoDuration,
  measuredOn: TargetCalendar.default({ calendar: '24x7-utc' }),
  wallClock: z.boolean().default(false),
  conditions: ClockConditions.optional().describe(
    "this target's conditions, each list overriding the agreement's"
  ),
})
export const CreditRule = z.object({
  monthlyFee: z.number().nonnegative(),
  currency: z.string().length(3).default('USD'),
  perBreach: z.array(
    z.object({
      priority: z.array(Priority).optional(),
      metric: z.union([ClockMetric, z.literal('SLA')]),
      percent: z.number().nonnegative().optional(),
      fixed: z.number().nonnegative().optional(),
      attributedToProvider: z.boolean().default(true),
    })
  ),
  monthlyCapPercent: z.number().nonnegative().optional(),
  bands: z.array(z.object({ minAttainment: z.number(), percent: z.number() })).default([]),
  earnBack: z
    .object({ periods: z.number().int().positive(), minAttainment: z.number() })
    .optional(),
})
export const AgreementConfig = z.object({
  slug,
  name: z.string(),
  kind: z.enum(['SLA', 'UC', 'OLA']),
  version: z.number().int().positive().default(1),
  effectiveFrom: z.iso.datetime({ offset: true }),
  provider: z.union([slug, z.literal('*')]).describe('party slug, or * for any vendor (OLA)'),
  customer: z.union([slug, z.literal('*')]).optional(),
  services: z.array(slug).default([]),
  targets: z.array(Target).min(1),
  warnAt: z.array(z.number().min(0).max(100)).default([50, 75, 90]),
  conditions: ClockConditions.optional().describe('conditions for every target of this agreement'),
  credits: CreditRule.optional(),
})
export type AgreementConfig = z.infer<typeof AgreementConfig>

export const LadderStep = z.object({
  after: isoDuration.optional(),
  afterBusiness: isoDuration.optional(),
  atPercent: z.object({ metric: ClockMetric, percent: z.number().positive() }).optional(),
  when: z.enum(['always', 'unaccepted', 'unacknowledged']).default('always'),
  targets: z
    .array(
      z.union([
        z.object({ role: z.string() }),
        z.object({ retainedRole: z.string() }),
        z.object({ contact: z.string() }),
      ])
    )
    .min(1),
  repeat: z.object({ every: isoDuration, times: z.number().int().positive() }).optional(),
})
export const LadderConfig = z.object({
  party: slug,
  priority: z.array(Priority).min(1),
  steps: z.array(LadderStep).min(1),
})
export type LadderConfig = z.infer<typeof LadderConfig>

export const PingPongPolicy = z.object({
  maxHops: z.number().int().positive().default(4),
  escalateTo: z.string().describe('party-slug/desk-slug'),
  requireReasonCode: z.boolean().default(true),
})

export const World = z.object({
  $schema: z.string().optional(),
  name: z.string().optional(),
  calendars: z.array(CalendarConfig).default([]),
  parties: z.array(PartyConfig).default([]),
  services: z.array(ServiceConfig).default([]),
  agreements: z.array(AgreementConfig).default([]),
  ladders: z.array(LadderConfig).default([]),
  pingPong: PingPongPolicy.optional(),
})
export type World = z.infer<typeof World>
