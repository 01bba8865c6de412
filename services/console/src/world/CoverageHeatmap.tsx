import {
  localTimeLabel,
  pad,
  utcLabel,
  WEEKDAY_LABEL,
  zoneAbbreviation,
  zoneCity,
} from '../util/time-zone.ts'
import type { Heatmap, HeatCell } from './coverage-heatmap.ts'
import styles from './CoverageHeatmap.module.css'

/** Up to four desks get their own colour; more share the last. */
const HEAT = [styles.heat0, styles.heat1, styles.heat2, styles.heat3]

/**
 * One party's week for one priority: days down, hours across (in the zone chosen), each hour
 * coloured by the desk that can be reached then, a hole (×) where no desk is open, H where a
 * holiday closes a desk its weekly windows would have open. Each hour's title reads it in UTC
 * and in every desk's local time.
 */
export function CoverageHeatmap({
  map,
  caption,
  zones,
  deskOrder,
}: {
  map: Heatmap
  caption: string
  /** Every desk id of the party, in order: a desk keeps its colour when a change hides another. */
  deskOrder?: ReadonlyArray<string>
  /** The desks' zones, for each hour's read-out. */
  zones: ReadonlyArray<{ name: string; timeZone: string }>
}) {
  const name = (id: string) => map.desks.find((d) => d.id === id)?.name ?? id
  const order = deskOrder ?? map.desks.map((d) => d.id)
  const index = (id: string) => Math.min(HEAT.length - 1, Math.max(0, order.indexOf(id)))
  const describe = (day: string, c: HeatCell) => {
    const at = `${WEEKDAY_LABEL[day]} ${pad(c.hour)}:00 ${map.zone === 'UTC' ? 'UTC' : zoneAbbreviation(c.start, map.zone)}`
    const who =
      c.open.length === 0
        ? 'nobody can be reached'
        : `${c.open.map(name).join(' and ')}${c.covered < 1 ? ' (part of the hour)' : ''}`
    const holiday = c.holiday.length ? `; holiday: ${c.holiday.map(name).join(', ')} closed` : ''
    return { at, who, holiday }
  }
  const readOut = (c: HeatCell) =>
    [
      utcLabel(c.start),
      ...zones.map((z) => `${z.name} ${localTimeLabel(c.start, z.timeZone)}`),
    ].join(' · ')
  return (
    <div className={styles.wrap}>
      <table className={styles.heatmap}>
        <caption className={styles.caption}>{caption}</caption>
        <thead>
          <tr>
            <th scope='col' className={styles.corner}>
              <span className='visually-hidden'>Day</span>
              <span aria-hidden='true'>{map.zone === 'UTC' ? 'UTC' : zoneCity(map.zone)}</span>
            </th>
            {Array.from({ length: 24 }, (_, h) => (
              <th key={h} scope='col' className={styles.hourHead}>
                {h % 3 === 0 ? pad(h) : <span className='visually-hidden'>{pad(h)}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {map.days.map((day) => (
            <tr key={day.date}>
              <th scope='row' className={styles.dayHead}>
                {WEEKDAY_LABEL[day.weekday]}
                <span className={styles.date}>{day.date.slice(5)}</span>
              </th>
              {day.cells.map((c) => {
                const d = describe(day.weekday, c)
                const state = c.covered === 0 ? 'hole' : c.covered < 1 ? 'partial' : 'covered'
                const first = c.open[0]
                const cls = [
                  styles.cell,
                  state === 'hole' ? styles.hole : first ? HEAT[index(first)] : '',
                  state === 'partial' ? styles.partial : '',
                  c.holiday.length ? styles.holiday : '',
                ].join(' ')
                return (
                  <td
                    key={c.hour}
                    className={cls}
                    title={`${readOut(c)}: ${d.who}${d.holiday}`}
                    data-cell={`${day.weekday}-${pad(c.hour)}`}
                    data-state={state}
                    data-open={c.open.map(name).join(',')}
                    data-holiday={c.holiday.map(name).join(',')}
                  >
                    <span aria-hidden='true'>
                      {c.holiday.length && state === 'hole' ? 'H' : state === 'hole' ? '×' : ''}
                    </span>
                    <span className='visually-hidden'>
                      {d.at}: {d.who}
                      {d.holiday}
                    </span>
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <ul className={styles.legend} aria-label='Legend'>
        {map.desks.map((desk) => (
          <li key={desk.id}>
            <span className={`${styles.swatch} ${HEAT[index(desk.id)]}`} /> {desk.name}
          </li>
        ))}
        <li>
          <span className={`${styles.swatch} ${styles.hole}`}>×</span> nobody
        </li>
        <li>
          <span className={`${styles.swatch} ${styles.partial} ${HEAT[0]}`} /> part of the hour
        </li>
        <li>
          <span className={`${styles.swatch} ${styles.holiday}`}>H</span> holiday
        </li>
      </ul>
    </div>
  )
}
