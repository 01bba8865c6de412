import { NO_FILTERS, type BoardFilters } from './board-filters.ts'
import styles from './BoardFiltersBar.module.css'

interface Option {
  slug: string
  name: string
}
const PRIORITIES = ['P1', 'P2', 'P3', 'P4']

/** Filters and sort; every change rewrites the URL's query string (shareable, back-button friendly). */
export function BoardFiltersBar({
  filters,
  onChange,
  parties,
  services,
}: {
  filters: BoardFilters
  onChange: (f: BoardFilters) => void
  parties: ReadonlyArray<Option & { kind: string }>
  services: ReadonlyArray<Option>
}) {
  const vendors = parties.filter((p) => p.kind !== 'RETAINED')
  const togglePriority = (p: string) =>
    onChange({
      ...filters,
      priority: filters.priority.includes(p)
        ? filters.priority.filter((x) => x !== p)
        : [...filters.priority, p].sort(),
    })
  const active =
    filters.vendor ||
    filters.priority.length ||
    filters.service ||
    filters.breached ||
    filters.handoffPending ||
    filters.sort !== 'deadline'
  return (
    <form className={styles.bar} aria-label='Filter the board' onSubmit={(e) => e.preventDefault()}>
      <label className={styles.field}>
        <span>Vendor</span>
        <select
          value={filters.vendor ?? ''}
          onChange={(e) => onChange({ ...filters, vendor: e.target.value || null })}
        >
          <option value=''>All parties</option>
          {vendors.map((p) => (
            <option key={p.slug} value={p.slug}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <fieldset className={styles.priorities}>
        <legend>Priority</legend>
        {PRIORITIES.map((p) => (
          <label key={p} className={styles.check}>
            <input
              type='checkbox'
              checked={filters.priority.includes(p)}
              onChange={() => togglePriority(p)}
            />{' '}
            {p}
          </label>
        ))}
      </fieldset>
      <label className={styles.field}>
        <span>Service</span>
        <select
          value={filters.service ?? ''}
          onChange={(e) => onChange({ ...filters, service: e.target.value || null })}
        >
          <option value=''>All services</option>
          {services.map((s) => (
            <option key={s.slug} value={s.slug}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label className={styles.check}>
        <input
          type='checkbox'
          checked={filters.breached}
          onChange={(e) => onChange({ ...filters, breached: e.target.checked })}
        />{' '}
        Breached
      </label>
      <label className={styles.check}>
        <input
          type='checkbox'
          checked={filters.handoffPending}
          onChange={(e) => onChange({ ...filters, handoffPending: e.target.checked })}
        />{' '}
        Hand-off pending
      </label>
      <label className={styles.field}>
        <span>Sort by</span>
        <select
          value={filters.sort}
          onChange={(e) =>
            onChange({ ...filters, sort: e.target.value === 'opened' ? 'opened' : 'deadline' })
          }
        >
          <option value='deadline'>Next deadline</option>
          <option value='opened'>Newest first</option>
        </select>
      </label>
      {active ? (
        <button type='button' onClick={() => onChange(NO_FILTERS)}>
          Clear filters
        </button>
      ) : null}
    </form>
  )
}
