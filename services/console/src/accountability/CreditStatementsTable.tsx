import type { CreditStatementFiguresFragment } from '../gql/graphql.ts'
import { formatMoney, formatPercent, statementsTotal } from './format.ts'
import styles from './accountability.module.css'

/** Monthly credit statements, one row per agreement with credit terms, and their total. */
export function CreditStatementsTable({
  statements,
  label,
}: {
  statements: readonly CreditStatementFiguresFragment[]
  label: string
}) {
  if (statements.length === 0) return <p className='muted'>No agreement with credit terms.</p>
  const currency = statements[0]?.currency ?? null
  return (
    <table className={styles.table} aria-label={label}>
      <thead>
        <tr>
          <th scope='col'>Agreement</th>
          <th scope='col' className={styles.num}>
            Attainment
          </th>
          <th scope='col' className={styles.num}>
            Per breach
          </th>
          <th scope='col' className={styles.num}>
            Band
          </th>
          <th scope='col' className={styles.num}>
            Earned back
          </th>
          <th scope='col' className={styles.num}>
            Without disputes
          </th>
          <th scope='col' className={styles.num}>
            Owed
          </th>
        </tr>
      </thead>
      <tbody>
        {statements.map((s) => (
          <tr key={`${s.agreement?.id ?? 'gone'}-${s.month}`}>
            <td data-label='Agreement'>
              {s.agreement?.name ?? 'an agreement no longer known'}
              <span className={styles.sub}>
                {s.month}
                {s.cap !== null ? ` · cap ${formatMoney(s.cap, s.currency)}` : ''}
              </span>
            </td>
            <td data-label='Attainment' className={styles.num}>
              {formatPercent(s.attainment)}
            </td>
            <td data-label='Per breach' className={styles.num}>
              {formatMoney(s.perBreachTotal, s.currency)}
            </td>
            <td data-label='Band' className={styles.num}>
              {formatMoney(s.bandCredit, s.currency)}
            </td>
            <td data-label='Earned back' className={styles.num}>
              {formatMoney(s.earnedBack, s.currency)}
            </td>
            <td data-label='Without disputes' className={styles.num}>
              {formatMoney(s.grossTotal, s.currency)}
            </td>
            <td data-label='Owed' className={styles.num}>
              <strong>{formatMoney(s.total, s.currency)}</strong>
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope='row' colSpan={6}>
            Total owed
          </th>
          <td data-label='Total owed' className={styles.num} data-testid='credits-total'>
            <strong>{formatMoney(statementsTotal(statements), currency)}</strong>
          </td>
        </tr>
      </tfoot>
    </table>
  )
}
