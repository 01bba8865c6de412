import { useEffect, useId, useRef, useState } from 'react'
import { formatMoney, formatPercent } from './format.ts'
import { monthLabel } from './months.ts'
import { trendHasData, trendLayout, type TrendPoint } from './trend-chart.ts'
import styles from './Governance.module.css'
import { TableHead } from '../util/TableHead.tsx'

const WIDTH = 560
const HEIGHT = 190

/** The element's width in CSS pixels (the chart is laid out at its drawn size, so its text stays legible on phones). */
function useWidth<T extends HTMLElement>(fallback: number) {
  const ref = useRef<T>(null)
  const [width, setWidth] = useState(fallback)
  useEffect(() => {
    const el = ref.current
    if (!el || typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(([entry]) => {
      const w = Math.round(entry?.contentRect.width ?? 0)
      if (w > 0) setWidth(Math.min(WIDTH * 1.4, w))
    })
    observer.observe(el)
    return () => observer.disconnect()
  }, [])
  return [ref, width] as const
}

/**
 * Twelve months of a vendor: attainment (line, 0..100 %) above the credits it owed (bars). The
 * SVG names itself (title, desc) and the same figures follow as a table, for screen readers and
 * for anyone who wants the numbers.
 */
export function TrendChart({
  vendor,
  points,
  currency,
}: {
  vendor: string
  points: TrendPoint[]
  currency: string | null
}) {
  const id = useId()
  const [ref, width] = useWidth<HTMLElement>(WIDTH)
  const l = trendLayout(points, width, HEIGHT)
  // Every other month's label where the columns are narrow (phones).
  const labelEvery = l.columns.length > 1 && l.columns[1]!.x - l.columns[0]!.x < 30 ? 2 : 1
  const anyCredit = points.some((p) => p.credits > 0)
  const first = points[0]
  const last = points.at(-1)
  const range = first && last ? `${monthLabel(first.month)} to ${monthLabel(last.month)}` : ''
  const owed = points.reduce((s, p) => s + p.credits, 0)
  // Nothing to draw: say so rather than show empty axes.
  if (!trendHasData(points))
    return (
      <figure className={styles.chart} ref={ref}>
        <p className={styles.chartEmpty}>
          No attainment or credits to chart for {vendor} from {range}: no agreement with credit
          terms had clocks, and nothing was owed.
        </p>
      </figure>
    )
  return (
    <figure className={styles.chart} ref={ref}>
      <svg
        viewBox={`0 0 ${width} ${HEIGHT}`}
        role='img'
        aria-labelledby={`${id}-t ${id}-d`}
        className={styles.chartSvg}
      >
        <title id={`${id}-t`}>{`${vendor}: attainment and credits owed by month, ${range}`}</title>
        <desc id={`${id}-d`}>
          {`Line: attainment of the agreements with credit terms, 0 to 100 %. Bars: credits owed, axis up to ${formatMoney(l.creditsMax, currency)}. Total over the period ${formatMoney(owed, currency)}. The table below gives every value.`}
        </desc>
        {l.attainmentTicks.map((t) => (
          <g key={t.value}>
            <line x1={l.left} x2={l.right} y1={t.y} y2={t.y} className={styles.grid} />
            <text x={l.left - 6} y={t.y + 4} textAnchor='end' className={styles.tick}>
              {t.value}%
            </text>
          </g>
        ))}
        <line
          x1={l.left}
          x2={l.right}
          y1={l.panels.credits.bottom}
          y2={l.panels.credits.bottom}
          className={styles.axis}
        />
        {anyCredit && (
          <text
            x={l.left - 6}
            y={l.panels.credits.top + 9}
            textAnchor='end'
            className={styles.tick}
          >
            {compactMoney(l.creditsMax)}
          </text>
        )}
        <text x={l.left - 6} y={l.panels.credits.bottom} textAnchor='end' className={styles.tick}>
          0
        </text>
        {l.columns.map((c, i) => (
          <g key={c.month}>
            {c.bar.h > 0 && (
              <rect
                x={c.bar.x}
                y={c.bar.y}
                width={c.bar.w}
                height={c.bar.h}
                className={styles.bar}
              />
            )}
            {(l.columns.length - 1 - i) % labelEvery === 0 && (
              <text x={c.x} y={HEIGHT - 4} textAnchor='middle' className={styles.tick}>
                {monthLabel(c.month, 'short')}
              </text>
            )}
          </g>
        ))}
        <path d={l.linePath} className={styles.line} />
        {l.dots.map((d) => (
          <circle key={d.month} cx={d.x} cy={d.y} r={3.5} className={styles.dot} />
        ))}
      </svg>
      <figcaption className={styles.legend}>
        <span className={styles.legendLine} aria-hidden='true' /> attainment{' '}
        <span className={styles.legendBar} aria-hidden='true' /> credits owed
      </figcaption>
      <details className={styles.chartTable}>
        <summary>Values as a table</summary>
        <table className={styles.smallTable}>
          <caption className='visually-hidden'>{`${vendor} by month`}</caption>
          <TableHead columns={['Month', 'Attainment', 'Credits owed']} />
          <tbody>
            {points.map((p) => (
              <tr key={p.month}>
                <th scope='row'>{monthLabel(p.month)}</th>
                <td>{formatPercent(p.attainment)}</td>
                <td>{formatMoney(p.credits, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  )
}

/** `5k`, `10k`, `500`: the credits axis' top label. */
function compactMoney(n: number): string {
  return n >= 1000 ? `${n / 1000}k` : String(n)
}
