import type { ReactNode } from 'react'
import { TableHead } from '../util/TableHead.tsx'
import styles from './sections.module.css'

/**
 * A titled card of the incident, what-if and world pages: a region named by its heading
 * (`${id}-title`), the name the browser tests and screen readers find it by.
 */
export function SectionCard({
  id,
  title,
  children,
}: {
  id: string
  title: ReactNode
  children: ReactNode
}) {
  return (
    <section aria-labelledby={`${id}-title`} className={styles.card}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  )
}

/**
 * A card's table: one header row of `columns`, `children` its body rows (each cell's data-label
 * names its column, for the stacked phone layout). It scrolls sideways on its own, as a focusable
 * region named `label`, so a wide table never widens the page.
 */
export function SectionTable({
  label,
  columns,
  children,
}: {
  label: string
  columns: ReadonlyArray<string>
  children: ReactNode
}) {
  return (
    <div className={styles.scroll} tabIndex={0} role='region' aria-label={label}>
      <table className={styles.table}>
        <TableHead columns={columns} />
        <tbody>{children}</tbody>
      </table>
    </div>
  )
}
