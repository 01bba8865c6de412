const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
}

type Entry = {
  level?: number
  msg?: string
  incidentKey?: string
  err?: { message?: string; stack?: string }
  /** an expected retry (a failed delivery): who, which message, which attempt, when next */
  party?: string
  message?: string
  attempt?: number
  nextTryAt?: string
}

const clockTime = (iso: string) => iso.slice(11, 19)

/**
 * Turns a service's pino JSON line into one readable console line (warnings and up unless
 * verbose). An expected retry reads `retry: <what failed> (party, message, attempt, next try)`;
 * an error's stack trace is printed only when verbose (it is always in the JSON log).
 */
export function formatServiceLine(name: string, line: string, verbose: boolean): string | null {
  let entry: Entry
  try {
    entry = JSON.parse(line) as Entry
  } catch {
    return verbose || /error|fail/i.test(line) ? `[${name}] ${line}` : null
  }
  const level = entry.level ?? 30
  if (!verbose && level < 40) return null
  if (entry.nextTryAt && entry.attempt !== undefined) {
    const what = [entry.party && `party ${entry.party}`, entry.message, entry.incidentKey]
    return `[${name}] retry: ${entry.msg ?? ''} (${what.filter(Boolean).join(', ')}; attempt ${entry.attempt}, next try ${clockTime(entry.nextTryAt)} UTC)`
  }
  const extra = [entry.incidentKey, entry.err?.message].filter(Boolean).join(' ')
  const text = `[${name}] ${LEVELS[level] ?? level}: ${entry.msg ?? ''}${extra ? ` (${extra})` : ''}`
  const stack = verbose ? entry.err?.stack?.split('\n').slice(1).join('\n') : ''
  return stack ? `${text}\n${stack}` : text
}
