// Layout of a vendor's 12-month trend: attainment (0..100 %) as a line over credits owed as bars,
// one column per month. Pure: the component only draws what this returns.

export type TrendPoint = { month: string; attainment: number | null; credits: number }

export type TrendLayout = {
  width: number
  height: number
  /** centre x of each month's column, and its bar (credits) */
  columns: { month: string; x: number; bar: { x: number; y: number; w: number; h: number } }[]
  /** the attainment line as SVG path data (a gap where a month has no clocks) */
  linePath: string
  /** the attainment points drawn as dots */
  dots: { month: string; x: number; y: number; value: number }[]
  /** y of the attainment panel's gridlines (0, 50, 100 %) */
  attainmentTicks: { value: number; y: number }[]
  /** the credits panel's top value and its y (the axis' single labelled tick) */
  creditsMax: number
  panels: { attainment: { top: number; bottom: number }; credits: { top: number; bottom: number } }
  left: number
  right: number
}

/** A "nice" upper bound for an axis: 1, 2 or 5 times a power of ten at or above the value (1 when 0). */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1
  const power = 10 ** Math.floor(Math.log10(value))
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power
  return 10 * power
}

/** Columns, line, dots and ticks for the given points in a width x height box. */
export function trendLayout(points: TrendPoint[], width: number, height: number): TrendLayout {
  const left = 44
  const right = width - 8
  const top = 8
  const bottomAxis = 18
  const gap = 22
  const usable = height - top - bottomAxis - gap
  const attainment = { top, bottom: top + Math.round(usable * 0.55) }
  const credits = { top: attainment.bottom + gap, bottom: height - bottomAxis }
  const step = points.length ? (right - left) / points.length : 0
  const yAttainment = (v: number) =>
    attainment.bottom - (Math.min(100, Math.max(0, v)) / 100) * (attainment.bottom - attainment.top)
  const creditsMax = niceMax(Math.max(0, ...points.map((p) => p.credits)))
  const barW = Math.max(2, Math.min(28, step * 0.6))
  const columns = points.map((p, i) => {
    const x = left + step * (i + 0.5)
    const h = (Math.max(0, p.credits) / creditsMax) * (credits.bottom - credits.top)
    return { month: p.month, x, bar: { x: x - barW / 2, y: credits.bottom - h, w: barW, h } }
  })
  const dots = points.flatMap((p, i) =>
    p.attainment == null
      ? []
      : [{ month: p.month, x: columns[i]!.x, y: yAttainment(p.attainment), value: p.attainment }]
  )
  let linePath = ''
  let drawing = false
  points.forEach((p, i) => {
    if (p.attainment == null) {
      drawing = false
      return
    }
    const cmd = drawing ? 'L' : 'M'
    linePath += `${linePath ? ' ' : ''}${cmd}${round(columns[i]!.x)},${round(yAttainment(p.attainment))}`
    drawing = true
  })
  return {
    width,
    height,
    columns,
    linePath,
    dots,
    attainmentTicks: [0, 50, 100].map((value) => ({ value, y: yAttainment(value) })),
    creditsMax,
    panels: { attainment, credits },
    left,
    right,
  }
}

const round = (n: number) => Math.round(n * 10) / 10

/**
 * One point per month from the monthly credit statements (one per agreement with credit terms):
 * credits are the months' totals summed; attainment the mean of the agreements that had clocks.
 */
/** Whether any month has something to draw: an attainment (clocks under credit terms) or credits owed. */
export const trendHasData = (points: TrendPoint[]): boolean =>
  points.some((p) => p.attainment != null || p.credits !== 0)

export function trendPoints(
  months: string[],
  statements: { month: string; attainment: number | null; total: number }[]
): TrendPoint[] {
  return months.map((month) => {
    const of = statements.filter((s) => s.month === month)
    const rated = of.map((s) => s.attainment).filter((a): a is number => a != null)
    return {
      month,
      credits: of.reduce((sum, s) => sum + s.total, 0),
      attainment: rated.length ? rated.reduce((a, b) => a + b, 0) / rated.length : null,
    }
  })
}
