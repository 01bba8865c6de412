import type { ReactNode } from 'react'
import type { CreditStatementFiguresFragment } from '../gql/graphql.ts'
import { formatMoney, formatPercent, statementsTotal } from './format.ts'
import styles from './accountability.module.css'

type Statement = CreditStatementFiguresFragment

/** The columns after the agreement: each one's name and the statement's figure in it. */
const FIGURES: ReadonlyArray<readonly [column: string, figure: (s: Statement) => ReactNode]> = [
  ['Attainment', (s) => formatPercent(s.attainment)],
  ['Per breach', (s) => formatMoney(s.perBreachTotal, s.currency)],
  ['Band', (s) => formatMoney(s.bandCredit, s.currency)],
  ['Earned back', (s) => formatMoney(s.earnedBack, s.currency)],
  ['Without disputes', (s) => formatMoney(s.grossTotal, s.currency)],
  ['Owed', (s) => <strong>{formatMoney(s.total, s.currency)}</strong>],
]

/** Monthly credit statements, one row per agreement with credit terms, and their total. */
export function CreditStatementsTable({
  statements,
  label,
}: {
  statements: readonly Statement[]
  label: string
}) {
  if (statements.length === 0) return <p className='muted'>No agreement with credit terms.</p>
  const currency = statements[0]?.currency ?? null
  return (
    <table className={styles.table} aria-label={label}>
      <thead>
        <tr>
          <th scope='col'>Agreement</th>
          {FIGURES.map(([column]) => (
            <th key={column} scope='col' className={styles.num}>
              {column}
            </th>
          ))}
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
            {FIGURES.map(([column, figure]) => (
              <td key={column} data-label={column} className={styles.num}>
                {figure(s)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope='row' colSpan={FIGURES.length}>
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
