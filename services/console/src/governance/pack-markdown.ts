// The review packs' Markdown (renderWeeklyPack, renderMonthlyPack, renderQuarterlyPack in
// @baton/domain) as blocks the pack page draws: headings, paragraphs, lists, pipe tables and the
// inline SVG charts (drawn as images, so nothing in them runs). Only that subset is written there.

export type PackBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; header: string[]; rows: string[][] }
  | { kind: 'chart'; label: string; src: string }

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => plain(c.trim()))
const isRule = (line: string) => /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/.test(line.trim())
/** Inline Markdown (emphasis, code, links) as its plain text. */
const plain = (s: string) =>
  s
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|`)(.*?)\1/g, '$2')
    .replace(/\\([|*_`])/g, '$1')

/** An SVG document as an image source (the console's CSP allows data: images, not inline markup). */
export const svgSource = (svg: string) =>
  `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
/** The chart's own accessible name: its aria-label, else its <title>. */
export function svgLabel(svg: string): string {
  const m = /aria-label="([^"]*)"/.exec(svg) ?? /<title>([^<]*)<\/title>/.exec(svg)
  return (m?.[1] ?? 'chart')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
}

export function packBlocks(markdown: string): PackBlock[] {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n')
  const out: PackBlock[] = []
  let i = 0
  while (i < lines.length) {
    const line = lines[i]!
    const t = line.trim()
    if (!t) {
      i++
      continue
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(t)
    if (heading) {
      out.push({
        kind: 'heading',
        level: Math.min(3, heading[1]!.length) as 1 | 2 | 3,
        text: plain(heading[2]!),
      })
      i++
      continue
    }
    if (t.startsWith('<svg')) {
      let svg = t
      while (!svg.includes('</svg>') && i + 1 < lines.length) svg += '\n' + lines[++i]
      out.push({ kind: 'chart', label: svgLabel(svg), src: svgSource(svg) })
      i++
      continue
    }
    if (t.startsWith('|') && i + 1 < lines.length && isRule(lines[i + 1]!)) {
      const header = cells(t)
      const rows: string[][] = []
      i += 2
      while (i < lines.length && lines[i]!.trim().startsWith('|')) rows.push(cells(lines[i++]!))
      out.push({ kind: 'table', header, rows })
      continue
    }
    if (/^[-*]\s+/.test(t)) {
      const items: string[] = []
      while (i < lines.length && /^[-*]\s+/.test(lines[i]!.trim()))
        items.push(plain(lines[i++]!.trim().replace(/^[-*]\s+/, '')))
      out.push({ kind: 'list', items })
      continue
    }
    const para: string[] = []
    while (
      i < lines.length &&
      lines[i]!.trim() &&
      !/^(#{1,6}\s|<svg|[-*]\s|\|)/.test(lines[i]!.trim())
    )
      para.push(lines[i++]!.trim())
    out.push({ kind: 'paragraph', text: plain(para.join(' ')) })
  }
  return out
}

/** `stratus-2026-03-attainment.svg` -> `attainment`: the chart's own part of its file name. */
export function chartName(file: string): string {
  return file.replace(/\.svg$/, '').replace(/^.*\d{4}(-(\d{2}|Q\d|W\d{2}))?-/, '') || file
}
