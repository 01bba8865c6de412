// Inline SVG charts, self-contained (no scripts, no external fonts), so a pack renders offline.

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const PALETTE = [
  '#2563eb',
  '#dc2626',
  '#16a34a',
  '#d97706',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#4b5563',
]
const n = (x: number) => (Math.round(x * 10) / 10).toString()

export type Bar = { label: string; value: number; display?: string }

/** Horizontal bars, one per label (e.g. time held per party). */
export function renderBarChart(o: { title: string; bars: readonly Bar[] }): string {
  const rowH = 26,
    left = 150,
    width = 640,
    barW = width - left - 110
  const height = 40 + o.bars.length * rowH + 10
  const max = Math.max(1, ...o.bars.map((b) => b.value))
  const rows = o.bars.map((b, i) => {
    const y = 40 + i * rowH
    const w = (b.value / max) * barW
    return (
      `<text x="${left - 8}" y="${y + 15}" text-anchor="end">${esc(b.label)}</text>` +
      `<rect x="${left}" y="${y + 3}" width="${n(w)}" height="16" fill="${PALETTE[i % PALETTE.length]}"/>` +
      `<text x="${n(left + w + 6)}" y="${y + 15}">${esc(b.display ?? String(b.value))}</text>`
    )
  })
  return svg(width, height, o.title, rows.join(''))
}

export type Series = { name: string; points: ReadonlyArray<{ x: string; y: number | null }> }

/** Lines over labelled x positions on a 0..100 scale (attainment %); null points leave a gap. */
export function renderLineChart(o: {
  title: string
  series: readonly Series[]
  yLabel?: string
}): string {
  const width = 640,
    height = 300,
    left = 50,
    right = 150,
    top = 40,
    bottom = 40
  const xs = [...new Set(o.series.flatMap((s) => s.points.map((p) => p.x)))]
  const plotW = width - left - right,
    plotH = height - top - bottom
  const xAt = (i: number) => left + (xs.length <= 1 ? plotW / 2 : (i / (xs.length - 1)) * plotW)
  const yAt = (v: number) => top + plotH - (Math.max(0, Math.min(100, v)) / 100) * plotH
  const grid = [0, 25, 50, 75, 100]
    .map(
      (v) =>
        `<line x1="${left}" x2="${left + plotW}" y1="${n(yAt(v))}" y2="${n(yAt(v))}" stroke="#e5e7eb"/><text x="${left - 6}" y="${n(yAt(v) + 4)}" text-anchor="end">${v}</text>`
    )
    .join('')
  const labels = xs
    .map(
      (x, i) =>
        `<text x="${n(xAt(i))}" y="${height - bottom + 18}" text-anchor="middle">${esc(x)}</text>`
    )
    .join('')
  const lines = o.series
    .map((s, si) => {
      const colour = PALETTE[si % PALETTE.length]
      const pts = s.points
        .map((p) => ({ i: xs.indexOf(p.x), y: p.y }))
        .filter((p): p is { i: number; y: number } => p.y !== null)
      const path = pts
        .map((p, k) => `${k === 0 ? 'M' : 'L'}${n(xAt(p.i))},${n(yAt(p.y))}`)
        .join(' ')
      const dots = pts
        .map(
          (p) =>
            `<circle cx="${n(xAt(p.i))}" cy="${n(yAt(p.y))}" r="3.5" fill="${colour}"><title>${esc(`${s.name} ${xs[p.i]}: ${p.y}`)}</title></circle>`
        )
        .join('')
      const legend = `<rect x="${width - right + 12}" y="${top + si * 20}" width="12" height="12" fill="${colour}"/><text x="${width - right + 30}" y="${top + si * 20 + 10}">${esc(s.name)}</text>`
      return `${pts.length > 1 ? `<path d="${path}" fill="none" stroke="${colour}" stroke-width="2"/>` : ''}${dots}${legend}`
    })
    .join('')
  const yLabel = o.yLabel ? `<text x="12" y="${top - 12}">${esc(o.yLabel)}</text>` : ''
  return svg(width, height, o.title, grid + labels + lines + yLabel)
}

function svg(width: number, height: number, title: string, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" role="img" aria-label="${esc(title)}">` +
    `<title>${esc(title)}</title><rect width="100%" height="100%" fill="#ffffff"/>` +
    `<text x="10" y="20" font-size="14" font-weight="bold">${esc(title)}</text>${body}</svg>\n`
  )
}
