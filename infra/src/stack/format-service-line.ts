const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
}

/** Turns a service's pino JSON line into one readable console line (warnings and up unless verbose). */
export function formatServiceLine(name: string, line: string, verbose: boolean): string | null {
  try {
    const entry = JSON.parse(line) as {
      level?: number
      msg?: string
      incidentKey?: string
      err?: { message?: string }
    }
    const level = entry.level ?? 30
    if (!verbose && level < 40) return null
    const extra = [entry.incidentKey, entry.err?.message].filter(Boolean).join(' ')
    return `[${name}] ${LEVELS[level] ?? level}: ${entry.msg ?? ''}${extra ? ` (${extra})` : ''}`
  } catch {
    return verbose || /error|fail/i.test(line) ? `[${name}] ${line}` : null
  }
}
