import type { EmailContent } from '@baton/domain'
import type { EmailAttachment } from './send-email.ts'

/** What a pack message needs of a stored review pack. */
export type PackForMessage = {
  key: string
  kind: string
  party: string | null
  periodLabel: string
  title: string
  markdown: string
  csv: string
  charts: { name: string; svg: string }[]
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const inline = (s: string) =>
  escapeHtml(s)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
const cells = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim())
const isRule = (line: string) => /^\|?\s*:?-{3,}/.test(line.trim())

/** The console view of a pack. */
export const packLink = (consoleUrl: string, key: string) =>
  `${consoleUrl.replace(/\/$/, '')}/graphql?reviewPack=${encodeURIComponent(key)}`

/** File names for the attachments: monthly-stratus-2026-03.csv, ...-trend.svg. */
export const packFileBase = (key: string) =>
  key
    .replace(/\*/g, 'all')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')

/**
 * The pack's Markdown as HTML: the subset the pack renderers write (headings, paragraphs, pipe
 * tables, inline SVG charts, `code`, **bold**). Everything else is escaped, never passed through.
 */
export function renderPackHtml(markdown: string): string {
  const out: string[] = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const heading = /^(#{1,4})\s+(.*)$/.exec(line)
    if (heading) {
      out.push(`<h${heading[1]!.length}>${inline(heading[2]!)}</h${heading[1]!.length}>`)
      continue
    }
    if (line.trim().startsWith('<svg') && line.trim().endsWith('</svg>')) {
      out.push(`<div>${line.trim()}</div>`)
      continue
    }
    if (line.trim().startsWith('|')) {
      const rows: string[][] = []
      let header: string[] | null = null
      for (; i < lines.length && lines[i]!.trim().startsWith('|'); i++) {
        if (isRule(lines[i]!)) {
          header = rows.pop() ?? null
          continue
        }
        rows.push(cells(lines[i]!))
      }
      i--
      const head = header
        ? `<thead><tr>${header.map((c) => `<th>${inline(c)}</th>`).join('')}</tr></thead>`
        : ''
      out.push(
        `<table border="1" cellpadding="4" cellspacing="0">${head}<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`
      )
      continue
    }
    if (line.trim() !== '') out.push(`<p>${inline(line)}</p>`)
  }
  return out.join('\n')
}

/** The figures of the pack's first table ("figure | value"), for chat channels. */
export function packSummary(markdown: string, max = 12): { label: string; value: string }[] {
  const lines = markdown.split('\n')
  const start = lines.findIndex((l) => l.trim().startsWith('|'))
  if (start < 0) return []
  const rows: { label: string; value: string }[] = []
  for (
    let i = start;
    i < lines.length && lines[i]!.trim().startsWith('|') && rows.length <= max;
    i++
  ) {
    if (isRule(lines[i]!)) continue
    const [label, ...rest] = cells(lines[i]!)
    rows.push({ label: label ?? '', value: rest.join(' | ') })
  }
  return rows.slice(1, max + 1)
}

/** E-mail: the Markdown as text, an HTML rendering, and the CSV and charts attached. */
export function renderPackEmail(
  pack: PackForMessage,
  consoleUrl: string
): EmailContent & { attachments: EmailAttachment[] } {
  const link = packLink(consoleUrl, pack.key)
  const base = packFileBase(pack.key)
  return {
    subject: pack.title,
    text: `${pack.markdown}\n\nOpen in Baton: ${link}\n`,
    html: `${renderPackHtml(pack.markdown)}\n<p><a href="${escapeHtml(link)}">Open in Baton</a></p>`,
    attachments: [
      { filename: `${base}.csv`, content: pack.csv, contentType: 'text/csv; charset=utf-8' },
      ...pack.charts.map((c) => ({
        filename: `${base}-${packFileBase(c.name)}.svg`,
        content: c.svg,
        contentType: 'image/svg+xml',
      })),
    ],
  }
}

/** Chat and generic webhooks: a summary and a console link, never the whole pack. */
export function renderPackSummary(pack: PackForMessage, consoleUrl: string) {
  const facts = packSummary(pack.markdown)
  const link = packLink(consoleUrl, pack.key)
  const text = [
    `*${pack.title}*`,
    ...facts.map((f) => `${f.label}: ${f.value}`),
    `Open in Baton: ${link}`,
  ].join('\n')
  return {
    webhook: {
      type: 'review_pack.published',
      pack: {
        key: pack.key,
        kind: pack.kind,
        party: pack.party,
        period: pack.periodLabel,
        title: pack.title,
      },
      summary: facts,
      link,
    },
    slack: { text },
    teams: { type: 'message', summary: pack.title, text },
  }
}
