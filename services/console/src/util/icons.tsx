// Inline SVG icons (bundled; nothing is fetched at run time). Decorative: the text beside them carries the meaning.
import type { ReactElement } from 'react'

/** A stroked line in the text's colour (round caps; `join` for corners). */
const stroke = (d: string, width: number, join = false) => (
  <path
    d={d}
    fill='none'
    stroke='currentColor'
    strokeWidth={width}
    strokeLinecap='round'
    strokeLinejoin={join ? 'round' : undefined}
  />
)
/** The outlined circle several icons draw their mark in. */
const ring = <circle cx='10' cy='10' r='7.5' fill='none' stroke='currentColor' strokeWidth='1.8' />

const paths: Record<string, ReactElement> = {
  ok: stroke('M6 10.5l2.5 2.5L14 7.5', 2, true),
  warn: (
    <>
      <path
        d='M10 3l8 14H2z'
        fill='none'
        stroke='currentColor'
        strokeWidth='1.8'
        strokeLinejoin='round'
      />
      {stroke('M10 8v4m0 2.5v.5', 1.8)}
    </>
  ),
  danger: (
    <>
      {ring}
      {stroke('M10 6v5m0 2.5v.5', 1.8)}
    </>
  ),
  breached: (
    <>
      <circle cx='10' cy='10' r='8' fill='currentColor' />
      <path
        d='M6.5 6.5l7 7m0-7l-7 7'
        stroke='var(--color-breach-bg)'
        strokeWidth='2'
        strokeLinecap='round'
      />
    </>
  ),
  paused: stroke('M7 5v10m6-10v10', 2.2),
  met: (
    <>
      {ring}
      {stroke('M6.5 10.3l2.3 2.3 4.7-4.9', 1.8)}
    </>
  ),
  clock: (
    <>
      {ring}
      {stroke('M10 5.5V10l3 2', 1.8)}
    </>
  ),
  handoff: stroke('M3 10h12m-4-4l4 4-4 4', 1.9, true),
  waiting: (
    <>
      {ring}
      {stroke('M7 10h.01M10 10h.01M13 10h.01', 2.4)}
    </>
  ),
  open: <circle cx='10' cy='10' r='5' fill='currentColor' />,
  closed: <circle cx='10' cy='10' r='4.5' fill='none' stroke='currentColor' strokeWidth='1.8' />,
  offline: (
    <>
      {stroke('M3 8.5a10 10 0 0114 0M5.5 11a6.5 6.5 0 019 0M8.2 13.6a2.5 2.5 0 013.6 0', 1.7)}
      {stroke('M3 3l14 14', 1.7)}
    </>
  ),
  live: (
    <>
      <circle cx='10' cy='10' r='3.5' fill='currentColor' />
      <circle cx='10' cy='10' r='7' fill='none' stroke='currentColor' strokeWidth='1.5' />
    </>
  ),
  bell: (
    <path
      d='M10 3a4.5 4.5 0 00-4.5 4.5V11L4 13.5h12L14.5 11V7.5A4.5 4.5 0 0010 3zm-1.8 12.5a1.9 1.9 0 003.6 0'
      fill='none'
      stroke='currentColor'
      strokeWidth='1.7'
      strokeLinejoin='round'
    />
  ),
}

export type IconName = keyof typeof paths

export function Icon({
  name,
  size = 16,
  className,
}: {
  name: IconName
  size?: number
  className?: string
}) {
  return (
    <svg
      className={className}
      width={size}
      height={size}
      viewBox='0 0 20 20'
      aria-hidden='true'
      focusable='false'
    >
      {paths[name]}
    </svg>
  )
}
