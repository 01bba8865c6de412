import { createHash } from 'node:crypto'

/** JSON with object keys sorted at every depth, so equal content always hashes equal. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

export const GENESIS_HASH = '0'.repeat(64)

export type LedgerContent = {
  incidentId: string
  seq: number
  at: string
  type: string
  actor: string
  data: unknown
  idempotencyKey: string
}

/** hash = sha256(prevHash || canonical content): each entry commits to the whole chain before it. */
export function hashLedgerEntry(prevHash: string, content: LedgerContent): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(content)).digest('hex')
}
