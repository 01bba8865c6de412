// Inline SVG icons (bundled; nothing is fetched at run time). Decorative: the text beside them carries the meaning.
import type { ReactElement } from 'react'

const paths: Record<string, ReactElement> = {
  ok: (
    <path
      d='M6 10.5l2.5 2.5L14 7.5'
      fill='none'
      stroke='currentColor'
      strokeWidth='2'
      strokeLinecap='round'
      strokeLinejoin='round'
    />
  ),
  warn: (
    <>
      <path
        d='M10 3l8 14H2z'
        fill='none'
        stroke='currentColor'
        strokeWidth='1.8'
        strokeLinejoin='round'
      />
      <path d='M10 8v4m0 2.5v.5' stroke='currentColor' strokeWidth='1.8' strokeLinecap='round' />
    </>
  ),
  danger: (
    <>
      <circle cx='10' cy='10' r='7.5' fill='none' stroke='currentColor' strokeWidth='1.8' />
      <path d='M10 6v5m0 2.5v.5' stroke='currentColor' strokeWidth='1.8' strokeLinecap='round' />
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
  paused: (
    <path d='M7 5v10m6-10v10' stroke='currentColor' strokeWidth='2.2' strokeLinecap='round' />
  ),
  met: (
    <>
      <circle cx='10' cy='10' r='7.5' fill='none' stroke='currentColor' strokeWidth='1.8' />
      <path
        d='M6.5 10.3l2.3 2.3 4.7-4.9'
        fill='none'
        stroke='currentColor'
        strokeWidth='1.8'
        strokeLinecap='round'
      />
    </>
  ),
  clock: (
    <>
      <circle cx='10' cy='10' r='7.5' fill='none' stroke='currentColor' strokeWidth='1.8' />
      <path
        d='M10 5.5V10l3 2'
        fill='none'
        stroke='currentColor'
        strokeWidth='1.8'
        strokeLinecap='round'
      />
    </>
  ),
  handoff: (
    <path
      d='M3 10h12m-4-4l4 4-4 4'
      fill='none'
      stroke='currentColor'
      strokeWidth='1.9'
      strokeLinecap='round'
      strokeLinejoin='round'
    />
  ),
  waiting: (
    <>
      <circle cx='10' cy='10' r='7.5' fill='none' stroke='currentColor' strokeWidth='1.8' />
      <path
        d='M7 10h.01M10 10h.01M13 10h.01'
        stroke='currentColor'
        strokeWidth='2.4'
        strokeLinecap='round'
      />
    </>
  ),
  open: <circle cx='10' cy='10' r='5' fill='currentColor' />,
  closed: <circle cx='10' cy='10' r='4.5' fill='none' stroke='currentColor' strokeWidth='1.8' />,
  offline: (
    <>
      <path
        d='M3 8.5a10 10 0 0114 0M5.5 11a6.5 6.5 0 019 0M8.2 13.6a2.5 2.5 0 013.6 0'
        fill='none'
        stroke='currentColor'
        strokeWidth='1.7'
        strokeLinecap='round'
      />
      <path d='M3 3l14 14' stroke='currentColor' strokeWidth='1.7' strokeLinecap='round' />
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
