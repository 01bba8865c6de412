import type { IncidentCursor } from '@baton/db'
import { badInput } from './errors.ts'
import { isUuid } from '../loaders/create-loaders.ts'

// Cursors are opaque to clients: base64url JSON of the keyset position.
const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
function decode(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    return null
  }
}

export const incidentCursor = (row: { openedAt: Date; id: string }) =>
  encode(['i', row.openedAt.toISOString(), row.id])
export function parseIncidentCursor(cursor: string | null | undefined): IncidentCursor | null {
  if (!cursor) return null
  const v = decode(cursor)
  if (
    !Array.isArray(v) ||
    v[0] !== 'i' ||
    typeof v[1] !== 'string' ||
    typeof v[2] !== 'string' ||
    !isUuid(v[2]) ||
    Number.isNaN(Date.parse(v[1]))
  )
    throw badInput('after: not a cursor of this connection', 'after')
  return { openedAt: new Date(v[1]), id: v[2] }
}

export const ledgerCursor = (seq: number) => encode(['l', seq])
export const parseLedgerCursor = (cursor: string | null | undefined) => parseSeqCursor(cursor, 'l')
export const deadLetterCursor = (seq: number) => encode(['d', seq])
export const parseDeadLetterCursor = (cursor: string | null | undefined) =>
  parseSeqCursor(cursor, 'd')

/** A keyset cursor of one integer, tagged by its connection so one connection's cursor is refused by another. */
function parseSeqCursor(cursor: string | null | undefined, tag: string): number | null {
  if (!cursor) return null
  const v = decode(cursor)
  if (!Array.isArray(v) || v[0] !== tag || !Number.isSafeInteger(v[1]) || (v[1] as number) < 0)
    throw badInput('after: not a cursor of this connection', 'after')
  return v[1] as number
}

/**
 * The page size of every connection and list with a `first` argument when the client gives none
 * (the SDL declares the same `first: Int = 50`), and the largest page served. The query cost
 * model (plugins/query-limits.ts) counts a field without `first` at this size, as it is served.
 */
export const DEFAULT_PAGE_SIZE = 50
export const MAX_PAGE_SIZE = 200

/** `first` clamped to [0, max]; negative is bad input. */
export function pageSize(first: number | null | undefined, fallback: number, max: number): number {
  if (first == null) return fallback
  if (!Number.isInteger(first) || first < 0)
    throw badInput('first: must be a non-negative integer', 'first')
  return Math.min(first, max)
}
