import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react'
import { localDateTimeLabel, utcLabel } from '../util/time-zone.ts'
import {
  layoutSwimlanes,
  type BreachInput,
  type CustodyInput,
  type HandoffInput,
  type LaneParty,
} from './swimlane-layout.ts'
import styles from './Swimlanes.module.css'

const LANE_H = 46
const AXIS_H = 34
const PAD_R = 16

function useWidth<T extends HTMLElement>(): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null)
  const [width, setWidth] = useState(900)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const ro = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.max(300, Math.floor(entry.contentRect.width)))
    })
    ro.observe(el)
    return () => ro.disconnect()
  }, [])
  return [ref, width]
}

const ARROW_CLASS: Record<string, string | undefined> = {
  ACCEPTED: styles.accepted,
  REJECTED: styles.rejected,
  EXPIRED: styles.expired,
  OFFERED: styles.offered,
  WITHDRAWN: styles.withdrawn,
}

/**
 * Custody as swimlanes: one lane per party on a shared UTC axis, shaded by its desk's business
 * hours, hand-offs as arrows between lanes, breaches on the attributed party's lane. Pointer or
 * arrow keys move a cursor; the read-out lists that instant in every party's local time.
 */
export function Swimlanes({
  custody,
  handoffs,
  breaches,
  parties,
  start,
  end,
}: {
  custody: CustodyInput[]
  handoffs: HandoffInput[]
  breaches: BreachInput[]
  parties: ReadonlyMap<string, LaneParty>
  start: number
  end: number
}) {
  const [wrapRef, width] = useWidth<HTMLDivElement>()
  // Narrow screens give the lane names less room and the time axis more.
  // At phone width each lane's name (and zone) goes on a line of its own above the lane, so names
  // are never cut and the axis gets the whole width.
  const narrow = width < 600
  const LABEL_W = narrow ? 10 : 170
  const NAME_H = narrow ? 18 : 0
  const axisW = Math.max(160, width - LABEL_W - PAD_R)
  const layout = useMemo(
    () => layoutSwimlanes({ custody, handoffs, breaches, parties, start, end, width: axisW }),
    [custody, handoffs, breaches, parties, start, end, axisW]
  )
  const [cursor, setCursor] = useState<number | null>(null)
  const height = AXIS_H + layout.lanes.length * (LANE_H + NAME_H) + 8
  const laneY = (i: number) => AXIS_H + i * (LANE_H + NAME_H) + NAME_H
  // Labels near either end of the axis are anchored inward, so none is clipped.
  const anchor = (x: number, half: number) =>
    x < half ? 'start' : x > axisW - half ? 'end' : 'middle'

  function onPointer(e: PointerEvent<SVGSVGElement>) {
    const rect = e.currentTarget.getBoundingClientRect()
    const px = e.clientX - rect.left - LABEL_W
    if (px < 0 || px > axisW) return
    setCursor(layout.invert(px))
  }
  function onKey(e: KeyboardEvent<SVGSVGElement>) {
    const step = e.shiftKey ? 3_600_000 : 15 * 60_000
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault()
      setCursor((c) =>
        Math.min(end, Math.max(start, (c ?? start) + (e.key === 'ArrowRight' ? step : -step)))
      )
    } else if (e.key === 'Home') {
      e.preventDefault()
      setCursor(start)
    } else if (e.key === 'End') {
      e.preventDefault()
      setCursor(end)
    } else if (e.key === 'Escape') setCursor(null)
  }

  return (
    <div ref={wrapRef} className={styles.wrap}>
      <svg
        className={styles.svg}
        width={width}
        height={height}
        role='group'
        tabIndex={0}
        aria-label='Custody swimlanes. Use the left and right arrow keys to move through time (Shift for hours); the local times are read out below.'
        onPointerMove={onPointer}
        onPointerLeave={() => setCursor(null)}
        onKeyDown={onKey}
      >
        <defs>
          {['accepted', 'rejected', 'expired', 'offered', 'withdrawn'].map((k) => (
            <marker
              key={k}
              id={`arrow-${k}`}
              viewBox='0 0 10 10'
              refX='9'
              refY='5'
              markerWidth='7'
              markerHeight='7'
              orient='auto-start-reverse'
            >
              <path d='M0 0L10 5L0 10z' className={styles[`head_${k}`]} />
            </marker>
          ))}
        </defs>
        <g transform={`translate(${LABEL_W},0)`}>
          {layout.ticks.map((t) => (
            <g key={t.x} transform={`translate(${t.x},0)`}>
              <line y1={AXIS_H - 4} y2={height} className={styles.grid} />
              <text y={AXIS_H - 8} className={styles.tick} textAnchor={anchor(t.x, 16)}>
                {t.label}
              </text>
              {t.day && (
                <text y={11} className={styles.tickDay} textAnchor={anchor(t.x, 34)}>
                  {t.day}
                </text>
              )}
            </g>
          ))}
        </g>
        {layout.lanes.map((lane) => (
          <g key={lane.party.id} transform={`translate(0,${laneY(lane.index)})`}>
            {!narrow && (
              <>
                <text x={8} y={19} className={styles.laneName}>
                  {lane.party.name}
                </text>
                <text x={8} y={35} className={styles.laneZone}>
                  {lane.party.timeZone}
                </text>
              </>
            )}
            <g transform={`translate(${LABEL_W},0)`}>
              <rect x={0} y={4} width={axisW} height={LANE_H - 8} className={styles.closed}>
                <title>{`${lane.party.name}: desk closed`}</title>
              </rect>
              {lane.open.map((o) => (
                <rect
                  key={o.x}
                  x={o.x}
                  y={4}
                  width={o.w}
                  height={LANE_H - 8}
                  className={styles.open}
                >
                  <title>{`${lane.party.name}: desk open`}</title>
                </rect>
              ))}
              {lane.custody.map((c) => (
                <rect
                  key={c.x}
                  x={c.x}
                  y={14}
                  width={c.w}
                  height={LANE_H - 28}
                  rx={3}
                  className={c.state === 'waiting' ? styles.waiting : styles.working}
                >
                  <title>{`${lane.party.name}: ${c.label}`}</title>
                </rect>
              ))}
              {lane.breaches.map((b, i) => (
                <g
                  key={`${b.x}-${i}`}
                  transform={`translate(${b.x},${LANE_H / 2})`}
                  className={styles.breach}
                >
                  <path d='M0 -9L8 6H-8Z' />
                  <text y={4.5} textAnchor='middle' className={styles.breachMark}>
                    !
                  </text>
                  <title>{b.label}</title>
                </g>
              ))}
            </g>
          </g>
        ))}
        <g transform={`translate(${LABEL_W},0)`}>
          {layout.arrows.map((a) => {
            const down = a.toLane > a.fromLane
            const y1 = laneY(a.fromLane) + LANE_H / 2 + (down ? 9 : -9)
            const y2 = laneY(a.toLane) + LANE_H / 2 + (down ? -9 : 9)
            const kind = a.state.toLowerCase()
            return (
              <g key={a.id} className={ARROW_CLASS[a.state]}>
                <path
                  d={`M${a.x1} ${y1} C ${a.x1} ${(y1 + y2) / 2}, ${a.x2} ${(y1 + y2) / 2}, ${a.x2} ${y2}`}
                  markerEnd={`url(#arrow-${kind})`}
                  className={styles.arrow}
                >
                  <title>{`Hand-off ${a.label}`}</title>
                </path>
                {a.xExpired !== undefined && (
                  <circle
                    cx={a.xExpired}
                    cy={laneY(a.toLane) + 4}
                    r={4.5}
                    className={styles.expiryMark}
                  >
                    <title>{`Hand-off ${a.label}`}</title>
                  </circle>
                )}
                {a.state === 'REJECTED' && (
                  <text
                    x={a.x2 + 10}
                    y={y2 + (down ? -2 : 10)}
                    className={`${styles.arrowText} ${styles.halo}`}
                  >
                    ✕ rejected
                  </text>
                )}
              </g>
            )
          })}
          {cursor !== null && (
            <line
              x1={layout.x(cursor)}
              x2={layout.x(cursor)}
              y1={AXIS_H - 4}
              y2={height}
              className={styles.cursor}
            />
          )}
        </g>
        {/* At phone width the names sit above their lanes, where hand-off arrows pass: drawn last,
            with a halo, so an arrow never crosses out a party's name. */}
        {narrow &&
          layout.lanes.map((lane) => (
            <text
              key={lane.party.id}
              x={LABEL_W}
              y={laneY(lane.index) - 5}
              className={`${styles.laneName} ${styles.halo}`}
            >
              {lane.party.name}
              <tspan className={styles.laneZone} dx={6}>
                {lane.party.timeZone}
              </tspan>
            </text>
          ))}
      </svg>
      <Legend />
      <div className={styles.readout} aria-live='polite'>
        {cursor === null ? (
          <span className='muted'>
            Point at the lanes (or focus them and use the arrow keys) to read an instant in every
            party's local time.
          </span>
        ) : (
          <>
            <strong>{utcLabel(cursor)}</strong>
            {layout.lanes.map((l) => (
              <span key={l.party.id}>
                {l.party.name}: {localDateTimeLabel(cursor, l.party.timeZone)}
              </span>
            ))}
          </>
        )}
      </div>
      <ul className='visually-hidden'>
        {layout.arrows.map((a) => (
          <li key={a.id}>
            Hand-off from {layout.lanes[a.fromLane]?.party.name} to{' '}
            {layout.lanes[a.toLane]?.party.name}: {a.label}
          </li>
        ))}
        {layout.lanes.flatMap((l) =>
          l.breaches.map((b, i) => (
            <li key={`${l.party.id}-${i}`}>
              {b.label}, attributed to {l.party.name}
            </li>
          ))
        )}
      </ul>
    </div>
  )
}

function Legend() {
  return (
    <ul className={styles.legend} aria-label='Legend'>
      <li>
        <span className={`${styles.swatch} ${styles.swWorking}`} /> Holding
      </li>
      <li>
        <span className={`${styles.swatch} ${styles.swWaiting}`} /> Holding, waiting on another
        party
      </li>
      <li>
        <span className={`${styles.swatch} ${styles.swOpen}`} /> Desk open (business hours)
      </li>
      <li>
        <span className={`${styles.line} ${styles.lnAccepted}`} /> Hand-off accepted
      </li>
      <li>
        <span className={`${styles.line} ${styles.lnRejected}`} /> Rejected (✕)
      </li>
      <li>
        <span className={`${styles.line} ${styles.lnOffered}`} /> Offered, awaiting an answer
      </li>
      <li>
        <span className={styles.expiryIcon} /> Open offer's acceptance window ended (still
        answerable)
      </li>

      <li>
        <span className={styles.breachIcon}>!</span> Breach, on the attributed party's lane
      </li>
    </ul>
  )
}
