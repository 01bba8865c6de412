import { GraphQLScalarType, Kind } from './graphql-runtime.ts'
import { z } from 'zod'
import { badInput } from './errors.ts'

const IsoInstant = z.iso.datetime({ offset: true })

function parseInstant(value: unknown): Date {
  const parsed = IsoInstant.safeParse(value)
  if (!parsed.success)
    throw badInput(`DateTime: expected ISO-8601 with an offset, got ${JSON.stringify(value)}`)
  return new Date(parsed.data)
}

/** Instants in, Date objects inside, UTC ISO strings out. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  serialize(value) {
    const d =
      value instanceof Date
        ? value
        : typeof value === 'string' || typeof value === 'number'
          ? new Date(value)
          : null
    if (!d || Number.isNaN(d.getTime()))
      throw new TypeError(`DateTime cannot represent ${String(value)}`)
    return d.toISOString()
  },
  parseValue: parseInstant,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('DateTime: expected a string')
    return parseInstant(ast.value)
  },
})

const DURATION =
  /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/

/** ISO-8601 duration (weeks, days, hours, minutes, seconds; no months or years) to milliseconds. */
export function parseIsoDuration(value: string): number | null {
  const m = DURATION.exec(value)
  if (!m || value === 'P' || value.endsWith('T')) return null
  const [w, d, h, min, s] = m.slice(1).map((x) => (x ? Number(x) : 0)) as [
    number,
    number,
    number,
    number,
    number,
  ]
  return Math.round((((w * 7 + d) * 24 + h) * 60 + min) * 60_000 + s * 1000)
}

/** Milliseconds to `PT#H#M#S` (hours, not days: business days differ in length). */
export function formatIsoDuration(ms: number): string {
  const sign = ms < 0 ? '-' : ''
  let rest = Math.abs(Math.round(ms))
  const h = Math.floor(rest / 3_600_000)
  rest -= h * 3_600_000
  const m = Math.floor(rest / 60_000)
  rest -= m * 60_000
  const s = rest / 1000
  const parts = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`
  return `${sign}PT${parts || '0S'}`
}

/** The longest Duration accepted (100 years): beyond it instants stop being dates. */
export const MAX_DURATION_MS = 100 * 365 * 24 * 3_600_000

function parseDuration(value: unknown): number {
  const ms = typeof value === 'string' ? parseIsoDuration(value) : null
  if (ms === null)
    throw badInput(
      `Duration: expected an ISO-8601 duration such as PT4H, got ${JSON.stringify(value).slice(0, 100)}`
    )
  if (!Number.isFinite(ms) || ms > MAX_DURATION_MS)
    throw badInput(`Duration: at most 100 years (P5214W), got ${String(value).slice(0, 100)}`)
  return ms
}

/** Durations are milliseconds inside, ISO-8601 strings outside. */
export const DurationScalar = new GraphQLScalarType<number, string>({
  name: 'Duration',
  serialize(value) {
    if (typeof value === 'number') return formatIsoDuration(value)
    if (typeof value === 'string' && parseIsoDuration(value) !== null) return value
    throw new TypeError(`Duration cannot represent ${String(value)}`)
  },
  parseValue: parseDuration,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('Duration: expected a string')
    return parseDuration(ast.value)
  },
})
